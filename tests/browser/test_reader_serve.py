"""`vmv serve` shows an edit's problems over the open page, and takes them away when fixed."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.test_serve import Server
from vmv.engine.problem_overlay import PROBLEMS_PATH

PAGE = Path("playbook") / "leader-questions.md"
GOOD = "values: [customer-first]\n"
# A problem line quotes what the user wrote: here, markup that must be shown as text.
BROKEN = 'values: [customer-first, "<b id=injected>bold</b>"]\n'


@pytest.fixture
def server(starter: Path) -> Iterator[Server]:
    running = Server(starter)
    running.wait_for("site ready")
    yield running
    running.stop()
    running.reader.join(timeout=5)
    assert running.process.stderr is not None
    running.process.stderr.close()


def _write(root: Path, old: str, new: str) -> None:
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def _report(server: Server) -> dict[str, object]:
    with urllib.request.urlopen(server.url.rstrip("/") + PROBLEMS_PATH, timeout=10) as answer:
        assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
        return dict(json.load(answer))


@pytest.mark.browser
def test_the_overlay_shows_an_edits_problems_and_leaves_when_they_are_fixed(
    server: Server,
    starter: Path,
    page,  # type: ignore[no-untyped-def]
) -> None:
    page.goto(server.url + "values/own-it/")
    assert _report(server) == {"valid": True, "problems": []}
    assert page.locator("#vmv-problems").count() == 0

    _write(starter, GOOD, BROKEN)
    overlay = page.locator("#vmv-problems")
    overlay.wait_for()
    text = overlay.inner_text()
    assert "this edit has 1 problem" in text
    assert "playbook/leader-questions.md:4:26" in text
    assert "values[1]: unknown value id '<b id=injected>bold</b>'" in text
    assert page.locator("#injected").count() == 0
    assert overlay.get_attribute("role") == "alert"
    # The page under the overlay is the last good build.
    assert "Own It" in page.locator("article h1").inner_text()

    _write(starter, BROKEN, GOOD)
    overlay.wait_for(state="detached")
    assert _report(server) == {"valid": True, "problems": []}


def test_the_overlay_is_only_in_served_pages(built_example: Path) -> None:
    page = (built_example / "site" / "index.html").read_text(encoding="utf-8")
    assert PROBLEMS_PATH not in page
    assert "vmv-problems" not in page
