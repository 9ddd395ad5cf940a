"""The decision log and one page per decision record, and the decisions each value page
lists. Templates get the records as data: each with its area as the question bank names
it, who decided, the records it replaced and the one that replaced it, and each question
beside its answer. A record's body is Markdown from the repository, as a playbook page's
is (the sanitizer keeps only safe markup); every field of its front matter is escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from vmv.core.inputs import DECISIONS_DIR
from vmv.core.load.decisions import Decision
from vmv.core.load.project import Project
from vmv.core.model.decision import STATUSES, area_slug, find_area
from vmv.core.model.document import Owner, Value
from vmv.core.render.site_map import has_question_bank, reading_order

LOG_PAGE = f"{DECISIONS_DIR}/index.md"

Render = Callable[..., "str | None"]
"""Renders a named template for a page: (template, page path, **context) -> Markdown or None."""


@dataclass(frozen=True)
class AnsweredQuestion:
    """One question of a record beside its answer."""

    id: str
    question: str
    """As it was asked: the record's text, whatever the bank says today."""
    answer: str
    """Empty while the decision is proposed and the question not yet answered."""
    asked_on: str | None
    """The playbook page that asks it today, with its anchor; None when the bank no longer does."""


@dataclass(frozen=True)
class DecisionSummary:
    """A record with what its pages show beside its own fields."""

    decision: Decision
    area: str | None
    """The area as the question bank names it (the record's words when the bank has no such area)."""
    area_id: str
    """The area's id in the log's filter and the question bank's address."""
    deciders: tuple[Owner, ...]
    served: tuple[Value, ...]
    superseded_by: Decision | None
    supersedes: tuple[Decision, ...]
    """The records this one replaced."""
    answers: tuple[AnsweredQuestion, ...]
    customers: str | None
    """How many customers it touches, as the page shows it: 12000, or the record's words."""


def area_ids(project: Project) -> dict[str, str]:
    """Each area of the question bank -> its id, as the question bank page numbers them."""
    areas = dict.fromkeys(q.area for page in reading_order(project.pages) for q in page.meta.questions)
    return {area: area_slug(area) or f"area-{number + 1}" for number, area in enumerate(areas)}


def decisions_serving(decisions: Sequence[Decision], value_id: str) -> list[Decision]:
    """The records that name `value_id` among the values they serve, newest first."""
    return [d for d in decisions if value_id in d.meta.values]


def _asked_on(project: Project) -> dict[str, str]:
    return {q.id: f"{page.output_path}#q-{q.id}" for page in project.pages for q in page.meta.questions}


def _customers(affected: int | str | None) -> str | None:
    # A number as written: "12,000" would read as twelve in German. Words stay the text they
    # are, which on a translated site carries its language.
    return affected if affected is None or isinstance(affected, str) else str(affected)


def summaries(project: Project) -> list[DecisionSummary]:
    """Every record, newest first, as its pages show it."""
    ids = area_ids(project)
    asked_on = _asked_on(project)
    by_name = {d.name: d for d in project.decisions}
    document = project.document
    values = {v.id: v for v in document.values}
    made = []
    for decision in project.decisions:
        meta = decision.meta
        area = (find_area(meta.area, list(ids)) or meta.area) if meta.area else None
        answers = tuple(
            # Kept as written (not stripped): a translated site's answer carries its language.
            AnsweredQuestion(
                key,
                entry.question,
                entry.answer if entry.answer and entry.answer.strip() else "",
                asked_on.get(key),
            )
            for key, entry in meta.answers.items()
        )
        made.append(
            DecisionSummary(
                decision=decision,
                area=area,
                area_id=ids.get(area or "") or area_slug(area or "") or "area-other",
                deciders=tuple(document.owner(i) for i in meta.decided_by),
                served=tuple(values[i] for i in meta.values),
                superseded_by=by_name.get(meta.superseded_by or ""),
                supersedes=tuple(d for d in project.decisions if d.meta.superseded_by == decision.name),
                answers=answers,
                customers=_customers(meta.customers_affected),
            )
        )
    return made


def render_decision_pages(project: Project, render: Render) -> dict[str, str | None]:
    """The log and each record's page; nothing when there are no records."""
    if not project.decisions:
        return {}
    made = summaries(project)
    order = list(area_ids(project))
    areas = sorted(
        {(entry.area_id, entry.area) for entry in made if entry.area},
        key=lambda pair: (order.index(pair[1]) if pair[1] in order else len(order), pair[1]),
    )
    served = {v for d in project.decisions for v in d.meta.values}
    pages = {
        LOG_PAGE: render(
            "decisions.md.j2",
            LOG_PAGE,
            decisions=made,
            filter_values=[v for v in project.document.values if v.id in served],
            filter_areas=areas,
            filter_statuses=[s for s in STATUSES if any(d.meta.status == s for d in project.decisions)],
            question_bank=has_question_bank(project.pages),
        )
    }
    for entry in made:
        decision = entry.decision
        pages[decision.output_path] = render(
            "decision.md.j2",
            decision.output_path,
            entry=entry,
            meta=decision.meta,
            body=Markup(decision.body.strip("\n")),
            source=decision.source,
            keeper=None,
        )
    return pages
