"""The decision log, a page per decision and the value pages' lists, in a real build of the
example company, inspected with an HTML parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from vmv.core.load.project import load_project

ACCEPTED = "2026-10-05-repairs-priced-up-front"
REJECTED = "2026-07-14-a-budget-rain-jacket"
SUPERSEDED = "2026-03-09-a-bench-fee-for-every-repair"


@pytest.fixture(scope="module")
def site(built_example: Path) -> Path:
    return built_example / "site"


def _soup(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return soup


def _text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


def test_the_log_lists_every_decision_newest_first(site: Path) -> None:
    soup = _soup(site, "decisions/index.html")
    assert _text(soup.select_one("article h1")) == "Decisions"
    items = soup.select("ul.vmv-decisions > li")
    links = [item.select_one("a") for item in items]
    assert [a["href"] for a in links if a] == [f"{ACCEPTED}/", f"{REJECTED}/", f"{SUPERSEDED}/"]
    first = items[0]
    assert first["data-vmv-status"] == "accepted"
    assert first["data-vmv-area"] == "a-change-to-a-product-process-or-policy"
    assert first["data-vmv-values"] == "built-to-last keep-our-word straight-talk"
    assert "5 October 2026" in _text(first) and "Accepted" in _text(first)
    # Without JavaScript the filters stay hidden and the list is all there is.
    form = soup.select_one("form[data-vmv-filters]")
    assert form is not None and form.has_attr("hidden")
    statuses = [o["value"] for o in form.select("select[name=status] option")]
    assert statuses == ["", "accepted", "rejected", "superseded"]
    areas = [o["value"] for o in form.select("select[name=area] option")]
    assert areas == ["", "a-new-product-or-service", "a-change-to-a-product-process-or-policy"]


def test_the_navigation_has_a_decisions_section(site: Path) -> None:
    soup = _soup(site, "index.html")
    section = soup.select_one("nav.md-nav--primary a.md-nav__link[href='decisions/']")
    assert section is not None and _text(section) == "Decisions"
    titles = [_text(a) for a in soup.select("nav.md-nav--primary a[href^='decisions/2026']")]
    assert titles[0] == "Every repair priced up front, with no bench fee for gear we sold"


def test_a_decision_page_puts_each_question_beside_its_answer(site: Path) -> None:
    soup = _soup(site, f"decisions/{ACCEPTED}/index.html")
    assert (
        _text(soup.select_one("article h1"))
        == "Every repair priced up front, with no bench fee for gear we sold"
    )
    facts = _text(soup.select_one(".vmv-page-facts"))
    for fact in (
        "Status: Accepted",
        "Date: 5 October 2026",
        "Area: A change to a product, process or policy",
        "Decided by: Marit Okonjo (Chief Executive Officer), Gareth Ellwood (Chief Operating Officer)",
        "Customers affected: 1400",
        "Replaces: A £12 bench fee for every workshop repair",
    ):
        assert fact in facts
    served = [a["href"] for a in soup.select(".vmv-page-facts a[href^='../../values/']")]
    assert served == [f"../../values/{v}/" for v in ("built-to-last", "keep-our-word", "straight-talk")]
    answers = soup.select(".vmv-answer")
    record = load_project(site.parent).decisions[0].meta
    assert [a["id"] for a in answers] == [f"a-{key}" for key in record.answers]
    first = answers[0]
    assert _text(first.select_one(".vmv-answer__question")) == record.answers["change-who-affected"].question
    assert _text(first.select_one(".vmv-answer__text")).startswith("The same 1,400 repairs a month")
    # The body's Markdown, headings included, is on the page.
    assert [_text(h) for h in soup.select("article h2")][:3] == ["Context", "Options we weighed", "Decision"]


def test_superseded_and_replacing_decisions_link_both_ways(site: Path) -> None:
    older = _soup(site, f"decisions/{SUPERSEDED}/index.html")
    status = older.select_one(".vmv-page-facts li")
    assert status is not None
    assert " ".join(status.get_text().split()).startswith(
        "Status: Superseded, replaced by Every repair priced up front"
    )
    assert status.select_one("a")["href"] == f"../{ACCEPTED}/"
    newer = _soup(site, f"decisions/{ACCEPTED}/index.html")
    replaces = [a["href"] for a in newer.select(".vmv-page-facts a") if a["href"].startswith("../2026")]
    assert replaces == [f"../{SUPERSEDED}/"]


def test_an_answer_not_applicable_keeps_its_reason(site: Path) -> None:
    soup = _soup(site, f"decisions/{REJECTED}/index.html")
    answer = soup.select_one("#a-new-how-we-learn .vmv-answer__text")
    assert _text(answer).startswith("n/a: we decided not to launch it")


def test_each_value_page_lists_the_decisions_that_served_it(site: Path) -> None:
    soup = _soup(site, "values/built-to-last/index.html")
    heading = next(h for h in soup.select("article h2") if _text(h) == "Decisions that served it")
    listed = heading.find_next_sibling("ul")
    assert isinstance(listed, Tag)
    assert [a["href"] for a in listed.select("a")] == [
        f"../../decisions/{name}/" for name in (ACCEPTED, REJECTED, SUPERSEDED)
    ]
    assert "Superseded, 9 March 2026" in _text(listed)
    own_it = _soup(site, "values/own-it/index.html")
    assert "Decisions that served it" not in _text(own_it.select_one("article"))


def test_decisions_are_searched_and_left_out_of_the_handbook(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert f"decisions/{ACCEPTED}/" in locations
    assert "decisions/" in locations
    handbook = _text(_soup(site, "handbook/index.html").select_one("article"))
    assert "bench fee" not in handbook
    assert "Decisions that served it" not in handbook
