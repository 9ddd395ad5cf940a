"""Language tags: which languages a repository translates into, which playbook files are
translated pages, and what each language is called."""

from __future__ import annotations

import functools
import re
from pathlib import Path, PurePosixPath

from babel import Locale, UnknownLocaleError

from vmv.core.boundary import files_under
from vmv.core.inputs import TRANSLATIONS_DIR

LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")
"""A language tag as vmv reads it (de, pt-BR, zh-Hant): the form `theme.language` takes."""

DEFAULT_LANGUAGE = "en"
"""The source language when mkdocs.yml names none (Material's default)."""

TRANSLATION_SUFFIX = ".yaml"
MAX_TRANSLATIONS = 100
"""Translations a repository may hold: more than the 69 languages Material has words for,
so never a real repository's limit. Past it none is read: each costs a whole site's build,
and thousands of files named aa.yaml, ab.yaml, ... took minutes before being refused."""


def is_language_tag(text: str) -> bool:
    """Whether `text` is a language tag, whole: match() would take "de\n"."""
    return bool(LANGUAGE_TAG.fullmatch(text))


def translation_file(language: str) -> str:
    """`translations/de.yaml`: where the translation into `language` is kept."""
    return f"{TRANSLATIONS_DIR}/{language}{TRANSLATION_SUFFIX}"


def translation_languages(root: Path) -> list[str]:
    """The languages with a file in translations/, sorted; files not named by a language
    tag are left to the loader, which reports them."""
    files, _ = files_under(
        root, TRANSLATIONS_DIR, recursive=False, include=lambda name: name.endswith(TRANSLATION_SUFFIX)
    )
    stems = (PurePosixPath(file.name).name.removesuffix(TRANSLATION_SUFFIX) for file in files)
    return sorted(stem for stem in stems if is_language_tag(stem))


def translated_page(name: str, languages: frozenset[str] | set[str]) -> tuple[str, str] | None:
    """(the page it translates, the language) when `name` is a translated playbook page:
    `playbook/hiring.de.md` -> (`playbook/hiring.md`, `de`), for a language the repository
    translates into. Other names ending in `.xx.md` (`hiring.old.md`) stay pages."""
    stem, dot, language = name.removesuffix(".md").rpartition(".")
    if not name.endswith(".md") or not dot or language not in languages:
        return None
    return f"{stem}.md", language


def page_translation(source: str, language: str) -> str:
    """`playbook/hiring.de.md` for the page `playbook/hiring.md`."""
    return f"{source.removesuffix('.md')}.{language}.md"


@functools.cache
def language_name(language: str, in_language: str, *, title: bool = True) -> str:
    """What `language` is called in `in_language`: de in en is German, in de Deutsch; in
    a sentence (not `title`) as the language writes it there (fr: anglais). The tag itself
    for a language Babel does not know."""
    try:
        name = Locale.parse(language, sep="-").get_display_name(Locale.parse(in_language, sep="-"))
    except (UnknownLocaleError, ValueError):
        return language
    if not name:
        return language
    return name[:1].upper() + name[1:] if title else name
