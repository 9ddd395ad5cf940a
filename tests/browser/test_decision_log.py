"""The decision log in Chromium: filtered by value, area and status, the view kept in the address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import static_server


@pytest.fixture
def served(built_example: Path) -> Iterator[str]:
    with static_server(built_example / "site") as url:
        yield url


def _titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [" ".join(t.split()) for t in page.locator("ul.vmv-decisions > li:visible > a").all_inner_texts()]


@pytest.mark.browser
def test_filters_narrow_the_log_and_keep_the_view_in_the_address(served: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "decisions/")
    assert page.locator("form[data-vmv-filters]").is_visible()
    assert len(_titles(page)) == 3
    page.select_option("#vmv-filter-status", "rejected")
    assert _titles(page) == ["Launch a £25 own-brand rain jacket"]
    assert page.locator("[data-vmv-count]").inner_text() == "1"
    assert parse_qs(urlsplit(page.url).query) == {"status": ["rejected"]}
    page.select_option("#vmv-filter-status", "")
    page.select_option("#vmv-filter-value", "keep-our-word")
    assert _titles(page) == [
        "Every repair priced up front, with no bench fee for gear we sold",
        "A £12 bench fee for every workshop repair",
    ]
    page.select_option("#vmv-filter-area", "a-new-product-or-service")
    assert _titles(page) == []
    assert page.locator("[data-vmv-count]").inner_text() == "0"
    page.select_option("#vmv-filter-area", "a-change-to-a-product-process-or-policy")
    page.select_option("#vmv-filter-status", "superseded")
    assert parse_qs(urlsplit(page.url).query) == {
        "value": ["keep-our-word"],
        "area": ["a-change-to-a-product-process-or-policy"],
        "status": ["superseded"],
    }
    page.goto(page.url)  # a copied link opens the same view
    assert _titles(page) == ["A £12 bench fee for every workshop repair"]
    assert page.locator("#vmv-filter-status").input_value() == "superseded"


@pytest.mark.browser
def test_the_question_bank_filters_still_work_beside_the_log(served: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "question-bank/?area=hiring")
    visible = page.locator("ul.vmv-questions > li:visible").count()
    assert visible > 0
    assert page.locator("[data-vmv-count]").inner_text() == str(visible)
    assert page.locator("h2[data-vmv-area]:visible").count() == 1
