"""A built site kept in memory, so that `vmv serve` rebuilds only the pages an edit changed.

(`live.py` is the development server that shows it.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.commands import build as mkdocs_build

from vmv.engine.mkdocs.page_work import PageWork, build_page, search_index

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class LiveSite:
    """MkDocs' pages, navigation and search entries of a build, to write single pages again.

    Valid while the navigation stays the same: the caller compares it and builds
    everything again when it differs.
    """

    def __init__(self, work: PageWork, entries: list[list[Any]]):
        self.work = work
        self._index = {page.file.src_uri: n for n, page in enumerate(work.pages)}
        self._entries = entries
        """Each page's search entries, in page order."""

    @property
    def config(self) -> MkDocsConfig:
        return self.work.config

    def moved_to(self, site_dir: str) -> None:
        """The built folder was renamed to `site_dir` (an atomic swap): write there from now on."""
        self.work.config.site_dir = site_dir
        for file in self.work.files:
            file.dest_dir = site_dir
            file.__dict__.pop("abs_dest_path", None)  # a cached_property of the old place

    def update(self, texts: dict[str, str], failed: Callable[[], bool]) -> bool:
        """Render the pages whose Markdown changed, and the search index; False, with
        nothing written, when a change reaches other pages (a title or page settings),
        and the whole site must be built again. Nothing is written either when MkDocs
        complained (`failed`) about the new Markdown: the site stays as it was."""
        config, files, pages = self.work.config, self.work.files, self.work.pages
        changed = [self._index[uri] for uri in texts]
        for index in changed:
            page = pages[index]
            before = (page.title, dict(page.meta))
            page.file.content_string = texts[page.file.src_uri]
            mkdocs_build._populate_page(page, config, files)
            if (page.title, page.meta) != before:
                return False
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if failed():
            return True
        for index in changed:
            self._entries[index] = build_page(self.work, pages[index])
        search = search_index(config)
        if search is not None:
            search.entries[:] = [entry for page_entries in self._entries for entry in page_entries]
        config.plugins.on_post_build(config=config)
        return True
