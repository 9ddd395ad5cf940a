"""A site in several languages for MkDocs and Material: where each language's pages are
staged and built, Material's language selector (`extra.alternate`), and the languages
Material has words for.

The source language is the site's root and each translation a folder beside its pages
(`de/`). In a versioned site each language has its own editions, as mike would deploy it
with a prefix (`de/2.1.0/`): Material's version selector and the outdated banner look
for `versions.json` and `latest/` beside the edition's folder, in every language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from vmv.core.render.rendered_site import RenderedSite
from vmv.core.translations.files import language_problem
from vmv.core.translations.languages import DEFAULT_LANGUAGE, language_name
from vmv.core.translations.status import Translation
from vmv.engine.mkdocs.config import material_languages
from vmv.errors import Problem, ProblemCode, closest


def language_of(rendered: RenderedSite) -> str:
    """The language a rendered site is in: its theme's."""
    return rendered.site.theme.language or DEFAULT_LANGUAGE


def language_docs(docs_dir: Path, language: str) -> Path:
    """Where the pages of the site in `language` are staged, beside the source's."""
    return docs_dir.parent / f"{docs_dir.name}-{language}"


def _root(language: str, source: str, edition: str | None) -> str:
    """The folder of the site in `language`, from the site's root (or from the versioned
    site's root, for an edition)."""
    if edition is None:
        return "" if language == source else f"{language}/"
    return f"{edition}/" if language == source else f"{language}/{edition}/"


def alternates(source: RenderedSite, current: str, edition: str | None = None) -> list[dict[str, Any]]:
    """Material's `extra.alternate` for the site in `current`: every language of `source`
    (the source first), each linking to its root relative to this one's; vmv's selector
    adds the page's own address to it (theme/partials/alternate.html)."""
    languages = [language_of(source), *(language_of(t) for t in source.translations)]
    here = _root(current, languages[0], edition)
    up = "../" * here.count("/")
    return [
        {
            "name": Markup(escape(language_name(language, language))),
            "link": "./" if language == current else up + _root(language, languages[0], edition),
            "lang": language,
        }
        for language in languages
    ]


def unsupported_languages(translations: tuple[Translation, ...]) -> list[Problem]:
    """A translation into a language Material has no words for: its pages could not be built."""
    known = material_languages()
    problems = []
    for translation in translations:
        language = translation.language
        if language in known:
            continue
        base = language.split("-", 1)[0]
        problems.append(
            language_problem(
                translation.file,
                f"Material has no words for '{language}', so the site cannot be built in it",
                ProblemCode.TRANSLATION_UNSUPPORTED_LANGUAGE,
                suggestion=base if base in known else closest(language, known),
                hint="name the file after a language Material has, such as de, pt-BR or zh-TW",
            )
        )
    return problems
