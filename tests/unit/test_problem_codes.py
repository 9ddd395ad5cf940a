"""Problem codes: one declared table, documented as it is, and problems composed from their parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vmv.errors import Location, Problem, ProblemCode, format_json, format_text
from vmv.problem_codes import FAMILIES, table_text

DOCUMENTED = Path(__file__).resolve().parents[2] / "docs" / "problem-codes.md"


def test_the_documented_table_is_current() -> None:
    assert DOCUMENTED.read_text(encoding="utf-8") == table_text(), "run 'make schema'"


def test_every_code_is_named_after_its_member_and_belongs_to_a_family() -> None:
    for code in ProblemCode:
        assert code.name == code.value.upper().replace("-", "_")
        assert code.value == code.value.lower() and " " not in code.value
        assert code.family in FAMILIES, code
        assert code.meaning.endswith("."), code
    assert {code.family for code in ProblemCode} == set(FAMILIES)


def test_the_table_lists_every_code_once() -> None:
    table = table_text()
    for code in ProblemCode:
        assert table.count(f"| `{code}` |") == 1


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"expected": "a non-empty list", "found": "an empty list"},
            "expected a non-empty list, found an empty list",
        ),
        (
            {"summary": "unknown key 'nmae'", "suggestion": "name"},
            "unknown key 'nmae' (did you mean 'name'?)",
        ),
        ({"summary": "exactly one answer is best", "found": "2"}, "exactly one answer is best, found 2"),
        (
            {"expected": "a list", "found": "true", "hint": "write it as [item]"},
            "expected a list, found true; write it as [item]",
        ),
        ({"summary": "the file is empty"}, "the file is empty"),
    ],
)
def test_the_message_is_composed_from_its_parts(parts: dict[str, str], message: str) -> None:
    summary = parts.pop("summary", "")
    problem = Problem(
        Location("vmv.yaml", 3, 5), summary, "values[0]", code=ProblemCode.FIELD_INVALID, **parts
    )
    assert problem.message == message
    assert str(problem) == f"vmv.yaml:3:5: error: values[0]: {message}"


def test_json_carries_the_code_and_the_parts() -> None:
    problem = Problem(
        Location("vmv.yaml", 19, 11),
        "",
        "values[0].behaviors.do",
        code=ProblemCode.FIELD_TOO_FEW,
        expected="a non-empty list",
        found="an empty list",
    )
    payload = json.loads(format_json([problem]))
    assert payload["problems"] == [
        {
            "file": "vmv.yaml",
            "line": 19,
            "column": 11,
            "severity": "error",
            "code": "field-too-few",
            "path": "values[0].behaviors.do",
            "message": "expected a non-empty list, found an empty list",
            "expected": "a non-empty list",
            "found": "an empty list",
            "suggestion": None,
            "hint": None,
        }
    ]
    assert format_text([problem]) == (
        "vmv.yaml:19:11: error: values[0].behaviors.do: expected a non-empty list, found an empty list\n"
    )


def test_a_problem_cannot_be_made_without_a_code() -> None:
    with pytest.raises(TypeError, match="code"):
        Problem(Location("vmv.yaml"), "the file is empty")
