"""Checks across a document: ids unique within their list, and every reference (an
approver, a page's values, an onboarding step, a measure's values) naming one that exists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vmv.core.yaml_reader import ParsedYaml, PathKey, format_path
from vmv.errors import Location, Problem, ProblemCode, closest


def items(data: Any, *keys: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Mapping items of a list nested under `keys`, skipping whatever is malformed
    (its own problem is reported by the model)."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    if isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict):
                yield index, item


def _texts(data: Any) -> list[tuple[int, str]]:
    if not isinstance(data, list):
        return []
    return [(i, v) for i, v in enumerate(data) if isinstance(v, str)]


class Registry:
    """Ids seen so far of one kind, to report duplicates where the second one is."""

    def __init__(self, kind: str, *, fold_case: bool = False) -> None:
        self.kind = kind
        self.fold_case = fold_case
        self.first: dict[str, tuple[Location, str]] = {}

    def add(self, value: Any, location: Location, path: str) -> Problem | None:
        if not isinstance(value, str):
            return None
        key = value.casefold() if self.fold_case else value
        if key in self.first:
            where, first_path = self.first[key]
            if where.file == location.file:
                first = f"first used by {first_path} at line {where.line}"
            else:
                first = f"first used by {first_path} in {where.file}:{where.line}"
            return Problem(
                location, f"duplicate {self.kind} '{value}' ({first})", path, code=ProblemCode.ID_DUPLICATE
            )
        self.first[key] = (location, path)
        return None

    def known(self) -> list[str]:
        return list(self.first)


def check_references(
    parsed: ParsedYaml, base: PathKey, ids: Any, known: list[str] | None, kind: str
) -> list[Problem]:
    if known is None:
        return []
    problems = []
    for index, ref in _texts(ids):
        if ref not in known:
            path = (*base, index)
            problems.append(_unknown(parsed.locate(path), f"{kind} id", ref, known, format_path(path)))
    return problems


def _unknown(location: Location, kind: str, ref: str, known: list[str], path: str) -> Problem:
    """`ref` names no item: with a did-you-mean, or else the ids there are, when they are
    few enough to read."""
    meant = closest(ref, known)
    summary = f"unknown {kind} '{ref}'"
    if meant is None and known and len(known) <= 12:
        summary += f" (the ids are: {', '.join(known)})"
    return Problem(location, summary, path, code=ProblemCode.ID_UNKNOWN, suggestion=meant)


def check_reference(
    parsed: ParsedYaml, path: PathKey, ref: Any, known: list[str] | None, kind: str
) -> list[Problem]:
    """One id that must name an existing item."""
    if known is None or not isinstance(ref, str) or ref in known:
        return []
    return [_unknown(parsed.locate(path), f"{kind} id", ref, known, format_path(path))]


def check_document_references(
    parsed: ParsedYaml,
) -> tuple[list[Problem], list[str] | None, list[str] | None]:
    data = parsed.data
    problems: list[Problem] = []
    registries = {
        "owners": (Registry("owner id"), "id"),
        "values": (Registry("value id"), "id"),
        "glossary": (Registry("glossary term", fold_case=True), "term"),
    }
    for section, (registry, key) in registries.items():
        for index, item in items(data, section):
            path = (section, index, key)
            found = registry.add(item.get(key), parsed.locate(path), format_path(path))
            if found:
                problems.append(found)
    owner_ids = _usable_ids(data, "owners", registries["owners"][0])
    value_ids = _usable_ids(data, "values", registries["values"][0])
    edition = data.get("edition") if isinstance(data, dict) else None
    if isinstance(edition, dict):
        problems += check_references(
            parsed, ("edition", "approved_by"), edition.get("approved_by"), owner_ids, "owner"
        )
    return problems, owner_ids, value_ids


def check_onboarding(
    data: Any, parsed: ParsedYaml, value_ids: list[str] | None, pages: list[str] | None
) -> list[Problem]:
    """Step ids are unique, each step points at exactly one thing that exists, and each
    scenario has exactly one best answer."""
    problems: list[Problem] = []
    steps = Registry("step id")
    for path_index, path in items(data, "onboarding", "paths"):
        for step_index, step in items(path, "steps"):
            base: PathKey = ("onboarding", "paths", path_index, "steps", step_index)
            found = steps.add(step.get("id"), parsed.locate((*base, "id")), format_path((*base, "id")))
            if found:
                problems.append(found)
            targets = [key for key in ("value", "page", "section") if step.get(key) is not None]
            if len(targets) != 1:
                problems.append(
                    Problem(
                        parsed.locate(base),
                        "a step points at exactly one of value, page or section",
                        format_path(base),
                        code=ProblemCode.ONBOARDING_STEP_TARGET,
                        found=" and ".join(targets) if targets else "none",
                    )
                )
            page = step.get("page")
            if isinstance(page, str) and pages is not None and page not in pages:
                problems.append(
                    Problem(
                        parsed.locate((*base, "page")),
                        f"unknown playbook page '{page}'",
                        format_path((*base, "page")),
                        code=ProblemCode.ID_UNKNOWN,
                        suggestion=closest(page, pages),
                    )
                )
            problems += check_reference(parsed, (*base, "value"), step.get("value"), value_ids, "value")
            if step.get("section") == "glossary" and not (isinstance(data, dict) and data.get("glossary")):
                problems.append(
                    Problem(
                        parsed.locate((*base, "section")),
                        "the site has no glossary page while glossary: in vmv.yaml is empty; "
                        "add terms there, or point this step at something else",
                        format_path((*base, "section")),
                        code=ProblemCode.ONBOARDING_NO_GLOSSARY,
                    )
                )
    for section in ("paths", "scenarios"):
        registry = Registry(f"{section[:-1]} id")
        for index, item in items(data, "onboarding", section):
            id_path: PathKey = ("onboarding", section, index, "id")
            found = registry.add(item.get("id"), parsed.locate(id_path), format_path(id_path))
            if found:
                problems.append(found)
    for index, scenario in items(data, "onboarding", "scenarios"):
        base = ("onboarding", "scenarios", index)

        problems += check_reference(parsed, (*base, "value"), scenario.get("value"), value_ids, "value")
        answers = scenario.get("answers")
        if isinstance(answers, list):
            best = sum(1 for a in answers if isinstance(a, dict) and a.get("best") is True)
            if best != 1:
                problems.append(
                    Problem(
                        parsed.locate((*base, "answers"), key=True),
                        "exactly one answer must be marked 'best: true'",
                        format_path((*base, "answers")),
                        code=ProblemCode.ONBOARDING_BEST_ANSWER,
                        found=str(best),
                    )
                )
    return problems


def _usable_ids(data: Any, section: str, registry: Registry) -> list[str] | None:
    """Valid ids to check references against; None when the section itself is broken,
    so that its own problem is reported instead of one per reference."""
    if not isinstance(data, dict) or not isinstance(data.get(section), list):
        return None
    # A malformed id has its own problem line; references to it are not a second mistake.
    return registry.known()


def check_measures(parsed: ParsedYaml, value_ids: list[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    registry = Registry("measure id")
    for index, measure in items(parsed.data, "measures"):
        id_path = ("measures", index, "id")
        found = registry.add(measure.get("id"), parsed.locate(id_path), format_path(id_path))
        if found:
            problems.append(found)
        problems += check_references(
            parsed, ("measures", index, "values"), measure.get("values"), value_ids, "value"
        )
        periods = Registry("period")
        for reading, entry in items(measure, "history"):
            period_path = ("measures", index, "history", reading, "period")
            repeated = periods.add(entry.get("period"), parsed.locate(period_path), format_path(period_path))
            if repeated:
                problems.append(repeated)
    return problems
