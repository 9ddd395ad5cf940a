"""`vmv recognize`: record a moment when someone lived a value.

The story goes to recognition/<year>-<month>.yaml. The new file text is checked
exactly as `vmv validate` would read it, and only then written, to a temporary
file renamed over the old one, so a bad entry or an interrupted write never
leaves a corrupt file.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InvalidInput
from .load import RECOGNITION_DIR, Project, load_project, read_stories
from .output import folder_lock
from .yaml_reader import ReadError, decode, parse_yaml


@dataclass(frozen=True)
class Recorded:
    """Where the story went."""

    file: str
    line: int


def _entry(date: datetime.date, value: str, who: str, what: str, by: str | None) -> str:
    fields: dict[str, object] = {"date": date, "value": value, "who": who, "what": what}
    if by:
        fields["by"] = by
    return yaml.safe_dump([fields], allow_unicode=True, sort_keys=False, width=88)


def record_story(
    root: Path, *, value: str, who: str, what: str, by: str | None = None, date: datetime.date | None = None
) -> Recorded:
    """Append one story; raise `InvalidInput` (the file untouched) when it is not valid."""
    project = load_project(root)
    day = date or datetime.date.today()
    name = f"{RECOGNITION_DIR}/{day:%Y-%m}.yaml"
    path = root / name
    path.parent.mkdir(exist_ok=True)
    # Two leaders recording at once: each reads the file the other has finished writing.
    with folder_lock(path.parent):
        return _append(path, name, project, day, value, who, what, by)


def _append(
    path: Path,
    name: str,
    project: Project,
    day: datetime.date,
    value: str,
    who: str,
    what: str,
    by: str | None,
) -> Recorded:
    before = path.read_bytes() if path.exists() else b""
    try:
        text = decode(before, name)
    except ReadError as error:
        raise InvalidInput([error.problem]) from None
    if text and not text.endswith("\n"):
        text += "\n"
    if not text.strip():
        text = "# Moments when someone lived a value; `vmv recognize` adds to this file.\n"
    start_line = text.count("\n") + 1
    candidate = text + _entry(day, value, who.strip(), what.strip(), by.strip() if by else None)
    try:
        parsed = parse_yaml(candidate, name)
    except ReadError as error:
        raise InvalidInput([error.problem]) from None
    value_ids = [v.id for v in project.document.values]
    _, problems = read_stories(parsed, value_ids)
    if problems:
        raise InvalidInput(problems)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=".vmv-", delete=False
    ) as handle:
        handle.write(candidate)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
    return Recorded(name, start_line)
