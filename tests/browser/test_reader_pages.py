"""Every page type of the example as a reader meets it: on a desktop and a phone, in the
light and the dark scheme, with axe-core judging accessibility in a real browser."""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vmv
from tests.acceptance.test_build import tree_digest
from tests.browser.test_onboarding import AXE
from tests.conftest import copy_example, static_server
from vmv.app.pipeline import build_site

PAGES = {
    "home": "",
    "start here": "start-here/",
    "a path": "onboarding/day-one/",
    "the self-check": "onboarding/self-check/",
    "a value": "values/customer-first/",
    "a playbook page": "playbook/customer-experience-standards/",
    "the question bank": "question-bank/",
    "measures": "measures/",
    "values in action": "values-in-action/",
    "the handbook": "handbook/",
    "what changed": "what-changed/",
    "the glossary": "glossary/",
    "the acknowledgement": "onboarding/acknowledgement/",
    "the 404 page": "404.html",
}
SECTIONS = {
    "Question bank": "question-bank/",
    "Measures": "measures/",
    "Values in action": "values-in-action/",
    "Printable handbook": "handbook/",
    "Glossary": "glossary/",
    "What changed": "what-changed/",
}
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
SCHEMES = {"light": "default", "dark": "slate"}


@pytest.fixture(scope="module")
def served(built_example: Path) -> Iterator[str]:
    with static_server(built_example / "site") as url:
        yield url


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run make install with npm available")
        pytest.skip("axe-core is not installed (needs npm)")
    return AXE.read_text(encoding="utf-8")


def _open(browser: Any, viewport: dict[str, int], scheme: str = "light") -> Any:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    return opened


def _answer(page: Any, scenario: int, choice: int) -> None:
    situation = page.locator(".vmv-scenario").nth(scenario)
    situation.locator("input[type=radio]").nth(choice).check()
    situation.locator("[data-vmv-check]").click()


def _visit(page: Any, served: str) -> Iterator[str]:
    """Open each page type in turn, in the states a reader sees: ticks, verdicts, a
    focused button; yields its name."""
    for name, path in PAGES.items():
        page.goto(served + path)
        if name == "a path":
            page.locator("input.vmv-tick").first.check()
        elif name == "the self-check":
            _answer(page, 0, 0)
            _answer(page, 1, 1)
            page.locator("[data-vmv-check]").nth(1).focus()
        yield name


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation_on_any_page_type(
    served: str, browser: Any, axe_script: str, scheme: str, viewport: dict[str, int]
) -> None:
    page = _open(browser, viewport, scheme)
    found = {}
    for name in _visit(page, served):
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        page.add_script_tag(content=axe_script)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[name] = serious
    page.context.close()
    assert found == {}


@pytest.mark.browser
def test_nothing_scrolls_sideways_on_a_phone(served: str, browser: Any) -> None:
    page = _open(browser, PHONE)
    widths = {name: page.evaluate("document.documentElement.scrollWidth") for name in _visit(page, served)}
    page.context.close()
    assert {name: width for name, width in widths.items() if width > PHONE["width"]} == {}


@pytest.mark.browser
def test_every_section_is_one_click_from_the_first_screen(served: str, browser: Any) -> None:
    page = _open(browser, DESKTOP)
    unreachable = {}
    for name, path in PAGES.items():
        page.goto(served + path)
        # Each section's visible links that lie wholly on the first screen.
        shown = page.evaluate(
            """titles => Object.fromEntries(titles.map(title => [title,
                 [...document.querySelectorAll("a")].filter(a => {
                   const box = a.getBoundingClientRect();
                   return a.textContent.trim() === title && box.width > 0 && box.top >= 0 &&
                     box.bottom <= innerHeight && getComputedStyle(a).visibility === "visible";
                 }).map(a => a.href)]))""",
            list(SECTIONS),
        )
        missing = [title for title, target in SECTIONS.items() if served + target not in shown[title]]
        if missing:
            unreachable[name] = missing
    assert unreachable == {}
    page.goto(served)
    page.get_by_role("link", name="Measures", exact=True).filter(visible=True).first.click()
    page.wait_for_url(served + "measures/")
    page.context.close()


def _is_round_step(step: float) -> bool:
    power = 10 ** math.floor(math.log10(step))
    return any(math.isclose(step, factor * power) for factor in (1, 2, 5))


@pytest.mark.browser
def test_charts_read_on_a_phone(served: str, browser: Any) -> None:
    page = _open(browser, PHONE)
    page.goto(served + "measures/")
    charts = page.locator("svg.vmv-chart")
    assert charts.count() >= 5
    for chart in charts.all():
        sizes = chart.locator("text").evaluate_all(
            "texts => texts.filter(t => t.getBBox().width > 0 && getComputedStyle(t).display !== 'none')"
            ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"
        )
        assert sizes and min(sizes) >= 12
        ticks = [float(t) for t in chart.locator(".vmv-chart__tick").all_text_contents()]
        steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
        assert len(ticks) >= 2 and len(steps) == 1 and _is_round_step(steps.pop())
        target = chart.locator(".vmv-chart__target").get_attribute("data-target")
        assert chart.locator(".vmv-chart__label").text_content().startswith(f"Target: {target}")
        periods = [
            box
            for box in (label.bounding_box() for label in chart.locator(".vmv-chart__period").all())
            if box is not None
        ]
        assert all(a["x"] + a["width"] <= b["x"] for a, b in itertools.pairwise(periods))
        box = chart.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        readings = chart.locator("circle.vmv-chart__point").count()
        table = chart.locator("xpath=ancestor::div[contains(@class, 'vmv-measure')]//table")
        assert table.locator("tbody tr").count() == readings
    page.context.close()


@pytest.mark.browser
def test_the_self_check_score_survives_a_reload_and_start_here_shows_progress(
    served: str, browser: Any
) -> None:
    page = _open(browser, DESKTOP)
    sent: list[str] = []
    page.goto(served + "onboarding/self-check/")
    total = page.locator(".vmv-scenario").count()
    page.on("request", lambda request: sent.append(request.url))
    best = page.locator("li[data-best=true]")
    first, second = (best.nth(n).get_attribute("data-answer") for n in (0, 1))
    scenarios = page.locator(".vmv-scenario")
    scenarios.nth(0).locator(f"input[type=radio][value='{first}']").check()
    scenarios.nth(0).get_by_role("button", name="Check my answer").click()
    wrong = scenarios.nth(1).locator(f"input[type=radio]:not([value='{second}'])").first
    wrong.check()
    scenarios.nth(1).get_by_role("button", name="Check my answer").click()
    assert sent == []  # nothing sent anywhere

    score = page.locator("[data-vmv-score]")
    assert score.locator(".vmv-progress__count").inner_text() == (
        f"1 of {total} best answers · 2 of {total} situations answered"
    )
    page.reload()
    assert score.locator(".vmv-progress__count").inner_text().startswith(f"1 of {total} best answers")
    assert scenarios.nth(1).locator("input[type=radio]:checked").get_attribute("value") == (
        wrong.get_attribute("value")
    )
    assert scenarios.nth(1).locator(".vmv-feedback").inner_text().startswith("Not the best answer.")

    page.goto(served + "onboarding/day-one/")
    page.locator("input.vmv-tick").nth(1).check()
    steps = page.locator("input.vmv-tick").count()
    page.goto(served + "start-here/")
    day_one = page.locator(".vmv-paths > li", has_text="Day one")
    assert day_one.locator(".vmv-paths__progress").inner_text() == f"1 of {steps} steps done"
    assert day_one.locator("progress").evaluate("bar => bar.value") == 1
    self_check = page.locator(".vmv-paths > li", has_text="Values self-check")
    assert self_check.locator(".vmv-paths__progress").inner_text() == f"1 of {total} best answers"

    page.goto(served + "onboarding/self-check/")
    page.get_by_role("button", name="Start the self-check again").click()
    assert score.locator(".vmv-progress__count").inner_text().startswith(f"0 of {total} best answers")
    assert page.locator(".vmv-scenario input[type=radio]:checked").count() == 0
    page.context.close()


def test_the_example_builds_to_the_same_bytes_every_time(built_example: Path, tmp_path: Path) -> None:
    again = copy_example(tmp_path / "again")
    build_site(again, again / "site")
    assert tree_digest(again / "site") == tree_digest(built_example / "site")


@pytest.mark.browser
def test_a_new_edition_asks_again_only_the_changed_situation(starter: Path, browser: Any) -> None:
    build_site(starter, starter / "site")
    with static_server(starter / "site") as url:
        page = _open(browser, DESKTOP)
        page.goto(url + "onboarding/self-check/")
        for scenario in page.locator(".vmv-scenario").all():
            best = scenario.locator("li[data-best=true]").get_attribute("data-answer")
            scenario.locator(f"input[type=radio][value='{best}']").check()
            scenario.get_by_role("button", name="Check my answer").click()
        score = page.locator("[data-vmv-score] .vmv-progress__count")
        assert score.inner_text().startswith("2 of 2 best answers")
        vmv_yaml = starter / "vmv.yaml"
        text = vmv_yaml.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.1.0")
        vmv_yaml.write_text(text.replace("one day after the return", "two days after the return"))
        build_site(starter, starter / "site")
        page.reload()
        assert score.inner_text() == "1 of 2 best answers · 1 of 2 situations answered"
        assert page.locator(".vmv-scenario").nth(0).locator("input:checked").count() == 0
        page.context.close()


@pytest.mark.browser
def test_a_companys_self_check_without_the_score_still_checks_answers(starter: Path, browser: Any) -> None:
    ours = (Path(vmv.__file__).parent / "core" / "render" / "templates" / "self-check.md.j2").read_text(
        encoding="utf-8"
    )
    score = ours[ours.index("<div class=") : ours.index("</div>") + len("</div>")]
    assert "data-vmv-score" in score
    (starter / "templates").mkdir()
    (starter / "templates" / "self-check.md.j2").write_text(ours.replace(score, ""), encoding="utf-8")
    build_site(starter, starter / "site")
    with static_server(starter / "site") as url:
        page = _open(browser, DESKTOP)
        page.goto(url + "onboarding/self-check/")
        assert page.locator("[data-vmv-score]").count() == 0
        _answer(page, 0, 0)
        verdict = page.locator(".vmv-feedback .admonition-title").first
        assert verdict.inner_text() in ("That is the best answer.", "Not the best answer.")
        page.context.close()
