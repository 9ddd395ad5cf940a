"""What the Translations page shows: for each language, how many of its items are current,
stale and missing, the source's current text of each stale item (where the notice beside
an outdated translation leads), and the items not translated yet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vmv.core.translations.items import ItemText
from vmv.core.translations.languages import language_name
from vmv.core.translations.status import ItemState, Translation
from vmv.core.translations.translated import status_anchor


@dataclass(frozen=True)
class StaleItem:
    """An item whose source changed since it was translated."""

    path: str
    anchor: str
    source: ItemText
    """The source's text today (a page's is its path: the page is beside it)."""
    page: bool


@dataclass(frozen=True)
class LanguageStatus:
    """One language on the Translations page."""

    language: str
    name: str
    """The language's name in the site's language."""
    anchor: str
    current: int
    stale: tuple[StaleItem, ...]
    missing: tuple[str, ...]


def status_rows(translations: Sequence[Translation], site_language: str) -> list[LanguageStatus]:
    """The Translations page's content, each language named in `site_language`."""
    rows = []
    for translation in translations:
        language = translation.language
        stale = tuple(
            StaleItem(s.path, status_anchor(language, s.path), s.item.text, s.item.page)
            for s in translation.statuses
            if s.state is ItemState.STALE
        )
        rows.append(
            LanguageStatus(
                language,
                language_name(language, site_language),
                f"t-{language}",
                translation.summary()[ItemState.CURRENT.value],
                stale,
                tuple(s.path for s in translation.statuses if s.state is ItemState.MISSING),
            )
        )
    return rows
