"""The work of turning pages into HTML, the same in a worker process as in this one.

Each step takes the build's `PageWork` and one page; it reads nothing else. `run_share`
runs a step over some of the pages, each within its time limit, and keeps MkDocs'
messages by page so that they can be replayed in the order MkDocs' own build gives them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.commands import build as mkdocs_build

from vmv.core.render.sandbox import RenderTimeout, time_limit

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

SEARCH_PLUGINS = frozenset({"search", "material/search"})

Record = tuple[int, int, str, int, str]
"""One of MkDocs' messages: step (0 reading, 1 writing), page index, logger, level, text."""


@dataclasses.dataclass(frozen=True)
class PageLimits:
    """How long one page's Markdown may take to become HTML."""

    seconds_per_page: float
    seconds_per_million_characters: float

    def seconds(self, page: Page) -> float:
        size = len(page.file.content_bytes)
        return self.seconds_per_page + self.seconds_per_million_characters * size / 1e6


@dataclasses.dataclass(frozen=True)
class PageWork:
    """Everything a page's step reads: one build's MkDocs objects and the pages' limits.

    Passed to every step. Worker processes receive it when they start, by fork, so that
    the configuration and the pages are shared until written, never copied or pickled.
    """

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    pages: list[Page]
    limits: PageLimits
    doc_files: Sequence[File] = ()
    """The pages' files, once every page's Markdown is read (for writing pages)."""


@dataclasses.dataclass(frozen=True)
class PageFailed:
    """A page that could not become HTML within vmv's limits, in place of its result: its
    path in the docs and why, in words that follow "the page" (how MkDocs names a page)."""

    page: str
    reason: str


class PageMessages(logging.Handler):
    """Keeps MkDocs' messages about a run of pages, by page, to replay them in MkDocs' order."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.step = 0
        """0 while reading Markdown, 1 while writing pages: MkDocs reads every page first."""
        self.index = -1
        self.records: list[Record] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((self.step, self.index, record.name, record.levelno, record.getMessage()))

    def forget(self, index: int) -> None:
        self.records = [record for record in self.records if record[1] != index]


Step = Callable[[PageWork, "Page", PageMessages], Any]
"""A page's work: its result is sent back from a worker, so it must pickle."""


def replay(records: Iterable[Record]) -> None:
    """MkDocs' messages, in the order MkDocs' own build gives them: all pages read, then written."""
    for _, _, name, level, message in sorted(records, key=lambda record: (record[0], record[1])):
        logging.getLogger(name).log(level, message)


def run_share(
    step: Step,
    work: PageWork,
    share: Iterable[int],
    messages: PageMessages,
    before_page: Callable[[int], None] | None = None,
) -> list[Any]:
    """`step`'s result for each page of `share` (indexes into `work.pages`), in order; a page
    that fails within vmv's limits gives `PageFailed`, and the others are still built, so
    that every failing page is named. MkDocs' messages go to `messages`."""
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers
    logger.handlers = [messages]
    results = []
    # Markdown makes millions of short-lived objects without cycles; the cyclic collector
    # would run thousands of times over them. Cycles made here are collected once, after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for index in share:
            if before_page is not None:
                before_page(index)
            messages.index, messages.step = index, 0
            result = _within_limits(step, work, work.pages[index], messages)
            if isinstance(result, PageFailed):
                # MkDocs logged the error it passed on; the failure says it in vmv's words.
                messages.forget(index)
            results.append(result)
    finally:
        logger.handlers = saved
        if collecting:
            gc.enable()
    gc.collect()
    return results


def _within_limits(step: Step, work: PageWork, page: Page, messages: PageMessages) -> Any:
    """`step`'s result for one page; `PageFailed` past the page's time, or when its nesting
    is too deep for Python-Markdown, which recurses once per level of lists, quotes and HTML
    blocks."""
    seconds = work.limits.seconds(page)
    try:
        with _time_limit(seconds):
            return step(work, page, messages)
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


def populate(work: PageWork, page: Page, messages: PageMessages | None = None) -> dict[str, Any]:
    """Read one page and make its HTML; what the other pages and the parent need of it."""
    mkdocs_build._populate_page(page, work.config, work.files)
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


def populate_and_build(work: PageWork, page: Page, messages: PageMessages) -> tuple[Any, Any, list[Any]]:
    """Both steps for one page, when no page's title waits for another's Markdown: only
    what the parent needs comes back (anchors, for checking links; search entries)."""
    state = populate(work, page)
    messages.step = 1
    entries = build_page(work, page)
    # The worker keeps its pages; their HTML is written and no longer needed.
    page.content, page.markdown, page.toc = None, None, []  # type: ignore[assignment]
    return state["present_anchor_ids"], state["links_to_anchors"], entries


def build_page(work: PageWork, page: Page, messages: PageMessages | None = None) -> list[Any]:
    """Write one page whose HTML is made; its search entries."""
    search = search_index(work.config)
    before = len(search.entries) if search else 0
    mkdocs_build._build_page(
        page,
        work.config,
        work.doc_files,
        work.nav,
        work.env,
        excluded=page.file.inclusion.is_excluded(),  # type: ignore[no-untyped-call]  # MkDocs' own
    )
    return search.entries[before:] if search else []


def search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index, whose entries each page's build adds to."""
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            return plugin.search_index
    return None


def links_to_files(files: Files, links: dict[str, Any] | None) -> dict[Any, Any] | None:
    """A page's links to anchors, keyed by target file again (workers send the file's path)."""
    return None if links is None else {files.get_file_from_path(uri): v for uri, v in links.items()}
