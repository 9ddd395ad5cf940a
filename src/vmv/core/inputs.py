"""The inputs of a company's repository, declared once.

Building, `vmv serve`'s watching, exporting an edition from a tag, its cache
key, `vmv publish`'s clean-tree check and the refusal of an output folder
inside an input all read this one list; when each kept its own, `recognition/`
went missing from editions and from what `vmv serve` watched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

VMV_FILE = "vmv.yaml"
SITE_FILE = "mkdocs.yml"
PLAYBOOK_DIR = "playbook"
TEMPLATES_DIR = "templates"
TRANSLATIONS_DIR = "translations"
RECOGNITION_DIR = "recognition"
DECISIONS_DIR = "decisions"
CODEOWNERS_FILES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
"""Where GitHub looks for CODEOWNERS, in its order."""


@dataclass(frozen=True)
class Input:
    """One file or folder of the repository that the site is made from."""

    path: str
    """Relative to the repository's root, with '/' separators."""
    folder: bool
    what: str
    """What it holds, for messages and the docs."""


INPUTS: tuple[Input, ...] = (
    Input(VMV_FILE, False, "the vision, mission and values"),
    Input(SITE_FILE, False, "the site's settings"),
    Input(PLAYBOOK_DIR, True, "playbook pages and their images and documents"),
    Input(TEMPLATES_DIR, True, "the company's page templates"),
    Input(TRANSLATIONS_DIR, True, "translations of the VMV into other languages"),
    Input(RECOGNITION_DIR, True, "stories of values lived"),
    Input(DECISIONS_DIR, True, "decision records and the answers to the leader questions"),
    *(Input(path, False, "who approves changes") for path in CODEOWNERS_FILES),
)

INPUT_PATHS: tuple[str, ...] = tuple(item.path for item in INPUTS)
"""Every input's path: what an edition exports and what `vmv serve` watches."""


def input_folder_holding(relative: PurePosixPath) -> str | None:
    """The input folder that `relative` (a path inside the repository) lies in or is, if any."""
    for item in INPUTS:
        if item.folder and (
            relative == PurePosixPath(item.path) or PurePosixPath(item.path) in relative.parents
        ):
            return item.path
    return None
