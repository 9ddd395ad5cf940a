"""The whole edition on one printable page: its pages' Markdown, put together.

Each included page keeps its text; its headings move one level down and its
relative links are rewritten for the handbook's place in the site, so they
still lead to the same pages.
"""

from __future__ import annotations

import functools
import posixpath
import re

_LINK = re.compile(r"(\]\(\s*<?)([^\s)>#]*)(#[^\s)>]*)?")
HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
"""An address with a scheme (https:, mailto:) is not a link inside the site."""
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]: .*$")


@functools.lru_cache(maxsize=65_536)
def relative_path(target: str, start: str) -> str:
    """`posixpath.relpath` for paths inside the site. relpath asks the OS for the
    working directory on every call, and a large site makes tens of thousands."""
    target_parts = [p for p in posixpath.normpath(target).split("/") if p not in ("", ".")]
    start_parts = [p for p in posixpath.normpath(start).split("/") if p not in ("", ".")]
    common = 0
    for mine, theirs in zip(target_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def rebase_links(markdown: str, source: str, target: str) -> str:
    """Relative links written for the page at `source`, rewritten for the page at `target`."""
    source_dir = posixpath.dirname(source)
    target_dir = posixpath.dirname(target) or "."

    def rewrite(match: re.Match[str]) -> str:
        address, anchor = match.group(2), match.group(3) or ""
        if not address:
            # A link within the page: in the handbook it goes to the page itself.
            return match.group(1) + relative_path(source, target_dir) + anchor
        if HAS_SCHEME.match(address) or address.startswith("/"):
            return match.group(0)
        joined = posixpath.normpath(posixpath.join(source_dir, address))
        return match.group(1) + relative_path(joined, target_dir) + anchor

    return _LINK.sub(rewrite, markdown)


_PAGE_SETTINGS = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
"""A page's settings for the engine (`search: boost`), which mean nothing in the handbook."""


def section(markdown: str, source: str, target: str) -> str:
    """A page's Markdown as a section of the handbook at `target`."""
    lines, fenced = [], False
    for line in rebase_links(_PAGE_SETTINGS.sub("", markdown, count=1), source, target).split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and _ABBREVIATION.match(line):
            continue  # the handbook has its own glossary lines
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines).strip() + "\n"
