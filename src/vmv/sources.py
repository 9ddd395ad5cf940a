"""Read an edition from a vmv.yaml file or from a git revision.

A revision is read with `git archive` into a temporary folder and loaded like
any working copy, so the user's working tree, index and branches are never
touched. Problems in an old edition name the revision: `main:vmv.yaml:3:1`.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import InvalidInput, Location, Problem, UsageError
from .load import PLAYBOOK_DIR, VMV_FILE, Project, load_project


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; pass paths to vmv.yaml files instead of revisions") from None


@dataclasses.dataclass(frozen=True)
class Edition:
    """An edition read for comparison, and whether its playbook came with it."""

    project: Project
    with_playbook: bool


def _load_labelled(folder: Path, name: Callable[[str], str], *, with_playbook: bool = True) -> Project:
    """Load `folder`; problems give each file the name the user knows (`main:vmv.yaml`)."""
    try:
        return load_project(folder, with_playbook=with_playbook)
    except InvalidInput as error:
        raise InvalidInput(
            [
                dataclasses.replace(p, location=dataclasses.replace(p.location, file=name(p.location.file)))
                for p in error.problems
            ]
        ) from None


def read_revision(root: Path, revision: str) -> Edition:
    """The edition at a git revision of the repository that holds `root`."""
    if revision.startswith("-"):
        raise UsageError(f"'{revision}' is not a git revision")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise UsageError(f"'{revision}' is neither a file nor a git revision in {root}")
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    listed = _git(root, "ls-tree", "--name-only", f"{revision}:{prefix}").stdout.decode().split("\n")
    if VMV_FILE not in listed:
        raise UsageError(f"revision '{revision}' has no {prefix}{VMV_FILE}")
    with tempfile.TemporaryDirectory(prefix="vmv-revision-") as folder:
        export_revision(root, revision, Path(folder), (VMV_FILE, PLAYBOOK_DIR))
        return Edition(_load_labelled(Path(folder), lambda file: f"{revision}:{file}"), with_playbook=True)


def export_revision(root: Path, revision: str, folder: Path, names: Sequence[str]) -> None:
    """Write the files `names` (those that exist) of the repository at `revision` into `folder`."""
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    listed = set(_git(root, "ls-tree", "--name-only", f"{revision}:{prefix}").stdout.decode().split("\n"))
    wanted = [name for name in names if name.split("/")[0] in listed]
    if not wanted:
        return
    archive = _git(root, "archive", "--format=tar", f"{revision}:{prefix}", "--", *wanted)
    if archive.returncode != 0:
        raise UsageError(f"git could not read '{revision}': {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        try:
            tar.extractall(folder, filter="data")
        except tarfile.FilterError as error:
            # Such as a page that is a link to /etc/passwd: never followed, never written.
            raise InvalidInput(
                [
                    Problem(
                        Location(f"{revision}:{error.tarinfo.name}"),
                        "the file is a link outside the repository",
                    )
                ]
            ) from None


def revision_id(root: Path, revision: str) -> str:
    """The object id git gives `revision` (`v2.1.0^{tree}` for a tag's content)."""
    found = _git(root, "rev-parse", "--verify", "--quiet", revision)
    if found.returncode != 0:
        raise UsageError(f"'{revision}' is not a git revision in {root}")
    return found.stdout.decode().strip()


def read_file(path: Path) -> Edition:
    """The edition in a vmv.yaml file; its playbook comes along when it sits beside it."""
    folder = path.parent
    if path.name == VMV_FILE and (folder / PLAYBOOK_DIR).is_dir():
        return Edition(_load_labelled(folder, lambda file: (folder / file).as_posix()), with_playbook=True)
    with tempfile.TemporaryDirectory(prefix="vmv-file-") as copy:
        (Path(copy) / VMV_FILE).write_bytes(path.read_bytes())
        edition = _load_labelled(Path(copy), lambda _: path.as_posix(), with_playbook=False)
        return Edition(edition, with_playbook=False)


def read_edition(root: Path, spec: str) -> Edition:
    """An edition named on the command line: a path to a vmv.yaml file, or a git revision."""
    candidate = Path(spec)
    if candidate.is_file():
        return read_file(candidate)
    return read_revision(root, spec)


def comparable(old: Edition, new: Edition) -> tuple[Project, Project]:
    """Playbook pages are compared only when both sides brought theirs."""
    if old.with_playbook and new.with_playbook:
        return old.project, new.project
    return dataclasses.replace(old.project, pages=()), dataclasses.replace(new.project, pages=())


DEFAULT_TAGS = "v*"
"""Which git tags are editions, unless `--tags` says otherwise."""


def parse_version(text: str) -> tuple[int, int, int] | None:
    """(2, 1, 0) for '2.1.0', 'v2.1.0' or 'release-2.1.0' (a tag's prefix is not part of
    the version); None when the text does not end in such a version."""
    match = re.fullmatch(r"(?:.*?[^\d.])?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)", text)

    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def edition_tags(root: Path, pattern: str = DEFAULT_TAGS) -> list[str]:
    """Tags matching `pattern` in the repository that holds `root`; none outside a repository."""
    listed = _git(root, "tag", "--list", pattern)
    if listed.returncode != 0:
        return []
    return sorted(t for t in listed.stdout.decode().split("\n") if t)


def previous_release(root: Path, version: str, pattern: str = DEFAULT_TAGS) -> Project | None:
    """The newest tagged edition older than `version`, for the "What changed" page."""
    current = parse_version(version)
    older = [(parse_version(t), t) for t in edition_tags(root, pattern)]
    candidates = sorted((v, t) for v, t in older if v is not None and current is not None and v < current)
    if not candidates:
        return None
    return read_revision(root, candidates[-1][1]).project


def last_changed(root: Path, paths: Sequence[str]) -> dict[str, datetime.date]:
    """The date of the last commit that changed each file under `paths` (relative to
    `root`), from one `git log`; files never committed, or outside a repository, are left out."""
    logged = _git(root, "log", "--format=%x00%cs", "--name-only", "--relative", "--", *paths)
    if logged.returncode != 0:
        return {}
    dates: dict[str, datetime.date] = {}
    date = None
    for line in logged.stdout.decode("utf-8", "replace").split("\n"):
        if line.startswith("\0"):
            date = datetime.date.fromisoformat(line[1:])
        elif line and date is not None and line not in dates:
            dates[line] = date
    return dates
