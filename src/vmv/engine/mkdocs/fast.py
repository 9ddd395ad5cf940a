"""MkDocs' build, with the same output in a fraction of the time on large sites.

Profiles of MkDocs + Material put most of a large build in two places:

- The navigation, which Material renders again into every page: its cost grows
  with the square of the number of pages. `navigation.NavFragments` renders each
  part of it once for all the pages that see it the same way.
- Markdown and page templates, which MkDocs runs one page after another. `build`
  runs them in forked worker processes (`pool.py`) that take shares of pages as
  they finish, and merges what they return (anchors, search entries, warnings) in
  page order. `page_work.py` is the work done for each page; `live_site.py` keeps
  the built site for `vmv serve`.

`build` follows `mkdocs.commands.build.build` step for step, and depends on how
MkDocs builds and how Material draws the navigation. So it runs only with the
versions of MkDocs and Material it was checked against, byte for byte
(`VERIFIED_WITH`); with others, MkDocs' own build runs alone, and vmv says so once.
MkDocs' own build also runs where the output could differ: with plugins other than
search, whose state would be split across processes, or with a Material whose
navigation template has an unknown shape. Tests build sites both ways and compare
every byte.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
from typing import TYPE_CHECKING

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import InclusionLevel, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from vmv.engine.mkdocs.live_site import LiveSite
from vmv.engine.mkdocs.navigation import NavFragments, NavFragmentsPlugin
from vmv.engine.mkdocs.page_work import (
    SEARCH_PLUGINS,
    PageLimits,
    PageWork,
    build_page,
    links_to_files,
    populate,
    populate_and_build,
    search_index,
)
from vmv.engine.mkdocs.pool import WorkerHook, run_pages, shares_of, workers_for

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

engine_log = logging.getLogger("mkdocs.vmv")
"""Errors in MkDocs' words, which the engine's adapter turns into problem lines."""
notices = logging.getLogger(__name__)
"""Lines for the user's information; the command line shows vmv's."""

VERIFIED_WITH = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}
"""The versions `build` gives MkDocs' bytes with, as the byte-comparison tests found
(constraints.txt pins them; a test keeps the two the same)."""
VMV_ENGINE_ENV = "VMV_ENGINE"
"""`VMV_ENGINE=mkdocs` builds with MkDocs' own build alone, without the navigation cache:
the reference the fast build is compared with."""
SECONDS_PER_PAGE = 10.0
SECONDS_PER_MILLION_CHARACTERS = 2.0
"""A page may take 10 s plus 2 s per million characters of Markdown to become HTML: the
2,039-page synthetic site's handbook (9.2 million characters) takes 5.4 s, its other pages
at most 0.3 s. Python-Markdown takes time that grows with the square of some inputs (20,000
'[' take a minute), and pages come from pull requests."""


def unverified_versions() -> list[str]:
    """The installed engine packages whose version `build` was not checked with, as
    'mkdocs-material 9.8.2'; empty when every version is the checked one."""
    found = []
    for name, verified in VERIFIED_WITH.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "(not found)"
        if installed != verified:
            found.append(f"{name} {installed}")
    return found


@functools.cache
def _say_once(message: str) -> None:
    """An info line, once per process (`vmv serve` builds again on every edit)."""
    notices.info(message)


def _mkdocs_alone() -> bool:
    """Whether MkDocs' own build runs without anything of vmv's: asked for, or other versions."""
    if os.environ.get(VMV_ENGINE_ENV) == "mkdocs":
        return True
    unverified = unverified_versions()
    if unverified:
        checked = " and ".join(f"{name} {version}" for name, version in VERIFIED_WITH.items())
        _say_once(
            f"building with MkDocs' own build, which is slower: vmv's faster build is checked "
            f"with {checked}, and {', '.join(unverified)} {'is' if len(unverified) == 1 else 'are'} "
            "installed (install vmv with its constraints.txt to get it)"
        )
    return bool(unverified)


def _fits(config: MkDocsConfig) -> bool:
    """Whether `build` gives MkDocs' output exactly for this configuration."""
    return set(config.plugins) <= SEARCH_PLUGINS and NavFragments().install(config.theme.get_env())


def _overlaps(files: Files, config: MkDocsConfig, pages: list[Page]) -> bool:
    """Whether a page is written where a static file or a theme template is: MkDocs writes
    those first, and the page wins, so they cannot be written at the same time."""
    others = {os.path.normpath(f.abs_dest_path) for f in files.static_pages()}
    others |= {os.path.normpath(os.path.join(config.site_dir, t)) for t in config.theme.static_templates}
    others |= {os.path.normpath(os.path.join(config.site_dir, t)) for t in config.extra_templates}
    return any(os.path.normpath(page.file.abs_dest_path) in others for page in pages)


def build(
    config: MkDocsConfig,
    *,
    serve_url: str | None = None,
    workers: int | None = None,
    in_worker: WorkerHook | None = None,
) -> LiveSite | None:
    """`mkdocs build`, with the navigation rendered once per folder and pages in parallel.

    Returns the built site for `LiveSite.update`, or None when MkDocs' own build ran.
    `in_worker` is called in each worker process before each page (for tests).
    """
    if _mkdocs_alone():
        mkdocs_build.build(config, serve_url=serve_url)
        return None
    if not _fits(config):
        config.plugins["vmv/nav-fragments"] = NavFragmentsPlugin()
        mkdocs_build.build(config, serve_url=serve_url)
        return None
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        clean_directory(config.site_dir)

        files = mkdocs_build.get_files(config)  # type: ignore[attr-defined]  # re-exported by MkDocs
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        pages: list[Page] = []
        for file in files.documentation_pages(inclusion=inclusion):
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                Page(None, file, config)
            assert file.page is not None
            pages.append(file.page)
        count = workers if workers is not None else workers_for(len(pages))
        sizes = [len(page.file.content_bytes) for page in pages]
        limits = PageLimits(SECONDS_PER_PAGE, SECONDS_PER_MILLION_CHARACTERS)
        work = PageWork(config, files, nav, env, pages, limits)
        # Titles from the navigation: no page's HTML waits for another page's Markdown, and
        # each worker reads and writes its own pages in one pass; unless a page is written
        # where a static file is, which MkDocs writes first.
        one_pass = all("title" in vars(page) for page in pages) and not _overlaps(files, config, pages)
        if one_pass:
            for page in pages:
                # Other pages' settings (icon, status) show in each page's navigation.
                page.read_source(config)
                page.markdown = None
        else:
            populated = run_pages(populate, work, shares_of(sizes, count), count, in_worker=in_worker)
            for page, state in zip(pages, populated, strict=True):
                links = state.pop("links_to_anchors")
                for name, value in state.items():
                    setattr(page, name, value)
                page.links_to_anchors = links_to_files(files, links)

        env = config.plugins.on_env(env, config=config, files=files)
        NavFragments().install(env)

        def write_the_rest() -> None:
            files.copy_static_files(inclusion=inclusion)
            for template in config.theme.static_templates:
                mkdocs_build._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                mkdocs_build._build_extra_template(template, files, config, nav)

        work = PageWork(
            config, files, nav, env, pages, limits, files.documentation_pages(inclusion=inclusion)
        )
        if one_pass:
            # Markdown takes about 0.75 µs a character; a page's template, 4 ms.
            costs = [3 * size // 4 + 4000 for size in sizes]
            done = run_pages(
                populate_and_build, work, shares_of(costs, count), count, write_the_rest, in_worker
            )
            entries = []
            for page, (anchors, links, page_entries) in zip(pages, done, strict=True):
                page.present_anchor_ids = anchors
                page.links_to_anchors = links_to_files(files, links)
                entries.append(page_entries)
        else:
            write_the_rest()
            # Most of a page's cost is its navigation, the same for every page.
            costs = [len(p.content or "") // 8 + 4000 for p in pages]
            entries = run_pages(build_page, work, shares_of(costs, count), count, in_worker=in_worker)

        search = search_index(config)
        if search is not None:
            search.entries[:] = [entry for page_entries in entries for entry in page_entries]

        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            engine_log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise
    return LiveSite(work, entries)
