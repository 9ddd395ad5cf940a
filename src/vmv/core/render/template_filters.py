"""Filters and helpers that templates can use: table cells, quotes, links relative to
the page, plain text for tooltips. Those that write words (dates, durations) are in
labels.py, in the site's language."""

from __future__ import annotations

import html
import posixpath
import random
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

import jinja2
import jinja2.bccache
import markdown
from markupsafe import Markup, escape

from vmv.core.render.handbook import HAS_SCHEME, relative_path
from vmv.core.translations.marking import MarkedText


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str) -> str:
    """Markdown to one line of plain text (for tooltips and descriptions)."""
    try:
        made = markdown.markdown(html.escape(text, quote=False))
    except RecursionError:
        # Lists or quotes nested hundreds deep: the text as written. The page that shows the
        # Markdown itself names the problem (mkdocs_fast).
        return " ".join(text.split())
    extractor = _TextExtractor()
    extractor.feed(made)
    return " ".join("".join(extractor.parts).split())


def cell(text: Any) -> Markup:
    """Text safe inside a Markdown table cell: one line, and a pipe (escaped or not)
    shown as a pipe instead of starting a new cell."""
    one_line = " ".join(str(escape(text)).split())
    return Markup(one_line.replace("\\|", "|").replace("|", "&#124;"))


def quote(text: Any) -> Markup:
    """Markdown blockquote of possibly several paragraphs."""
    lines = str(escape(text)).strip().split("\n")
    return Markup("\n".join(f"> {line}".rstrip() for line in lines))


def indent_block(text: Any, width: int = 4) -> Markup:
    """Continuation lines indented so that multi-paragraph text stays inside a list item."""
    lines = str(escape(text)).strip().split("\n")
    pad = " " * width
    return Markup("\n".join([lines[0], *[(pad + line if line else "") for line in lines[1:]]]))


def shuffled(items: Sequence[Any], seed: str) -> list[Any]:
    """The same order on every build (seeded by `seed`), but not the order written:
    in a quiz, the best answer should not always come first."""
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def _relative(page_path: str, target: str) -> str:
    return relative_path(target, posixpath.dirname(page_path) or ".")


@jinja2.pass_context
def link(context: Any, target: str) -> str:
    """Relative link from the page being rendered to another page of the site."""
    return _relative(context["page_path"], target)


_MARKDOWN_LINK = re.compile(r"(\]\(\s*<?)([^\s)>]+)")


@jinja2.pass_context
def site_relative_links(context: Any, value: Any) -> Any:
    """Every `{{ value }}`: links in vmv.yaml text are written from the site's root
    (`playbook/hiring.md`), and the same text appears on pages at several depths,
    so each link is made relative to the page it lands on."""
    if isinstance(value, MarkedText):
        # On a translated site: the text with its mark, and a notice when it is outdated.
        return value.shown(
            site_relative_links(context, str(value)), context["page_path"], context.get("labels", {})
        )
    if not isinstance(value, str) or isinstance(value, Markup) or "](" not in value:
        return value

    def rewrite(match: re.Match[str]) -> str:
        target = match.group(2)
        if HAS_SCHEME.match(target) or target.startswith(("/", "#")):
            return match.group(0)
        return match.group(1) + _relative(context["page_path"], target)

    return _MARKDOWN_LINK.sub(rewrite, value)
