"""pydantic's validation errors in the contract's words: one line per mistake, at its
position, saying what was expected and what was found, with "did you mean"."""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

import pydantic
from pydantic import BaseModel

from vmv.core.model import document as model
from vmv.core.yaml_reader import ParsedYaml, PathKey, format_path
from vmv.errors import Location, Problem, ProblemCode, Severity, closest

_PATTERN_MEANING = {
    model.ID_PATTERN: "an id of lowercase letters a-z, digits and hyphens, starting with a letter",
    model.VERSION_PATTERN: "a semantic version like 2.1.0",
    model.ONE_LINE_PATTERN: "text on one line",
    model.TEXT_PATTERN: "non-empty text",
    model.GITHUB_PATTERN: "a GitHub user name or org/team, without '@'",
}


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value; put text in quotes)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value})"
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        if "\n" in value.strip():
            return f"text on {value.strip().count(chr(10)) + 1} lines"
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unwrap(annotation: Any) -> Any:
    """The type inside `X | None` and `Annotated[X, ...]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _field_at(root: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The annotation of the field that `loc` points at, walking models, lists and mappings."""
    current: Any = root
    for part in loc:
        inner = _unwrap(current)
        if typing.get_origin(inner) is dict:
            current = typing.get_args(inner)[1]  # a mapping's entry, by its key (a decision's answers)
        elif isinstance(part, int):
            args = typing.get_args(inner)
            if not args:
                return None
            current = args[0]
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            field = next((f for name, f in inner.model_fields.items() if (f.alias or name) == part), None)
            if field is None:
                return None
            current = field.metadata and typing.Annotated[(field.annotation, *field.metadata)]
            current = current or field.annotation
        else:
            return None
    return current


def _meaning(annotation: Any) -> str | None:
    """The words a type gives for what it expects (`model.Meaning`), looking inside
    `Annotated[...]` and `X | None`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            found = [m.meaning for m in annotation.__metadata__ if isinstance(m, model.Meaning)]
            if found:
                return found[0]
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return None
            annotation = options[0]
        else:
            return None


def _expected(annotation: Any) -> str:
    if annotation is None:
        return "a valid value"
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _expected(options[0])
    meaning = _meaning(annotation)
    if meaning:
        return meaning
    for meta in getattr(annotation, "__metadata__", ()):
        for item in [meta, *getattr(meta, "metadata", [])]:
            pattern = getattr(item, "pattern", None)
            if pattern in _PATTERN_MEANING:
                return _PATTERN_MEANING[pattern]
        if getattr(meta, "min_length", None):
            inner = _unwrap(annotation)
            if typing.get_origin(inner) is list:
                return "a non-empty list"
    inner = _unwrap(annotation)
    if inner is str:
        return "text"
    if inner is datetime.date:
        return "an ISO date like 2026-11-01"
    if inner is int:
        return "a whole number"
    if typing.get_origin(inner) is list:
        return "a list"
    if typing.get_origin(inner) is typing.Literal:
        return " or ".join(repr(a) for a in typing.get_args(inner))
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return "a mapping of keys"
    return "a valid value"


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    inner = _unwrap(_field_at(root, loc)) if loc else root
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return [f.alias or name for name, f in inner.model_fields.items()]
    return []


def _problem_from_error(error: Any, parsed: ParsedYaml, root: type[BaseModel], base: PathKey) -> Problem:
    loc: tuple[Any, ...] = tuple(error["loc"])
    kind = error["type"]
    found = error.get("input")
    if kind == "missing":
        parent = loc[:-1]
        keys = [f"'{key}'" for key in error.get("vmv_missing", [loc[-1]])]
        listed = keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} and {keys[-1]}"
        return Problem(
            parsed.locate((*base, *parent)),
            f"missing required key{'' if len(keys) == 1 else 's'} {listed}",
            format_path(parent),
            code=ProblemCode.FIELD_MISSING,
        )
    if kind == "extra_forbidden":
        parent = loc[:-1]
        allowed = _allowed_keys(root, parent)
        present = error.get("vmv_present", ())
        meant = closest(str(loc[-1]), _unwritten(allowed, present))
        # A key like one written beside it ('nmae' under 'name'): no rename would help.
        twin = closest(str(loc[-1]), [key for key in allowed if key in present])
        summary = f"unknown key '{loc[-1]}'"
        if error.get("vmv_meant"):
            meant = None
            summary += f" ('{error['vmv_meant']}' is missing here: write {error['vmv_meant']}: instead)"
        elif meant is None and twin is not None:
            summary += f" (did you mean '{twin}'? it is written already)"
        elif meant is None:
            summary += f" (expected one of: {', '.join(allowed)})"
        hint = None
        if " " in str(loc[-1]):
            hint = "if this is text with a comma or colon in it, put the whole text in quotes"
        return Problem(
            parsed.locate((*base, *loc), key=True),
            summary,
            format_path(parent),
            code=ProblemCode.FIELD_UNKNOWN,
            suggestion=meant,
            hint=hint,
        )
    annotation = _field_at(root, loc)
    code = ProblemCode.FIELD_WRONG_TYPE if kind.endswith("_type") else ProblemCode.FIELD_INVALID
    expected, shown, suggestion, hint = _expected(annotation), describe(found), None, None
    if kind == "too_long":
        code = ProblemCode.FIELD_TOO_MANY
        expected, shown = f"at most {error['ctx']['max_length']} items", str(error["ctx"]["actual_length"])
    elif kind == "too_short" and error["ctx"].get("min_length") == 1:
        code, expected = ProblemCode.FIELD_TOO_FEW, "a non-empty list"
    elif kind == "too_short":
        code = ProblemCode.FIELD_TOO_FEW
        expected, shown = f"at least {error['ctx']['min_length']} items", str(len(found))
    elif kind == "finite_number":
        expected = "a finite number"
    elif kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        code = ProblemCode.FIELD_WRONG_TYPE
        expected = "a number such as 2.5 (a point, not a comma; no quotes)"
    elif kind == "list_type" and isinstance(found, (str, int, float)):
        expected, hint = "a list", "write it as [item] or as lines starting with '- '"
    elif kind == "literal_error" and isinstance(found, str):
        suggestion = closest(found, [str(a) for a in typing.get_args(_unwrap(annotation))])
    return Problem(
        parsed.locate((*base, *loc)),
        "",
        format_path(loc),
        code=code,
        expected=expected,
        found=shown,
        suggestion=suggestion,
        hint=hint,
    )


def validate_model(
    root: type[model.Strict], parsed: ParsedYaml, data: Any, base: PathKey = ()
) -> tuple[Any, list[Problem]]:
    """Validate `data` (found at `base` inside `parsed`) against a model."""
    if not isinstance(data, dict):
        location = parsed.locate(base)
        problem = Problem(
            location,
            "",
            code=ProblemCode.FIELD_WRONG_TYPE,
            expected="a mapping of keys",
            found=describe(data),
        )
        return None, [problem]
    try:
        return root.model_validate(data), []
    except pydantic.ValidationError as error:
        errors = _one_per_mistake(error.errors(), root, data)
        return None, [_problem_from_error(e, parsed, root, base) for e in errors]


def _present(data: Any, parent: tuple[Any, ...]) -> tuple[str, ...]:
    """The keys written in the mapping at `parent` inside `data`."""
    for part in parent:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return ()
    return tuple(str(key) for key in data) if isinstance(data, dict) else ()


def _unwritten(allowed: list[str], present: tuple[str, ...]) -> list[str]:
    """The keys a misspelt one may have meant: those not written beside it already."""
    return [key for key in allowed if key not in present]


def _one_per_mistake(errors: list[Any], root: type[BaseModel], data: Any) -> list[Any]:
    """A misspelt key makes pydantic report it unknown AND the intended key missing; the
    editor made one mistake, so only the "did you mean" line is kept. Keys missing from
    one mapping are one line, which names them all."""
    meant = set()
    unmatched: dict[tuple[Any, ...], list[Any]] = {}
    missing: dict[tuple[Any, ...], list[Any]] = {}
    for error in errors:
        parent = tuple(error["loc"][:-1])
        if error["type"] == "extra_forbidden":
            error["vmv_present"] = _present(data, parent)
            allowed = _unwritten(_allowed_keys(root, parent), error["vmv_present"])
            close = closest(str(error["loc"][-1]), allowed)
            meant.add((parent, close))
            if close is None:  # 'promis' means 'promise', whatever else is missing
                unmatched.setdefault(parent, []).append(error)
        elif error["type"] == "missing":
            missing.setdefault(parent, []).append(error)
    for parent, unknown in unmatched.items():
        # `wer:` where `who:` belongs (another language, another word): one key for one.
        gone = [e for e in missing.get(parent, []) if (parent, e["loc"][-1]) not in meant]
        if len(unknown) == 1 and len(gone) == 1:
            unknown[0]["vmv_meant"] = gone[0]["loc"][-1]
            meant.add((parent, gone[0]["loc"][-1]))
    kept = [
        e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in meant)
    ]
    first: dict[tuple[Any, ...], Any] = {}
    for error in kept:
        if error["type"] == "missing":
            parent = tuple(error["loc"][:-1])
            first.setdefault(parent, error).setdefault("vmv_missing", []).append(error["loc"][-1])
    return [e for e in kept if e["type"] != "missing" or first[tuple(e["loc"][:-1])] is e]


def one_per_value(problems: list[Problem]) -> list[Problem]:
    """One error per value: `[Dana Reyes]` where owner ids belong is malformed as an id AND
    an unknown owner, but it is one mistake. The reference check runs after the model's, and
    its line says more (the ids there are, or the one meant), so the last error is kept."""
    kept: dict[tuple[Location, str], Problem] = {}
    for problem in problems:
        if problem.severity is Severity.ERROR:
            kept.pop((problem.location, problem.path), None)
            kept[(problem.location, problem.path)] = problem
    last = set(kept.values())
    return [p for p in problems if p.severity is not Severity.ERROR or p in last]


def unexplained(found: list[Problem], explained: list[Problem]) -> list[Problem]:
    """Model problems, less those about a value the reader already reported (an unsupported tag)."""
    places = {(p.location, p.path) for p in explained}
    return [p for p in found if (p.location, p.path) not in places]
