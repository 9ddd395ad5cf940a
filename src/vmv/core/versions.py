"""Edition versions as numbers: what `vmv diff --check-version`, editions and tags compare."""

from __future__ import annotations

import re

_VERSION_AT_END = re.compile(r"(?:.*?[^\d.])?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def parse_version(text: str) -> tuple[int, int, int] | None:
    """(2, 1, 0) for '2.1.0', 'v2.1.0' or 'release-2.1.0' (a tag's prefix is not part of
    the version); None when the text does not end in such a version."""
    match = _VERSION_AT_END.fullmatch(text)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
