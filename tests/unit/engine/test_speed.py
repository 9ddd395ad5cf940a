"""The fast paths give exactly what the plain ones give: the build (navigation rendered
once per folder, pages in parallel), re-rendering after an edit, and the render stage's
shortcuts. Timings are in scripts/bench.py; nothing here measures time."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import copy_example
from tests.synthetic import FEW_QUESTIONS, write_synthetic
from vmv.app.pipeline import build_site, check
from vmv.core.render import site as render
from vmv.core.render.handbook import relative_path
from vmv.core.render.sandbox import Sandbox
from vmv.engine.mkdocs import fast as mkdocs_fast
from vmv.engine.mkdocs import navigation, pool
from vmv.errors import InvalidInput


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build_both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built by vmv's fast build, and by MkDocs' own build without the navigation
    cache: the reference owes nothing to vmv's shortcuts."""
    installed = _count_navigation_caches(monkeypatch)
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    build_site(root, root / "fast")
    assert installed
    installed.clear()
    monkeypatch.setenv(mkdocs_fast.VMV_ENGINE_ENV, "mkdocs")
    build_site(root, root / "plain")
    assert installed == []
    return _files(root / "fast"), _files(root / "plain")


def _count_navigation_caches(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The template environments the navigation cache was installed into."""
    installed: list[object] = []
    original = navigation.NavFragments.install

    def counting(self: navigation.NavFragments, env: Any) -> bool:
        done = original(self, env)
        if done:
            installed.append(env)
        return done

    monkeypatch.setattr(navigation.NavFragments, "install", counting)
    return installed


def _count_navigation_renders(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many navigation items the cache gave from what it kept, and how many it rendered."""
    counts = {"reused": 0, "rendered": 0}
    original = navigation.NavFragments.fragment

    def counting(self: navigation.NavFragments, *args: Any) -> Any:
        before = self.hits
        result = original(self, *args)
        counts["reused" if self.hits > before else "rendered"] += 1
        return result

    monkeypatch.setattr(navigation.NavFragments, "fragment", counting)
    return counts


def _assert_same_site(fast: dict[str, bytes], plain: dict[str, bytes]) -> None:
    assert fast.keys() == plain.keys()
    different = [path for path in fast if fast[path] != plain[path]]
    assert different == []


def test_a_large_site_builds_to_the_same_bytes_as_with_mkdocs_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_synthetic(tmp_path / "large", 90, **FEW_QUESTIONS)
    fast, plain = _build_both(root, monkeypatch)
    _assert_same_site(fast, plain)
    assert len([p for p in fast if p.endswith("index.html")]) > 90
    assert b"page-0042" in fast["playbook/section-003/page-0089/index.html"]  # the navigation is there


def test_the_example_builds_to_the_same_bytes_as_with_mkdocs_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, plain = _build_both(copy_example(tmp_path / "example"), monkeypatch)
    _assert_same_site(fast, plain)


def test_the_navigation_is_rendered_once_per_folder_not_once_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _count_navigation_renders(monkeypatch)
    monkeypatch.setenv(pool.WORKERS_ENV, "1")
    root = write_synthetic(tmp_path / "large", 100, **FEW_QUESTIONS)
    report = build_site(root, root / "site")

    def items(nav: Any) -> int:
        entries = nav if isinstance(nav, list) else [nav]
        total = 0
        for entry in entries:
            for child in entry.values():
                total += 1 + (items(child) if isinstance(child, list) else 0)
        return total

    # Material renders every item into every page; here the 4 folders of 25 pages share theirs.
    per_page = report.pages * items(check(root)[1].nav)
    assert counts["rendered"] * 5 < per_page
    assert counts["reused"] > counts["rendered"]


def _record_workers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many processes each of the build's steps uses; each step covers every page once."""
    workers_used: list[int] = []
    original = mkdocs_fast.run_pages

    def recording(
        step: Any, work: Any, shares: list[list[int]], workers: int, *more: Any, **named: Any
    ) -> Any:
        assert sorted(i for share in shares for i in share) == list(range(len(work.pages)))
        workers_used.append(workers)
        return original(step, work, shares, workers, *more, **named)

    monkeypatch.setattr(mkdocs_fast, "run_pages", recording)
    return workers_used


def test_pages_are_built_in_several_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shares = _record_workers(monkeypatch)
    monkeypatch.setenv(pool.WORKERS_ENV, "2")
    root = write_synthetic(tmp_path / "large", 60, **FEW_QUESTIONS)
    build_site(root, root / "site")
    assert shares == [2]  # two processes read and write the pages, in one pass


def test_pages_titled_by_their_markdown_build_in_two_passes_to_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a navigation that leaves titles out, a page's title comes from its Markdown, which
    other pages' navigation shows: all Markdown is read before any page is written. (mkdocs.yml
    may not set `nav`; the engine is handed such a navigation directly.)"""
    root = write_synthetic(tmp_path / "large", 60, **FEW_QUESTIONS)
    pages = sorted(check(root)[1].pages, key=lambda path: (path != "index.md", path))
    monkeypatch.setattr(render, "navigation", lambda table: list(pages))
    shares = _record_workers(monkeypatch)
    fast, plain = _build_both(root, monkeypatch)
    _assert_same_site(fast, plain)
    assert shares == [2, 2]  # two processes: Markdown, then page templates


def test_a_broken_link_is_reported_the_same_by_both_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_synthetic(tmp_path / "large", 60, **FEW_QUESTIONS)
    page = root / "playbook" / "section-001" / "page-0030.md"
    page.write_text(page.read_text() + "\nSee [the missing page](missing.md).\n")
    reports = []
    for engine in ("vmv", "mkdocs"):
        monkeypatch.setenv(mkdocs_fast.VMV_ENGINE_ENV, engine)
        monkeypatch.setenv(pool.WORKERS_ENV, "2")
        with pytest.raises(InvalidInput) as raised:
            build_site(root, root / "site")
        reports.append([str(p) for p in raised.value.problems])
    assert reports[0] == reports[1]
    assert any("playbook/section-001/page-0030.md" in line and "missing.md" in line for line in reports[0])
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("old", "new", "only_bodies"),
    [
        ("## What we do", "A new line of text.\n\n## What we do", True),
        ("## What we do", "{{ vmv.organization.name }} does this.\n\n## What we do", True),
        ("title: Playbook page 0030", "title: Renamed page", False),
        ("- value-00", "- value-01", False),
    ],
)
def test_rendering_again_after_an_edit_gives_what_a_full_render_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, only_bodies: bool
) -> None:
    root = write_synthetic(tmp_path / "large", 60, **FEW_QUESTIONS)
    _, before = check(root)
    page = root / "playbook" / "section-001" / "page-0030.md"
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new, 1))
    partial: list[int] = []
    original = render._render_bodies

    def recording(project: Any, renderer: Any, previous: Any, changed: list[Any]) -> Any:
        partial.append(len(changed))
        return original(project, renderer, previous, changed)

    monkeypatch.setattr(render, "_render_bodies", recording)
    # Rendered in this process, where the calls are counted, instead of a child process.
    monkeypatch.setattr("vmv.app.pipeline.render_isolated", render.render_site)
    _, again = check(root, rendered_before=before)
    _, full = check(root)
    assert again.pages == full.pages
    assert again.pages != before.pages
    assert partial == ([1] if only_bodies else [])


def test_editing_a_template_renders_everything_again(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    _, before = check(root)
    template = root / "templates" / "value.md.j2"
    template.parent.mkdir(exist_ok=True)
    template.write_text("# {{ value.name }}\n\nOnly the name.\n")
    _, again = check(root, rendered_before=before)
    assert again.pages["values/own-it.md"].startswith("# Own It\n\nOnly the name.")
    assert again.pages == check(root)[1].pages


@given(
    st.lists(st.sampled_from(["a", "b", "..", ".", "values", "playbook"]), max_size=5),
    st.lists(st.sampled_from(["a", "b", "values", "playbook"]), max_size=4),
)
def test_relative_paths_match_posixpath(target: list[str], start: list[str]) -> None:
    target_path = "/".join(target) or "index.md"
    start_path = "/".join(start) or "."
    assert relative_path(target_path, start_path) == posixpath.relpath(target_path, start_path)


@given(st.text(alphabet="ab{}%#-\n \t*[]()<>!", max_size=60))
def test_a_page_without_jinja_renders_as_it_is_written(text: str) -> None:
    environment = Sandbox()
    if any(marker in text for marker in ("{%", "{{", "{#")):
        return
    assert environment.from_string(text).render() == text
