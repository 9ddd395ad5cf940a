"""Semantic diff of two editions: what changed in meaning, and how much.

Items match by id (values, owners, questions, standards), by term (glossary)
or by their text (behaviours, examples), never by position: a reorder is
`moved`. Every change gets a severity from the contract's table; the diff's
severity is the highest of them. Nothing here prints: `report` turns a `Diff`
into Markdown or JSON and into the rows of the site's "What changed" page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from vmv.core.changes import ChangeKind, Diff, Impact, paragraphs
from vmv.core.load.decisions import Decision
from vmv.core.load.project import Page, Project
from vmv.core.model.decision import DecisionAnswer
from vmv.core.model.document import Document, Question, Standard
from vmv.review.collector import ChangeCollector, text_impact

T = TypeVar("T")


# -- the document ---------------------------------------------------------------------

VISION_GROUP = "Vision and mission"
METADATA_GROUP = "Organization, owners and glossary"


def _value_group(value: Any) -> str:
    return f"Value: {value.name} ({value.id})"


def _document_changes(old: Document, new: Document, out: ChangeCollector) -> None:
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
        impact = text_impact(before.name, after.name, Impact.MINOR)
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


def _onboarding_changes(old: Document, new: Document, out: ChangeCollector) -> None:
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


def _playbook_items(pages: Sequence[Page], kind: str) -> list[tuple[Page, Any]]:
    return [(page, item) for page in pages for item in getattr(page.meta, kind)]


def _compare_item(out: ChangeCollector, path: str, before: tuple[Page, Any], after: tuple[Page, Any]) -> None:
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


def _playbook_changes(old: Sequence[Page], new: Sequence[Page], out: ChangeCollector) -> None:
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


# -- decision records -----------------------------------------------------------------
# A record says how the VMV was applied, not what it means: every change to one is a patch.
# Its date is part of its name, so a record with a new date is another record.


Answered = tuple[str, DecisionAnswer]
"""A question id and what a record says of it."""


def _as_text(affected: int | str | None) -> str | None:
    return None if affected is None else str(affected)


def _decision_group(decision: Decision) -> str:
    return f"Decision: {decision.meta.title} ({decision.name})"


def _decision_changes(old: Sequence[Decision], new: Sequence[Decision], out: ChangeCollector) -> None:
    def compare(path: str, before: Decision, after: Decision) -> None:
        group, was, now = _decision_group(after), before.meta, after.meta
        out.fields(path, was, now, ("title", "status", "area", "superseded_by"), Impact.PATCH, group)
        out.ids(f"{path}.decided_by", was.decided_by, now.decided_by, Impact.PATCH, group)
        out.ids(f"{path}.values", was.values, now.values, Impact.PATCH, group)
        out.text(
            f"{path}.customers_affected",
            _as_text(was.customers_affected),
            _as_text(now.customers_affected),
            Impact.PATCH,
            group,
        )

        def compare_answer(answer_path: str, asked: Answered, now_asked: Answered) -> None:
            out.fields(answer_path, asked[1], now_asked[1], ("question", "answer"), Impact.PATCH, group)

        out.keyed(
            f"{path}.answers",
            list(was.answers.items()),
            list(now.answers.items()),
            lambda pair: pair[0],
            lambda pair: pair[1].question,
            compare_answer,
            Impact.PATCH,
            lambda _: group,
        )
        out.texts(f"{path}.body", paragraphs(before.body), paragraphs(after.body), Impact.PATCH, group)

    out.keyed(
        "decisions",
        old,
        new,
        lambda d: d.name,
        lambda d: f"{d.meta.title} ({d.meta.status})",
        compare,
        Impact.PATCH,
        _decision_group,
    )


def diff_projects(old: Project, new: Project) -> Diff:
    """Every change from `old` to `new`, in reading order of the new edition."""
    out = ChangeCollector()
    _document_changes(old.document, new.document, out)
    _playbook_changes(old.pages, new.pages, out)
    _decision_changes(old.decisions, new.decisions, out)
    return Diff(old, new, tuple(out.changes))
