"""Each translation against today's source: every item current, stale or missing.

An item is `missing` while it has no text, `current` when the fingerprint it was
translated from is today's source's, and `stale` when the source changed in meaning
since (a trivial edit keeps the fingerprint: items.py).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from vmv.core.boundary import files_under, is_present
from vmv.core.inputs import PLAYBOOK_DIR, TRANSLATIONS_DIR
from vmv.core.model import document as model
from vmv.core.translations.files import (
    Entry,
    PageTranslation,
    TranslationFile,
    file_name_problem,
    language_problem,
    orphan_page_problem,
    read_page_translation,
    read_translation_file,
)
from vmv.core.translations.items import SourceItem, source_items
from vmv.core.translations.languages import (
    MAX_TRANSLATIONS,
    TRANSLATION_SUFFIX,
    is_language_tag,
    language_name,
    page_translation,
    translated_page,
    translation_file,
)
from vmv.errors import Location, Problem, ProblemCode, Severity

if TYPE_CHECKING:
    from vmv.core.load.project import Page


class ItemState(enum.StrEnum):
    """Where a translated item stands; the values are the contract's JSON."""

    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class ItemStatus:
    """One source item and the state of its translation."""

    item: SourceItem
    state: ItemState

    @property
    def path(self) -> str:
        """The item's path; a page's is its file (`playbook/hiring.md`)."""
        return self.item.path


@dataclass(frozen=True)
class Translation:
    """A translation as written, and the state of each of the source's items in it."""

    file: TranslationFile
    statuses: tuple[ItemStatus, ...]
    """Every translatable item of today's source, in reading order."""

    @property
    def language(self) -> str:
        return self.file.language

    def state(self, path: str) -> ItemState:
        return next(s.state for s in self.statuses if s.path == path)

    def summary(self) -> dict[str, int]:
        """How many items are in each state, in the contract's order."""
        return {state.value: sum(1 for s in self.statuses if s.state is state) for state in ItemState}

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this language."""
        return {
            "language": self.language,
            "summary": self.summary(),
            "items": [{"path": s.path, "state": s.state.value} for s in self.statuses],
        }


def item_state(item: SourceItem, entry: Entry | None, page: PageTranslation | None) -> ItemState:
    """The state of one item's translation (`page` for a page, `entry` for the rest)."""
    if item.page:
        if page is None or not page.body.strip():
            return ItemState.MISSING
        written = page.source
    else:
        if entry is None or entry.text is None:
            return ItemState.MISSING
        written = entry.source
    return ItemState.CURRENT if written == item.fingerprint else ItemState.STALE


def _statuses(
    items: Sequence[SourceItem], file: TranslationFile
) -> tuple[tuple[ItemStatus, ...], list[Problem]]:
    statuses, problems = [], []
    for item in items:
        entry = file.entries.get(item.path)
        state = item_state(item, entry, file.pages.get(item.path))
        statuses.append(ItemStatus(item, state))
        written = entry.text if entry is not None else None
        if state is ItemState.CURRENT and isinstance(written, tuple) and len(written) != len(item.text):
            assert entry is not None
            problems.append(
                Problem(
                    entry.location,
                    f"{len(written)} texts translate the source's {len(item.text)}",
                    item.path,
                    severity=Severity.WARNING,
                    code=ProblemCode.TRANSLATION_LIST_LENGTH,
                    hint="translate each of the source's texts, in its order",
                )
            )
    return tuple(statuses), problems


def _language_files(root: Path) -> tuple[list[str], list[Problem]]:
    """The languages of translations/, and a warning for each other file there."""
    files, problems = files_under(root, TRANSLATIONS_DIR, recursive=False)
    languages = []
    for file in files:
        stem = PurePosixPath(file.name).name.removesuffix(TRANSLATION_SUFFIX)
        if file.name.endswith(TRANSLATION_SUFFIX) and is_language_tag(stem):
            languages.append(stem)
        else:
            problems.append(file_name_problem(file.name))
    if len(languages) > MAX_TRANSLATIONS:
        return [], [*problems, too_many_translations(len(languages))]
    return sorted(languages), problems


def too_many_translations(count: int) -> Problem:
    """More files in translations/ than vmv reads (`MAX_TRANSLATIONS`)."""
    return Problem(
        Location(TRANSLATIONS_DIR),
        f"{TRANSLATIONS_DIR}/ holds {count:,} translations, and vmv builds a site in at most "
        f"{MAX_TRANSLATIONS} languages; none is read",
        code=ProblemCode.TRANSLATION_TOO_MANY,
        hint="keep one file for each language the site is translated into",
    )


def _orphan_pages(root: Path, languages: list[str], pages: Sequence[Page]) -> list[Problem]:
    """Translated pages whose page does not exist: renamed or removed since."""
    files, _ = files_under(root, PLAYBOOK_DIR, include=lambda name: name.endswith(".md"))
    sources = {page.source for page in pages}
    problems = []
    for file in files:
        translated = translated_page(file.name, set(languages))
        if translated is not None and translated[0] not in sources:
            problems.append(orphan_page_problem(file.name, translated[0]))
    return problems


def load_translation(
    root: Path, document: model.Document, pages: Sequence[Page], language: str
) -> tuple[Translation | None, list[Problem]]:
    """The translation into `language` (every item missing when it has no file yet), checked
    against the source; None when its file cannot be read. And every problem found."""
    items = source_items(document, pages)
    problems: list[Problem] = []
    translated: dict[str, PageTranslation] = {}
    for page in pages:
        if is_present(root, page_translation(page.source, language)):
            read, found = read_page_translation(root, page.source, language)
            problems += found
            if read is not None:
                translated[page.source] = read
    entries: dict[str, Entry] | None = {}
    name = translation_file(language)
    language_at = Location(name)
    if is_present(root, name):
        entries, language_at, found = read_translation_file(root, language, {i.path: i for i in items})
        problems += found
    if entries is None:
        return None, problems
    file = TranslationFile(language, name, entries, translated, language_at)
    statuses, found = _statuses(items, file)
    return Translation(file, statuses), problems + found


def load_translations(
    root: Path, document: model.Document, pages: Sequence[Page], source_language: str | None = None
) -> tuple[tuple[Translation, ...], list[Problem]]:
    """Every translation of the repository at `root` (a file in translations/), checked
    against the source (written in `source_language`, when known), and every problem found."""
    languages, problems = _language_files(root)
    if not languages:
        return (), problems
    problems += _orphan_pages(root, languages, pages)
    translations = []
    for language in languages:
        translation, found = load_translation(root, document, pages, language)
        problems += found
        if translation is not None and language == source_language:
            summary = (
                f"{language} is the site's own language (theme.language in mkdocs.yml): "
                "its text is vmv.yaml and playbook/ themselves"
            )
            problems.append(
                language_problem(translation.file, summary, ProblemCode.TRANSLATION_SOURCE_LANGUAGE)
            )
        elif translation is not None:
            translations.append(translation)
    return tuple(translations), problems


def translation_file_problems(root: Path) -> list[Problem]:
    """The problems of the translations that need no source, reported when vmv.yaml or a
    page cannot be read, with their problems: the files' names, shapes and languages, and
    the translated pages' front matter."""
    languages, problems = _language_files(root)
    for language in languages:
        problems += read_translation_file(root, language, None)[2]
    files, _ = files_under(root, PLAYBOOK_DIR, include=lambda name: name.endswith(".md"))
    for file in files:
        translated = translated_page(file.name, set(languages))
        if translated is not None:
            problems += read_page_translation(root, *translated)[1]
    return problems


def status_text(translation: Translation, in_language: str = "en") -> str:
    """The status for a terminal: a summary line, then each item not current."""
    counts = translation.summary()
    name = language_name(translation.language, in_language)
    summary = ", ".join(f"{count} {state}" for state, count in counts.items())
    lines = [f"{translation.language} ({name}): {summary}"]
    width = max(len(state.value) for state in ItemState)
    lines += [
        f"  {s.state.value:<{width}}  {s.path}"
        for s in translation.statuses
        if s.state is not ItemState.CURRENT
    ]
    # One item, one line: a path holds a glossary term, which may hold a carriage return,
    # and CI runners read '::command' at the start of any line of a job's output.
    return "\n".join(line.replace("\r", "\\r").replace("\n", "\\n") for line in lines) + "\n"


def status_json(translations: Sequence[Translation]) -> str:
    """One JSON object per language, one per line (JSON Lines: `jq` and line-by-line
    readers take it as it comes)."""
    return "".join(json.dumps(t.as_dict(), ensure_ascii=False) + "\n" for t in translations)


def status_output(translations: Sequence[Translation], output_format: str) -> str:
    """`vmv translate status` in `output_format` (text or json)."""
    if output_format == "json":
        return status_json(translations)
    shown = "".join(status_text(t) for t in translations)
    return shown or "no translations yet: start one with 'vmv translate LANG'\n"


def made_stale(
    document: model.Document, pages: Sequence[Page], translations: Sequence[Translation]
) -> dict[str, list[str]]:
    """The items of each of `translations` (checked against a newer source) that were current
    against the source `document` and `pages` and are stale now: by language, those with any."""
    before = {item.path: item.fingerprint for item in source_items(document, pages)}
    found = {t.language: stale_paths(before, t) for t in translations}
    return {language: paths for language, paths in found.items() if paths}


def stale_paths(before: Mapping[str, str], translation: Translation) -> list[str]:
    """The items of `translation` that were current against a source whose fingerprints
    were `before` (path -> fingerprint), and are stale against today's: what the change
    from that source to today's made stale."""
    made = []
    for status in translation.statuses:
        if status.state is not ItemState.STALE:
            continue
        item = status.item
        written = (
            translation.file.pages[item.path].source
            if item.page
            else translation.file.entries[item.path].source
        )
        if written is not None and before.get(item.path) == written:
            made.append(item.path)
    return made
