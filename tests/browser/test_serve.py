"""`vmv serve` in a real browser: live reload after edits, search, glossary, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


_READY = re.compile(r"site ready at (http://127\.0\.0\.1:\d+/) ")


class Server:
    """`vmv serve` on port 0: the system gives it a free port, which it names when ready,
    so no other process can take the port between choosing and binding it."""

    def __init__(self, root: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vmv", "--root", str(root), "serve", "-a", "127.0.0.1:0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def url(self) -> str:
        """The address the first "site ready" line names."""
        ready = next(found for line in self.lines if (found := _READY.search(line)))
        return ready.group(1)

    def wait_for(self, text: str, count: int = 1, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.lines) < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {text!r} in:\n{''.join(self.lines)}")
            time.sleep(0.05)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=10)


@pytest.fixture
def server(starter: Path) -> Iterator[Server]:
    running = Server(starter)
    running.wait_for("site ready")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()
    running.reader.join(timeout=5)
    assert running.process.stderr is not None
    running.process.stderr.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_page_reloads_after_editing_vmv_yaml(server: Server, starter: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "values/customer-first/")
    statement = page.locator("article .vmv-statement")
    assert "before we ask what is right for us" in statement.inner_text()
    _edit(starter / "vmv.yaml", "before we ask what is right for us", "before anything else")
    page.wait_for_function(
        "document.querySelector('article .vmv-statement')?.innerText.includes('before anything else')"
    )


def test_page_reloads_after_editing_a_playbook_page(server: Server, starter: Path, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "playbook/leader-questions/")
    _edit(starter / "playbook" / "leader-questions.md", "Ask these before you decide.", "Ask these first.")
    page.wait_for_function("document.querySelector('article')?.innerText.includes('Ask these first.')")


def test_broken_edit_keeps_serving_the_last_good_site(server: Server, starter: Path, page) -> None:  # type: ignore[no-untyped-def]
    _edit(starter / "vmv.yaml", "schema: 1", "schema: 9")
    server.wait_for("vmv.yaml:4:9: error: schema: expected 1, found a number (9)")
    page.goto(server.url)
    assert "Acme Company" in page.locator("article h1").inner_text()
    _edit(starter / "vmv.yaml", "schema: 9", "schema: 1")
    server.wait_for("site ready", count=2)


def test_search_finds_a_value_page_by_its_name(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("Keep Promises")  # Material searches on key events, not on value changes
    result = page.locator(".md-search-result__item a").first
    result.wait_for()
    assert result.get_attribute("href").endswith("values/keep-promises/")


def test_glossary_term_shows_its_definition_on_hover(server: Server, starter: Path, page) -> None:  # type: ignore[no-untyped-def]
    _edit(
        starter / "playbook" / "leader-questions.md",
        "Ask these before you decide.",
        "Ask these before NPS moves.",
    )
    server.wait_for("site ready", count=2)
    page.goto(server.url + "playbook/leader-questions/")
    term = page.locator("article abbr", has_text="NPS").first
    term.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip, [role=tooltip]").filter(has_text="Net Promoter Score")
    tooltip.first.wait_for(state="visible")


def test_ctrl_c_exits_cleanly(server: Server) -> None:
    assert server.stop() == 0
    assert "Traceback" not in "".join(server.lines)


def test_first_build_failure_exits_1(starter: Path) -> None:
    (starter / "vmv.yaml").write_text("schema: [\n")
    process = subprocess.run(
        [sys.executable, "-m", "vmv", "--root", str(starter), "serve", "-a", "127.0.0.1:0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert process.returncode == 1
    assert process.stderr.startswith("vmv.yaml:2:1: error: YAML syntax error")


def _fetch(url: str) -> str:
    """The page as served, without the live-reload script's numbers (they change each time)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return re.sub(r"livereload\(\d+, \d+\)", "livereload()", response.read().decode("utf-8"))


def test_a_body_edit_rebuilds_only_that_page_and_the_handbook(server: Server, starter: Path) -> None:
    value_page = _fetch(server.url + "values/keep-promises/")
    _edit(starter / "playbook" / "leader-questions.md", "Ask these before you decide.", "Ask these first.")
    server.wait_for("rebuilt 2 of")
    assert "Ask these first." in _fetch(server.url + "playbook/leader-questions/")
    assert "Ask these first." in _fetch(server.url + "handbook/")
    assert _fetch(server.url + "values/keep-promises/") == value_page
    assert "Ask these first" in _fetch(server.url + "search/search_index.json")


def test_a_new_title_rebuilds_every_page(server: Server, starter: Path) -> None:
    _edit(starter / "playbook" / "leader-questions.md", "title: Leader questions", "title: Questions we ask")
    server.wait_for("site ready", count=2)
    assert "rebuilt" not in server.lines[-1]
    # The navigation of every page names the page by its new title.
    assert "Questions we ask" in _fetch(server.url + "values/keep-promises/")
    assert "Questions we ask" in _fetch(server.url + "glossary/")


def test_a_broken_link_in_an_edit_keeps_the_page_as_it_was(server: Server, starter: Path) -> None:
    page = starter / "playbook" / "leader-questions.md"
    _edit(page, "Ask these before you decide.", "Ask these, see [here](missing.md).")
    server.wait_for("serving the last good build")
    assert "missing.md" not in _fetch(server.url + "playbook/leader-questions/")
    _edit(page, "Ask these, see [here](missing.md).", "Ask these first.")
    server.wait_for("site ready", count=2)
    assert "Ask these first." in _fetch(server.url + "playbook/leader-questions/")


def test_an_input_folder_made_while_serving_is_watched(server: Server, starter: Path) -> None:
    """The starter has no recognition/: the first story, written while serving, is built."""
    assert not (starter / "recognition").exists()
    (starter / "recognition").mkdir()
    story = "- date: 2026-11-02\n  value: own-it\n  who: Sam Patel\n  what: Fixed the till before opening.\n"
    # The folder is watched from its creation event on, which the server sees a moment later:
    # the story is written again until a build follows (a deadline, not a speed, bounds it).
    deadline = time.monotonic() + 30
    while sum("site ready" in line for line in server.lines) < 2:
        assert time.monotonic() < deadline, "".join(server.lines)
        (starter / "recognition" / "2026-11.yaml").write_text(story, encoding="utf-8")
        time.sleep(0.2)
    with urllib.request.urlopen(server.url + "values-in-action/") as response:
        assert "Fixed the till before opening." in response.read().decode("utf-8")
