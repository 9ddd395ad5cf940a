"""Replace an output folder only once its new content is complete.

A build writes into a temporary folder beside the destination and swaps it in
when it succeeded, so a failed or killed build leaves the previous site
exactly as it was. Temporary folders of builds that died are removed by the
next build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

TEMP_PREFIX = ".vmv-tmp-"


@dataclass(frozen=True)
class Workspace:
    """Folders of one build: the staging docs and the site being built."""

    docs: Path
    site: Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned(parent: Path) -> None:
    """Delete temporary folders left by builds whose process no longer runs."""
    for entry in parent.glob(f"{TEMP_PREFIX}*"):
        pid_text = entry.name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
        if entry.is_dir() and pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(entry, ignore_errors=True)


def _check_destination(destination: Path, protected: Path) -> None:
    if protected == destination or protected.is_relative_to(destination):
        raise UsageError(f"the output folder {destination} would replace the repository; choose another one")
    if destination.exists() and not destination.is_dir():
        raise UsageError(f"the output folder {destination} is a file; choose another name")
    if destination.is_dir() and any(destination.iterdir()) and not (destination / "index.html").exists():
        raise UsageError(
            f"{destination} is not empty and does not look like a built site (no index.html); "
            "choose another folder, or empty it first"
        )


def _publishable(folder: Path) -> None:
    """mkdtemp makes private folders; a site must be readable by the web server."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)


def remove_tree(folder: Path) -> None:
    """Delete `folder` and everything in it, as `rm -rf` does: the replaced site of a
    versioned build holds tens of thousands of files, which `rm` deletes several times
    faster than `shutil.rmtree`. Without `rm`, shutil does it."""
    if not folder.exists():
        return
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        subprocess.run(["rm", "-rf", "--", str(folder)], check=True, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)  # what rm left, or all of it without rm


LOCK_FILE = ".vmv-lock"


@contextlib.contextmanager
def folder_lock(parent: Path) -> Iterator[None]:
    """Hold an exclusive lock on `parent` (a `.vmv-lock` file in it) for the block."""
    with open(parent / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def replace_when_done(destination: Path, *, protected: Path) -> Iterator[Workspace]:
    """Yield a workspace; on success its `site` becomes `destination`, atomically per rename."""
    destination = destination.resolve()
    _check_destination(destination, protected.resolve())
    parent = destination.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(parent)
        work = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=parent))
    except OSError as error:
        raise UsageError(f"cannot write the site beside {destination}: {error.strerror}") from None

    try:
        workspace = Workspace(docs=work / "docs", site=work / "site")
        workspace.docs.mkdir()
        workspace.site.mkdir()
        yield workspace
        _publishable(workspace.site)
        # Two builds into one folder: each swap happens whole, one after the other.
        with folder_lock(parent):
            if destination.exists():
                os.rename(destination, work / "previous")
            os.rename(workspace.site, destination)
    finally:
        remove_tree(work)
