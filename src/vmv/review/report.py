"""A `Diff` as Markdown for a pull-request comment, or as the contract's JSON."""

from __future__ import annotations

import html
import json
import re
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup

from vmv.core.changes import ChangeGroups, ChangeKind, ChangeRow, Diff, Impact
from vmv.core.render.labels import Labels, english
from vmv.core.translations.languages import language_name
from vmv.core.translations.status import made_stale
from vmv.review.change_headings import heading
from vmv.review.version_bump import edition_changes, impact_counts

DECISIONS_NOTE = (
    "Decision records (decisions/) say how the VMV was applied, not what it means: "
    "each change to one counts as a patch."
)
"""Said in a report with changes to decision records, which a reviewer might expect to weigh more."""

MARKER = "<!-- vmv-diff -->"
"""First line of the Markdown report, so a workflow can find and update its own comment."""

_TOKEN = re.compile(r"\w+|[^\w\s]|\s+", re.UNICODE)
MAX_TOKEN_PAIRS = 4_000_000
"""Above this many (old, new) pairs of words and spaces, a changed text is marked as a whole:
marking words takes time that grows with the product (1,000 words against 1,000 take 0.2 s,
20,000 against 20,000 a minute), and the texts come from pull requests."""


def _segments(before: list[str], after: list[str]) -> list[tuple[bool, str, str]]:
    """(changed, old text, new text) runs; white space between two changes joins them."""
    if len(before) * len(after) > MAX_TOKEN_PAIRS:
        return [(True, "".join(before), "".join(after))]
    runs: list[tuple[bool, str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        old, new = "".join(before[i1:i2]), "".join(after[j1:j2])
        runs.append((tag != "equal", old, new))
    merged: list[tuple[bool, str, str]] = []
    for index, (changed, old, new) in enumerate(runs):
        between = 0 < index < len(runs) - 1 and runs[index - 1][0] and runs[index + 1][0]
        if not changed and between and not old.strip():
            changed = True
        if merged and changed and merged[-1][0]:
            _, old_before, new_before = merged.pop()
            old, new = old_before + old, new_before + new
        merged.append((changed, old, new))
    return merged


def mark_words(old: str, new: str) -> tuple[str, str]:
    """Both texts as HTML with the words that changed wrapped in <del> and <ins>."""
    old_parts: list[str] = []
    new_parts: list[str] = []
    for changed, before, after in _segments(_TOKEN.findall(old), _TOKEN.findall(new)):
        for parts, text, tag in ((old_parts, before, "del"), (new_parts, after, "ins")):
            escaped = html.escape(text)
            parts.append(f"<{tag}>{escaped}</{tag}>" if changed and text.strip() else escaped)
    return "".join(old_parts), "".join(new_parts)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


_AS_TYPED = str.maketrans({"[": "&#91;", "]": "&#93;", "`": "&#96;", "|": "&#124;"})
"""The marks of a link, an image, code and a table's cell, as character references:
GitHub shows them as typed and makes nothing of them."""
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _inline(markup: str) -> str:
    """HTML shown as typed in a pull request's comment, on one line: no text of the
    repository plants a link, an image or a row there."""
    return _LINE_BREAK.sub(" ", markup).translate(_AS_TYPED)


def _cell(markup: str) -> str:
    """HTML safe inside a Markdown table cell, shown as typed, its line breaks kept."""
    return _inline(_LINE_BREAK.sub("<br>", markup))


def _code(text: str, *, in_table: bool = True) -> str:
    """`text` as code whatever it holds (a glossary term is part of its item's path):
    fenced by more backticks than it has in a row, its bars escaped in a table."""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    shown = _LINE_BREAK.sub(" ", f" {text} " if text.startswith("`") or text.endswith("`") else text)
    return fence + (shown.replace("|", "\\|") if in_table else shown) + fence


def side_by_side(kind: ChangeKind, old: Any, new: Any) -> tuple[str, str]:
    """Old and new text as HTML, the changed words marked when the item was edited."""
    old_text, new_text = _as_text(old), _as_text(new)
    if kind in (ChangeKind.CHANGED, ChangeKind.RENAMED):
        return mark_words(old_text, new_text)
    return html.escape(old_text), html.escape(new_text)


def change_groups(
    changes: Diff | None, labels: Labels | None = None, text_language: str | None = None
) -> ChangeGroups:
    """The rows of "What changed", grouped as the report groups them (by value, by page),
    each group headed in the language of `labels` (English by default). On a translated
    site, the texts compared are the source's: `text_language` marks them with its tag."""
    if changes is None:
        return []
    groups: dict[str, list[ChangeRow]] = {}
    for change in changes.changes:
        before, after = side_by_side(change.kind, change.old, change.new)
        if text_language is not None:
            tag = html.escape(text_language)
            before, after = (
                f'<span lang="{tag}">{text}</span>' if text else text for text in (before, after)
            )
        groups.setdefault(change.group, []).append(ChangeRow(change, Markup(before), Markup(after)))
    return [(heading(rows[0].change, changes, labels or english()), rows) for rows in groups.values()]


def _summary(diff: Diff) -> list[str]:
    counts = impact_counts(diff)
    total = len(diff.changes)
    old, new = diff.old.document.edition.version, diff.new.document.edition.version
    lines = [MARKER, f"## VMV changes {old} → {new}: **{diff.severity.value}**", ""]
    if not total:
        lines.append("No change in meaning.")
    else:
        parts = ", ".join(f"{counts[i]} {i.value}" for i in reversed(Impact) if counts[i])
        lines.append(f"**{total} change{'s' if total != 1 else ''}**: {parts}.")
    header = [
        f"{name.replace('_', ' ')}: {_as_text(a)} → {_as_text(b)}" for name, a, b in edition_changes(diff)
    ]
    if header:
        lines += ["", "Edition: " + _inline(html.escape("; ".join(header))).rstrip(".") + "."]
    if any(change.path.startswith("decisions[") for change in diff.changes):
        lines += ["", DECISIONS_NOTE]
    stale = _stale_translations(diff)
    if stale:
        lines += ["", _stale_line(stale), ""]
        lines += [
            f"- {language}: " + ", ".join(_code(p, in_table=False) for p in paths)
            for language, paths in stale.items()
        ]

    return lines


def to_markdown(diff: Diff) -> str:
    """The report for a pull-request comment: summary first, then changes grouped by value."""
    lines = _summary(diff)
    if diff.changes:
        ranked = sorted(diff.changes, key=lambda c: -c.severity.rank)
        lines += ["", "| Severity | Change | Item |", "| --- | --- | --- |"]
        lines += [f"| {c.severity.value} | {c.kind.value} | {_code(c.path)} |" for c in ranked]
    groups: dict[str, list[Any]] = {}
    for change in diff.changes:
        groups.setdefault(change.group, []).append(change)
    for group, changes in groups.items():
        lines += ["", f"### {_inline(html.escape(group))}", ""]
        lines += ["| Change | Before | After |", "| --- | --- | --- |"]
        for change in changes:
            before, after = side_by_side(change.kind, change.old, change.new)

            label = f"{change.kind.value} {_code(change.path)} ({change.severity.value})"
            lines.append(f"| {label} | {_cell(before)} | {_cell(after)} |")
    return "\n".join(lines) + "\n"


def _stale_line(stale: dict[str, list[str]]) -> str:
    """'Translations this change makes stale: 3 German and 2 Japanese items.'"""
    counts = [f"{len(paths)} {language_name(language, 'en')}" for language, paths in stale.items()]
    listed = counts[0] if len(counts) == 1 else ", ".join(counts[:-1]) + " and " + counts[-1]
    total = sum(len(paths) for paths in stale.values())
    return f"**Translations this change makes stale:** {listed} item{'' if total == 1 else 's'}."


def _stale_translations(diff: Diff) -> dict[str, list[str]]:
    """By language, the items of NEW's translations that OLD's text had current and NEW's makes stale."""
    return made_stale(diff.old.document, diff.old.pages, diff.new.translations)


def to_json(diff: Diff) -> str:
    """The contract's JSON object, one per run, with the translations the change makes stale."""
    payload = {**diff.as_dict(), "stale_translations": _stale_translations(diff)}
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


FORMATS = {"markdown": to_markdown, "json": to_json}
