"""The example company's site in English and German, in Chromium: the language selector
keeps the reader on the same page, the notice beside an outdated translation shows and
leads to the source's current text, and axe finds no serious problem on German pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.test_onboarding import serious_axe_violations
from tests.conftest import static_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def url(built_example: Path) -> Iterator[str]:
    with static_server(built_example / "site") as address:
        yield address


def _switch_to(page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(".md-header__option .md-select button").hover()
    page.locator(f"a.md-select__link[hreflang={language}]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("path", ["values/own-it/", "playbook/new-hire-guide/", "", "translations/"])
def test_switching_language_keeps_the_page(url: str, page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + path)
    _switch_to(page, "de")
    assert page.url == f"{url}de/{path}"
    assert page.locator("html").get_attribute("lang") == "de"
    _switch_to(page, "en")
    assert page.url == url + path
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_outdated_notice_shows_and_leads_to_the_current_text(url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "de/values/built-to-last/")
    notice = page.locator(".vmv-outdated-notice a").first
    assert notice.is_visible()
    notice.click()
    page.wait_for_load_state()
    assert page.url.startswith(url + "de/translations/#t-de-")
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.is_visible()
    assert "values[built-to-last].statement" in target.inner_text()
    source = page.locator(f"[id='{anchor}'] + blockquote [lang=en]")
    assert "repair it so that it lasts longer" in source.inner_text()


@pytest.mark.parametrize("path", ["de/values/built-to-last/", "de/playbook/hiring/", "de/translations/"])
def test_axe_finds_no_serious_violations_on_german_pages(url: str, page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + path)
    assert serious_axe_violations(page) == []
