"""`vmv serve`: build, serve with live reload, and rebuild what each edit changed."""

from __future__ import annotations

import functools
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vmv.app.pipeline import check
from vmv.core.inputs import INPUT_PATHS, INPUTS, PLAYBOOK_DIR
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.site.settings import SiteSettings
from vmv.engine.mkdocs import build as mkdocs_engine
from vmv.engine.mkdocs import live as mkdocs_live
from vmv.engine.problem_overlay import ProblemBoard
from vmv.errors import VmvError
from vmv.repo.git import previous_release
from vmv.repo.output import replace_when_done


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
    on_build: Callable[[VmvError | None, str, str], None],
) -> None:
    """Build, serve on host:port and rebuild on every edit to an input, until interrupted.

    A failed rebuild keeps serving the last good site; `on_build` hears of every
    build's outcome: an error, or what was built, and the address served (port 0
    serves on a free port the system picks). The first build must succeed. An edit that leaves the
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
        on_build(error, summary, server.url)

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
