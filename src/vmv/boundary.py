"""The repository's edge: every file vmv reads or writes must stay inside it.

A pull request can add a symbolic link anywhere (`playbook -> /etc`, a page
linking to `~/.ssh/id_rsa`, `vmv.yaml -> /proc/self/environ`) and CI would
publish what it points at. So every path is resolved, links followed, and must
land inside the resolved repository, on a regular file or folder; devices,
FIFOs and sockets are refused, because reading them can block or leak.
"""

from __future__ import annotations

import stat
from pathlib import Path


class OutsideRepository(Exception):
    """A path leaves the repository, or is not a regular file or folder.

    The message says what is wrong in words an editor can act on, naming the
    path as written in the repository and never where a link points.
    """


def resolve_inside(root: Path, relative: str | Path, *, folder: bool = False) -> Path:
    """The real path of `root/relative`, which must exist inside `root`.

    Raises `OutsideRepository` when it (or a folder on the way) is a link that
    leaves the repository, or when it is not a regular file (a folder with
    `folder=True`).
    """
    real_root = root.resolve()
    shown = Path(relative).as_posix()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(real_root):
        raise OutsideRepository(
            f"'{shown}' is a link to somewhere outside the repository; copy the file in instead"
        )
    try:
        mode = candidate.stat().st_mode
    except OSError:
        raise OutsideRepository(f"'{shown}' does not exist") from None
    wanted = stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)
    if not wanted:
        kind = "a folder" if folder else "a regular file"
        raise OutsideRepository(f"'{shown}' is not {kind}; vmv reads only ordinary files and folders")
    return candidate


def is_inside(root: Path, relative: str | Path, *, folder: bool = False) -> bool:
    """Whether `resolve_inside` would accept the path."""
    try:
        resolve_inside(root, relative, folder=folder)
    except OutsideRepository:
        return False
    return True
