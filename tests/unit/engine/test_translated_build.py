"""A problem found while building a translated site says which language's site it is in."""

from __future__ import annotations

from vmv.engine.mkdocs.translated_build import in_language
from vmv.errors import Location, Problem, ProblemCode


def test_the_language_follows_the_words_or_stands_alone() -> None:
    worded = Problem(Location("playbook/a.de.md", 3), "no such page", code=ProblemCode.TRANSLATION_LANGUAGE)
    assert in_language(worded, "de").message == "no such page (in the de site)"
    bare = Problem(
        Location("mkdocs.yml", 1), "", code=ProblemCode.TRANSLATION_LANGUAGE, expected="a page", found="none"
    )
    assert in_language(bare, "de").message == "in the de site, expected a page, found none"
