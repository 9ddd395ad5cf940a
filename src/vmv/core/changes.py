"""The vocabulary of changes between two editions: what `vmv diff` finds and the site's
"What changed" page shows. The review layer finds the changes; the core only renders them."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    # Only named in annotations: the loader reaches `normalized` through translations.
    from vmv.core.load.project import Project


class ChangeKind(enum.StrEnum):
    """What happened to an item; the values read as the contract's JSON."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"
    MOVED = "moved"


class Impact(enum.StrEnum):
    """How much a change matters, from the contract's severity table."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return list(Impact).index(self)

    @classmethod
    def highest(cls, impacts: Iterable[Impact]) -> Impact:
        return max(impacts, key=lambda i: i.rank, default=cls.NONE)


@dataclass(frozen=True)
class Change:
    """One difference between two editions."""

    kind: ChangeKind
    path: str
    """The item by id: `values[customer-first].statement`, never by index."""
    old: Any
    new: Any
    severity: Impact
    group: str = ""
    """Where a reader looks for it: a value's name, a page, "Vision and mission"."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "severity": self.severity.value,
        }


@dataclass(frozen=True)
class Diff:
    """All the changes from one edition to the next."""

    old: Project
    new: Project
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def severity(self) -> Impact:
        return Impact.highest(c.severity for c in self.changes)

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON object."""
        return {
            "old": self.old.document.edition.version,
            "new": self.new.document.edition.version,
            "severity": self.severity.value,
            "changes": [c.as_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class ChangeRow:
    """One change as the "What changed" page shows it: old and new side by side."""

    change: Change
    before: Markup
    after: Markup


ChangeGroups = list[tuple[str, list[ChangeRow]]]
"""The rows of "What changed", grouped as a reader looks for them (by value, by page)."""


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_BLANK_LINE = re.compile(r"\n\s*\n")


def normalized(text: str) -> str:
    """Text without case, punctuation or spacing: equal for trivial edits."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def paragraphs(body: str) -> list[str]:
    """A page body as the diff compares it: its paragraphs (blocks separated by blank
    lines), matched by their words, so that moving one is a `patch`."""
    return [" ".join(block.split()) for block in _BLANK_LINE.split(body) if block.strip()]
