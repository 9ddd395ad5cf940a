"""The settings MkDocs reads from the start of a page, limited to those vmv's pages use.

MkDocs takes a YAML front matter block, or `key: value` lines, at the start of a
page as the page's settings, and Material prints some of them unescaped: `title`
in the header and `<title>`, `description` in a `<meta>` tag, `template` picks
the page's template (`redirect.html` puts `location` into a script). A company's
template, or a playbook page whose body comes first, could start with such lines.
So a rendered page starts with settings vmv writes: `hide` (parts of Material's
layout) and `search` (exclude, boost), the only ones vmv's own templates set.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from vmv.core.yaml_reader import ReadError, parse_yaml

HIDDEN_PARTS = frozenset({"navigation", "toc", "footer", "path", "feedback", "tags"})
"""What a page's `hide` setting may name: parts of Material's layout."""

# The same block MkDocs' `mkdocs.utils.meta` reads (and a `key:` line it would start to).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_SETTING_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")
NO_SETTINGS = "---\n{}\n---\n\n"


def _allowed(settings: dict[Any, Any]) -> dict[str, Any]:
    allowed: dict[str, Any] = {}
    hide = settings.get("hide")
    if isinstance(hide, list):
        allowed["hide"] = [part for part in hide if isinstance(part, str) and part in HIDDEN_PARTS]
    search = settings.get("search")
    if isinstance(search, dict):
        kept: dict[str, Any] = {}
        if isinstance(search.get("exclude"), bool):
            kept["exclude"] = search["exclude"]
        boost = search.get("boost")
        if isinstance(boost, int | float) and not isinstance(boost, bool) and math.isfinite(boost):
            kept["boost"] = boost
        allowed["search"] = kept
    return allowed


def allowed_settings(page: str) -> str:
    """`page` (Markdown) starting with settings MkDocs reads as exactly the allowed ones."""
    # MkDocs decodes pages with 'utf-8-sig': a byte order mark would not stop it reading settings.
    page = page.removeprefix("\ufeff")
    block = _FRONT_MATTER.match(page)
    if block is None:
        return NO_SETTINGS + page if _SETTING_LINE.match(page) else page
    try:
        settings = parse_yaml(block.group(1), "page settings").data
    except ReadError:
        settings = None
    if not isinstance(settings, dict):
        # What MkDocs might still read stays on the page, as text after vmv's settings.
        return NO_SETTINGS + page
    return "---\n" + json.dumps(_allowed(settings), sort_keys=True) + "\n---\n\n" + page[block.end() :]
