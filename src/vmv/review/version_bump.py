"""The version a change needs: the contract's bump rule, and the edition block's own changes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vmv.core.changes import Diff, Impact
from vmv.core.versions import parse_version


def edition_changes(diff: Diff) -> Iterator[tuple[str, Any, Any]]:
    """The edition block's differences: shown in a report's header, never counted."""
    before, after = diff.old.document.edition, diff.new.document.edition
    for name in ("version", "date", "approved_by", "summary"):
        if getattr(before, name) != getattr(after, name):
            yield name, getattr(before, name), getattr(after, name)


def _version(text: str) -> tuple[int, int, int]:
    version = parse_version(text)
    assert version is not None, text  # edition.version is validated
    return version


def minimum_version(diff: Diff) -> str:
    """The lowest `edition.version` the new edition may have, given what changed."""
    major, minor, patch = _version(diff.old.document.edition.version)
    lowest = {
        Impact.MAJOR: (major + 1, 0, 0),
        Impact.MINOR: (major, minor + 1, 0),
        Impact.PATCH: (major, minor, patch + 1),
        Impact.NONE: (major, minor, patch),
    }[diff.severity]
    return ".".join(str(part) for part in lowest)


def version_problem(diff: Diff) -> str | None:
    """Why the new edition's version is too low for its changes, or None when it is fine."""
    needed = minimum_version(diff)
    found = diff.new.document.edition.version
    if _version(found) >= _version(needed):
        return None
    counts = impact_counts(diff)[diff.severity] if diff.changes else 0
    reason = f"{counts} {diff.severity.value} change{'s' if counts != 1 else ''}" if counts else "no change"
    return (
        f"edition.version must be at least {needed} for {reason} since "
        f"{diff.old.document.edition.version}, found {found}"
    )


def impact_counts(diff: Diff) -> dict[Impact, int]:
    """How many changes of each severity."""
    return {i: sum(1 for c in diff.changes if c.severity is i) for i in Impact}
