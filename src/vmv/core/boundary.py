"""The repository's edge: every file vmv reads or writes must stay inside it.

A pull request can add a symbolic link anywhere (`playbook -> /etc`, a page
linking to `~/.ssh/id_rsa`, `vmv.yaml -> /proc/self/environ`) and CI would
publish what it points at. So every path is resolved, links followed, and must
land inside the resolved repository, outside git's own `.git` folder, on a
regular file or folder. Devices, FIFOs and sockets are refused from their
`stat`, never opened: opening a FIFO blocks, reading a device never ends.
A refusal names the path as written in the repository, never where a link
points, and nothing of an outside file is ever read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vmv.errors import Location, Problem, ProblemCode

MAX_FILE_BYTES = 2_000_000
"""Larger text inputs are refused before reading: a VMV is a few hundred kilobytes."""

MAX_MEDIA_BYTES = 50_000_000
"""Larger images and other media in playbook/ are refused before reading (GitHub
itself warns about files over 50 MB)."""

GIT_FOLDER = ".git"
"""Git's own files: never content, and in CI they may hold a token."""

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""How a checked file is opened: should it have turned into a link or a FIFO since it
was checked, the open fails or returns at once instead of following or blocking."""


class RefusedPath(Exception):
    """vmv will not read or write this path; `message` says why, in words an editor
    can act on."""

    code = ProblemCode.FILE_OUTSIDE
    """The kind of refusal, for the problem line; each subclass has its own."""

    def __init__(self, path: str, message: str, code: ProblemCode | None = None) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        """The path as written in the repository: `playbook/hiring.md`."""
        self.message = message
        self.code = code or self.code

    def problem(self) -> Problem:
        """The refusal as a problem line at the path."""
        return Problem(Location(self.path), self.message, code=self.code)


class OutsideRepository(RefusedPath):
    """The path leads outside the repository or into `.git`, or is not an ordinary
    file or folder."""


class MissingPath(RefusedPath):
    """Nothing is there, or a link leads nowhere (a missing target, a loop)."""

    code = ProblemCode.FILE_NOT_FOUND


class TooLarge(RefusedPath):
    """The file is larger than vmv reads."""

    code = ProblemCode.FILE_TOO_LARGE


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _allowed(real: Path, real_root: Path) -> bool:
    if not real.is_relative_to(real_root):
        return False
    return all(part.casefold() != GIT_FOLDER for part in real.relative_to(real_root).parts)


def _escaping_part(root: Path, real_root: Path, parts: tuple[str, ...]) -> str | None:
    """The first folder or file on the way that is a link leaving the repository, if any."""
    for end in range(1, len(parts) + 1):
        if not _allowed(Path(os.path.realpath(root.joinpath(*parts[:end]))), real_root):
            return "/".join(parts[:end])
    return None


_NOUNS = {
    "file": ("the file", "copy the file in instead"),
    "folder": ("the folder", "move its files into the repository instead"),
    "entry": ("this", "copy what it points at into the repository instead"),
}
"""How a refusal names what was expected at a path, and the remedy: a file, a folder, or
an entry of a folder whose kind is not known without looking outside."""


def _inspect(
    root: Path, relative: str | PurePosixPath | Path, *, expected: str = "file"
) -> tuple[Path, os.stat_result, str]:
    """The real path of `root/relative`, its status (from `stat`, nothing opened) and
    the path as written; raises `RefusedPath` when it is missing or leaves the repository."""
    parts = PurePosixPath(relative).parts
    shown = "/".join(parts)
    real_root = Path(os.path.realpath(root))
    # Where the links lead is judged before anything there is looked at.
    if not _allowed(Path(os.path.realpath(root.joinpath(*parts))), real_root):
        raise OutsideRepository(shown, _leaving(root, real_root, parts, expected=expected))
    try:
        real = Path(os.path.realpath(root.joinpath(*parts), strict=True))
    except OSError:
        if os.path.lexists(root.joinpath(*parts)):
            raise MissingPath(
                shown,
                "the link leads nowhere (its target is missing, or links form a loop); fix or remove it",
            ) from None
        raise MissingPath(shown, "not found") from None
    try:
        return real, real.stat(), shown
    except OSError as error:
        raise MissingPath(
            shown, f"the file cannot be read ({error.strerror})", ProblemCode.FILE_UNREADABLE
        ) from None


def _leaving(root: Path, real_root: Path, parts: tuple[str, ...], *, expected: str) -> str:
    """Which part of the path is a link leaving the repository, and what to do."""
    escaping = _escaping_part(root, real_root, parts)
    through = escaping if escaping and escaping != "/".join(parts) else None
    if Path(os.path.realpath(root.joinpath(*(escaping or "").split("/")))).is_relative_to(real_root):
        what = f"'{through}'" if through else _NOUNS[expected][0]
        return f"{what} is a link into git's own files ({GIT_FOLDER}), which vmv never reads"
    return link_out_message(expected, through=through)


def link_out_message(expected: str = "entry", *, through: str | None = None) -> str:
    """What a problem line says about a link leaving the repository: at a path where a
    "file", a "folder" or any "entry" was expected, or `through` a folder on the way."""
    what, remedy = _NOUNS[expected]
    if through:
        what, remedy = f"'{through}'", _NOUNS["folder"][1]
    return f"{what} is a link to a place outside the repository; {remedy}"


def _refuse_kind(shown: str, mode: int, *, folder: bool) -> None:
    expected = stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)
    if expected:
        return
    found = _kind(mode)
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        wanted = "a folder" if folder else "a file"
        raise OutsideRepository(shown, f"expected {wanted}, found {found}")
    raise OutsideRepository(
        shown, f"this is {found}, not an ordinary file; vmv reads only ordinary files and folders"
    )


def resolve_inside(root: Path, relative: str | PurePosixPath | Path, *, folder: bool = False) -> Path:
    """The real path of `root/relative`, which must exist inside `root`.

    Raises `RefusedPath`: `OutsideRepository` when it (or a folder on the way) is a
    link that leaves the repository, or when it is not a regular file (a folder
    with `folder=True`); `MissingPath` when nothing is there.
    """
    real, status, shown = _inspect(root, relative, expected="folder" if folder else "file")
    _refuse_kind(shown, status.st_mode, folder=folder)
    return real


def is_inside(root: Path, relative: str | PurePosixPath | Path, *, folder: bool = False) -> bool:
    """Whether `resolve_inside` would accept the path."""
    try:
        resolve_inside(root, relative, folder=folder)
    except RefusedPath:
        return False
    return True


def is_present(root: Path, relative: str | PurePosixPath | Path) -> bool:
    """Whether anything is at the path, a broken link included (which `Path.exists` misses).

    A path under a folder that is a link out of the repository counts as present
    without looking there: reading it is then refused, naming that link.
    """
    parts = PurePosixPath(relative).parts
    real_root = Path(os.path.realpath(root))
    if _escaping_part(root, real_root, parts[:-1]) is not None:
        return True
    return os.path.lexists(root.joinpath(*parts))


@dataclass(frozen=True)
class InsideFile:
    """A regular file found inside the repository."""

    path: Path
    """Its real path, links resolved."""
    name: str
    """The path as written in the repository: `playbook/teams/hiring.md`."""
    size: int

    def read(self, limit: int = MAX_FILE_BYTES) -> bytes:
        """Its bytes, at most `limit` of them; raises `RefusedPath`."""
        if self.size > limit:
            raise _too_large(self.name, self.size, limit)
        try:
            handle = os.fdopen(os.open(self.path, _OPEN_FLAGS), "rb")
        except OSError as error:
            message = f"the file cannot be read ({error.strerror})"
            raise OutsideRepository(self.name, message, ProblemCode.FILE_UNREADABLE) from None
        with handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise OutsideRepository(self.name, f"this is {_kind(mode)}, not an ordinary file")
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise _too_large(self.name, len(data), limit)
        return data


def _too_large(shown: str, size: int, limit: int) -> TooLarge:
    return TooLarge(shown, f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def find_inside(root: Path, relative: str | PurePosixPath | Path) -> InsideFile:
    """The regular file at `root/relative`, checked; raises `RefusedPath`."""
    real, status, shown = _inspect(root, relative)
    _refuse_kind(shown, status.st_mode, folder=False)
    return InsideFile(real, shown, status.st_size)


def read_inside(root: Path, relative: str | PurePosixPath | Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `root/relative`, checked before it is opened:
    inside the repository, an ordinary file, at most `limit` bytes. Raises `RefusedPath`."""
    return find_inside(root, relative).read(limit)


def files_under(
    root: Path,
    folder: str,
    *,
    limit: int | Callable[[str], int] = MAX_FILE_BYTES,
    recursive: bool = True,
    include: Callable[[str], bool] = lambda name: True,
) -> tuple[list[InsideFile], list[Problem]]:
    """Every regular file in `root/folder` whose name `include` accepts, and a problem
    for each entry vmv refuses: a link leaving the repository, a link to a folder (not
    followed: it could loop), a special file, a file over `limit` bytes (a number, or
    one per name). Nothing is read. No files and no problems when the folder is absent.
    """
    try:
        real_folder = resolve_inside(root, folder, folder=True)
    except MissingPath as error:
        return [], [error.problem()] if is_present(root, folder) else []
    except RefusedPath as error:
        return [], [error.problem()]
    limit_of = limit if callable(limit) else lambda _: limit
    found: list[InsideFile] = []
    problems: list[Problem] = []
    pending = [(real_folder, folder.strip("/"))]
    while pending:
        real_dir, shown_dir = pending.pop()
        try:
            with os.scandir(real_dir) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            message = f"the folder cannot be read ({error.strerror})"
            problems.append(Problem(Location(shown_dir), message, code=ProblemCode.FILE_UNREADABLE))
            continue
        for entry in entries:
            if entry.name.casefold() == GIT_FOLDER:
                continue
            shown = f"{shown_dir}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if recursive:
                    pending.append((Path(entry.path), shown))
                elif include(entry.name):
                    folder_problem = Problem(
                        Location(shown),
                        "",
                        code=ProblemCode.FILE_IS_FOLDER,
                        expected="a file",
                        found="a folder",
                    )
                    problems.append(folder_problem)
                continue
            if not include(entry.name):
                continue
            try:
                file = _entry_file(root, entry, shown)
            except RefusedPath as error:
                problems.append(error.problem())
                continue
            if file.size > limit_of(shown):
                problems.append(_too_large(shown, file.size, limit_of(shown)).problem())
            else:
                found.append(file)
    return sorted(found, key=lambda f: PurePosixPath(f.name).parts), problems


def _entry_file(root: Path, entry: os.DirEntry[str], shown: str) -> InsideFile:
    if not entry.is_symlink():
        status = entry.stat(follow_symlinks=False)
        _refuse_kind(shown, status.st_mode, folder=False)
        return InsideFile(Path(entry.path), shown, status.st_size)
    real, status, _ = _inspect(root, shown, expected="entry")
    if stat.S_ISDIR(status.st_mode):
        raise OutsideRepository(
            shown,
            "the folder is a link, which vmv does not follow inside a folder; move the files here instead",
        )
    _refuse_kind(shown, status.st_mode, folder=False)
    return InsideFile(real, shown, status.st_size)
