"""Building the site in each language it is translated into, beside the source's: each
in its own folder (`de/`), with its own search index, and Material's language selector
on every page (languages.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from vmv.core.render.rendered_site import RenderedSite
from vmv.engine.mkdocs.build import Edition, _run_engine, _write_sitemap, load_engine_config
from vmv.engine.mkdocs.config import copy_site_files
from vmv.engine.mkdocs.languages import alternates, language_docs, language_of
from vmv.engine.mkdocs.translated_problems import at_translations
from vmv.errors import InvalidInput, Problem


def build_translations(
    source: RenderedSite, root: Path, docs_dir: Path, site_dir: Path, edition: Edition | None
) -> None:
    """Build each of `source.translations`, staged beside `docs_dir`, into its language's
    folder of `site_dir`; a problem says which language's site it is in."""
    for translated in source.translations:
        language = language_of(translated)
        try:
            _build(translated, source, root, language_docs(docs_dir, language), site_dir / language, edition)
        except InvalidInput as error:
            placed = at_translations(error.problems, translated.page_files, root)
            raise InvalidInput([in_language(p, language) for p in placed]) from None
        if edition is not None and not translated.site.site_url:
            _write_sitemap(site_dir / language, f"{language}/{edition.label}")


def in_language(problem: Problem, language: str) -> Problem:
    """`problem` saying which language's site it is in: after its words, or alone when it
    has none (its expected and found values follow)."""
    where = f"in the {language} site"
    return replace(problem, summary=f"{problem.summary} ({where})" if problem.summary else where)


def _build(
    translated: RenderedSite,
    source: RenderedSite,
    root: Path,
    docs_dir: Path,
    site_dir: Path,
    edition: Edition | None,
) -> None:
    copy_site_files(translated.site, root, docs_dir)
    selector = alternates(source, language_of(translated), edition.label if edition else None)

    def run(_: Callable[[], bool]) -> None:
        config = load_engine_config(translated, docs_dir, site_dir, edition, selector)
        from vmv.engine.mkdocs.fast import build as fast_build

        fast_build(config)

    _run_engine(root, docs_dir, translated.source_date, run, translated.page_files)
