"""`vmv recognize`: record a moment when someone lived a value.

The story goes to recognition/<year>-<month>.yaml. The new file text is checked
exactly as `vmv validate` would read it, and only then written, to a temporary
file renamed over the old one, so a bad entry or an interrupted write never
leaves a corrupt file. The folder must be inside the repository and the file an
ordinary one: a pull request may have planted links (recognition -> ~/.ssh, or
the month's file -> ~/.bashrc), and the rename replaces a name, never writing
through a link.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from vmv.core.boundary import RefusedPath, is_present, read_inside, resolve_inside
from vmv.core.inputs import RECOGNITION_DIR
from vmv.core.load.project import Project, load_project, read_stories
from vmv.core.model.problems import one_per_value
from vmv.core.yaml_reader import ReadError, decode, parse_yaml
from vmv.errors import InvalidInput, Location, Problem, ProblemCode, UsageError
from vmv.repo.output import folder_lock


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
    folder = _story_folder(root)
    # Two leaders recording at once: each reads the file the other has finished writing.
    with folder_lock(folder):
        return _append(root, folder, name, project, day, value, who, what, by)


def _story_folder(root: Path) -> Path:
    """The real recognition/ folder, inside the repository; made when there is none."""
    try:
        if not is_present(root, RECOGNITION_DIR):
            (root / RECOGNITION_DIR).mkdir()
        return resolve_inside(root, RECOGNITION_DIR, folder=True)
    except RefusedPath as refused:
        raise InvalidInput([refused.problem()]) from None
    except OSError as error:
        raise UsageError(f"cannot create {RECOGNITION_DIR}/: {error.strerror}") from None


def _current_text(root: Path, folder: Path, name: str) -> bytes:
    """The month's file as it is (nothing when new); refused when it is not an ordinary file."""
    target = folder / Path(name).name
    if not os.path.lexists(target):
        return b""
    if target.is_symlink():
        message = (
            "the file is a link; vmv recognize replaces the file it adds to, "
            "so put the file itself here instead of a link"
        )
        raise InvalidInput([Problem(Location(name), message, code=ProblemCode.FILE_IS_LINK)])
    try:
        return read_inside(root, name)
    except RefusedPath as refused:
        raise InvalidInput([refused.problem()]) from None


def _append(
    root: Path,
    folder: Path,
    name: str,
    project: Project,
    day: datetime.date,
    value: str,
    who: str,
    what: str,
    by: str | None,
) -> Recorded:
    try:
        text = decode(_current_text(root, folder, name), name)
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
    # The new entry starts at `start_line`: its problems are the command's arguments, which
    # the user typed, not lines of a file they never wrote.
    mine = sorted(one_per_value([p for p in problems if p.location.line >= start_line]), key=Problem.sort_key)
    if mine:
        raise UsageError("; ".join(_as_argument(p) for p in mine))
    if problems:
        raise InvalidInput(problems)
    try:
        _write_new(folder / Path(name).name, candidate)
    except OSError as error:
        raise UsageError(f"cannot write {name}: {error.strerror}") from None
    return Recorded(name, start_line)


_OPTIONS = {"date": "--date", "value": "--value", "who": "--person", "what": "--story", "by": "--by"}
"""The option of `vmv recognize` that fills each field of a story."""


def _as_argument(problem: Problem) -> str:
    field = problem.path.rpartition(".")[2]
    return f"{_OPTIONS.get(field, 'the story')}: {problem.message}"


def _write_new(target: Path, text: str) -> None:
    """Write a new file beside `target` (its name made with O_EXCL, so no planted link is
    followed) and rename it to `target`, replacing the name, never what it points at."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=".vmv-", delete=False
    ) as handle:
        try:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, target)
