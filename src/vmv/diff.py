"""Semantic diff of two editions: what changed in meaning, and how much.

Items match by id (values, owners, questions, standards), by term (glossary)
or by their text (behaviours, examples), never by position: a reorder is
`moved`. Every change gets a severity from the contract's table; the diff's
severity is the highest of them. Nothing here prints: `diff_report` turns a
`Diff` into Markdown or JSON, and the site's "What changed" page uses the same
`Diff`.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, TypeVar

from .load import Page, Project
from .model import Document, Question, Standard
from .versions import parse_version

T = TypeVar("T")


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


# -- text ---------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalized(text: str) -> str:
    """Text without case, punctuation or spacing: equal for trivial edits."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


_REWORDING = 0.3
"""Two texts at least this similar are one text reworded, not one removed and one added."""


MAX_PAIRINGS = 2_500
"""Most (removed, added) text pairs compared for rewording; beyond, they stay removed and added."""
MAX_WORD_PAIRS = 1_000_000
"""Above this many (old, new) word pairs, two texts are compared as bags of words: the word
by word comparison takes time that grows with the product (2,500 pairings of 2,000-word
texts took 17 s; of 8,000-word texts, minutes), and the texts come from pull requests."""


def _similarity(old: list[str], new: list[str]) -> float:
    """How alike two texts are, word by word (0 to 1); 0 when they cannot reach `_REWORDING`."""
    # SequenceMatcher's ratio depends on argument order; sorting them keeps the diff symmetric.
    first, second = sorted((old, new))
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < _REWORDING or matcher.quick_ratio() < _REWORDING:
        return 0.0
    if len(first) * len(second) > MAX_WORD_PAIRS:
        return matcher.quick_ratio()
    return matcher.ratio()


def _text_impact(old: str | None, new: str | None, substantive: Impact) -> Impact | None:
    if old == new:
        return None
    if old is not None and new is not None and normalized(old) == normalized(new):
        return Impact.PATCH
    return substantive


# -- building blocks ------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, kind: ChangeKind, path: str, old: Any, new: Any, severity: Impact, group: str) -> None:
        self.changes.append(Change(kind, path, old, new, severity, group))

    def text(self, path: str, old: str | None, new: str | None, substantive: Impact, group: str) -> None:
        impact = _text_impact(old, new, substantive)
        if impact is None:
            return
        if old is None:
            self.add(ChangeKind.ADDED, path, None, new, substantive, group)
        elif new is None:
            self.add(ChangeKind.REMOVED, path, old, None, substantive, group)
        else:
            self.add(ChangeKind.CHANGED, path, old, new, impact, group)

    def fields(
        self, path: str, before: Any, after: Any, names: Sequence[str], impact: Impact, group: str
    ) -> None:
        """Text fields of one item, each compared on its own."""
        for name in names:
            field_path = f"{path}.{name}" if path else name
            self.text(field_path, getattr(before, name), getattr(after, name), impact, group)

    def ids(self, path: str, old: Sequence[str], new: Sequence[str], substantive: Impact, group: str) -> None:
        """A list of ids (values a page serves): membership matters, order is a patch."""
        if list(old) == list(new):
            return
        impact = substantive if set(old) != set(new) else Impact.PATCH
        kind = ChangeKind.CHANGED if set(old) != set(new) else ChangeKind.MOVED
        self.add(kind, path, list(old), list(new), impact, group)

    def moves(
        self, path: str, old_keys: Sequence[str], new_keys: Sequence[str], group: Callable[[str], str]
    ) -> None:
        """Items present in both whose order changed: those outside the longest common order."""
        old_position = {key: index for index, key in enumerate(old_keys)}
        common = [
            (old_position[key], index, key) for index, key in enumerate(new_keys) if key in old_position
        ]
        kept = _longest_increasing([old for old, _, _ in common])
        for old, new, key in common:
            if old not in kept:
                self.add(
                    ChangeKind.MOVED,
                    f"{path}[{key}]",
                    f"position {old + 1}",
                    f"position {new + 1}",
                    Impact.PATCH,
                    group(key),
                )

    def keyed(
        self,
        path: str,
        old: Sequence[T],
        new: Sequence[T],
        key: Callable[[T], str],
        describe: Callable[[T], str],
        compare: Callable[[str, T, T], None],
        impact: Impact,
        group: Callable[[T], str],
    ) -> None:
        """Lists of items with a stable key: added, removed, moved, then each pair compared."""
        old_by_key = {key(item): item for item in old}
        new_by_key = {key(item): item for item in new}
        for item in old:
            if key(item) not in new_by_key:
                self.add(
                    ChangeKind.REMOVED, f"{path}[{key(item)}]", describe(item), None, impact, group(item)
                )
        for item in new:
            if key(item) not in old_by_key:
                self.add(ChangeKind.ADDED, f"{path}[{key(item)}]", None, describe(item), impact, group(item))
        self.moves(path, list(old_by_key), list(new_by_key), lambda k: group(new_by_key[k]))
        for item_key, item in new_by_key.items():
            if item_key in old_by_key:
                compare(f"{path}[{item_key}]", old_by_key[item_key], item)

    def texts(
        self, path: str, old: Sequence[str], new: Sequence[str], substantive: Impact, group: str
    ) -> None:
        """Lists of texts with no ids (behaviours, examples, paragraphs): matched by their words.

        Matching is symmetric, so that swapping the editions swaps added and removed.
        """
        old_left, new_left = list(range(len(old))), list(range(len(new)))
        pairs: list[tuple[int, int]] = []
        for same in (str.__eq__, lambda a, b: normalized(a) == normalized(b)):
            for i in list(old_left):
                j = next((j for j in new_left if same(old[i], new[j])), None)
                if j is not None:
                    pairs.append((i, j))
                    old_left.remove(i)
                    new_left.remove(j)
        words = {("old", i): normalized(old[i]).split() for i in old_left}
        words |= {("new", j): normalized(new[j]).split() for j in new_left}
        pairs_to_try = [(i, j) for i in old_left for j in new_left][:MAX_PAIRINGS]
        candidates = sorted(
            (
                -_similarity(words["old", i], words["new", j]),
                i + j,
                min(old[i], new[j]),
                max(old[i], new[j]),
                i,
                j,
            )
            for i, j in pairs_to_try
        )
        for negative_ratio, *_, i, j in candidates:
            if -negative_ratio >= _REWORDING and i in old_left and j in new_left:
                pairs.append((i, j))
                old_left.remove(i)
                new_left.remove(j)
        in_order = _longest_increasing([j for _, j in sorted(pairs)])
        for i, j in sorted(pairs, key=lambda pair: pair[1]):
            if j not in in_order:
                self.add(ChangeKind.MOVED, path, old[i], new[j], Impact.PATCH, group)
            self.text(path, old[i], new[j], substantive, group)
        for i in old_left:
            self.add(ChangeKind.REMOVED, path, old[i], None, substantive, group)
        for j in new_left:
            self.add(ChangeKind.ADDED, path, None, new[j], substantive, group)


def _longest_increasing(numbers: list[int]) -> set[int]:
    """The members of one longest increasing subsequence (patience sorting, n log n):
    the items that kept their order. The numbers are distinct positions."""
    tails: list[int] = []  # tails[k]: index of the smallest end of a run of length k + 1
    tail_values: list[int] = []
    previous: list[int] = [-1] * len(numbers)
    for index, number in enumerate(numbers):
        length = bisect.bisect_left(tail_values, number)
        if length:
            previous[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
            tail_values.append(number)
        else:
            tails[length] = index
            tail_values[length] = number

    kept: set[int] = set()
    index = tails[-1] if tails else -1
    while index != -1:
        kept.add(numbers[index])
        index = previous[index]
    return kept


# -- the document ---------------------------------------------------------------------

VISION_GROUP = "Vision and mission"
METADATA_GROUP = "Organization, owners and glossary"


def _value_group(value: Any) -> str:
    return f"Value: {value.name} ({value.id})"


def _document_changes(old: Document, new: Document, out: _Collector) -> None:
    out.fields(
        "organization", old.organization, new.organization, ("name", "tagline"), Impact.PATCH, METADATA_GROUP
    )
    out.fields("", old, new, ("vision", "mission"), Impact.MAJOR, VISION_GROUP)

    def compare_owner(path: str, before: Any, after: Any) -> None:
        out.fields(path, before, after, ("name", "role"), Impact.PATCH, METADATA_GROUP)

    out.keyed(
        "owners",
        old.owners,
        new.owners,
        lambda o: o.id,
        lambda o: o.name,
        compare_owner,
        Impact.PATCH,
        lambda _: METADATA_GROUP,
    )

    def compare_value(path: str, before: Any, after: Any) -> None:
        group = _value_group(after)
        impact = _text_impact(before.name, after.name, Impact.MINOR)
        if impact is not None:
            out.add(ChangeKind.RENAMED, path, before.name, after.name, impact, group)
        out.fields(path, before, after, ("statement", "why"), Impact.MINOR, group)
        out.texts(f"{path}.behaviors.do", before.behaviors.do, after.behaviors.do, Impact.MINOR, group)
        out.texts(
            f"{path}.behaviors.avoid", before.behaviors.avoid, after.behaviors.avoid, Impact.MINOR, group
        )
        out.texts(f"{path}.examples", before.examples, after.examples, Impact.MINOR, group)

    out.keyed(
        "values",
        old.values,
        new.values,
        lambda v: v.id,
        lambda v: f"{v.name}: {v.statement}",
        compare_value,
        Impact.MAJOR,
        _value_group,
    )

    _onboarding_changes(old, new, out)

    def compare_term(path: str, before: Any, after: Any) -> None:
        out.fields(path, before, after, ("term", "definition"), Impact.PATCH, METADATA_GROUP)

    out.keyed(
        "glossary",
        old.glossary,
        new.glossary,
        lambda g: g.term.casefold(),
        lambda g: f"{g.term}: {g.definition}",
        compare_term,
        Impact.PATCH,
        lambda _: METADATA_GROUP,
    )


ONBOARDING_GROUP = "Onboarding and the values self-check"


def _onboarding_changes(old: Document, new: Document, out: _Collector) -> None:
    def group(_: Any) -> str:
        return ONBOARDING_GROUP

    def compare_step(path: str, before: Any, after: Any) -> None:
        out.fields(
            path,
            before,
            after,
            ("title", "action", "value", "page", "section"),
            Impact.MINOR,
            ONBOARDING_GROUP,
        )
        out.text(f"{path}.minutes", str(before.minutes), str(after.minutes), Impact.MINOR, ONBOARDING_GROUP)

    def compare_path(path: str, before: Any, after: Any) -> None:
        out.fields(path, before, after, ("name", "audience", "description"), Impact.MINOR, ONBOARDING_GROUP)
        out.keyed(
            f"{path}.steps",
            before.steps,
            after.steps,
            lambda s: s.id,
            lambda s: s.title,
            compare_step,
            Impact.MINOR,
            group,
        )

    def best(scenario: Any) -> str:
        return next((a.text for a in scenario.answers if a.best), "")

    def compare_scenario(path: str, before: Any, after: Any) -> None:
        out.fields(path, before, after, ("situation", "value"), Impact.MINOR, ONBOARDING_GROUP)
        texts = ([a.text for a in before.answers], [a.text for a in after.answers])
        out.texts(f"{path}.answers", *texts, Impact.MINOR, ONBOARDING_GROUP)
        feedback = ([a.feedback for a in before.answers], [a.feedback for a in after.answers])
        out.texts(f"{path}.feedback", *feedback, Impact.MINOR, ONBOARDING_GROUP)
        out.text(f"{path}.best", best(before), best(after), Impact.MINOR, ONBOARDING_GROUP)

    out.keyed(
        "onboarding.paths",
        old.onboarding.paths,
        new.onboarding.paths,
        lambda p: p.id,
        lambda p: p.name,
        compare_path,
        Impact.MINOR,
        group,
    )
    out.keyed(
        "onboarding.scenarios",
        old.onboarding.scenarios,
        new.onboarding.scenarios,
        lambda s: s.id,
        lambda s: s.situation,
        compare_scenario,
        Impact.MINOR,
        group,
    )


# -- the playbook ---------------------------------------------------------------------


def _page_group(page: Page) -> str:
    return f"Playbook: {page.title} ({page.source})"


def paragraphs(body: str) -> list[str]:
    """A page body as paragraphs (blocks separated by blank lines)."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", body) if block.strip()]


def _playbook_items(pages: Sequence[Page], kind: str) -> list[tuple[Page, Any]]:
    return [(page, item) for page in pages for item in getattr(page.meta, kind)]


def _compare_item(out: _Collector, path: str, before: tuple[Page, Any], after: tuple[Page, Any]) -> None:
    (old_page, old_item), (new_page, new_item) = before, after
    group = _page_group(new_page)
    if old_page.source != new_page.source:
        out.add(ChangeKind.MOVED, path, old_page.source, new_page.source, Impact.PATCH, group)
    fields = (
        ("area", "text")
        if isinstance(new_item, Question)
        else ("name", "promise", "owner", "metric", "target")
    )
    out.fields(path, old_item, new_item, fields, Impact.MINOR, group)
    old_values = old_item.values or old_page.meta.values
    new_values = new_item.values or new_page.meta.values
    out.ids(f"{path}.values", old_values, new_values, Impact.MINOR, group)


def _describe_item(item: Question | Standard) -> str:
    return item.text if isinstance(item, Question) else f"{item.name}: {item.target}"


def _playbook_changes(old: Sequence[Page], new: Sequence[Page], out: _Collector) -> None:
    old_pages = {p.source: p for p in old}
    new_pages = {p.source: p for p in new}
    for source, page in old_pages.items():
        if source not in new_pages:
            out.add(ChangeKind.REMOVED, f"pages[{source}]", page.title, None, Impact.MINOR, _page_group(page))
    for source, page in new_pages.items():
        if source not in old_pages:
            out.add(ChangeKind.ADDED, f"pages[{source}]", None, page.title, Impact.MINOR, _page_group(page))
            continue
        before = old_pages[source]
        path, group = f"pages[{source}]", _page_group(page)
        out.text(f"{path}.title", before.title, page.title, Impact.MINOR, group)
        out.ids(f"{path}.values", before.meta.values, page.meta.values, Impact.MINOR, group)
        out.text(f"{path}.owner", before.meta.owner, page.meta.owner, Impact.PATCH, group)
        out.ids(f"{path}.audience", before.meta.audience, page.meta.audience, Impact.PATCH, group)
        out.texts(f"{path}.body", paragraphs(before.body), paragraphs(page.body), Impact.MINOR, group)
    for kind in ("questions", "standards"):
        out.keyed(
            kind,
            _playbook_items(old, kind),
            _playbook_items(new, kind),
            lambda pair: pair[1].id,
            lambda pair: _describe_item(pair[1]),
            lambda path, before, after: _compare_item(out, path, before, after),
            Impact.MINOR,
            lambda pair: _page_group(pair[0]),
        )


def diff_projects(old: Project, new: Project) -> Diff:
    """Every change from `old` to `new`, in reading order of the new edition."""
    out = _Collector()
    _document_changes(old.document, new.document, out)
    _playbook_changes(old.pages, new.pages, out)
    return Diff(old, new, tuple(out.changes))


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
