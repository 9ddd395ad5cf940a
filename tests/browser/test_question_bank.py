"""The question bank: every leader question, grouped without JavaScript, filtered with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import static_server
from vmv.app.pipeline import check


@pytest.fixture(scope="session")
def site(built_example: Path) -> Path:
    return built_example


def test_every_question_is_listed_under_its_area(site: Path) -> None:
    project = check(site)[0]
    soup = BeautifulSoup((site / "site/question-bank/index.html").read_text(), "html.parser")
    items = soup.select("ul.vmv-questions > li")
    expected = [(q.text, q.area) for p in project.pages for q in p.meta.questions]
    assert len(items) == len(expected) >= 30
    listed = [
        (
            " ".join(item.get_text().split()),
            item.find_parent("ul").find_previous_sibling("h2").get_text().rstrip("¶"),
        )
        for item in items
    ]
    for text, area in expected:
        assert any(t.startswith(" ".join(text.split())) and area == a for t, a in listed), (text, area)
    assert soup.select_one("[data-vmv-filters]").has_attr("hidden")


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    with static_server(site / "site") as url:
        yield url


@pytest.mark.browser
def test_filtering_by_value_shows_only_its_questions_and_updates_the_url(
    site: Path, served: str, page
) -> None:  # type: ignore[no-untyped-def]
    project = check(site)[0]
    own_it = [
        q.text for p in project.pages for q in p.meta.questions if "own-it" in (q.values or p.meta.values)
    ]
    page.goto(served + "question-bank/")
    page.select_option("#vmv-filter-value", "own-it")
    visible = page.locator("ul.vmv-questions > li:visible")
    assert visible.count() == len(own_it)
    assert page.locator("[data-vmv-count]").inner_text() == str(len(own_it))
    assert parse_qs(urlsplit(page.url).query) == {"value": ["own-it"]}
    page.select_option("#vmv-filter-area", "hiring")
    assert parse_qs(urlsplit(page.url).query) == {"value": ["own-it"], "area": ["hiring"]}
    hiring = page.locator("ul.vmv-questions > li:visible").count()
    page.goto(page.url)  # the copied link opens the same view
    assert page.locator("ul.vmv-questions > li:visible").count() == hiring
    assert page.locator("#vmv-filter-value").input_value() == "own-it"
