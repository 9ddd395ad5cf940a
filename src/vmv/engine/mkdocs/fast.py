"""MkDocs' build, with the same output in a fraction of the time on large sites.

Part of the MkDocs adapter (with mkdocs_engine.py). Profiles of MkDocs + Material
put most of a large build in two places:

- The navigation, which Material renders again into every page: its cost grows
  with the square of the number of pages. `mkdocs_navigation.NavFragments`
  renders each part of it once for all the pages that see it the same way.
- Markdown and page templates, which MkDocs runs one page after another. `build`
  runs them in forked worker processes that take chunks of pages as they finish,
  and merges what they return (anchors, search entries, warnings) in page order.

`LiveSite` keeps a built site in memory, for `vmv serve` to rebuild single pages.

`build` follows `mkdocs.commands.build.build` step for step. Where it could not
keep the output identical, it hands over to MkDocs' own build: with plugins other
than search, whose state would be split across processes, or with a Material
whose navigation template has an unknown shape. Tests build sites both ways and
compare every byte.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import InclusionLevel, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from vmv.core.render.sandbox import RenderTimeout, time_limit
from vmv.engine.mkdocs.navigation import NavFragments, NavFragmentsPlugin

log = logging.getLogger("mkdocs.vmv")

"""Ways of seeing the navigation whose HTML is kept; neighbouring pages share theirs."""

SEARCH_PLUGINS = frozenset({"search", "material/search"})
MIN_PAGES_PER_WORKER = 40
"""Below this, forking costs more than it saves."""

WORKERS_ENV = "VMV_WORKERS"
"""`VMV_WORKERS=N` builds with N processes instead of one per core."""
VMV_ENGINE_ENV = "VMV_ENGINE"
"""`VMV_ENGINE=mkdocs` builds with MkDocs' own build, for comparisons."""
SECONDS_PER_PAGE = 10.0
SECONDS_PER_MILLION_CHARACTERS = 2.0
"""A page may take 10 s plus 2 s per million characters of Markdown to become HTML: the
2,039-page synthetic site's handbook (9.2 million characters) takes 5.4 s, its other pages
at most 0.3 s. Python-Markdown takes time that grows with the square of some inputs (20,000
'[' take a minute), and pages come from pull requests."""


@dataclasses.dataclass(frozen=True)
class PageFailed:
    """A page that could not become HTML within vmv's limits, in place of its result: its
    path in the docs and why, in words that follow "the page" (how MkDocs names a page)."""

    page: str
    reason: str


# What forked workers read: set just before forking, so children inherit it.
_shared: dict[str, Any] = {}


class _RecordKeeper(logging.Handler):
    """Keeps a worker's MkDocs messages, by page, to replay them in the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.step = 0
        """0 while reading Markdown, 1 while writing pages: MkDocs reads every page first."""
        self.index = -1
        self.records: list[tuple[int, int, str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((self.step, self.index, record.name, record.levelno, record.getMessage()))


_keeper: _RecordKeeper | None = None


def _in_worker(task: Callable[[int, Page], Any], share: Sequence[int]) -> tuple[list[Any], list[Any]]:
    global _keeper
    keeper = _keeper = _RecordKeeper()
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers
    logger.handlers = [keeper]
    pages: list[Page] = _shared["pages"]
    results = []
    # Markdown makes millions of short-lived objects without cycles; the cyclic collector
    # would run thousands of times over them. Cycles made here are collected once, after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for index in share:
            keeper.index, keeper.step = index, 0
            result = _limited(task, index, pages[index])
            if isinstance(result, PageFailed):
                # MkDocs logged the error it passed on; the failure says it in vmv's words.
                keeper.records = [record for record in keeper.records if record[1] != index]
            results.append(result)
    finally:
        logger.handlers = saved
        if collecting:
            gc.enable()
    gc.collect()
    return results, keeper.records


def _limited(task: Callable[[int, Page], Any], index: int, page: Page) -> Any:
    """`task`'s result for one page; `PageFailed` past the page's time, or when its nesting
    is too deep for Python-Markdown, which recurses once per level of lists, quotes and HTML
    blocks. The other pages are still built, so that every failing page is named."""
    seconds = SECONDS_PER_PAGE + SECONDS_PER_MILLION_CHARACTERS * len(page.file.content_bytes) / 1e6
    try:
        with _time_limit(seconds):
            return task(index, page)
    except RenderTimeout:
        reason = (
            f"took longer than {seconds:.0f} s to become HTML, the limit for its size; "
            "look for long runs of brackets, stars or HTML tags"
        )
    except RecursionError:
        reason = "nests lists, quotes or HTML blocks too deeply to become HTML; flatten it"
    return PageFailed(page.file.src_uri, reason)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise `RenderTimeout` when the block runs longer than `seconds`.

    In the main thread (the command line, and each worker), by a signal: the regular
    expression engine checks for signals while it matches, and a single search of
    Python-Markdown's (an unclosed math or footnote marker, repeated) can take an hour.
    Elsewhere (`vmv serve` builds in a thread), between two Python instructions.
    """
    if threading.current_thread() is not threading.main_thread():
        with time_limit(seconds):
            yield
        return

    def expire(signal_number: int, frame: object) -> None:
        raise RenderTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _replay(records: list[tuple[int, int, str, int, str]]) -> None:
    """MkDocs' messages, in the order MkDocs' own build gives them: all pages read, then written."""
    for _, _, name, level, message in sorted(records, key=lambda r: (r[0], r[1])):
        logging.getLogger(name).log(level, message)


def _populate(index: int, page: Page) -> dict[str, Any]:
    config, files = _shared["config"], _shared["files"]
    mkdocs_build._populate_page(page, config, files)
    links = page.links_to_anchors
    return {
        "markdown": page.markdown,
        "meta": page.meta,
        "content": page.content,
        "toc": page.toc,
        "_title_from_render": page._title_from_render,
        "present_anchor_ids": page.present_anchor_ids,
        "links_to_anchors": None if links is None else {f.src_uri: v for f, v in links.items()},
    }


def _populate_and_build(index: int, page: Page) -> tuple[Any, Any, list[Any]]:
    """Both steps for one page, when no page's title waits for another's Markdown: only
    what the parent needs comes back (anchors, for checking links; search entries)."""
    state = _populate(index, page)
    if _keeper is not None:
        _keeper.step = 1
    entries = _build(index, page)
    # The worker keeps its pages; their HTML is written and no longer needed.
    page.content, page.markdown, page.toc = None, None, []  # type: ignore[assignment]
    return state["present_anchor_ids"], state["links_to_anchors"], entries


def _links_to_files(files: Any, links: dict[str, Any] | None) -> dict[Any, Any] | None:
    """A page's links to anchors, keyed by target file again (workers send the file's path)."""
    return None if links is None else {files.get_file_from_path(uri): v for uri, v in links.items()}


def _search_index(config: Any) -> Any:
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            return plugin.search_index
    return None


def _build(index: int, page: Page) -> list[Any]:
    config = _shared["config"]
    search = _search_index(config)
    before = len(search.entries) if search else 0
    mkdocs_build._build_page(
        page,
        config,
        _shared["doc_files"],
        _shared["nav"],
        _shared["env"],
        excluded=page.file.inclusion.is_excluded(),  # type: ignore[no-untyped-call]  # MkDocs' own
    )
    return search.entries[before:] if search else []


def _chunks(costs: list[int], workers: int) -> list[list[int]]:
    """Page indexes in chunks for `workers` processes to take one at a time: a page that
    costs more than its share (the handbook) alone and first, then runs of neighbouring
    pages, which share their navigation HTML. Taking chunks as they finish keeps every
    worker busy to the end, whatever the estimates got wrong."""
    if workers <= 1:
        return [list(range(len(costs)))]
    total = sum(costs) or 1
    large = [i for i in range(len(costs)) if costs[i] * workers * 4 > total]
    chunks = [[i] for i in sorted(large, key=lambda i: -costs[i])]
    rest = [i for i in range(len(costs)) if i not in set(large)]
    size = max(4, len(rest) // (workers * 8))
    chunks += [rest[start : start + size] for start in range(0, len(rest), size)]
    return chunks


def _release_free_memory() -> None:
    """Hand memory freed so far (vmv's rendering of a large site) back to the OS, where the C
    library can (glibc's malloc_trim): the workers' peak adds up with the parent's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _run(
    task: Callable[[int, Page], Any],
    pages: list[Page],
    shares: list[list[int]],
    workers: int,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[Any]:
    """Run `task` over every page, in `workers` forked processes that take the shares one at
    a time, or in this process; results come back, and MkDocs' messages are replayed, in
    page order. This process runs `meanwhile` while the workers work (or before)."""

    global _keeper
    _keeper = None
    _shared["pages"] = pages
    try:
        if workers > 1 and len(shares) > 1:
            context = multiprocessing.get_context("fork")
            _release_free_memory()
            # Objects made so far are left out of garbage collection: a collection in a worker
            # would touch them all, and copy the parent's memory into each worker.
            gc.freeze()
            try:
                with context.Pool(min(workers, len(shares))) as pool:
                    pending = pool.starmap_async(_in_worker, [(task, s) for s in shares], chunksize=1)
                    meanwhile()
                    meanwhile = lambda: None  # noqa: E731 (done; not again if a worker fails)
                    done = pending.get()
            except Exception:
                # A page that fails does so again below, in this process, with MkDocs' message.
                log.debug("a worker failed; building in one process", exc_info=True)
            else:
                ordered = sorted(
                    (index, result)
                    for share, (share_results, _) in zip(shares, done, strict=True)
                    for index, result in zip(share, share_results, strict=True)
                )
                _replay([r for _, share_records in done for r in share_records])
                return _unless_failed([result for _, result in ordered])
            finally:
                gc.unfreeze()
        meanwhile()
        try:
            results, records = _in_worker(task, range(len(pages)))
        except BaseException:
            if _keeper is not None:
                _replay(_keeper.records)
            raise
        _replay(records)
        return _unless_failed(results)
    finally:
        _keeper = None
        _shared.pop("pages", None)


def _unless_failed(results: list[Any]) -> list[Any]:
    """The results, when no page failed; otherwise each failure is an error in MkDocs' words,
    which the engine's adapter turns into a problem line at the page, and the build stops."""
    failures = [result for result in results if isinstance(result, PageFailed)]
    for failure in failures:
        log.error("Doc file '%s' %s", failure.page, failure.reason)
    if failures:
        raise Abort("Aborted with pages that could not become HTML")
    return results


def _overlaps(files: Any, config: Any, pages: list[Page]) -> bool:
    """Whether a page is written where a static file or a theme template is: MkDocs writes
    those first, and the page wins, so they cannot be written at the same time."""
    others = {os.path.normpath(f.abs_dest_path) for f in files.static_pages()}
    others |= {os.path.normpath(os.path.join(config.site_dir, t)) for t in config.theme.static_templates}
    others |= {os.path.normpath(os.path.join(config.site_dir, t)) for t in config.extra_templates}
    return any(os.path.normpath(page.file.abs_dest_path) in others for page in pages)


def workers_for(pages: int) -> int:
    """How many processes to build `pages` pages with; 1 outside the main thread, where
    forking could copy a lock another thread holds."""
    if threading.current_thread() is not threading.main_thread():
        return 1
    chosen = os.environ.get(WORKERS_ENV, "")
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    return max(1, min(os.cpu_count() or 1, pages // MIN_PAGES_PER_WORKER, 8))


def can_build(config: Any) -> bool:
    """Whether `build` gives MkDocs' output exactly for this configuration."""
    if os.environ.get(VMV_ENGINE_ENV) == "mkdocs":
        return False
    return set(config.plugins) <= SEARCH_PLUGINS and NavFragments().install(config.theme.get_env())


class LiveSite:
    """A built site kept in memory, so that `vmv serve` rebuilds only the pages an edit changed.

    Valid while the navigation stays the same: the caller compares it and builds
    everything again when it differs.
    """

    def __init__(self, config: Any, files: Any, nav: Any, env: Any, pages: list[Page], entries: list[Any]):
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.pages = pages
        self._index = {page.file.src_uri: n for n, page in enumerate(pages)}
        self._entries = entries
        self.doc_files = [page.file for page in pages]

    def moved_to(self, site_dir: str) -> None:
        """The built folder was renamed to `site_dir` (an atomic swap): write there from now on."""
        self.config.site_dir = site_dir
        for file in self.files:
            file.dest_dir = site_dir
            file.__dict__.pop("abs_dest_path", None)  # a cached_property of the old place

    def update(self, texts: dict[str, str], failed: Callable[[], bool]) -> bool:
        """Render the pages whose Markdown changed, and the search index; False, with
        nothing written, when a change reaches other pages (a title or page settings),
        and the whole site must be built again. Nothing is written either when MkDocs
        complained (`failed`) about the new Markdown: the site stays as it was."""
        config, files = self.config, self.files
        changed = [self._index[uri] for uri in texts]
        for index in changed:
            page = self.pages[index]
            before = (page.title, dict(page.meta))
            page.file.content_string = texts[page.file.src_uri]
            mkdocs_build._populate_page(page, config, files)
            if (page.title, page.meta) != before:
                return False
        for page in self.pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if failed():
            return True
        _shared.update(config=config, doc_files=self.doc_files, nav=self.nav, env=self.env)

        try:
            for index in changed:
                self._entries[index] = _build(index, self.pages[index])
        finally:
            _shared.clear()
        search = _search_index(config)
        if search is not None:
            search.entries[:] = [entry for page_entries in self._entries for entry in page_entries]
        config.plugins.on_post_build(config=config)
        return True


def build(config: Any, *, serve_url: str | None = None, workers: int | None = None) -> LiveSite | None:
    """`mkdocs build`, with the navigation rendered once per folder and pages in parallel.

    Returns the built site for `LiveSite.update`, or None when MkDocs' own build ran.
    """
    if not can_build(config):
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
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            pages.append(file.page)
        count = workers if workers is not None else workers_for(len(pages))
        sizes = [len(page.file.content_bytes) for page in pages]
        _shared.update(config=config, files=files)
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
            populated = _run(_populate, pages, _chunks(sizes, count), count)
            for page, state in zip(pages, populated, strict=True):
                links = state.pop("links_to_anchors")
                for name, value in state.items():
                    setattr(page, name, value)
                page.links_to_anchors = _links_to_files(files, links)

        env = config.plugins.on_env(env, config=config, files=files)
        NavFragments().install(env)

        def write_the_rest() -> None:
            files.copy_static_files(inclusion=inclusion)
            for template in config.theme.static_templates:
                mkdocs_build._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                mkdocs_build._build_extra_template(template, files, config, nav)

        doc_files = files.documentation_pages(inclusion=inclusion)
        _shared.update(doc_files=doc_files, nav=nav, env=env)
        if one_pass:
            # Markdown takes about 0.75 µs a character; a page's template, 4 ms.
            costs = [3 * size // 4 + 4000 for size in sizes]
            done = _run(_populate_and_build, pages, _chunks(costs, count), count, write_the_rest)
            entries = []
            for page, (anchors, links, page_entries) in zip(pages, done, strict=True):
                page.present_anchor_ids = anchors
                page.links_to_anchors = _links_to_files(files, links)
                entries.append(page_entries)
        else:
            write_the_rest()
            # Most of a page's cost is its navigation, the same for every page.
            costs = [len(p.content or "") // 8 + 4000 for p in pages]
            entries = _run(_build, pages, _chunks(costs, count), count)

        search = _search_index(config)
        if search is not None:
            search.entries[:] = [entry for page_entries in entries for entry in page_entries]

        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        _shared.clear()
    return LiveSite(config, files, nav, env, pages, entries)
