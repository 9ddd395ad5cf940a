"""Read decisions/*.md into typed decision records, gathering every problem.

A record is read like a playbook page (through the repository's boundary, its front
matter positioned line by line), checked against its model, then against the owners,
values and question bank of the repository and against the other records
(`decision_checks.py`). Its body is Markdown, never a template: a record quotes what
people said, braces included.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vmv.core.boundary import files_under
from vmv.core.inputs import DECISIONS_DIR
from vmv.core.load.playbook_files import read_bytes, split_front_matter
from vmv.core.model.decision import RECORD_NAME, DecisionMeta, record_date, title_slug
from vmv.core.model.decision_checks import QuestionBank, check_decision, check_succession
from vmv.core.model.problems import unexplained, validate_model
from vmv.core.yaml_reader import ParsedYaml, ReadError, decode, parse_yaml
from vmv.errors import Location, Problem, ProblemCode, Severity

EXAMPLE_NAME = "2026-11-20-raise-the-repair-fee"


@dataclass(frozen=True)
class Decision:
    """A decision record: its front matter, validated, and its Markdown body."""

    source: str
    """Path from the repository root: `decisions/2026-11-20-raise-the-repair-fee.md`."""
    meta: DecisionMeta
    body: str
    """The text after the front matter, its lines kept where they are in the file."""

    @property
    def name(self) -> str:
        """The record's name, which `superseded_by` uses: its file name without `.md`."""
        return PurePosixPath(self.source).stem

    @property
    def output_path(self) -> str:
        """Where its page goes in the site's docs folder."""
        return f"{DECISIONS_DIR}/{self.name}.md"


def _is_record(name: str) -> bool:
    # A README explains the folder to people browsing the repository; it is no record.
    return name.endswith(".md") and name.casefold() != "readme.md"


def _name_problems(source: str, parsed: ParsedYaml | None) -> list[Problem]:
    """A record's file name is its date and a short name, the date a real day."""
    name = PurePosixPath(source).stem
    found = RECORD_NAME.fullmatch(name)
    if found and record_date(name) is None:
        summary = f"the file name's date {found.group('date')} is not a day of the calendar"
        return [Problem(Location(source), summary, code=ProblemCode.DECISION_NAME, hint="rename the file")]
    if found:
        return []
    data = parsed.data if parsed is not None and isinstance(parsed.data, dict) else {}
    title, day = data.get("title"), str(data.get("date"))
    example = EXAMPLE_NAME
    if isinstance(title, str) and title.strip():
        # The record's own date and title, when they make a name.
        example = (
            f"{day if record_date(f'{day}-{title_slug(title)}') else EXAMPLE_NAME[:10]}-{title_slug(title)}"
        )
    summary = "a decision record is named by its date and a short name of letters, digits and hyphens"
    hint = f"rename it, such as {DECISIONS_DIR}/{example}.md"
    return [Problem(Location(source), summary, code=ProblemCode.DECISION_NAME, hint=hint)]


def _date_problems(source: str, parsed: ParsedYaml, meta: DecisionMeta | None) -> list[Problem]:
    """The date in the front matter is the date in the file's name."""
    stem = PurePosixPath(source).stem
    found, named = RECORD_NAME.fullmatch(stem), record_date(stem)
    if meta is None or found is None or named is None or meta.date == named:
        return []
    renamed = f"{DECISIONS_DIR}/{meta.date}-{found.group('slug')}.md"
    summary = f"the date {meta.date} differs from the file name's {named}"
    hint = f"correct one of them (rename the file to {renamed})"
    return [Problem(parsed.locate(("date",)), summary, "date", code=ProblemCode.DECISION_DATE, hint=hint)]


def _read(root: Path, source: str) -> tuple[ParsedYaml | None, str, list[Problem]]:
    """The record's parsed front matter (None when it has none or it cannot be read) and body."""
    try:
        text = decode(read_bytes(root, source), source)
        front, body, offset = split_front_matter(text, source)
        if front is None or not front.strip():
            summary = "a decision record starts with its front matter"
            hint = (
                "begin the file with a '---' line, then title:, date:, status:, answers: and the "
                "other keys, then a closing '---' line (vmv decide writes one)"
            )
            code = ProblemCode.DECISION_FRONT_MATTER
            return None, body, [Problem(Location(source), summary, code=code, hint=hint)]
        return parse_yaml(front, source, line_offset=offset), body, []
    except ReadError as error:
        return None, "", [error.problem]


def load_decisions(
    root: Path,
    owner_ids: list[str] | None,
    value_ids: list[str] | None,
    bank: QuestionBank | None,
) -> tuple[tuple[Decision, ...], list[Problem]]:
    """Every record in decisions/, newest first, and the problems found. None for ids or
    the bank: they could not be read, so nothing is checked against them."""
    files, problems = files_under(root, DECISIONS_DIR, include=_is_record)
    records = []
    for file in files:
        if PurePosixPath(file.name).parent != PurePosixPath(DECISIONS_DIR):
            summary = f"decision records are read from {DECISIONS_DIR}/ itself, not from its subfolders"
            code = ProblemCode.DECISION_SUBFOLDER
            problems.append(Problem(Location(file.name), summary, code=code, hint="move it up"))
        else:
            records.append(file.name)
    names = [PurePosixPath(source).stem for source in records]
    known = set(names)
    problems += _case_problems(records)
    decisions: list[Decision] = []
    successors: dict[str, str] = {}
    places: dict[str, Location] = {}
    for source in records:
        parsed, body, found = _read(root, source)
        problems += found + _name_problems(source, parsed)
        if parsed is None:
            continue
        meta, invalid = validate_model(DecisionMeta, parsed, parsed.data)
        name = PurePosixPath(source).stem
        own = [*parsed.problems, *unexplained(invalid, parsed.problems)]
        own += _date_problems(source, parsed, meta)
        own += check_decision(parsed, name, names, owner_ids, value_ids, bank)
        problems += own
        if meta is not None and isinstance(meta.superseded_by, str) and meta.superseded_by in known:
            successors[name] = meta.superseded_by
            places[name] = parsed.locate(("superseded_by",))
        if meta is not None and not any(p.severity is Severity.ERROR for p in own):
            decisions.append(Decision(source, meta, body))
    problems += check_succession(successors, places)
    newest_first = sorted(decisions, key=lambda d: (d.meta.date, d.name), reverse=True)
    return tuple(newest_first), problems


def _case_problems(records: list[str]) -> list[Problem]:
    """Two names that differ only in letter case, or in how an accented letter is encoded
    (é as one character or as e and an accent), are one file on some systems (macOS), so
    one record's page would replace the other's."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for source in records:
        other = seen.setdefault(unicodedata.normalize("NFD", source.casefold()), source)
        if other != source:
            how = (
                "only in letter case"
                if other.casefold() == source.casefold()
                else "only in how its letters are encoded"
            )
            summary = f"the name differs from '{other}' {how}"
            code = ProblemCode.DECISION_NAME_CASE
            problems.append(Problem(Location(source), summary, code=code, hint="rename one"))
    return problems
