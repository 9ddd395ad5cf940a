"""`vmv init`: a new company repository from the starter VMV shipped with vmv."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import UsageError
from .schema import SCHEMA_FILE, schema_text

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


def create_repository(directory: Path) -> list[str]:
    """Write the starter files into `directory` (which must be empty or absent)."""
    # A fresh `git init` folder is as good as an empty one.
    if directory.exists() and (not directory.is_dir() or any(e.name != ".git" for e in directory.iterdir())):
        raise UsageError(f"{directory} already exists and is not empty; choose a new folder")
    files = _files(resources.files("vmv") / STARTER)
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
