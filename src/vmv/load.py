"""Read a company's repository into a typed `Project`, gathering every problem.

Data flows one way: bytes -> positioned YAML (`yaml_reader`) -> model
(`model`) -> cross-reference checks. Nothing here renders or builds.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pydantic
from pydantic import BaseModel

from . import model
from .boundary import (
    MAX_FILE_BYTES,
    MAX_MEDIA_BYTES,
    InsideFile,
    RefusedPath,
    files_under,
    is_inside,
    is_present,
    read_inside,
)
from .errors import InvalidInput, Location, Problem, Severity, closest, did_you_mean
from .inputs import PLAYBOOK_DIR, RECOGNITION_DIR, VMV_FILE
from .yaml_reader import ParsedYaml, PathKey, ReadError, decode, format_path, parse_yaml

_SCRIPT_TAG = re.compile(r"<\s*script\b", re.IGNORECASE)
_SAFE_SEGMENT = re.compile(r"^[^\W_][\w.-]{0,80}$")
"""A part of a page's path: letters and digits of any script (übergabe, 顧客), then also '.',
'-' and '_'; no spaces, no characters with a meaning in web addresses or to file systems."""

_PATTERN_MEANING = {
    model.ID_PATTERN: "an id of lowercase letters a-z, digits and hyphens, starting with a letter",
    model.VERSION_PATTERN: "a semantic version like 2.1.0",
    model.ONE_LINE_PATTERN: "text on one line",
    model.TEXT_PATTERN: "non-empty text",
    model.GITHUB_PATTERN: "a GitHub user name or org/team, without '@'",
}


@dataclass(frozen=True)
class Page:
    """A playbook page: its front matter, validated, and its Markdown body."""

    source: str
    """Path from the repository root, with forward slashes: `playbook/hiring.md`."""
    meta: model.PageMeta
    body: str
    """The text after the front matter, with the front matter's lines left blank
    so that line numbers in template errors match the file."""

    @property
    def output_path(self) -> str:
        """Where the rendered page goes in the site's docs folder."""
        return self.source

    @property
    def _leading_heading(self) -> str | None:
        """The text of an H1 that opens the body, if it does."""
        first = next((line for line in self.body.split("\n") if line.strip()), "")
        heading = re.fullmatch(r"#\s+(.+?)\s*#*\s*", first)
        return heading.group(1) if heading else None

    @property
    def heading_in_body(self) -> bool:
        """The body opens with its own H1, which then is the page's title."""
        return self.meta.title is None and self._leading_heading is not None

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        return (
            self._leading_heading
            or PurePosixPath(self.source).stem.replace("-", " ").replace("_", " ").capitalize()
        )


@dataclass(frozen=True)
class Project:
    """Everything a company keeps, loaded and checked."""

    root: Path
    document: model.Document
    pages: tuple[Page, ...]
    warnings: tuple[Problem, ...] = ()
    stories: tuple[model.Story, ...] = ()
    """Recognition stories from recognition/*.yaml, newest first."""


# -- turning pydantic's errors into the contract's messages --------------------


def _describe(value: Any) -> str:
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
    """The annotation of the field that `loc` points at, walking models and lists."""
    current: Any = root
    for part in loc:
        inner = _unwrap(current)
        if isinstance(part, int):
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
        return Problem(
            parsed.locate((*base, *parent)),
            f"missing required key '{loc[-1]}'",
            format_path(parent),
        )
    if kind == "extra_forbidden":
        parent = loc[:-1]
        allowed = _allowed_keys(root, parent)
        hint = did_you_mean(str(loc[-1]), allowed) or f" (expected one of: {', '.join(allowed)})"
        if error.get("vmv_meant"):
            hint = f" ('{error['vmv_meant']}' is missing here: write {error['vmv_meant']}: instead)"
        if " " in str(loc[-1]):
            hint += "; if this is text with a comma or colon in it, put the whole text in quotes"

        return Problem(
            parsed.locate((*base, *loc), key=True),
            f"unknown key '{loc[-1]}'{hint}",
            format_path(parent),
        )
    annotation = _field_at(root, loc)
    if kind == "too_long":
        limit = error["ctx"]["max_length"]
        message = f"expected at most {limit} items, found {error['ctx']['actual_length']}"
    elif kind == "too_short" and error["ctx"].get("min_length") == 1:
        message = f"expected a non-empty list, found {_describe(found)}"
    elif kind == "too_short":
        message = f"expected at least {error['ctx']['min_length']} items, found {len(found)}"
    elif kind == "finite_number":
        message = f"expected a finite number, found {_describe(found)}"
    elif kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        message = f"expected a number such as 2.5 (a point, not a comma; no quotes), found {_describe(found)}"
    elif kind == "list_type" and isinstance(found, (str, int, float)):
        message = (
            f"expected a list, found {_describe(found)}; write it as [item] or as lines starting with '- '"
        )
    else:
        message = f"expected {_expected(annotation)}, found {_describe(found)}"
        if kind == "literal_error" and isinstance(found, str):
            message += did_you_mean(found, [str(a) for a in typing.get_args(_unwrap(annotation))])
    return Problem(parsed.locate((*base, *loc)), message, format_path(loc))


def validate_model(
    root: type[model.Strict], parsed: ParsedYaml, data: Any, base: PathKey = ()
) -> tuple[Any, list[Problem]]:
    """Validate `data` (found at `base` inside `parsed`) against a model."""
    if not isinstance(data, dict):
        location = parsed.locate(base)
        return None, [Problem(location, f"expected a mapping of keys, found {_describe(data)}")]
    try:
        return root.model_validate(data), []
    except pydantic.ValidationError as error:
        errors = _one_per_mistake(error.errors(), root)
        return None, [_problem_from_error(e, parsed, root, base) for e in errors]


def _one_per_mistake(errors: list[Any], root: type[BaseModel]) -> list[Any]:
    """A misspelt key makes pydantic report it unknown AND the intended key missing; the
    editor made one mistake, so only the "did you mean" line is kept."""
    meant = set()
    extra: dict[tuple[Any, ...], list[Any]] = {}
    missing: dict[tuple[Any, ...], list[Any]] = {}
    for error in errors:
        parent = tuple(error["loc"][:-1])
        if error["type"] == "extra_forbidden":
            extra.setdefault(parent, []).append(error)
            meant.add((parent, closest(str(error["loc"][-1]), _allowed_keys(root, parent))))
        elif error["type"] == "missing":
            missing.setdefault(parent, []).append(error)
    for parent, unknown in extra.items():
        # `wer:` where `who:` belongs (another language, another word): one key for one.
        gone = [e for e in missing.get(parent, []) if (parent, e["loc"][-1]) not in meant]
        if len(unknown) == 1 and len(gone) == 1:
            unknown[0]["vmv_meant"] = gone[0]["loc"][-1]
            meant.add((parent, gone[0]["loc"][-1]))
    return [
        e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in meant)
    ]


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


def _unexplained(found: list[Problem], explained: list[Problem]) -> list[Problem]:
    """Model problems, less those about a value the reader already reported (an unsupported tag)."""
    places = {(p.location, p.path) for p in explained}
    return [p for p in found if (p.location, p.path) not in places]


# -- cross-references ------------------------------------------------------------


def _items(data: Any, *keys: str) -> Iterator[tuple[int, dict[str, Any]]]:
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


class _Registry:
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
            return Problem(location, f"duplicate {self.kind} '{value}' ({first})", path)
        self.first[key] = (location, path)
        return None

    def known(self) -> list[str]:
        return list(self.first)


def _check_references(
    parsed: ParsedYaml, base: PathKey, ids: Any, known: list[str] | None, kind: str
) -> list[Problem]:
    if known is None:
        return []
    problems = []
    for index, ref in _texts(ids):
        if ref not in known:
            path = (*base, index)
            problems.append(
                Problem(
                    parsed.locate(path),
                    f"unknown {kind} id '{ref}'{_hint(ref, known)}",
                    format_path(path),
                )
            )
    return problems


def _hint(ref: str, known: list[str]) -> str:
    """A did-you-mean, or else the ids there are, when they are few enough to read."""
    close = did_you_mean(ref, known)
    if close or not known or len(known) > 12:
        return close
    return f" (the ids are: {', '.join(known)})"


def _check_reference(
    parsed: ParsedYaml, path: PathKey, ref: Any, known: list[str] | None, kind: str
) -> list[Problem]:
    """One id that must name an existing item."""
    if known is None or not isinstance(ref, str) or ref in known:
        return []
    return [Problem(parsed.locate(path), f"unknown {kind} id '{ref}'{_hint(ref, known)}", format_path(path))]


def _check_document_references(
    parsed: ParsedYaml,
) -> tuple[list[Problem], list[str] | None, list[str] | None]:
    data = parsed.data
    problems: list[Problem] = []
    registries = {
        "owners": (_Registry("owner id"), "id"),
        "values": (_Registry("value id"), "id"),
        "glossary": (_Registry("glossary term", fold_case=True), "term"),
    }
    for section, (registry, key) in registries.items():
        for index, item in _items(data, section):
            path = (section, index, key)
            found = registry.add(item.get(key), parsed.locate(path), format_path(path))
            if found:
                problems.append(found)
    owner_ids = _usable_ids(data, "owners", registries["owners"][0])
    value_ids = _usable_ids(data, "values", registries["values"][0])
    edition = data.get("edition") if isinstance(data, dict) else None
    if isinstance(edition, dict):
        problems += _check_references(
            parsed, ("edition", "approved_by"), edition.get("approved_by"), owner_ids, "owner"
        )
    return problems, owner_ids, value_ids


def _check_onboarding(
    data: Any, parsed: ParsedYaml, value_ids: list[str] | None, pages: list[str] | None
) -> list[Problem]:
    """Step ids are unique, each step points at exactly one thing that exists, and each
    scenario has exactly one best answer."""
    problems: list[Problem] = []
    steps = _Registry("step id")
    for path_index, path in _items(data, "onboarding", "paths"):
        for step_index, step in _items(path, "steps"):
            base: PathKey = ("onboarding", "paths", path_index, "steps", step_index)
            found = steps.add(step.get("id"), parsed.locate((*base, "id")), format_path((*base, "id")))
            if found:
                problems.append(found)
            targets = [key for key in ("value", "page", "section") if step.get(key) is not None]
            if len(targets) != 1:
                problems.append(
                    Problem(
                        parsed.locate(base),
                        "a step points at exactly one of value, page or section, "
                        f"found {' and '.join(targets) if targets else 'none'}",
                        format_path(base),
                    )
                )
            page = step.get("page")
            if isinstance(page, str) and pages is not None and page not in pages:
                problems.append(
                    Problem(
                        parsed.locate((*base, "page")),
                        f"unknown playbook page '{page}'{did_you_mean(page, pages)}",
                        format_path((*base, "page")),
                    )
                )
            problems += _check_reference(parsed, (*base, "value"), step.get("value"), value_ids, "value")
            if step.get("section") == "glossary" and not (isinstance(data, dict) and data.get("glossary")):
                problems.append(
                    Problem(
                        parsed.locate((*base, "section")),
                        "the site has no glossary page while glossary: in vmv.yaml is empty; "
                        "add terms there, or point this step at something else",
                        format_path((*base, "section")),
                    )
                )
    for section in ("paths", "scenarios"):
        registry = _Registry(f"{section[:-1]} id")
        for index, item in _items(data, "onboarding", section):
            id_path: PathKey = ("onboarding", section, index, "id")
            found = registry.add(item.get("id"), parsed.locate(id_path), format_path(id_path))
            if found:
                problems.append(found)
    for index, scenario in _items(data, "onboarding", "scenarios"):
        base = ("onboarding", "scenarios", index)

        problems += _check_reference(parsed, (*base, "value"), scenario.get("value"), value_ids, "value")
        answers = scenario.get("answers")
        if isinstance(answers, list):
            best = sum(1 for a in answers if isinstance(a, dict) and a.get("best") is True)
            if best != 1:
                problems.append(
                    Problem(
                        parsed.locate((*base, "answers"), key=True),
                        f"exactly one answer must be marked 'best: true', found {best}",
                        format_path((*base, "answers")),
                    )
                )
    return problems


def _usable_ids(data: Any, section: str, registry: _Registry) -> list[str] | None:
    """Valid ids to check references against; None when the section itself is broken,
    so that its own problem is reported instead of one per reference."""
    if not isinstance(data, dict) or not isinstance(data.get(section), list):
        return None
    # A malformed id has its own problem line; references to it are not a second mistake.
    return registry.known()


# -- files -------------------------------------------------------------------------


def _read_bytes(root: Path, name: str) -> bytes:
    """The bytes of a file of the repository, through its boundary (links out, special
    files and files over the limit are refused before anything is read)."""
    try:
        return read_inside(root, name, limit=MAX_FILE_BYTES)
    except RefusedPath as refused:
        raise ReadError(refused.problem()) from None


def split_front_matter(text: str, source: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body with front matter lines blanked, line offset)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            front = "\n".join(lines[1:number])
            body = "\n" * (number + 1) + "\n".join(lines[number + 1 :])
            return front, body, 1
    raise ReadError(
        Problem(
            Location(source, 1, 1),
            "front matter starts with '---' but has no closing '---' line",
        )
    )


def _is_page(name: str) -> bool:
    return name.endswith(".md")


def _playbook_entries(root: Path) -> tuple[list[InsideFile], list[Problem]]:
    """Every file in playbook/, pages and media, each checked against the boundary."""
    return files_under(
        root, PLAYBOOK_DIR, limit=lambda name: MAX_FILE_BYTES if _is_page(name) else MAX_MEDIA_BYTES
    )


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
DOCUMENT_SUFFIXES = (".pdf", ".csv", ".txt", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
SOUND_AND_VIDEO_SUFFIXES = (".mp4", ".webm", ".mp3", ".m4a", ".ogg")
MEDIA_SUFFIXES = frozenset((*IMAGE_SUFFIXES, *DOCUMENT_SUFFIXES, *SOUND_AND_VIDEO_SUFFIXES))
"""What the site publishes from playbook/ beside pages: images, documents, audio and video.
Not HTML or SVG, which can carry scripts that would run on the site's own address."""


def _left_out(file: InsideFile) -> Problem | None:
    """A warning for a playbook file the site does not publish: an editor's backup, a
    dot file, a type that is neither a page nor media."""
    name = PurePosixPath(file.name)
    if name.suffix.lower() in MEDIA_SUFFIXES and not name.name.startswith("."):
        return None
    if name.suffix.lower() in (".svg", ".html", ".htm"):
        why = f"{name.suffix} files can carry scripts that would run in readers' browsers; use PNG or PDF"
    else:
        why = "only pages (.md) and images, documents, audio or video (.png, .jpg, .pdf, .docx, .mp4, ...) are published"
    return Problem(Location(file.name), f"left out of the site: {why}", severity=Severity.WARNING)


def playbook_media(root: Path) -> tuple[list[InsideFile], list[Problem]]:
    """The playbook's files other than pages (images, documents) that the site copies, and
    the problems of the others: refused files (errors) and files left out (warnings)."""
    files, problems = _playbook_entries(root)
    problems = [p for p in problems if not _is_page(p.location.file)]
    media = []
    for file in files:
        if _is_page(file.name):
            continue
        left_out = _left_out(file)
        if left_out:
            problems.append(left_out)
        else:
            media.append(file)
    return media, problems


def _rename_hint(name: str) -> str:
    """', such as 'ward-handover.md'' for 'Ward Handover.md', when such a name exists."""
    stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    usable = re.sub(r"[^\w-]+", "-", stem).strip("-_").lower() + dot + suffix.lower()
    return f", such as '{usable}'" if _SAFE_SEGMENT.match(usable) and usable != dot + suffix else ""


def usable_name(source: str) -> bool:
    """Whether every part of the path can be part of a web address."""
    return all(_SAFE_SEGMENT.match(part) for part in PurePosixPath(source).parts)


def playbook_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The playbook's pages (real path, path in the repository) and the problems of
    pages whose names or files vmv cannot use."""
    files, refused = _playbook_entries(root)
    found: list[tuple[Path, str]] = []
    problems = [p for p in refused if _is_page(p.location.file)]
    for file in files:
        source = file.name
        if not _is_page(source):
            continue
        if not usable_name(source):
            bad = [part for part in PurePosixPath(source).parts if not _SAFE_SEGMENT.match(part)]
            problems.append(
                Problem(
                    Location(source),
                    f"the name '{bad[0]}' is not usable in a web address; use letters, digits, "
                    f"'-', '_' and '.' only, no spaces{_rename_hint(bad[0])}",
                )
            )
        # Still read: the build stops at the name, but the page's other problems belong in
        # the same run, not in the next one after the rename.
        found.append((file.path, source))
    lowered: dict[str, str] = {}
    for _, source in found:
        other = lowered.setdefault(source.lower(), source)
        if other != source:
            problems.append(
                Problem(Location(source), f"the name differs from '{other}' only in letter case; rename one")
            )
    return found, problems


def _raw_script_warnings(body: str, source: str) -> list[Problem]:
    """A raw <script> in a page never reaches a reader (sanitize.py removes it): say so,
    rather than let its author wonder why it does nothing."""
    return [
        Problem(
            Location(source, number, match.start() + 1),
            "the page contains a <script> tag, which vmv removes from the page with its "
            "content: scripts from the repository never run in readers' browsers",
            severity=Severity.WARNING,
        )
        for number, line in enumerate(body.split("\n"), start=1)
        for match in [_SCRIPT_TAG.search(line)]
        if match
    ]


@functools.lru_cache(maxsize=4096)
def _parse_cached(front: str, source: str, offset: int) -> ParsedYaml:
    return parse_yaml(front, source, line_offset=offset)


def _parse_front_matter(front: str, source: str, offset: int) -> ParsedYaml:
    """Front matter, parsed once per text: `vmv serve` loads every page after each edit."""
    if len(front) > 100_000:
        return parse_yaml(front, source, line_offset=offset)
    return _parse_cached(front, source, offset)


def _load_page(
    root: Path,
    source: str,
    owner_ids: list[str] | None,
    value_ids: list[str] | None,
    question_ids: _Registry,
    standard_ids: _Registry,
) -> tuple[Page | None, list[Problem]]:
    try:
        text = decode(_read_bytes(root, source), source)
        front, body, offset = split_front_matter(text, source)
        parsed = (
            _parse_front_matter(front, source, offset)
            if front is not None and front.strip()
            else ParsedYaml({}, {(): Location(source)})
        )
    except ReadError as error:
        return None, [error.problem]
    problems = list(parsed.problems)
    meta, found = validate_model(model.PageMeta, parsed, parsed.data)
    problems += _unexplained(found, parsed.problems)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    problems += _check_references(parsed, ("values",), data.get("values"), value_ids, "value")
    problems += _check_reference(parsed, ("owner",), data.get("owner"), owner_ids, "owner")

    for section, registry in (("questions", question_ids), ("standards", standard_ids)):
        for index, item in _items(data, section):
            id_path = (section, index, "id")
            duplicate = registry.add(item.get("id"), parsed.locate(id_path), format_path(id_path))
            if duplicate:
                problems.append(duplicate)
            problems += _check_references(
                parsed, (section, index, "values"), item.get("values"), value_ids, "value"
            )
    problems += _raw_script_warnings(body, source)
    if meta is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    body, repeated = _without_second_title(body, meta.title, source)
    return Page(source, meta, body), problems + repeated + _later_top_headings(body, source)


def _later_top_headings(body: str, source: str) -> list[Problem]:
    """A '# Heading' after the page's first is a second page title to readers and to the
    table of contents: a warning at each, saying to use '##'."""
    found, fenced, seen_text = [], False, False
    for number, line in enumerate(body.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        if re.match(r"# \S", line) and seen_text:
            found.append(
                Problem(
                    Location(source, number, 1),
                    "a second top-level heading ('# '): the page has one title; write '## ' for a section",
                    severity=Severity.WARNING,
                )
            )
        seen_text = seen_text or bool(line.strip())
    return found


def _without_second_title(body: str, title: str | None, source: str) -> tuple[str, list[Problem]]:
    """A page has one heading: with `title:` in its front matter, an opening `# Heading`
    is left out (its line kept blank, so line numbers still match the file), with a
    warning when the two say different things."""
    lines = body.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    heading = re.fullmatch(r"#\s+(.+?)\s*#*\s*", lines[first]) if title and first is not None else None
    underlined = first is not None and first + 1 < len(lines) and re.fullmatch(r"=+\s*", lines[first + 1])
    if title and heading is None and underlined and first is not None:
        # The same heading underlined with '=' (Markdown's other way to write '# Heading').
        heading = re.fullmatch(r"\s*(.+?)\s*", lines[first])
        lines[first + 1] = ""
    if heading is None or first is None:
        return body, []
    lines[first] = ""
    if " ".join(heading.group(1).split()).casefold() == " ".join(str(title).split()).casefold():
        return "\n".join(lines), []
    warning = Problem(
        Location(source, first + 1, 1),
        f"the page opens with the heading '{heading.group(1)}' but its front matter says "
        f"title: {title}; the title is used and the heading left out: remove one of them",
        severity=Severity.WARNING,
    )
    return "\n".join(lines), [warning]


def load_project(root: Path, *, with_playbook: bool = True) -> Project:
    """Load vmv.yaml and every playbook page; raise `InvalidInput` with all problems.

    Without the playbook (a lone vmv.yaml, as `vmv diff` may compare), references
    from onboarding steps to pages cannot be checked and are not.
    """
    if not is_present(root, VMV_FILE):
        raise InvalidInput(
            [
                Problem(
                    Location(VMV_FILE),
                    f"no {VMV_FILE} in {root}; run 'vmv init DIR' to start one, or pass --root",
                )
            ]
        )
    problems: list[Problem] = []
    document = None
    # None: vmv.yaml could not be read, so references from pages cannot be checked.
    owner_ids: list[str] | None = None
    value_ids: list[str] | None = None
    try:
        parsed = parse_yaml(decode(_read_bytes(root, VMV_FILE), VMV_FILE), VMV_FILE)
    except ReadError as error:
        problems.append(error.problem)
    else:
        problems += parsed.problems
        document, found = validate_model(model.Document, parsed, parsed.data)
        problems += _unexplained(found, parsed.problems)
        references, owner_ids, value_ids = _check_document_references(parsed)
        problems += references

    files, file_problems = playbook_files(root)
    problems += file_problems + playbook_media(root)[1]
    pages: list[Page] = []
    stand_ins: list[Page] = []
    question_ids, standard_ids = _Registry("question id"), _Registry("standard id")
    for _, source in files:
        page, found = _load_page(root, source, owner_ids, value_ids, question_ids, standard_ids)
        problems += found
        if page and usable_name(source):
            pages.append(page)
        elif usable_name(source):
            # Stands in for the page when the rest of the site is checked (links to it).
            stand_ins.append(Page(source, model.PageMeta(), ""))
    if document is not None or value_ids is not None:
        # A playbook folder vmv refuses has its own problem: its pages are not unknown.
        readable = is_inside(root, PLAYBOOK_DIR, folder=True) or not is_present(root, PLAYBOOK_DIR)
        pages_known = [s for _, s in files] if with_playbook and readable else None
        problems += _check_onboarding(parsed.data, parsed, value_ids, pages_known)
        problems += _check_measures(parsed, value_ids)
    stories, found = load_stories(root, value_ids)
    problems = one_per_value(problems + found)
    warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
    if len(warnings) < len(problems) or document is None:
        # With only pages in error, the rest of the site can still be checked (links).
        in_pages = all(p.location.file.startswith(f"{PLAYBOOK_DIR}/") for p in problems if p not in warnings)
        everything = (*pages, *stand_ins)
        known = {page.source for page in everything}
        # A step may point at a page that could not stand in (a refused name): then the rest
        # cannot be rendered, and the page's own problem is the one to fix first.
        steps_resolve = document is not None and all(
            step.page in known for path in document.onboarding.paths for step in path.steps if step.page
        )
        partial = (
            Project(root, document, everything, warnings, stories)
            if document and in_pages and steps_resolve
            else None
        )
        raise InvalidInput(problems, partial)
    return Project(root, document, tuple(pages), warnings, stories)


def read_stories(parsed: ParsedYaml, value_ids: list[str] | None) -> tuple[list[model.Story], list[Problem]]:
    """The stories of one recognition file: a list of entries, each checked."""
    problems = list(parsed.problems)
    if not isinstance(parsed.data, list):
        where = parsed.locate(())
        return [], [*problems, Problem(where, f"expected a list of stories, found {_describe(parsed.data)}")]
    stories = []
    for index, item in enumerate(parsed.data):
        story, found = validate_model(model.Story, parsed, item, (index,))
        found = [
            dataclasses.replace(p, path=f"[{index}].{p.path}" if p.path else f"[{index}]") for p in found
        ]
        problems += found
        if isinstance(item, dict):
            problems += _check_reference(parsed, (index, "value"), item.get("value"), value_ids, "value")
        if story is not None:
            stories.append(story)
    return stories, problems


def load_stories(root: Path, value_ids: list[str] | None) -> tuple[tuple[model.Story, ...], list[Problem]]:
    """Every story in recognition/*.yaml, newest first, and the problems found."""
    files, problems = files_under(
        root, RECOGNITION_DIR, recursive=False, include=lambda name: name.endswith(".yaml")
    )
    stories: list[model.Story] = []
    for file in files:
        name = file.name
        try:
            parsed = parse_yaml(decode(_read_bytes(root, name), name), name)
        except ReadError as error:
            problems.append(error.problem)
            continue
        found_stories, found = read_stories(parsed, value_ids)
        stories += found_stories
        problems += found
    return tuple(sorted(stories, key=lambda s: s.date, reverse=True)), problems


def _check_measures(parsed: ParsedYaml, value_ids: list[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    registry = _Registry("measure id")
    for index, measure in _items(parsed.data, "measures"):
        id_path = ("measures", index, "id")
        found = registry.add(measure.get("id"), parsed.locate(id_path), format_path(id_path))
        if found:
            problems.append(found)
        problems += _check_references(
            parsed, ("measures", index, "values"), measure.get("values"), value_ids, "value"
        )
        periods = _Registry("period")
        for reading, entry in _items(measure, "history"):
            period_path = ("measures", index, "history", reading, "period")
            repeated = periods.add(entry.get("period"), parsed.locate(period_path), format_path(period_path))
            if repeated:
                problems.append(repeated)
    return problems
