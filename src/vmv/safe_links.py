"""A Markdown extension that keeps links from running script.

Text from vmv.yaml is shown as text, never as HTML; but Markdown itself can
make a link to `javascript:` or `data:`, which would run in the reader's
browser. This tree processor removes such addresses from every link and
image of every page. vmv adds it to the site's Markdown extensions.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

UNSAFE_SCHEMES = ("javascript", "vbscript", "data", "file")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def is_unsafe(address: str) -> bool:
    """Whether browsers would treat the address as one of the unsafe schemes."""
    # Browsers ignore white space and control characters inside the scheme.
    squeezed = _CONTROL.sub("", address).lower()
    return any(squeezed.startswith(f"{scheme}:") for scheme in UNSAFE_SCHEMES)


class _SafeLinks(Treeprocessor):
    """An unsafe link becomes its plain text, an unsafe image its description."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            address = element.get("href") if element.tag == "a" else element.get("src")
            if element.tag not in ("a", "img") or address is None or not is_unsafe(address):
                continue
            description = element.get("alt", "")
            element.attrib.clear()
            if element.tag == "img":
                element.text = description
            element.tag = "span"


class SafeLinksExtension(Extension):
    """Registers the processor after inline parsing, when links exist as elements."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_SafeLinks(md), "vmv_safe_links", 0)


def makeExtension(**options: object) -> SafeLinksExtension:
    return SafeLinksExtension(**options)
