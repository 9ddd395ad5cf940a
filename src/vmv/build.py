"""The one-way flow: load -> render -> engine -> swap the output in."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_engine
from .codeowners import codeowners_problems
from .diff import diff_projects
from .errors import InvalidInput, Problem, VmvError
from .load import PLAYBOOK_DIR, VMV_FILE, Project, load_project
from .output import replace_when_done
from .render import TEMPLATES_DIR, RenderedSite, render_site, template_syntax_problems
from .site_config import check_site_config, edit_base
from .sources import last_changed, previous_release


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the command line to summarise."""

    destination: Path
    pages: int
    seconds: float
    warnings: tuple[Problem, ...] = ()


_FROM_TAGS = object()


def check(root: Path, previous: Project | object | None = _FROM_TAGS) -> tuple[Project, RenderedSite]:
    """Load and render everything without building; raise `InvalidInput` on problems.

    `previous` is the edition "What changed" compares with; by default the newest
    tagged edition older than this one, found with git.
    """
    site_problems = check_site_config(root)
    try:
        project = load_project(root)
    except InvalidInput as error:
        raise InvalidInput(error.problems + template_syntax_problems(root) + site_problems) from None
    # Problems of the repository as a whole, reported with any others.
    problems = site_problems + codeowners_problems(root, project.document)
    try:
        if previous is _FROM_TAGS:
            previous = previous_release(root, project.document.edition.version)
        before = previous if isinstance(previous, Project) else None
        rendered = render_site(
            project,
            diff_projects(before, project) if before else None,
            last_changed=last_changed(root, [VMV_FILE, PLAYBOOK_DIR]),
            edit_base=edit_base(root),
        )

    except InvalidInput as error:
        problems += error.problems

    if problems:
        raise InvalidInput(problems + list(project.warnings))
    return project, rendered


def validate_site(root: Path) -> tuple[Project, RenderedSite]:
    """`check`, then a build into a throwaway folder: broken links and problems in
    mkdocs.yml are found by `vmv validate` too, not first by `vmv build`."""
    project, rendered = check(root)
    with tempfile.TemporaryDirectory(prefix="vmv-validate-") as folder:
        workspace = Path(folder)
        (workspace / "docs").mkdir()
        mkdocs_engine.build_with_engine(rendered, root, workspace / "docs", workspace / "site")
    return project, rendered


def build_site(root: Path, destination: Path) -> BuildReport:
    """Build the working copy's site into `destination`, replacing it only on success."""
    started = time.perf_counter()
    project, rendered = check(root)
    with replace_when_done(destination, protected=root) as workspace:
        mkdocs_engine.build_with_engine(rendered, root, workspace.docs, workspace.site)
    return BuildReport(destination, len(rendered.pages), time.perf_counter() - started, project.warnings)


def serve_site(
    root: Path,
    host: str,
    port: int,
    on_build: Callable[[VmvError | None], None],
) -> None:
    """Build, serve on host:port and rebuild on every edit to an input, until interrupted.

    A failed rebuild keeps serving the last good site; `on_build` hears of every
    build's outcome. The first build must succeed.
    """
    staging = Path(tempfile.mkdtemp(prefix="vmv-serve-"))
    site = staging / "site"
    server = mkdocs_engine.live_server(host, port, site)

    def build_once() -> None:
        _, rendered = check(root)
        with replace_when_done(site, protected=root) as workspace:
            mkdocs_engine.build_with_engine(
                rendered, root, workspace.docs, workspace.site, serve_url=server.url
            )

    def rebuild() -> None:
        try:
            build_once()
        except VmvError as error:
            on_build(error)
            return
        on_build(None)

    try:
        try:
            build_once()
        except VmvError as error:
            on_build(error)
            raise
        on_build(None)
        watched = [root / name for name in (VMV_FILE, PLAYBOOK_DIR, TEMPLATES_DIR, mkdocs_engine.SITE_CONFIG)]
        mkdocs_engine.run_live_server(server, rebuild, [p for p in watched if p.exists()])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
