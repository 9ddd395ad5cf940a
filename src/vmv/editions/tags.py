"""Editions from git tags: which tags name one, each read from its tag with its problems
named by the tag (`v1.0.0:vmv.yaml:5:12`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vmv.core.inputs import INPUT_PATHS, VMV_FILE
from vmv.core.load.project import Project, load_project
from vmv.core.model.document import Document
from vmv.core.site.load import load_site
from vmv.core.versions import parse_version
from vmv.core.yaml_reader import decode, parse_yaml
from vmv.errors import InvalidInput, Location, Problem, ProblemCode, Severity, UsageError
from vmv.repo.git import DEFAULT_TAGS, edition_tags, export_revision, revision_id

EDITION_FILES = INPUT_PATHS
"""What an edition holds: every input of the repository (inputs.py)."""


@dataclass(frozen=True)
class TaggedEdition:
    """A tag that names an edition: its vmv.yaml is read; the rest only when it is built."""

    root: Path
    tag: str
    tree: str
    folder: Path
    document: Document

    @property
    def label(self) -> str:
        return self.document.edition.version


def _problem(tag: str, message: str, code: ProblemCode) -> Problem:
    return Problem(Location(f"{tag}:{VMV_FILE}"), message, code=code)


def named_by_tag(tag: str | None, problems: Sequence[Problem]) -> list[Problem]:
    """The problems of a tagged edition, with file names that say which tag
    (`v1.0.0:playbook/x.md:30:8`); the working copy's as they are."""
    if tag is None:
        return list(problems)
    return [
        dataclasses.replace(p, location=dataclasses.replace(p.location, file=f"{tag}:{p.location.file}"))
        for p in problems
    ]


def _tag_problems(tag: str, error: InvalidInput) -> InvalidInput:
    return InvalidInput(named_by_tag(tag, error.problems))


def _read_tag(root: Path, tag: str, folder: Path) -> TaggedEdition:
    export_revision(root, f"{tag}^{{commit}}", folder, (VMV_FILE,))
    if not (folder / VMV_FILE).is_file():
        raise InvalidInput(
            [Problem(Location(tag), f"tag {tag} has no {VMV_FILE}", code=ProblemCode.EDITION_NO_FILE)]
        )
    try:
        document = load_project(folder, with_playbook=False).document
    except InvalidInput as error:
        raise _tag_problems(tag, error) from None
    edition = TaggedEdition(root, tag, revision_id(root, f"{tag}^{{tree}}"), folder, document)
    if parse_version(tag) != parse_version(edition.label):
        # At the version in the tag's vmv.yaml, which loaded above, so it reads again.
        parsed = parse_yaml(decode((folder / VMV_FILE).read_bytes(), VMV_FILE), VMV_FILE)
        where = parsed.locate(("edition", "version"))
        message = (
            f"tag {tag} does not match edition.version {edition.label} in its vmv.yaml; "
            f"tag the commit {re.sub(r'[0-9.]+$', edition.label, tag)}, or fix the version"
        )
        raise InvalidInput(
            [
                Problem(
                    dataclasses.replace(where, file=f"{tag}:{VMV_FILE}"),
                    message,
                    "edition.version",
                    code=ProblemCode.EDITION_TAG_MISMATCH,
                )
            ]
        )
    return edition


def load_edition(edition: TaggedEdition) -> Project:
    """Everything the tag holds, written into `edition.folder`, loaded and validated."""
    export_revision(edition.root, f"{edition.tag}^{{commit}}", edition.folder, EDITION_FILES)
    site, _ = load_site(edition.folder, check_files=False)  # problems come when it is built
    if site is not None and site.settings.repository_files():
        # The stylesheets, scripts and images mkdocs.yml names, with the folders they are in.
        folders = sorted({name.split("/")[0] for name in site.settings.repository_files()})
        export_revision(edition.root, f"{edition.tag}^{{commit}}", edition.folder, folders)
    try:
        return load_project(edition.folder)
    except InvalidInput as error:
        raise _tag_problems(edition.tag, error) from None


_MEANT_AS_VERSION = re.compile(r"^\D*\d+\.")
"""A tag whose first digits are followed by a dot was meant as a version (v1.1.0.0, v01.2.0),
unlike a team's `vendor-drop` or `release-2024`."""


def _unversioned_tag(tag: str, pattern: str) -> Problem:
    if _MEANT_AS_VERSION.match(tag):
        return _problem(
            tag,
            f"tag {tag} is not a version of the form MAJOR.MINOR.PATCH without leading zeros, "
            "such as v1.2.0; delete it and tag the commit again",
            ProblemCode.EDITION_TAG_MALFORMED,
        )
    return Problem(
        Location(tag),
        f"tag {tag} matches '{pattern}' but names no version such as v1.2.0, so it is not an "
        "edition; it is skipped (pass --tags to choose which tags are editions)",
        severity=Severity.WARNING,
        code=ProblemCode.EDITION_TAG_SKIPPED,
    )


def find_editions(
    root: Path, workspace: Path, pattern: str = DEFAULT_TAGS
) -> tuple[list[TaggedEdition], list[Problem]]:
    """Every tagged edition, oldest first, with its vmv.yaml read, and a warning for each
    matching tag that names no version (a team's `vendor-drop`); all problems at once,
    naming the tags."""
    editions: list[TaggedEdition] = []
    tags = edition_tags(root, pattern)
    unversioned = [_unversioned_tag(tag, pattern) for tag in tags if parse_version(tag) is None]
    problems = [p for p in unversioned if p.severity is Severity.ERROR]
    skipped = [p for p in unversioned if p.severity is Severity.WARNING]
    for index, tag in enumerate(t for t in tags if parse_version(t) is not None):
        folder = workspace / f"edition-{index}"
        folder.mkdir()
        try:
            editions.append(_read_tag(root, tag, folder))
        except InvalidInput as error:
            problems += error.problems
    by_label: dict[str, list[str]] = {}
    for edition in editions:
        by_label.setdefault(edition.label, []).append(edition.tag)
    for label, tags in by_label.items():
        if len(tags) > 1:
            problems.append(
                _problem(
                    tags[1],
                    f"tags {' and '.join(tags)} both name edition {label}; delete one",
                    ProblemCode.EDITION_DUPLICATE,
                )
            )
    if problems:
        raise InvalidInput(problems)
    if not editions:
        found = (
            f"no git tag matching '{pattern}' names a version"
            if skipped
            else f"no git tag matches '{pattern}'"
        )
        raise UsageError(f"{found}; tag an edition first, such as: git tag v1.0.0")
    return sorted(editions, key=lambda e: parse_version(e.label) or (0, 0, 0)), skipped
