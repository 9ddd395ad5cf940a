"""The one-way flow: load -> render -> engine -> swap the output in."""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import mkdocs_engine, mkdocs_live
from .codeowners import codeowners_problems
from .diff import diff_projects
from .errors import InvalidInput, Problem, VmvError
from .inputs import INPUT_PATHS, INPUTS, PLAYBOOK_DIR, VMV_FILE
from .isolation import render_isolated
from .load import Project, load_project
from .mkdocs_config import theme_problems
from .output import replace_when_done
from .rendered_site import RenderedSite
from .serve_overlay import ProblemBoard
from .site_load import load_site
from .site_settings import SiteSettings
from .sources import last_changed, previous_release
from .template_environment import template_syntax_problems, unknown_page_templates


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the command line to summarise."""

    destination: Path
    pages: int
    seconds: float
    warnings: tuple[Problem, ...] = ()


_FROM_TAGS = object()


def check(
    root: Path,
    previous: Project | object | None = _FROM_TAGS,
    *,
    find_previous: Callable[[Path, str], Project | None] = previous_release,
    rendered_before: RenderedSite | None = None,
) -> tuple[Project, RenderedSite]:
    """Load and render everything without building; raise `InvalidInput` on problems.

    `previous` is the edition "What changed" compares with; by default the one
    `find_previous` gives for this edition's version: the newest tagged edition
    older than it, found with git. `rendered_before` is this repository's last
    rendering, to render only what changed since.
    """
    site, site_problems = load_site(root)
    if site is not None:
        site_problems += theme_problems(site)
    try:
        project = load_project(root)
    except InvalidInput as error:
        problems = error.problems + template_syntax_problems(root) + site_problems
        raise InvalidInput(problems, error.partial) from None
    # Problems of the repository as a whole, reported with any others.
    problems = site_problems + codeowners_problems(root, project.document)
    project = replace(project, warnings=(*project.warnings, *unknown_page_templates(root)))
    try:
        if previous is _FROM_TAGS:
            previous = find_previous(root, project.document.edition.version)
        before = previous if isinstance(previous, Project) else None
        # Templates come from the repository: rendered where the system caps time and memory.
        rendered = render_isolated(
            project,
            diff_projects(before, project) if before else None,
            last_changed=last_changed(root, [VMV_FILE, PLAYBOOK_DIR]),
            edit_base=site.settings.edit_base() if site else None,
            previous=rendered_before,
        )

    except InvalidInput as error:
        problems += error.problems

    if problems or site is None:
        raise InvalidInput(problems + list(project.warnings))
    return project, replace(rendered, site=site.settings)


def _problems_of_the_rest(partial: Project, settings: SiteSettings) -> list[Problem]:
    """Build the site of `partial` (each page with problems stands in as an empty page, so
    links to it are not reported as broken) to report broken links and anchors too."""
    try:
        rendered = replace(render_isolated(partial, edit_base=settings.edit_base()), site=settings)
    except InvalidInput as error:
        return error.problems
    try:
        _build_to_check(rendered, partial.root)
    except InvalidInput as error:
        return error.problems
    return []


def _build_to_check(rendered: RenderedSite, root: Path) -> None:
    """Build into a throwaway folder, for the problems only the engine finds."""
    with tempfile.TemporaryDirectory(prefix="vmv-check-") as folder:
        (Path(folder) / "docs").mkdir()
        mkdocs_engine.build_with_engine(rendered, root, Path(folder) / "docs", Path(folder) / "site")


def check_everything(root: Path) -> tuple[Project, RenderedSite]:
    """`check`, and when only some pages have problems, the rest of the site built to find
    broken links and anchors too: every problem in one run. (`vmv serve` and tests use
    `check`, which answers at once.)"""
    try:
        return check(root)
    except InvalidInput as error:
        site, _ = load_site(root)
        if not isinstance(error.partial, Project) or site is None:
            raise
        raise InvalidInput(error.problems + _problems_of_the_rest(error.partial, site.settings)) from None


def validate_site(root: Path) -> tuple[Project, RenderedSite]:
    """`check`, then a build into a throwaway folder: broken links and problems in
    mkdocs.yml are found by `vmv validate` too, not first by `vmv build`."""
    project, rendered = check_everything(root)
    with _with_warnings(project.warnings):
        _build_to_check(rendered, root)
    return project, rendered


@contextlib.contextmanager
def _with_warnings(warnings: tuple[Problem, ...]) -> Iterator[None]:
    """Problems the engine finds are reported with the warnings found before it ran."""
    try:
        yield
    except InvalidInput as error:
        raise InvalidInput([*error.problems, *warnings]) from None


def build_site(root: Path, destination: Path) -> BuildReport:
    """Build the working copy's site into `destination`, replacing it only on success."""
    started = time.perf_counter()
    project, rendered = check_everything(root)
    pages, warnings = len(rendered.pages), project.warnings
    with _with_warnings(warnings), replace_when_done(destination, protected=root) as workspace:
        mkdocs_engine.write_docs(rendered, root, workspace.docs)
        settings = rendered.without_pages()
        # The engine reads the pages from the staging folder: a large site's text, twice in
        # memory otherwise, is freed before the engine's workers start.
        del project, rendered
        mkdocs_engine.build_with_engine(settings, root, workspace.docs, workspace.site, staged=True)
    return BuildReport(destination, pages, time.perf_counter() - started, warnings)


def _file_status(path: Path) -> tuple[str, int, int] | None:
    if not path.is_file():
        return None
    status = path.stat()
    return (path.as_posix(), status.st_size, status.st_mtime_ns)


def _engine_inputs(root: Path, site: SiteSettings) -> tuple[Any, ...]:
    """What the engine reads besides the rendered pages: the site settings, the files
    they name (stylesheets, scripts, images) and the playbook's other files (images).
    A change to any of them builds the whole site again."""
    playbook = root / PLAYBOOK_DIR
    others = sorted(playbook.rglob("*")) if playbook.is_dir() else []
    named = [_file_status(root / name) for name in site.repository_files()]
    return (site, named, [_file_status(path) for path in others if path.suffix != ".md"])


LARGE_PAGE = 200_000
"""Characters of Markdown above which `vmv serve` builds a changed page after the reload
(the handbook, a question bank of thousands): the edited page shows first."""


@dataclass
class _Served:
    """What `vmv serve` built last, to rebuild only what an edit changed."""

    rendered: RenderedSite | None = None
    """The pages as they are built; with `live`, the engine's site in memory."""
    live: Any = None
    engine_inputs: tuple[Any, ...] = ()

    def changed_pages(self, rendered: RenderedSite, engine_inputs: tuple[Any, ...]) -> list[str] | None:
        """Docs paths of the pages to build again, or None when everything must be."""
        before = self.rendered
        if (
            self.live is None
            or before is None
            or engine_inputs != self.engine_inputs
            or (rendered.nav, rendered.site_name, rendered.footer_html, rendered.source_date)
            != (before.nav, before.site_name, before.footer_html, before.source_date)
            or rendered.pages.keys() != before.pages.keys()
        ):
            return None
        return [path for path, text in rendered.pages.items() if before.pages[path] != text]


def serve_site(
    root: Path,
    host: str,
    port: int,
    on_build: Callable[[VmvError | None, str], None],
) -> None:
    """Build, serve on host:port and rebuild on every edit to an input, until interrupted.

    A failed rebuild keeps serving the last good site; `on_build` hears of every
    build's outcome: an error, or what was built. The first build must succeed. An edit that leaves the
    navigation as it was rebuilds only the pages it changed, the large ones after
    the browsers reloaded; any other edit rebuilds every page.
    """
    staging = Path(tempfile.mkdtemp(prefix="vmv-serve-"))
    site = staging / "site"
    # Open pages show the last build's problems over their content, not only the terminal.
    board = ProblemBoard()
    server = mkdocs_live.live_server(host, port, site, board)

    def report(error: VmvError | None, summary: str) -> None:
        board.show(error)
        on_build(error, summary)

    served = _Served()
    # git is asked once per version: editing pages does not change the tags.
    find_previous = functools.lru_cache(maxsize=16)(previous_release)

    def build_all(rendered: RenderedSite, started: float) -> str:
        served.live = None
        engine_inputs = _engine_inputs(root, rendered.site)
        with replace_when_done(site, protected=root) as workspace:
            live = mkdocs_engine.build_with_engine(
                rendered, root, workspace.docs, workspace.site, serve_url=server.url
            )
        if live is not None:
            live.moved_to(str(site))
        served.live, served.rendered, served.engine_inputs = live, rendered, engine_inputs
        return f"built {len(rendered.pages)} pages in {time.perf_counter() - started:.2f} s"

    def build_changes() -> str:
        started = time.perf_counter()
        _, rendered = check(root, find_previous=find_previous, rendered_before=served.rendered)
        changed = served.changed_pages(rendered, _engine_inputs(root, rendered.site))
        if changed is None:
            return build_all(rendered, started)
        urgent = [p for p in changed if len(rendered.pages[p]) <= LARGE_PAGE]
        later = [p for p in changed if p not in urgent]
        for batch in (urgent, later):
            if not batch:
                continue
            try:
                updated = mkdocs_engine.update_with_engine(served.live, rendered, root, batch)
            except VmvError:
                # The pages in memory hold the failed edit: the next build starts afresh.
                served.live = None
                raise
            if not updated:
                return build_all(rendered, started)
            if batch is urgent and later:
                mkdocs_live.reload_browsers(server)
        served.rendered = rendered
        return (
            f"rebuilt {len(changed)} of {len(rendered.pages)} pages in {time.perf_counter() - started:.2f} s"
        )

    watched: set[Path] = set()

    def watch_inputs(rendered: RenderedSite) -> None:
        """Watch every input that exists now, and the files the settings name."""
        for name in (*INPUT_PATHS, *rendered.site.repository_files()):
            path = root / name
            if path not in watched and path.exists():
                watched.add(path)
                mkdocs_live.watch(server, path)

    def rebuild() -> None:
        try:
            summary = build_changes()
        except VmvError as error:
            report(error, "")
            return
        if served.rendered is not None:
            watch_inputs(served.rendered)
        report(None, summary)

    try:
        started = time.perf_counter()
        try:
            first = check(root, find_previous=find_previous)[1]
            summary = build_all(first, started)
        except VmvError as error:
            report(error, "")
            raise
        watch_inputs(first)
        mkdocs_live.watch_for_folders(server, root, {i.path for i in INPUTS if i.folder})
        mkdocs_live.run_live_server(server, rebuild, on_ready=lambda: report(None, summary))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
