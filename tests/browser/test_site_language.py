"""vmv's scripts speak the site's language: the self-check, the checklist and the
question bank of the starter built in German, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import static_server
from vmv.app.pipeline import build_site


@pytest.fixture
def served_in_german(starter: Path) -> Iterator[str]:
    settings = starter / "mkdocs.yml"
    settings.write_text(
        settings.read_text().replace("  name: material\n", "  name: material\n  language: de\n")
    )
    build_site(starter, starter / "site")
    with static_server(starter / "site") as url:
        yield url


@pytest.mark.browser
def test_the_self_check_answers_in_german(served_in_german: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(served_in_german + "onboarding/self-check/")
    assert page.locator("html").get_attribute("lang") == "de"
    scenario = page.locator("#scenario-late-refund")
    check = scenario.get_by_role("button", name="Meine Antwort prüfen")
    check.click()
    feedback = scenario.locator(".vmv-feedback")
    assert feedback.inner_text() == "Wähle zuerst eine Antwort."
    scenario.get_by_label("Refuse politely and quote the policy.").check()
    check.click()
    shown = feedback.inner_text()
    assert shown.startswith("Nicht die beste Antwort.")
    assert "Die beste Antwort: Refund it, and say the period is there to help" in shown
    assert "Mehr dazu: Customer First" in shown
    assert feedback.locator("strong").inner_text().startswith("Refund it")
    scenario.get_by_label("Refund it, and say the period is there to help, not to catch people out.").check()
    check.click()
    assert feedback.inner_text().startswith("Das ist die beste Antwort.")


@pytest.mark.browser
def test_the_checklist_names_its_boxes_in_german(served_in_german: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(served_in_german + "onboarding/day-one/")
    page.get_by_label("Erledigt: Read our vision and mission").check()
    assert page.locator(".vmv-progress__count").inner_text() == "1 von 3 Schritten erledigt"
    page.get_by_role("button", name="Diesen Weg neu beginnen").click()
    assert page.locator(".vmv-progress__count").inner_text() == "0 von 3 Schritten erledigt"


@pytest.mark.browser
def test_the_search_dialog_is_named_in_german(served_in_german: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(served_in_german)
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Suche"
