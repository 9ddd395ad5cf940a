"""`vmv init`: a new company repository from the starter VMV shipped with vmv."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from vmv.core.inputs import VMV_FILE, input_folder_holding
from vmv.core.model.schema import SCHEMA_FILE, schema_text
from vmv.errors import UsageError
from vmv.repo.git import Git, GitMissing

STARTER = "starter"


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        # Package data cannot hold dot files reliably; `dot-github` becomes `.github`.
        shown = "." + entry.name.removeprefix("dot-") if entry.name.startswith("dot-") else entry.name
        name = f"{prefix}{shown}"
        if entry.is_dir():
            found += _files(entry, f"{name}/")
        else:
            found.append((name, entry.read_bytes()))

    return found


def _refuse_inside_an_input(directory: Path) -> None:
    """A starter made inside another repository's playbook/ (or any input folder) would
    become that repository's pages."""
    target = directory.resolve()
    for folder in target.parents:
        if (folder / VMV_FILE).is_file():
            holder = input_folder_holding(PurePosixPath(target.relative_to(folder).as_posix()))
            if holder:
                raise UsageError(
                    f"{directory} is inside {holder}/ of the repository in {folder.name}/, whose site it "
                    "would join; choose a folder outside it"
                )
            return


def create_repository(directory: Path) -> list[str]:
    """Write the starter files into `directory` (which must be empty or absent)."""
    # A fresh `git init` folder is as good as an empty one.
    if directory.exists() and (not directory.is_dir() or any(e.name != ".git" for e in directory.iterdir())):
        raise UsageError(f"{directory} already exists and is not empty; choose a new folder")
    _refuse_inside_an_input(directory)
    files = _files(resources.files("vmv.app") / STARTER)
    files.append((SCHEMA_FILE, schema_text().encode("utf-8")))
    try:
        for name, content in files:
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            # "x": a new file only, so a link planted under the name is never written through.
            with target.open("xb") as handle:
                handle.write(content)
    except OSError as error:
        raise UsageError(f"cannot create {directory}: {error.strerror}") from None

    return [name for name, _ in files]


INITIAL_COMMIT = "Start the VMV playbook from vmv's starter"


def start_history(directory: Path) -> bool:
    """Make `directory` a git repository holding the starter as its first commit, unless it
    is inside one already (the company keeps the VMV in an existing repository) or git is
    missing. `vmv diff HEAD~1 HEAD`, editions and the review workflow all need history.

    Returns whether a repository was made.
    """
    git = Git(directory)
    try:
        if git.succeeds("rev-parse", "--is-inside-work-tree"):
            return False
    except GitMissing:
        return False
    identity = []
    if not git.output("config", "user.email").strip():
        # A fresh machine or CI runner has no identity; the commit is the tool's, not a person's.
        identity = ["-c", "user.name=vmv", "-c", "user.email=vmv@localhost"]
    steps = (
        ["init", "--quiet", "--initial-branch=main"],
        ["add", "--all"],
        [*identity, "commit", "--quiet", "--no-verify", "-m", INITIAL_COMMIT],
    )
    for step in steps:
        git.run(*step, failure="created the files, but git failed")
    return True
