"""A Markdown extension that keeps, in every page's HTML, exactly what vmv's pages are made of.

Templates escape the text of vmv.yaml, but Markdown still makes markup from text
(an attribute list such as `{ onclick=... }` works in any field), and playbook
pages may hold raw HTML. So once Markdown has made a page's HTML, the page keeps
only the elements and attributes that Material's Markdown, the pymdownx
extensions and vmv's own templates and scripts use (`ELEMENTS`), and links to
http, https, mailto, tel or relative addresses. nh3 (Rust's ammonia) removes the
rest, parsing the page as a browser would: scripts, event handlers, styles,
frames, forms that send anywhere.

nh3 writes the document it keeps in its own form (`¶` for `&para;`, `<br>` for
`<br />`). A page that holds nothing outside the allowlist, in the plain form
Python-Markdown writes, is kept byte for byte instead (`_plainly_allowed`).

The extension also makes a Markdown link to a refused address plain text, its
description kept. (The table of contents needs nothing: Python-Markdown's toc
strips tags from a heading's entry and keeps its text escaped.)
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link or an image may use; addresses without a scheme are relative, and allowed."""

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "title"})
"""Attributes any allowed element may have."""

_USED_BY: dict[str, dict[str, str]] = {
    "Python-Markdown": {
        "a": "href name",
        "abbr": "",
        "blockquote": "",
        "br": "",
        "code": "",
        "dd": "",
        "div": "",
        "dl": "",
        "dt": "",
        "em": "",
        "h1": "",
        "h2": "",
        "h3": "",
        "h4": "",
        "h5": "",
        "h6": "",
        "hr": "",
        "img": "src alt width height loading align",
        "li": "",
        "ol": "start",
        "p": "",
        "pre": "",
        "strong": "",
        "sub": "",
        "sup": "",
        "table": "",
        "tbody": "",
        "td": "align style",
        "th": "align style colspan",
        "thead": "",
        "tr": "",
        "ul": "",
    },
    "pymdownx": {
        "del": "",
        "details": "open",
        "div": "data-tabs",
        "figcaption": "",
        "figure": "",
        "input": "type checked disabled name",
        "ins": "",
        "kbd": "",
        "label": "for",
        "mark": "",
        "path": "d",
        "span": "data-linenos",
        "summary": "",
        "svg": "viewBox xmlns",
    },
    "vmv's templates, charts and scripts": {
        "button": "type data-vmv-check data-vmv-copy-link data-vmv-print data-vmv-reset",
        "circle": "cx cy r data-period data-value",
        "desc": "",
        "div": "aria-live data-fingerprint data-scenario data-vmv-edition data-vmv-progress data-vmv-score "
        "data-vmv-site hidden role",
        "fieldset": "hidden",
        "form": "data-vmv-filters hidden",
        "h2": "data-vmv-area",
        "input": "autocomplete value",
        "legend": "",
        "li": "data-answer data-best data-fingerprint data-step data-vmv-area data-vmv-status data-vmv-values",
        "line": "x1 x2 y1 y2 data-target",
        "ol": "data-vmv-edition data-vmv-site",
        "option": "value",
        "p": "aria-live data-vmv-needs-script hidden",
        "polyline": "points",
        "progress": "aria-label max value",
        "select": "name",
        "span": "data-vmv-answered data-vmv-best data-vmv-count data-vmv-done data-vmv-score-of data-vmv-steps "
        "hidden",
        "svg": "aria-labelledby role",
        "text": "x y text-anchor",
        "title": "",
        "ul": "data-vmv-site",
    },
}


def _merged() -> dict[str, frozenset[str]]:
    elements: dict[str, set[str]] = {}
    for used in _USED_BY.values():
        for tag, names in used.items():
            elements.setdefault(tag, set()).update(names.split())
    return {tag: frozenset(names) for tag, names in sorted(elements.items())}


ELEMENTS = _merged()
"""Each element a page may hold, with the attributes it may have besides `GLOBAL_ATTRIBUTES`."""

ATTRIBUTE_VALUES: dict[str, dict[str, frozenset[str]]] = {
    "button": {"type": frozenset({"button"})},
    "input": {"type": frozenset({"checkbox", "date", "radio", "text"})},
    "td": {"align": frozenset({"center", "left", "right"})},
    "th": {"align": frozenset({"center", "left", "right"})},
}
"""Attributes allowed with these values only: no button submits a form, no field uploads a file."""

STYLE_PROPERTIES = frozenset({"text-align"})
"""The only property a `style` (of a table cell, which Markdown aligns so) may set."""

RESERVED_IDS = frozenset({"__config"})
"""Ids a page may not give an element: Material reads its settings (the search worker's
address, the versions' address) from the first element with id `__config`, which it
writes after the page's content."""


def _unreserved_id(tag: str, attribute: str, value: str) -> str | None:
    return None if attribute == "id" and value in RESERVED_IDS else value


_CLEANER = nh3.Cleaner(
    tags=set(ELEMENTS),
    clean_content_tags={"script", "style"},
    attributes={
        "*": set(GLOBAL_ATTRIBUTES),
        **{tag: set(names - ATTRIBUTE_VALUES.get(tag, {}).keys()) for tag, names in ELEMENTS.items()},
    },
    tag_attribute_values={
        tag: {name: set(values) for name, values in restricted.items()}
        for tag, restricted in ATTRIBUTE_VALUES.items()
    },
    url_schemes=set(URL_SCHEMES),
    attribute_filter=_unreserved_id,
    filter_style_properties=set(STYLE_PROPERTIES),
    # vmv's links need no rel, and ammonia's default would add one to every link.
    link_rel=None,
    strip_comments=True,
)

_AROUND_ADDRESS = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def is_allowed_address(address: str) -> bool:
    """Whether a link or image may point at `address`, as the browser reads it (after
    character references are decoded): a relative address or one of `URL_SCHEMES`."""
    # Browsers drop tabs and line breaks anywhere in an address, and controls and spaces around it.
    squeezed = address.replace("\t", "").replace("\n", "").replace("\r", "").strip(_AROUND_ADDRESS)
    scheme = _SCHEME.match(squeezed)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


# -- links Markdown made: a refused one becomes its text -----------------------------

_KEPT_REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)
"""Character references Python-Markdown's serializer writes as they are (others get `&amp;`)."""


def _as_written(address: str) -> str:
    """The address a browser reads from the attribute Python-Markdown writes for `address`."""
    return _KEPT_REFERENCE.sub(lambda reference: html.unescape(reference.group(0)), address)


class _RefusedLinks(Treeprocessor):
    """A link to a refused address becomes its text, an image its description: the
    reader sees what the author wrote, and nothing to click."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            address = element.get("href") if element.tag == "a" else element.get("src")
            if element.tag not in ("a", "img") or address is None:
                continue
            if is_allowed_address(address) and is_allowed_address(_as_written(address)):
                continue
            description = element.get("alt", "")
            element.attrib.clear()
            if element.tag == "img":
                element.text = description
            element.tag = "span"


# -- the page's HTML ------------------------------------------------------------------

_SPACE = "[ \t\n\f\r]"
_NAME = "[A-Za-z][A-Za-z0-9:-]*"
_VALUE = '"[^"<]*"'
_ATTRIBUTES = re.compile(f"{_SPACE}+({_NAME})(?:=({_VALUE}))?")
_TAG = re.compile(f"<(/?)([A-Za-z][A-Za-z0-9]*)((?:{_SPACE}+{_NAME}(?:={_VALUE})?)*){_SPACE}*(/?)>")
_VOID_ELEMENTS = frozenset({"br", "hr", "img", "input"})
_SVG_ELEMENTS = frozenset({"svg", "circle", "desc", "line", "path", "polyline", "text", "title"})
_ALIGNED = re.compile(r"text-align: (?:left|center|right);")
_LOWERCASE_ELEMENTS = {tag.lower(): {name.lower() for name in names} for tag, names in ELEMENTS.items()}


def _attribute_allowed(tag: str, name: str, value: str | None) -> bool:
    if name not in GLOBAL_ATTRIBUTES and name not in _LOWERCASE_ELEMENTS[tag]:
        return False
    values = ATTRIBUTE_VALUES.get(tag, {}).get(name)
    if values is not None:
        return value in values
    if name == "style":
        return value is not None and _ALIGNED.fullmatch(value) is not None
    if name == "id":
        # A character reference could spell a reserved id.
        return value is not None and "&" not in value and value not in RESERVED_IDS
    if name in ("href", "src"):
        # Only `&amp;` may stand for a character: no other reference can hide a scheme.
        plain = (value or "").replace("&amp;", "")
        return "&" not in plain and is_allowed_address((value or "").replace("&amp;", "&"))
    return True


def _plainly_allowed(page: str) -> bool:
    """Whether `page` is text without `<` and balanced tags in the plain form Python-Markdown
    writes (names of ASCII letters and digits, values in double quotes without `<`), each
    element and attribute allowed, and inside an SVG only SVG elements.

    Such a page has no comment, no `<!`, no character a browser could read as the start of
    another tag: a browser reads exactly these tags, so it keeps exactly what nh3 would;
    and, balanced, it ends with the page around it as it found it, as nh3's output does.
    """
    tags = 0
    open_tags: list[str] = []
    for match in _TAG.finditer(page):
        tags += 1
        closing, tag, attributes, self_closing = match.groups()
        tag = tag.lower()
        in_svg = "svg" in open_tags
        if tag not in _LOWERCASE_ELEMENTS or (tag in _SVG_ELEMENTS) != (in_svg or tag == "svg"):
            return False
        if closing:
            if attributes or not open_tags or open_tags.pop() != tag:
                return False
            continue
        # `/>` ends an element in an SVG only; elsewhere it ends the void ones, which end anyway.
        if tag not in _VOID_ELEMENTS and not (self_closing and tag in _SVG_ELEMENTS):
            open_tags.append(tag)
        for attribute in _ATTRIBUTES.finditer(attributes):
            name, value = attribute.groups()
            if not _attribute_allowed(tag, name.lower(), value and value[1:-1]):
                return False
    # Each tag holds exactly one `<`: any other `<` would start what was not checked.
    return not open_tags and tags == page.count("<")


def clean_html(page: str) -> str:
    """`page` with only the allowed elements, attributes and addresses."""
    return page if _plainly_allowed(page) else _waiting_in_python(_CLEANER.clean, page)


def _waiting_in_python(clean: Callable[[str], str], page: str) -> str:
    """`clean(page)` in another thread, waited for in short steps.

    nh3's parser takes time that grows with the nesting depth times the number of tags
    (100,000 nested `<div>` take 12 s; a page's 2,000,000 characters, minutes), in one
    call that releases the interpreter but runs no Python: the page's time limit
    (mkdocs_fast) can only stop Python code. It stops this wait; the thread ends with
    the process, which the failed page ends.
    """
    outcome: list[str | Exception] = []

    def run() -> None:
        try:
            outcome.append(clean(page))
        except Exception as error:  # raised again below, in the page's own thread
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True, name="vmv-sanitize")
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


class _Sanitize(Postprocessor):
    def run(self, text: str) -> str:
        return clean_html(text)


LAST = -1000
"""Below every postprocessor of the extensions vmv allows (the lowest is 20): nothing a
Markdown extension adds comes after the sanitizer."""


class SanitizeExtension(Extension):
    """Registers the link processor once links exist as elements, and the sanitizer last."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_RefusedLinks(md), "vmv_refused_links", 0)
        md.postprocessors.register(_Sanitize(md), "vmv_sanitize", LAST)


def makeExtension(**options: object) -> SanitizeExtension:
    return SanitizeExtension(**options)
