"""Glossary tooltips in every script: the abbreviation lines each page gets, and a
Markdown extension (`vmv.core.markdown.abbreviations`) that finds the terms in any script.

Python-Markdown's `abbr` finds a term only between word boundaries (`\\b`). In
Japanese or Chinese there is no space between words, so `顧客` in `顧客の声` or
`NPS` in `NPSを見る` is never found. Here a term may not touch letters of a
script that separates words with spaces (Latin, Greek, Cyrillic, Arabic,
Hebrew, Devanagari ...), while CJK characters count as a boundary. The rest
(the `*[term]: definition` lines, the `<abbr>` elements) is `abbr`'s own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor

from vmv.core.model import document as model
from vmv.core.render.template_filters import plain_text

_SPACED_LETTER = (
    r"[^\W\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
    r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
"""A letter, digit or '_' of a script that separates words with spaces: anything `\\w`
matches except Thai, Lao, Myanmar, Khmer, CJK, kana, Hangul and full-width forms. Korean
separates words with spaces, but joins particles to nouns (NPS를), so it is here too."""


def abbreviation_lines(document: model.Document) -> str:
    """Markdown abbreviation lines that give glossary terms a hover definition on every page."""
    lines = []
    for entry in document.glossary:
        # Text: Python-Markdown writes a character reference in a title as it is, and the
        # browser would read `&lt;` back as `<`. A line without a definition would show as text.
        definition = plain_text(entry.definition).replace("&", "&amp;")
        if definition:
            lines += [f"*[{term}]: {definition}" for term in _spellings(entry.term)]
    # One definition per block: Python-Markdown takes a block of definitions one line at a
    # time, passing the rest through every block processor again (quadratic). Same HTML.
    return "\n\n" + "\n\n".join(lines) + "\n" if lines else ""


def _spellings(term: str) -> list[str]:
    """The ways a term appears in running text: 'Front line', 'front line', 'front-line'.
    Abbreviations such as NPS or eNPS are matched as written. None when the term cannot be
    an abbreviation (Markdown's syntax has no backslash in one): its line would show as text."""
    term = " ".join(term.split()).replace("]", "")
    if not term or "\\" in term:
        return []
    if any(c.isupper() for c in term[1:]):
        return [term]
    forms = {term, term.lower(), term[:1].upper() + term[1:].lower()}
    forms |= {f.replace(" ", "-") for f in forms} | {f.replace("-", " ") for f in forms}
    return sorted(forms)


class _AnyScriptAbbreviations(AbbrTreeprocessor):
    """`abbr`'s tree processor with boundaries that work without spaces."""

    def run(self, root: etree.Element) -> None:
        if not self.abbrs:
            return None
        terms = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(term) for term in terms)
        self.RE = re.compile(f"(?<!{_SPACED_LETTER})(?:{alternatives})(?!{_SPACED_LETTER})")
        self.iter_element(root)
        return None


class AbbreviationsExtension(Extension):
    """Replaces `abbr`'s tree processor; `abbr` must be loaded first (vmv loads both)."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "abbr" not in md.treeprocessors:
            return
        current = md.treeprocessors["abbr"]
        if isinstance(current, AbbrTreeprocessor):
            md.treeprocessors.register(_AnyScriptAbbreviations(md, current.abbrs), "abbr", 7)


def makeExtension(**options: object) -> AbbreviationsExtension:
    return AbbreviationsExtension(**options)
