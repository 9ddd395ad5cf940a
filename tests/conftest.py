"""Shared fixtures: the example repository, fresh starter repositories, the CLI."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from vmv.app.pipeline import build_site
from vmv.app.scaffold import create_repository
from vmv.cli import main
from vmv.core.inputs import INPUTS

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run() -> Callable[..., Outcome]:
    """Run `vmv ARGS` in-process and return its exit code and both streams."""

    def invoke(*args: str | os.PathLike[str]) -> Outcome:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A new company repository made by `vmv init`."""
    root = tmp_path / "acme"
    create_repository(root)
    return root


EXAMPLE_FILES = tuple(item.path for item in INPUTS)
"""What the example company's repository holds, in this repository's root: its inputs."""


def copy_example(root: Path) -> Path:
    """Copy the example company's repository into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE_FILES:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy(source, root / name)
    return root


def without_translations(root: Path) -> Path:
    """A copy of the example in its source language only: no translations/, and no
    translated pages (which would be pages of their own without their translation)."""
    shutil.rmtree(root / "translations", ignore_errors=True)
    for page in (root / "playbook").rglob("*.de.md"):
        page.unlink()
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example company's repository."""
    return copy_example(tmp_path / "example")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="Rewrite expected output files.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium driven by Playwright; required in CI, skipped elsewhere when missing."""
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: CI must run the browser tests (see .ci/run)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    # Leave the page first: a pending live-reload poll would otherwise hold the close for a
    # minute. A reload triggered by the test's last edit may interrupt leaving; try again.
    from playwright.sync_api import Error

    for _ in range(3):
        try:
            opened.goto("about:blank")
            break
        except Error:
            opened.wait_for_timeout(500)
    context.close()


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """`folder` on a plain static web server, as an intranet would serve a built site.

    The folder is looked up on every request, so a rebuild replaces what it serves.
    """

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=os.fspath(folder), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Property and fuzz tests explore the same cases on every run, so that CI is
# reproducible; scripts/fuzz.py explores new ones.
settings.register_profile("vmv", derandomize=True, deadline=None)
settings.load_profile("vmv")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example company's repository with its site built into site/, once per test run.

    Tests only read it; a test that changes inputs builds its own copy.
    """
    root = copy_example(tmp_path_factory.mktemp("built") / "example")
    build_site(root, root / "site")
    return root
