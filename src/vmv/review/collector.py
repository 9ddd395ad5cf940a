"""Matching items across two editions and collecting what changed: by id, by text
(a reworded text is one change, not a removal and an addition), and by order."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any, TypeVar

from vmv.core.changes import Change, ChangeKind, Impact, normalized

T = TypeVar("T")


# -- text ---------------------------------------------------------------------------

_REWORDING = 0.3
"""Two texts at least this similar are one text reworded, not one removed and one added."""


MAX_PAIRINGS = 2_500
"""Most (removed, added) text pairs compared for rewording; beyond, they stay removed and added."""
MAX_WORD_PAIRS = 1_000_000
"""Above this many (old, new) word pairs, two texts are compared as bags of words: the word
by word comparison takes time that grows with the product (2,500 pairings of 2,000-word
texts took 17 s; of 8,000-word texts, minutes), and the texts come from pull requests."""


def similarity(old: list[str], new: list[str]) -> float:
    """How alike two texts are, word by word (0 to 1); 0 when they cannot reach `_REWORDING`."""
    # SequenceMatcher's ratio depends on argument order; sorting them keeps the diff symmetric.
    first, second = sorted((old, new))
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < _REWORDING or matcher.quick_ratio() < _REWORDING:
        return 0.0
    if len(first) * len(second) > MAX_WORD_PAIRS:
        return matcher.quick_ratio()
    return matcher.ratio()


def text_impact(old: str | None, new: str | None, substantive: Impact) -> Impact | None:
    if old == new:
        return None
    if old is not None and new is not None and normalized(old) == normalized(new):
        return Impact.PATCH
    return substantive


# -- building blocks ------------------------------------------------------------------


class ChangeCollector:
    """The changes found so far, and the ways of matching items that find them."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, kind: ChangeKind, path: str, old: Any, new: Any, severity: Impact, group: str) -> None:
        self.changes.append(Change(kind, path, old, new, severity, group))

    def text(self, path: str, old: str | None, new: str | None, substantive: Impact, group: str) -> None:
        impact = text_impact(old, new, substantive)
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
                -similarity(words["old", i], words["new", j]),
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
