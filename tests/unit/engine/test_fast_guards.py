"""The fast build cannot hang or drift: it runs only with the versions of MkDocs and Material
it was checked with, and a worker process that dies mid-build leaves the same site, built
again in one process. No test here measures speed; the time limits only catch a hang."""

from __future__ import annotations

import ctypes
import faulthandler
import functools
import logging
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPOSITORY, Outcome
from tests.synthetic import FEW_QUESTIONS, write_synthetic
from vmv.app.pipeline import build_site, check
from vmv.core.render import site as render
from vmv.engine.mkdocs import fast as mkdocs_fast
from vmv.engine.mkdocs import navigation, pool

GENEROUS = 600
"""Seconds before a build counts as hung: ten times what a loaded CI machine needs."""


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _mkdocs_alone(root: Path, destination: Path) -> dict[str, bytes]:
    """The reference: MkDocs' own build, without vmv's navigation cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(mkdocs_fast.VMV_ENGINE_ENV, "mkdocs")
        build_site(root, destination)
    return _files(destination)


@pytest.fixture
def said_once_again() -> Iterator[None]:
    """Each test hears the engine's once-per-process lines afresh."""
    mkdocs_fast._say_once.cache_clear()
    yield
    mkdocs_fast._say_once.cache_clear()


# -- versions ---------------------------------------------------------------------------


def test_the_fast_build_runs_with_the_versions_constraints_txt_pins() -> None:
    """The byte comparisons check the fast build against the pinned versions only if those
    are the ones it trusts, and the ones installed here."""
    lines = (REPOSITORY / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = dict(line.split("==") for line in lines if "==" in line)
    assert {name: pinned[name] for name in mkdocs_fast.VERIFIED_WITH} == mkdocs_fast.VERIFIED_WITH
    assert mkdocs_fast.unverified_versions() == []


def test_other_versions_build_with_mkdocs_alone_and_say_so_once(
    starter: Path,
    run: Callable[..., Outcome],
    monkeypatch: pytest.MonkeyPatch,
    said_once_again: None,
) -> None:
    monkeypatch.setitem(mkdocs_fast.VERIFIED_WITH, "mkdocs-material", "9.7.0")
    steps: list[object] = []
    monkeypatch.setattr(mkdocs_fast, "run_pages", lambda *args, **kwargs: steps.append(args))
    fragments: list[object] = []
    monkeypatch.setattr(navigation.NavFragments, "fragment", lambda *args: fragments.append(args))

    first = run("--root", starter, "build", "-d", starter / "site")
    second = run("--root", starter, "build", "-d", starter / "again")

    assert (first.exit_code, second.exit_code) == (0, 0)
    installed = mkdocs_fast.unverified_versions()
    assert installed == ["mkdocs-material 9.8.1"]
    assert first.stderr.splitlines() == [
        "vmv: info: building with MkDocs' own build, which is slower: vmv's faster build is checked "
        "with mkdocs 1.6.1 and mkdocs-material 9.7.0, and mkdocs-material 9.8.1 is installed "
        "(install vmv with its constraints.txt to get it)"
    ]
    assert second.stderr == ""
    assert steps == [] and fragments == []  # neither the workers nor the navigation cache ran
    monkeypatch.undo()
    assert _files(starter / "site") == _mkdocs_alone(starter, starter / "reference")


# -- a worker that dies -----------------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A synthetic site of 60 pages (two workers' worth), and what MkDocs alone builds of it."""
    root = write_synthetic(tmp_path_factory.mktemp("large") / "site-source", 60, **FEW_QUESTIONS)
    return root, _mkdocs_alone(root, root.parent / "reference")


def _kill(way: str) -> None:
    if way == "SIGKILL":  # as the system does when memory runs out
        os.kill(os.getpid(), signal.SIGKILL)
    elif way == "exit":
        os._exit(70)
    else:  # a crash in C code; without pytest's fault handler, which would print its stacks
        faulthandler.disable()
        ctypes.string_at(0)


def _dying_at(index: int, way: str, marker: Path) -> pool.WorkerHook:
    def before_page(page: int) -> None:
        if page == index:
            marker.write_text(str(os.getpid()))
            _kill(way)

    return before_page


def _build_with_a_dying_worker(
    root: Path, destination: Path, hook: pool.WorkerHook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    monkeypatch.setattr(mkdocs_fast, "build", functools.partial(mkdocs_fast.build, in_worker=hook))
    build_site(root, destination)


@pytest.mark.timeout(GENEROUS)
@pytest.mark.parametrize("way", ["SIGKILL", "exit", "segfault"])
def test_a_worker_that_dies_mid_build_leaves_the_same_site(
    large: tuple[Path, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    way: str,
) -> None:
    root, reference = large
    marker = tmp_path / "died"
    with caplog.at_level(logging.INFO, logger="vmv"):
        _build_with_a_dying_worker(root, tmp_path / "site", _dying_at(30, way, marker), monkeypatch)
    assert marker.read_text() != str(os.getpid())  # a worker, not this process, died
    assert _files(tmp_path / "site") == reference
    assert [r.getMessage() for r in caplog.records if r.name == pool.__name__] == [
        "a worker process of the build stopped before it was done (out of memory?); "
        "building its pages again in one process"
    ]
    assert pool._given_to_this_worker is None  # the build's state stayed with the workers


@pytest.mark.timeout(GENEROUS)
def test_a_worker_that_dies_while_reading_markdown_leaves_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a navigation that leaves titles out, pages are built in two steps (all Markdown
    first); here the first step loses a worker."""
    root = write_synthetic(tmp_path / "large", 60, **FEW_QUESTIONS)
    pages = sorted(check(root)[1].pages, key=lambda path: (path != "index.md", path))
    monkeypatch.setattr(render, "navigation", lambda table: list(pages))
    reference = _mkdocs_alone(root, tmp_path / "reference")
    steps = _record_steps(monkeypatch)
    marker = tmp_path / "died"
    _build_with_a_dying_worker(root, tmp_path / "site", _dying_at(5, "SIGKILL", marker), monkeypatch)
    assert marker.exists()
    assert steps == ["populate", "build_page"]
    assert _files(tmp_path / "site") == reference


def _record_steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    steps: list[str] = []
    original = mkdocs_fast.run_pages

    def recording(step: Any, *args: Any, **kwargs: Any) -> Any:
        steps.append(step.__name__)
        return original(step, *args, **kwargs)

    monkeypatch.setattr(mkdocs_fast, "run_pages", recording)
    return steps
