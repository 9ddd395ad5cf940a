"""Texts a translated site shows with a mark: an item not translated yet, in the source
language and marked with its `lang`, and a translation older than its source, with a
notice that links to the source's current text on the Translations page.

A marked text is a `str` (templates compare, join and test it like any text) that knows
how to show itself. Where a template prints it, `{{ text }}`, the notice is added
(`shown`, called by the environment's finalize, which knows the page); where a filter
escapes it (a table cell, a quote) it keeps its mark through `__html__`, without the notice;
where it becomes plain text (a tooltip, the navigation) it is plain text.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from markupsafe import Markup, escape

from vmv.core.render.handbook import relative_path

STATUS_PAGE = "translations.md"
"""The Translations page, where each outdated item's current source text is."""

NOTICE_LABEL = "translations.state_stale"
"""The words of the notice beside an outdated text (the catalogue, labels.py)."""

_BLOCK_START = re.compile(r"^\s*([-*+>#|]|\d+[.)]|```|~~~|!!!|\?\?\?)")
"""Markdown that starts a block: such a text is marked as a block, not within a line."""


def _is_block(text: str) -> bool:
    return bool(re.search(r"\n\s*\n", text.strip())) or bool(_BLOCK_START.match(text))


def _wrapped(text: str, attributes: str) -> Markup:
    """`text`, escaped as any text from vmv.yaml, in an element carrying `attributes`: a
    block that Markdown still reads (md_in_html) for paragraphs, a span within a line."""
    shown = escape(text)
    if _is_block(text):
        return Markup(f'<div {attributes} markdown="1">\n\n{shown}\n\n</div>')
    return Markup(f"<span {attributes}>{shown}</span>")


class MarkedText(str):
    """A text of a translated site that carries a mark."""

    attributes: str
    """The attributes of the element around it, written as HTML."""

    def __new__(cls, text: str, attributes: str) -> MarkedText:
        made = super().__new__(cls, text)
        made.attributes = attributes
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled with the rest of a rendering result (isolation.py).
        return (type(self), (str(self), self.attributes))

    def __html__(self) -> str:
        return str(_wrapped(str(self), self.attributes))

    def shown(self, text: str, page_path: str, labels: dict[str, str]) -> Markup:
        """The text as a page shows it (`text`: this text with its links made relative)."""
        return _wrapped(text, self.attributes)


def untranslated(text: str, language: str) -> MarkedText:
    """A source text shown as it is, in `language`, on a translated site."""
    return MarkedText(text, f'lang="{escape(language)}"')


class OutdatedText(MarkedText):
    """A translation older than the source it was made from."""

    anchor: str
    """Where the Translations page shows the source's current text."""

    def __new__(cls, text: str, attributes: str, anchor: str = "") -> OutdatedText:
        made = super().__new__(cls, text, attributes)
        assert isinstance(made, OutdatedText)
        made.anchor = anchor
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.attributes, self.anchor))

    def shown(self, text: str, page_path: str, labels: dict[str, str]) -> Markup:
        link = relative_path(STATUS_PAGE, posixpath.dirname(page_path) or ".")
        words = escape(labels.get(NOTICE_LABEL, "stale"))
        notice = f"[{words}]({link}#{self.anchor})"
        marked = _wrapped(text, self.attributes)
        if _is_block(text):
            return marked + Markup(f'\n\n<p class="vmv-outdated-notice" markdown="span">{notice}</p>')
        return marked + Markup(f' <span class="vmv-outdated-notice">({notice})</span>')


def outdated(text: str, anchor: str) -> OutdatedText:
    """A translation shown with a notice that it is older than its source."""
    return OutdatedText(text, 'class="vmv-outdated"', anchor)
