"""Problems found in user input, and the exceptions that carry them.

The core never prints: it yields `Problem` records and raises a `VmvError`
subclass. The command line turns them into lines of the contract's format,
`FILE:LINE:COL: error: PATH: message`.
"""

from __future__ import annotations

import difflib
import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from vmv.problem_codes import ProblemCode as ProblemCode  # one import for Problem and its code


class Severity(enum.StrEnum):
    """How bad a problem is; warnings never change the exit code."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; line and column count from 1, as YAML editors show them."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input.

    `path` names the field (`values[1].behaviors.do`), or is empty when the
    problem belongs to no field (a syntax error, an empty file). The message is
    composed from the parts that apply, so a tool reads them instead of the
    wording: `summary, expected E, found F (did you mean 'S'?); hint`.
    """

    location: Location
    summary: str
    """What is wrong, in words; empty when `expected` and `found` say it all."""
    path: str = ""
    severity: Severity = Severity.ERROR
    code: ProblemCode = field(kw_only=True)
    """The kind of problem (docs/problem-codes.md); stable, unlike the wording. Required,
    so that the type checker finds a problem made without one."""
    expected: str | None = field(default=None, kw_only=True)
    """What belongs there, in words: `a non-empty list`."""
    found: str | None = field(default=None, kw_only=True)
    """What is there instead, in words: `an empty list`."""
    suggestion: str | None = field(default=None, kw_only=True)
    """The name probably meant, for a misspelt one."""
    hint: str | None = field(default=None, kw_only=True)
    """What to do about it, when the rest does not make that plain."""

    @property
    def message(self) -> str:
        """The problem in one sentence, after the location and path."""
        text = self.summary
        if self.expected is not None:
            text = f"{text}, expected {self.expected}" if text else f"expected {self.expected}"
        if self.found is not None:
            text = f"{text}, found {self.found}" if text else f"found {self.found}"
        if self.suggestion is not None:
            text += f" (did you mean '{self.suggestion}'?)"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def __str__(self) -> str:
        prefix = f"{self.path}: " if self.path else ""
        line = f"{self.location}: {self.severity.value}: {prefix}{self.message}"
        # One problem, one line: text from the input can never start a line of its own.
        return line.replace("\r", "\\r").replace("\n", "\\n")

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.file, self.location.line, self.location.column, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.value,
            "code": self.code.value,
            "path": self.path,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "suggestion": self.suggestion,
            "hint": self.hint,
        }


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate close enough to `word` to be what was meant, if any."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one candidate is close to `word`, else ''."""
    meant = closest(word, candidates)
    return f" (did you mean '{meant}'?)" if meant else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order, each reported once."""
    return sorted(set(problems), key=Problem.sort_key)


def format_text(problems: Sequence[Problem]) -> str:
    """The contract's one-line-per-problem format."""
    return "".join(f"{problem}\n" for problem in problems)


def format_json(problems: Sequence[Problem]) -> str:
    """One JSON object with every problem, for other tools."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    payload = {"valid": errors == 0, "problems": [p.as_dict() for p in problems]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _escape_github(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, shown as annotations on the changed lines."""
    lines = []
    for p in problems:
        loc = p.location
        props = ",".join(
            f"{name}={_escape_github(str(value), property_value=True)}"
            for name, value in (("file", loc.file), ("line", loc.line), ("col", loc.column))
        )
        text = f"{p.path}: {p.message}" if p.path else p.message
        lines.append(f"::{p.severity.value} {props}::{_escape_github(text)}\n")
    return "".join(lines)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
"""Renderers of one list of problems, by the name `--format` takes."""


def count_of(number: int, noun: str) -> str:
    """'1 page', '3 pages': the terminal speaks English (the site speaks the site's language)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary_line(problems: Sequence[Problem]) -> str:
    """'3 errors, 1 warning' for the end of a report."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    parts = []
    if errors or not warnings:
        parts.append(count_of(errors, "error"))
    if warnings:
        parts.append(count_of(warnings, "warning"))
    return ", ".join(parts)


class VmvError(Exception):
    """Base of every error vmv reports to a user; the CLI exits with `exit_code`."""

    exit_code = 1


@dataclass
class InvalidInput(VmvError):
    """The inputs have problems; all of them are listed."""

    problems: list[Problem] = field(default_factory=list)
    """Errors, and the warnings found alongside them."""
    partial: object | None = None
    """What could still be loaded, for checking the rest in the same run (a `Project`
    without the pages that have errors); None when nothing could be."""

    def __post_init__(self) -> None:
        super().__init__(summary_line(self.problems))


class BuildFailed(VmvError):
    """The site engine could not build the rendered pages."""


class UsageError(VmvError):
    """The command was called wrongly, or the environment lacks something."""

    exit_code = 2
