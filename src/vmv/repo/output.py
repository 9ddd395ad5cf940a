"""Replace an output folder only once its new content is complete.

A build writes into a temporary folder beside the destination and swaps it in
when it succeeded, so a failed or killed build leaves the previous site
exactly as it was. Temporary folders of builds that died are removed by the
next build.

The folders around the output may hold links a pull request planted (`site ->
/home/runner`): the output folder may not be a link, one inside the repository
must stay inside it, and leftover folders are never followed through a link.
Builds take turns by locking the output's parent folder itself, not a file in it.
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
from pathlib import Path, PurePosixPath

from vmv.core.boundary import RefusedPath, is_present, resolve_inside
from vmv.core.inputs import input_folder_holding
from vmv.errors import UsageError

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
        if entry.is_dir() and not entry.is_symlink() and pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(entry, ignore_errors=True)


def refuse_links(given: Path, *, protected: Path) -> None:
    """The output folder as given is no link, and one written inside the repository
    stays inside it: replacing the site replaces what is there, wherever it is."""
    if given.is_symlink():
        raise UsageError(f"the output folder {given} is a link; give the folder itself, not a link to it")
    absolute, root = Path(os.path.abspath(given)), Path(os.path.abspath(protected))
    if absolute.is_relative_to(root) and not given.resolve().is_relative_to(protected.resolve()):
        raise UsageError(
            f"the output folder {given} is in a folder that links out of the repository; "
            "choose a folder that is not under a link"
        )


def _check_destination(destination: Path, protected: Path) -> None:
    # Named as inside the repository when it is: a message shows no path of the machine
    # that the user did not type.
    shown = (
        destination.relative_to(protected).as_posix()
        if destination.is_relative_to(protected)
        else destination
    )
    if protected == destination or protected.is_relative_to(destination):
        raise UsageError(f"the output folder {shown or '.'} would replace the repository; choose another one")
    if destination.is_relative_to(protected):
        # The next build would read the last one's pages and scripts as input.
        holder = input_folder_holding(PurePosixPath(destination.relative_to(protected).as_posix()))
        if holder:
            raise UsageError(
                f"the output folder {shown} is inside {holder}/, which the site is made from; "
                "choose a folder outside it, such as site/"
            )
    if destination.exists() and not destination.is_dir():
        raise UsageError(f"the output folder {shown} is a file; choose another name")
    if destination.is_dir() and any(destination.iterdir()) and not (destination / "index.html").exists():
        raise UsageError(
            f"{shown} is not empty and does not look like a built site (no index.html); "
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


@contextlib.contextmanager
def folder_lock(parent: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder `parent` itself for the block.

    The folder, not a file in it: a lock file was committed into companies' tags, and a
    pull request could plant a link or a FIFO under its name. Closing releases the lock.
    """
    try:
        descriptor = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise UsageError(f"cannot lock the folder {parent.name}/: {error.strerror}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def replace_when_done(destination: Path, *, protected: Path) -> Iterator[Workspace]:
    """Yield a workspace; on success its `site` becomes `destination`, atomically per rename."""
    refuse_links(destination, protected=protected)
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


def folder_inside(root: Path, relative: str) -> Path:
    """The real path of the folder `root/relative` that vmv writes into (a cache), made
    when absent. A link out of the repository on the way is refused, never written through."""
    parts = relative.split("/")
    try:
        for end in range(1, len(parts) + 1):
            if not is_present(root, "/".join(parts[:end])):
                root.joinpath(*parts[:end]).mkdir()
        return resolve_inside(root, relative, folder=True)
    except RefusedPath as refused:
        raise UsageError(str(refused)) from None
    except OSError as error:
        raise UsageError(f"cannot create {relative}: {error.strerror}") from None
