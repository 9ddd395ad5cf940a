"""Measures, recognition, the handbook, page metadata, and the site with no internet."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser.test_onboarding import AXE
from tests.conftest import static_server
from vmv.app.pipeline import build_site, check


@pytest.fixture(scope="session")
def example(built_example: Path) -> Path:
    return built_example


def soup_of(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")


# -- measures ----------------------------------------------------------------------


def test_charts_plot_the_history_against_the_target(example: Path) -> None:
    document = check(example)[0].document
    soup = soup_of(example, "measures/index.html")
    assert len(document.measures) >= 5
    for measure in document.measures:
        svg = soup.find("svg", attrs={"aria-labelledby": f"chart-{measure.id}-title chart-{measure.id}-desc"})
        assert svg is not None and svg["role"] == "img"
        assert svg.find("title").get_text() == measure.name
        assert measure.history[-1].period in svg.find("desc").get_text()
        points = svg.select("circle.vmv-chart__point")
        assert [(p["data-period"], float(p["data-value"])) for p in points] == [
            (r.period, r.value) for r in measure.history
        ]
        xs = [float(p["cx"].removesuffix("%")) for p in points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        # One straight map from value to height: the points and the target line agree.
        ys = [float(p["cy"]) for p in points]
        low = min(range(len(ys)), key=lambda n: measure.history[n].value)
        high = max(range(len(ys)), key=lambda n: measure.history[n].value)
        span = measure.history[high].value - measure.history[low].value
        target = svg.select_one("line.vmv-chart__target")
        assert float(target["data-target"]) == measure.target
        if span:
            slope = (ys[high] - ys[low]) / span
            assert slope < 0  # higher values are drawn higher
            for reading, y in zip(measure.history, ys, strict=True):
                assert abs(y - (ys[low] + slope * (reading.value - measure.history[low].value))) < 0.5
            expected = ys[low] + slope * (measure.target - measure.history[low].value)
            assert abs(float(target["y1"]) - expected) < 0.5
        table = svg.find_parent("div").find("table")
        rows = table.select("tbody tr")
        assert [r.select("td")[0].get_text() for r in rows] == [r.period for r in measure.history]


# -- recognition -------------------------------------------------------------------


def test_stories_appear_on_their_value_and_on_values_in_action(example: Path) -> None:
    project = check(example)[0]
    page = soup_of(example, "values-in-action/index.html")
    headings = [" ".join(h.get_text().split()).rstrip("¶").strip() for h in page.select("article h3")]
    assert len(headings) == len(project.stories)
    newest = project.stories[0]
    assert headings[0].startswith(newest.who)
    value_page = soup_of(example, f"values/{newest.value}/index.html")
    assert newest.who in value_page.select_one("article").get_text()


def test_recognize_appends_and_refuses_bad_input(run, starter: Path) -> None:
    outcome = run(
        "--root",
        starter,
        "recognize",
        "--value",
        "own-it",
        "--person",
        "Sam Patel, Leeds store",
        "--story",
        "Found a lost parcel: drove it over.",
        "--date",
        "2026-11-03",
        "--by",
        "Alex Morgan",
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == "recorded in recognition/2026-11.yaml, line 2\n"
    story_file = starter / "recognition" / "2026-11.yaml"
    before = story_file.read_bytes()
    assert check(starter)[0].stories[0].who == "Sam Patel, Leeds store"
    bad = run(
        "--root",
        starter,
        "recognize",
        "--value",
        "own-itt",
        "--person",
        "X",
        "--story",
        " ",
        "--date",
        "2026-11-04",
    )
    assert bad.exit_code == 2  # the arguments are wrong, not a file the user wrote
    assert bad.stderr == (
        "vmv: error: --value: unknown value id 'own-itt' (did you mean 'own-it'?); "
        "--story: expected non-empty text, found empty text\n"
    )
    assert story_file.read_bytes() == before
    assert [p.name for p in story_file.parent.iterdir()] == ["2026-11.yaml"]  # no lock or temporary file


# -- page metadata -------------------------------------------------------------------


def test_pages_say_who_keeps_them_when_they_changed_and_where_to_edit(starter: Path) -> None:
    def git(*args: str) -> None:
        environment = {
            **os.environ,
            "GIT_COMMITTER_DATE": "2026-10-05T12:00:00",
            "GIT_AUTHOR_DATE": "2026-10-05T12:00:00",
        }
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@e.x", "-C", str(starter), *args],
            check=True,
            capture_output=True,
            env=environment,
        )

    config = starter / "mkdocs.yml"
    config.write_text(
        config.read_text() + "repo_url: https://git.example.com/acme/vmv\nedit_uri: edit/trunk/\n"
    )
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    build_site(starter, starter / "site")
    playbook = soup_of(starter, "playbook/leader-questions/index.html").select_one(".vmv-page-meta")
    assert "Last changed 5 October 2026." in playbook.get_text()
    assert (
        playbook.find("a")["href"]
        == "https://git.example.com/acme/vmv/edit/trunk/playbook/leader-questions.md"
    )
    value = soup_of(starter, "values/own-it/index.html").select_one(".vmv-page-meta")
    assert value.find("a")["href"] == "https://git.example.com/acme/vmv/edit/trunk/vmv.yaml"
    assert soup_of(starter, "values/own-it/index.html").select_one(".md-content__button") is None


# -- the handbook ---------------------------------------------------------------------


def test_handbook_holds_every_value_and_playbook_page(example: Path) -> None:
    project = check(example)[0]
    soup = soup_of(example, "handbook/index.html")
    text = " ".join(soup.select_one("article").get_text(" ").split())
    assert f"Edition {project.document.edition.version}" in text
    headings = {" ".join(h.get_text().split()).rstrip("¶").strip() for h in soup.select("article h2")}
    for value in project.document.values:
        assert value.name in headings
    for page in project.pages:
        assert page.title in headings
    assert "search:" not in text and "boost" not in text  # pages' settings are not content


def test_handbook_has_a_glossary_only_when_there_are_terms(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_text()
    (starter / "vmv.yaml").write_text(text[: text.index("glossary:")] + text[text.index("onboarding:") :])
    build_site(starter, starter / "site")
    soup = BeautifulSoup((starter / "site" / "handbook" / "index.html").read_text(), "html.parser")
    assert soup.select_one("#glossary") is None
    assert not soup.select('article a[href="#glossary"]')


# -- in a browser, with no internet --------------------------------------------------------


@pytest.fixture(scope="module")
def served(example: Path) -> Iterator[str]:
    with static_server(example / "site") as url:
        yield url


@pytest.mark.browser
def test_no_request_leaves_the_site_and_search_works(served: str, page) -> None:  # type: ignore[no-untyped-def]
    elsewhere: list[str] = []

    def only_this_host(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).netloc == urlsplit(served).netloc:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_host)
    for path in ("", "values/own-it/", "question-bank/", "measures/", "values-in-action/", "handbook/"):
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
    assert elsewhere == []
    page.locator("input.md-search__input").click()
    page.keyboard.type("Straight Talk")
    result = page.locator(".md-search-result__item a").first
    result.wait_for()
    assert urlsplit(result.get_attribute("href")).path.endswith("values/straight-talk/")

    assert elsewhere == []


@pytest.mark.browser
def test_handbook_prints_to_a_pdf_with_every_value(example: Path, served: str, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is not installed: CI installs poppler-utils (see .ci/run)")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    page.goto(served + "handbook/")
    pdf = tmp_path / "handbook.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") > 1
    for value in check(example)[0].document.values:
        assert value.name in text


@pytest.mark.browser
@pytest.mark.parametrize("path", ["question-bank/", "measures/", "values-in-action/", "handbook/"])
def test_axe_finds_no_serious_violations_on_the_new_pages(served: str, page, path: str) -> None:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run make install with npm available")
        pytest.skip("axe-core is not installed (needs npm)")
    page.goto(served + path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
