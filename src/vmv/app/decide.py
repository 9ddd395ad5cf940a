"""`vmv decide`: start a decision record with the leader questions of its area to answer.

The record is `decisions/<today>-<slug of the title>.md`, status proposed, with every
question of the area copied as the bank asks it today and an empty answer. A record of
that name is never replaced: the file is created only where nothing is (by a record, or
by a link a pull request planted), so nothing is overwritten or written through a link.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from vmv.core.boundary import RefusedPath, is_present, resolve_inside
from vmv.core.inputs import DECISIONS_DIR
from vmv.core.load.project import Project, load_project
from vmv.core.model.decision import area_slug, closest_area, find_area, title_slug
from vmv.core.model.document import Question
from vmv.core.render.site_map import reading_order
from vmv.errors import InvalidInput, UsageError, did_you_mean

BODY = (
    "<!-- In Markdown: what made a decision necessary and what customers told us, the options\n"
    "weighed and what each would mean for them, what was decided, and how we will know\n"
    "whether it was right. -->\n"
)
"""The body of a new record: a note to its author, which the site does not show."""


@dataclass(frozen=True)
class Proposed:
    """The record written."""

    file: str
    """Its path in the repository: `decisions/2026-11-20-raise-the-repair-fee.md`."""
    questions: int
    """How many questions it asks."""


def bank_questions(project: Project) -> list[Question]:
    """Every leader question, in the order of the question bank page."""
    return [q for page in reading_order(project.pages) for q in page.meta.questions]


def _area(wanted: str, questions: list[Question]) -> str:
    areas = list(dict.fromkeys(q.area for q in questions))
    if not areas:
        raise UsageError(
            "the playbook has no leader questions yet, so no area to decide in: "
            "add questions: to a playbook page's front matter"
        )
    found = find_area(wanted, areas, by_slug=True)
    if found is None:
        listed = "; ".join(f"'{a}'" + (f" ({area_slug(a)})" if area_slug(a) else "") for a in areas)
        meant = closest_area(wanted, areas)
        hint = f" (did you mean '{meant}'?)" if meant else ""
        raise UsageError(f"--area: unknown area '{wanted}'{hint}; the areas are: {listed}")
    return found


def _scalar(text: str) -> str:
    """`text` as one YAML value, quoted when YAML would read it otherwise."""
    dumped: str = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def record_text(
    title: str, day: datetime.date, area: str, values: Sequence[str], questions: list[Question]
) -> str:
    """A new record's text: status proposed, each question of `area` with an empty answer."""
    lines = [
        "---",
        f"title: {_scalar(title)}",
        f"date: {day.isoformat()}",
        "status: proposed  # proposed, then accepted, rejected or superseded",
        f"area: {_scalar(area)}",
        "decided_by: []  # ids of owners in vmv.yaml; required unless proposed",
        f"values: [{', '.join(values)}]  # ids of the values this decision serves",
        "customers_affected:  # how many customers it touches: a number, or a short text",
        "answers:  # each answer in Markdown; 'n/a: <reason>' when a question does not apply",
    ]
    for question in questions:
        if question.area == area:
            lines += [f"  {question.id}:", f"    question: {_scalar(question.text)}", '    answer: ""']
    return "\n".join([*lines, "---", "", BODY])


def propose_decision(
    root: Path, *, title: str, area: str, values: Sequence[str] = (), today: datetime.date | None = None
) -> Proposed:
    """Write a new proposed record; `UsageError` for an unknown area or value, an empty
    title, or a record of that name already there (it is never replaced)."""
    title = title.strip()
    if not title or "\n" in title:
        raise UsageError("the title is empty or holds a line break; give the decision a title on one line")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        # Bytes that are not UTF-8 on the command line arrive as lone surrogates, which
        # YAML would write as escapes no reader accepts: the new record would be unreadable.
        raise UsageError(
            "the title holds bytes that are not UTF-8 text; type it in a UTF-8 terminal"
        ) from None
    project = load_project(root)
    questions = bank_questions(project)
    chosen = _area(area, questions)
    known = [v.id for v in project.document.values]
    for value in values:
        if value not in known:
            raise UsageError(f"--value: unknown value id '{value}'{did_you_mean(value, known)}")
    day = today or datetime.date.today()
    name = f"{DECISIONS_DIR}/{day.isoformat()}-{title_slug(title)}.md"
    text = record_text(title, day, chosen, list(dict.fromkeys(values)), questions)
    _write_new(_folder(root), name, text)
    return Proposed(name, sum(1 for q in questions if q.area == chosen))


def _folder(root: Path) -> Path:
    """The real decisions/ folder, inside the repository; made when there is none."""
    try:
        if not is_present(root, DECISIONS_DIR):
            (root / DECISIONS_DIR).mkdir()
        return resolve_inside(root, DECISIONS_DIR, folder=True)
    except RefusedPath as refused:
        raise InvalidInput([refused.problem()]) from None
    except OSError as error:
        raise UsageError(f"cannot create {DECISIONS_DIR}/: {error.strerror}") from None


def _taken(folder: Path, file_name: str) -> bool:
    """Whether a record of this name, in any letter case, is there: on some systems it is one file."""
    return any(entry.casefold() == file_name.casefold() for entry in os.listdir(folder))


def _write_new(folder: Path, name: str, text: str) -> None:
    file_name = Path(name).name
    refusal = UsageError(f"{name} already exists: give the decision another title, or edit that record")
    if _taken(folder, file_name):
        raise refusal
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        # O_EXCL: made only where nothing is, never over a record, never through a link.
        descriptor = os.open(folder / file_name, flags, 0o644)
    except FileExistsError:
        raise refusal from None
    except OSError as error:
        raise UsageError(f"cannot write {name}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
