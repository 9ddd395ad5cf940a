"""Problems the engine finds in a translated site, at the file the translator edits.

A page the translation leaves in the source language keeps the source's links, anchors
included ('übergabe.md#offene-maße-prüfen'); the translated page they lead to has its
headings in its own language, and their anchors differ ('#寸法の確認'). The source site
was built, so the link is right: what the translation lacks is the anchor, and the
fix is to give the heading that translates the source's heading the source's anchor.
Headings are paired by their position among the page's second-level and deeper
headings, as a translation keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify_unicode

from vmv.core.boundary import RefusedPath, read_inside
from vmv.core.load.playbook_files import split_front_matter
from vmv.core.yaml_reader import ReadError
from vmv.errors import Location, Problem

_MISSING_ANCHOR = re.compile(
    r"the page contains a link '[^']*', but the page '(?P<target>[^']+)' "
    r"does not contain an anchor '#(?P<anchor>[^']+)'"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(?P<level>#{2,6})\s+(?P<words>.*?)\s*#*\s*$")
_GIVEN_ANCHOR = re.compile(r"\s*\{:?\s*#(?P<anchor>[^\s}]+)[^}]*\}\s*$")
"""An anchor written after a heading with attr_list: `## Words { #anchor }`."""


@dataclass(frozen=True)
class _Heading:
    line: int
    level: int
    words: str
    anchor: str


def _headings(root: Path, file: str) -> list[_Heading]:
    """The second-level and deeper headings of a page's Markdown, outside code blocks."""
    try:
        text = read_inside(root, file).decode("utf-8", "replace")
        _, body, _ = split_front_matter(text, file)
    except (RefusedPath, ReadError):
        return []
    found, fenced = [], False
    for number, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading is None:
            continue
        words = heading.group("words")
        given = _GIVEN_ANCHOR.search(words)
        words = _GIVEN_ANCHOR.sub("", words)
        anchor = given.group("anchor") if given else slugify_unicode(words, "-")
        found.append(_Heading(number, len(heading.group("level")), words, anchor))
    return found


def anchor_target(problem: Problem) -> str | None:
    """The page whose anchor `problem` says is missing; None for another problem."""
    missing = _MISSING_ANCHOR.search(problem.summary)
    return missing["target"] if missing else None


def _at_translation(problem: Problem, files: Mapping[str, str], root: Path) -> Problem:
    """A link from a page in the source language to an anchor its translated target lacks,
    at the heading of the translation that should carry it; any other problem as it is."""
    missing = _MISSING_ANCHOR.search(problem.summary)
    if missing is None or missing["target"] not in files or problem.location.file in files.values():
        return problem  # a link the translator wrote is reported where it is written
    target, anchor, translation = missing["target"], missing["anchor"], files[missing["target"]]
    source = _headings(root, target)
    place = next((n for n, heading in enumerate(source) if heading.anchor == anchor), None)
    if place is None:
        return problem
    translated = _headings(root, translation)
    words, location = "...", Location(translation, 1, 1)
    if place < len(translated):
        words = translated[place].words
        location = Location(translation, translated[place].line, 1)
    example = f"{'#' * source[place].level} {words} {{ #{anchor} }}"
    return Problem(
        location,
        f"{problem.location.file} links to the heading '{source[place].words}' of {target} "
        f"('#{anchor}'), which this translation has under another anchor",
        code=problem.code,
        hint=f"give the heading that translates it the source's anchor: {example}",
    )


def at_translations(problems: Sequence[Problem], files: Mapping[str, str], root: Path) -> list[Problem]:
    """`problems` of a translated site, each at the file to edit; one line per missing anchor,
    however many pages link to it."""
    placed: dict[tuple[Location, str], Problem] = {}
    for problem in problems:
        moved = _at_translation(problem, files, root)
        key = (moved.location, moved.summary if moved is problem else moved.hint or "")
        placed.setdefault(key, moved)
    return list(placed.values())
