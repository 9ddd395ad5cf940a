"""git, run through one wrapper, and an edition read from a vmv.yaml file or a git revision.

Every git command vmv runs goes through `Git`, with one policy for failures:
git missing is one line (`GitMissing`, a usage error, never a traceback); a
command that must succeed and fails is a `UsageError` with git's own words; a
question git answers by failing (is this a revision? are there tags?) is a
value. Each command runs in the folder it is given, never in the process's.

A revision is read with `git archive` into a temporary folder and loaded like
any working copy, so the user's working tree, index and branches are never
touched. Problems in an old edition name the revision: `main:vmv.yaml:3:1`.

A commit is as hostile as a working copy: its paths and links are checked
while it is written out. Files are written first, into folders vmv made, and
links last, only where they stay inside; nothing is ever written through a
link, whatever tarfile's own filters would have let through.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import os
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

from vmv.core.boundary import GIT_FOLDER, RefusedPath, link_out_message, read_inside
from vmv.core.inputs import DECISIONS_DIR, PLAYBOOK_DIR, TRANSLATIONS_DIR, VMV_FILE
from vmv.core.load.project import Project, load_project
from vmv.core.versions import parse_version
from vmv.errors import InvalidInput, Location, Problem, ProblemCode, UsageError


class GitMissing(UsageError):
    """git cannot be run: it is not installed, or not on PATH."""


@dataclasses.dataclass(frozen=True)
class Git:
    """git, run in `folder` (as `git -C folder`)."""

    folder: Path

    def _run(self, args: Sequence[str]) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(["git", "-C", str(self.folder), *args], capture_output=True, check=False)
        except FileNotFoundError:
            raise GitMissing("git is not installed (or not on PATH); install it") from None
        except OSError as error:
            raise GitMissing(f"git cannot be run ({error.strerror}); check how it is installed") from None

    def succeeds(self, *args: str) -> bool:
        """Whether the command succeeds, for a question git answers by failing."""
        return self._run(args).returncode == 0

    def output(self, *args: str) -> str:
        """The command's output, or "" when it fails (outside a repository, an unknown name)."""
        done = self._run(args)
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""

    def run(self, *args: str, failure: str) -> bytes:
        """The output of a command that must succeed; when it fails, a `UsageError` that
        says `failure`, then what git said."""
        done = self._run(args)
        if done.returncode != 0:
            raise UsageError(f"{failure}: {done.stderr.decode('utf-8', 'replace').strip()}")
        return done.stdout


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
    git = Git(root)
    if not git.succeeds("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"):
        raise UsageError(f"'{revision}' is neither a file nor a git revision in {root}")
    prefix = git.output("rev-parse", "--show-prefix").strip()
    listed = git.output("ls-tree", "--name-only", f"{revision}:{prefix}").split("\n")
    if VMV_FILE not in listed:
        raise UsageError(f"revision '{revision}' has no {prefix}{VMV_FILE}")
    with tempfile.TemporaryDirectory(prefix="vmv-revision-") as folder:
        export_revision(
            root, revision, Path(folder), (VMV_FILE, PLAYBOOK_DIR, DECISIONS_DIR, TRANSLATIONS_DIR)
        )
        return Edition(_load_labelled(Path(folder), lambda file: f"{revision}:{file}"), with_playbook=True)


def export_revision(root: Path, revision: str, folder: Path, names: Sequence[str]) -> None:
    """Write the files `names` (those that exist) of the repository at `revision` into `folder`."""
    git = Git(root)
    prefix = git.output("rev-parse", "--show-prefix").strip()
    listed = set(git.output("ls-tree", "--name-only", f"{revision}:{prefix}").split("\n"))
    wanted = [name for name in names if name.split("/")[0] in listed]
    if not wanted:
        return
    archive = git.run(
        "archive",
        "--format=tar",
        f"{revision}:{prefix}",
        "--",
        *wanted,
        failure=f"git could not read '{revision}'",
    )
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        problems = _write_out(tar, folder, revision.removesuffix("^{commit}"))
    if problems:
        raise InvalidInput(problems)


def _write_out(tar: tarfile.TarFile, folder: Path, revision: str) -> list[Problem]:
    """Write the archive's files, then its links that stay inside; the rest are problems
    named `revision:path`."""
    links: list[tuple[tarfile.TarInfo, tuple[str, ...]]] = []
    problems: list[Problem] = []
    for member in tar:
        parts = PurePosixPath(member.name).parts
        where = Location(f"{revision}:{member.name}")
        if not parts or parts[0] == "/" or any(p == ".." or p.casefold() == GIT_FOLDER for p in parts):
            message = "the path leaves the folder or names git's own files; git never makes such paths"
            problems.append(Problem(where, message, code=ProblemCode.GIT_UNSAFE_PATH))
            continue
        try:
            if member.isdir():
                _made_folder(folder, parts)
            elif member.isreg():
                source = tar.extractfile(member)
                assert source is not None  # a regular member always has its bytes
                target = _made_folder(folder, parts[:-1]) / parts[-1]
                # O_NOFOLLOW: a file exported before may be replaced, a link never written through.
                descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
                with source, os.fdopen(descriptor, "wb") as handle:
                    shutil.copyfileobj(source, handle)
            elif member.issym():
                links.append((member, parts))
        except OSError as error:
            message = f"the file cannot be written out ({error.strerror})"
            problems.append(Problem(where, message, code=ProblemCode.GIT_EXPORT_FAILED))
    return problems + [p for member, parts in links if (p := _write_link(member, parts, folder, revision))]


def _write_link(
    member: tarfile.TarInfo, parts: tuple[str, ...], folder: Path, revision: str
) -> Problem | None:
    """Make one link of the archive, unless its target is outside (checked by its text
    here; once made, the boundary checks where it really leads when it is read)."""
    where = Location(f"{revision}:{member.name}")
    target = posixpath.normpath(posixpath.join(*parts[:-1], member.linkname))
    if posixpath.isabs(member.linkname) or target == ".." or target.startswith("../"):
        return Problem(where, link_out_message(), code=ProblemCode.FILE_OUTSIDE)
    try:
        link = _made_folder(folder, parts[:-1]) / parts[-1]
        if not (link.is_symlink() and os.readlink(link) == member.linkname):  # exported before
            os.symlink(member.linkname, link)
    except OSError as error:
        return Problem(
            where, f"the link cannot be written out ({error.strerror})", code=ProblemCode.GIT_EXPORT_FAILED
        )
    return None


def _made_folder(folder: Path, parts: tuple[str, ...]) -> Path:
    """`folder/parts`, made one folder at a time; a link on the way is an error, so
    nothing is ever written through one (links are made last, and may chain)."""
    current = folder
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise OSError(0, "a folder on the way is a link")
        if not current.is_dir():
            current.mkdir()
    return current


def revision_id(root: Path, revision: str) -> str:
    """The object id git gives `revision` (`v2.1.0^{tree}` for a tag's content)."""
    found = Git(root).output("rev-parse", "--verify", "--quiet", revision).strip()
    if not found:
        raise UsageError(f"'{revision}' is not a git revision in {root}")
    return found


def read_file(path: Path) -> Edition:
    """The edition in a vmv.yaml file; its playbook comes along when it sits beside it.

    The file is read like any input: a link must stay in the file's folder.
    """
    folder = path.parent
    if path.name == VMV_FILE and (folder / PLAYBOOK_DIR).is_dir():
        return Edition(_load_labelled(folder, lambda file: (folder / file).as_posix()), with_playbook=True)
    try:
        content = read_inside(folder, path.name)
    except RefusedPath as refused:
        raise InvalidInput([Problem(Location(path.as_posix()), refused.message, code=refused.code)]) from None
    with tempfile.TemporaryDirectory(prefix="vmv-file-") as copy:
        (Path(copy) / VMV_FILE).write_bytes(content)
        edition = _load_labelled(Path(copy), lambda _: path.as_posix(), with_playbook=False)
        return Edition(edition, with_playbook=False)


def _is_revision(root: Path, spec: str) -> bool:
    if spec.startswith("-"):
        return False
    try:
        return Git(root).succeeds("rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    except GitMissing:
        return False


def read_edition(root: Path, spec: str) -> Edition:
    """An edition named on the command line: a git revision, or else a path to a vmv.yaml file.

    A revision wins: a pull request may add a file named `HEAD` (or like the base
    commit), and the workflow's `vmv diff BASE HEAD` must still compare commits.
    """
    candidate = Path(spec)
    if not _is_revision(root, spec) and (candidate.is_file() or candidate.is_symlink()):
        return read_file(candidate)
    try:
        return read_revision(root, spec)
    except GitMissing as missing:
        raise GitMissing(f"{missing}, or pass paths to vmv.yaml files instead of revisions") from None


def comparable(old: Edition, new: Edition) -> tuple[Project, Project]:
    """Playbook pages and decision records are compared only when both sides brought theirs."""
    if old.with_playbook and new.with_playbook:
        return old.project, new.project
    before, after = (dataclasses.replace(e.project, pages=(), decisions=()) for e in (old, new))
    return before, after


DEFAULT_TAGS = "v*"
"""Which git tags are editions, unless `--tags` says otherwise."""


def edition_tags(root: Path, pattern: str = DEFAULT_TAGS) -> list[str]:
    """Tags matching `pattern` in the repository that holds `root`; none outside a
    repository, or without git."""
    try:
        listed = Git(root).output("tag", "--list", pattern)
    except GitMissing:
        return []
    return sorted(t for t in listed.split("\n") if t)


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
    `root`), from one `git log`; files never committed, outside a repository or without
    git are left out: a site builds without history."""
    try:
        logged = Git(root).output("log", "--format=%x00%cs", "--name-only", "--relative", "--", *paths)
    except GitMissing:
        return {}
    dates: dict[str, datetime.date] = {}
    date = None
    for line in logged.split("\n"):
        if line.startswith("\0"):
            date = datetime.date.fromisoformat(line[1:])
        elif line and date is not None and line not in dates:
            dates[line] = date
    return dates
