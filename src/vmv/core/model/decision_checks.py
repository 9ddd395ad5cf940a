"""The rules of a decision record that span its fields, the question bank and the other
records: every answer given once the decision is taken, who decided named, the questions
and the area known to the bank, and a superseded record pointing at the one that replaced it.

Questions and the bank: a proposed decision is written against today's bank, so each of
its question ids, and its area, must be in it. A taken decision (accepted, rejected,
superseded) is a record of what was asked: the bank may since have reworded or removed a
question, or a whole area, and the record keeps the text it was asked in. So:

- a taken decision's question id need not be in the bank; one that is not, while its
  question's text is one the bank asks under another id (spacing and letter case aside),
  is a mistyped id and is reported;
- a taken decision's area that the bank does not have (renamed, removed, or mistyped) is a
  warning, not an error: the log files the decision under the area as written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vmv.core.model.decision import SETTLED, closest_area, find_area, folded
from vmv.core.model.document import ID_PATTERN, Question
from vmv.core.model.references import check_reference, check_references
from vmv.core.yaml_reader import ParsedYaml, PathKey, format_path
from vmv.errors import Location, Problem, ProblemCode, Severity, closest

_ALONE = re.compile(r"n\s*+/?\s*+a\W*", re.IGNORECASE)
"""An answer that says only "n/a" (or "N/A.", "na:"), without the reason it needs. The
spaces are taken whole (`*+`): tried at every split, an answer of 'n', a million spaces
and a letter took hours."""

MAX_LISTED = 12
"""Ids or areas named in a hint when none is close to what was written."""


@dataclass(frozen=True)
class QuestionBank:
    """The leader questions of every playbook page, which decisions answer."""

    questions: tuple[Question, ...]

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    @property
    def areas(self) -> list[str]:
        """Each area once, in the order it first appears."""
        return list(dict.fromkeys(q.area for q in self.questions))

    def of_area(self, area: str) -> list[Question]:
        return [q for q in self.questions if q.area == area]

    def id_asking(self, text: Any) -> str | None:
        """The id of the question whose text is `text` (spacing and letter case aside), if any."""
        if not isinstance(text, str):
            return None
        return next((q.id for q in self.questions if folded(q.text) == folded(text)), None)


def _at_key(
    parsed: ParsedYaml,
    path: PathKey,
    summary: str,
    code: ProblemCode,
    *,
    expected: str | None = None,
    found: str | None = None,
    suggestion: str | None = None,
    hint: str | None = None,
) -> Problem:
    """A problem at the key `path` ends with (where the editor looks for the entry)."""
    where, named = parsed.locate(path, key=True), format_path(path)
    return Problem(
        where, summary, named, code=code, expected=expected, found=found, suggestion=suggestion, hint=hint
    )


def _listed(kind: str, names: Sequence[str]) -> str:
    if not names or len(names) > MAX_LISTED:
        return ""
    return f" (the {kind} are: {', '.join(repr(n) for n in names)})"


def _area_problems(parsed: ParsedYaml, area: Any, bank: QuestionBank, settled: bool) -> list[Problem]:
    """An area the bank does not have: an error in a proposal, a warning in a decision taken."""
    if not isinstance(area, str) or find_area(area, bank.areas) is not None:
        return []
    meant = closest_area(area, bank.areas)
    summary = f"unknown question area '{area}'" + ("" if meant else _listed("areas", bank.areas))
    hint = None
    if settled:
        hint = "the log files the decision under the area as written"
    elif not bank.areas:
        hint = "the playbook has no leader questions yet: add questions: to a playbook page's front matter, or leave area out"
    where, severity = parsed.locate(("area",)), Severity.WARNING if settled else Severity.ERROR
    code = ProblemCode.ID_UNKNOWN
    return [Problem(where, summary, "area", severity, code=code, suggestion=meant, hint=hint)]


def _question_problems(
    parsed: ParsedYaml, answers: dict[str, Any], settled: bool, area: Any, bank: QuestionBank | None
) -> list[Problem]:
    problems = []
    for question_id, entry in answers.items():
        path: PathKey = ("answers", question_id)
        if not re.fullmatch(ID_PATTERN, question_id):
            expected = "the id of a question in the question bank (lowercase letters a-z, digits and hyphens)"
            found = f"'{question_id}'"
            problems.append(
                _at_key(parsed, path, "", ProblemCode.FIELD_INVALID, expected=expected, found=found)
            )
            continue
        if bank is None or question_id in bank.ids:
            continue
        asked = entry.get("question") if isinstance(entry, dict) else None
        same_text = bank.id_asking(asked)
        if settled and same_text is None:
            continue  # a question since removed from the bank: the record keeps it as asked
        meant = same_text or closest(question_id, bank.ids)
        summary = f"unknown question id '{question_id}'"
        if not meant:
            area_name = find_area(area, bank.areas) if isinstance(area, str) else None
            ids = [q.id for q in bank.of_area(area_name)] if area_name else bank.ids
            summary += _listed(f"questions of '{area_name}'" if area_name else "questions", ids)
        problems.append(_at_key(parsed, path, summary, ProblemCode.ID_UNKNOWN, suggestion=meant))
    return problems


def _answer_problems(parsed: ParsedYaml, answers: dict[str, Any], status: str) -> list[Problem]:
    """Once taken, every answer is given: one problem per question left blank or 'n/a' alone."""
    problems = []
    for question_id, entry in answers.items():
        if not isinstance(entry, dict):
            continue  # the model says what it expected
        answer = entry.get("answer")
        path: PathKey = ("answers", question_id, "answer")
        where: PathKey = path if "answer" in entry else ("answers", question_id)
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            hint = (
                f"a decision that is {status} answers every question: write the answer, "
                "or 'n/a: <reason>' when the question does not apply"
            )
            location = parsed.locate(where, key=True)
            code = ProblemCode.DECISION_UNANSWERED
            problems.append(Problem(location, "not answered", format_path(path), code=code, hint=hint))
        elif isinstance(answer, str) and _ALONE.fullmatch(answer.strip()):
            summary = f"'{answer.strip()}' alone is not an answer"
            hint = "say why the question does not apply, as 'n/a: <reason>'"
            problems.append(_at_key(parsed, path, summary, ProblemCode.DECISION_NO_REASON, hint=hint))
    return problems


def _status(data: dict[str, Any]) -> str | None:
    """The record's status when it is text; a list or a mapping there is the model's to
    report (and cannot be looked up among the statuses)."""
    status = data.get("status")
    return status if isinstance(status, str) else None


def _status_problems(parsed: ParsedYaml, data: dict[str, Any], name: str, names: list[str]) -> list[Problem]:
    """Who decided, once taken; and a successor exactly when superseded, among the records."""
    status = _status(data)
    problems = []
    decided_by = data.get("decided_by")
    if status in SETTLED and (decided_by is None or decided_by == []):
        summary = f"a decision that is {status} names who decided it"
        hint = "add the ids of owners in vmv.yaml, such as decided_by: [ceo]"
        place: PathKey = ("decided_by",) if "decided_by" in data else ("status",)
        where = parsed.locate(place, key=True)
        problems.append(
            Problem(where, summary, "decided_by", code=ProblemCode.DECISION_DECIDED_BY, hint=hint)
        )
    successor = data.get("superseded_by")
    code = ProblemCode.DECISION_SUCCESSOR
    if status == "superseded" and successor is None:
        summary = "a superseded decision names the record that replaced it"
        hint = "add superseded_by: <its file name without .md>, such as 2027-01-10-flat-fee"
        problems.append(_at_key(parsed, ("status",), summary, code, hint=hint))
    if successor is not None and status != "superseded":
        summary = f"only a superseded decision names the one that replaced it, and this one is {status or 'proposed'}"
        hint = "set status: superseded, or remove superseded_by"
        problems.append(_at_key(parsed, ("superseded_by",), summary, code, hint=hint))
    elif successor == name:
        where = parsed.locate(("superseded_by",))
        problems.append(Problem(where, "a decision cannot replace itself", "superseded_by", code=code))
    else:
        others = [n for n in names if n != name]
        unknown = check_reference(parsed, ("superseded_by",), successor, others, "decision")
        hint = "name the record that replaced it by its file name in decisions/, without .md"
        problems += [p if p.suggestion else dataclasses.replace(p, hint=hint) for p in unknown]
    return problems


def _has_questions(bank: QuestionBank | None, area: Any) -> bool:
    """Whether the bank asks anything in `area`: a record in an area it does not know (or in
    a playbook without questions) has no checklist to skip."""
    return bank is not None and isinstance(area, str) and find_area(area, bank.areas) is not None


def check_decision(
    parsed: ParsedYaml,
    name: str,
    names: list[str],
    owner_ids: list[str] | None,
    value_ids: list[str] | None,
    bank: QuestionBank | None,
) -> list[Problem]:
    """Every rule of one record beyond its fields' forms. `names` are the records in
    decisions/; None for ids or the bank means they could not be read (their own problems
    are reported), so nothing is checked against them."""
    data = parsed.data
    if not isinstance(data, dict):
        return []
    problems = check_references(parsed, ("decided_by",), data.get("decided_by"), owner_ids, "owner")
    problems += check_references(parsed, ("values",), data.get("values"), value_ids, "value")
    status = _status(data)
    answers = data.get("answers")
    if bank is not None:
        problems += _area_problems(parsed, data.get("area"), bank, status in SETTLED)
    if isinstance(answers, dict) and answers:
        problems += _question_problems(parsed, answers, status in SETTLED, data.get("area"), bank)
        if status in SETTLED:
            problems += _answer_problems(parsed, answers, str(status))
    elif status in SETTLED and answers in (None, {}) and _has_questions(bank, data.get("area")):
        # A decision taken without the questions asked would skip the checklist whole.
        summary = f"a decision that is {status} answers the leader questions of its area"
        hint = "start the record with 'vmv decide', which lists them, or add answers: with each question"
        where = parsed.locate(("answers",) if "answers" in data else ("status",), key=True)
        problems.append(Problem(where, summary, "answers", code=ProblemCode.DECISION_UNANSWERED, hint=hint))
    return problems + _status_problems(parsed, data, name, names)


def check_succession(successors: dict[str, str], places: dict[str, Location]) -> list[Problem]:
    """Records that replace each other in a circle (a -> b -> a): none of them would be current.

    Each record is walked once (a pull request may hold thousands), and each record on a
    circle gets the problem, the circle read from it.
    """
    circles: dict[str, list[str]] = {}
    finished: set[str] = set()
    for start in successors:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in finished and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = successors.get(current)
        if current is not None and current in on_path:
            circle = path[on_path[current] :]
            if len(circle) > 1:
                for index, name in enumerate(circle):
                    circles[name] = circle[index:] + circle[:index]
        finished.update(path)
    problems = []
    for name in successors:
        if name in circles:
            order = " -> ".join([*circles[name], name])
            summary = f"these decisions replace each other in a circle ({order})"
            hint = "one of them must not be superseded"
            code = ProblemCode.DECISION_SUCCESSOR
            problems.append(Problem(places[name], summary, "superseded_by", code=code, hint=hint))
    return problems
