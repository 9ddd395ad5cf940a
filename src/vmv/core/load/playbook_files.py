"""The files of playbook/: which are pages, which are media the site publishes, which
are left out, and whether their names are usable in a web address."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from vmv.core.boundary import (
    MAX_FILE_BYTES,
    MAX_MEDIA_BYTES,
    InsideFile,
    RefusedPath,
    files_under,
    read_inside,
)
from vmv.core.inputs import PLAYBOOK_DIR
from vmv.core.translations.languages import translated_page, translation_languages
from vmv.core.yaml_reader import ReadError
from vmv.errors import Location, Problem, ProblemCode, Severity

_SAFE_SEGMENT = re.compile(r"^[^\W_][\w.-]{0,80}$")
"""A part of a page's path: letters and digits of any script (übergabe, 顧客), then also '.',
'-' and '_'; no spaces, no characters with a meaning in web addresses or to file systems."""
MAX_FOLDER_DEPTH = 20
"""How many folders deep in playbook/ a page may be. The navigation nests one level per
folder, and vmv and Material make it with one nested call per level: at 100 levels they ran
out of Python's stack."""


def read_bytes(root: Path, name: str) -> bytes:
    """The bytes of a file of the repository, through its boundary (links out, special
    files and files over the limit are refused before anything is read)."""
    try:
        return read_inside(root, name, limit=MAX_FILE_BYTES)
    except RefusedPath as refused:
        raise ReadError(refused.problem()) from None


def split_front_matter(text: str, source: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body with front matter lines blanked, line offset)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            front = "\n".join(lines[1:number])
            body = "\n" * (number + 1) + "\n".join(lines[number + 1 :])
            return front, body, 1
    raise ReadError(
        Problem(
            Location(source, 1, 1),
            "front matter starts with '---' but has no closing '---' line",
            code=ProblemCode.PAGE_FRONT_MATTER,
        )
    )


def _is_page(name: str) -> bool:
    return name.endswith(".md")


def _playbook_entries(root: Path) -> tuple[list[InsideFile], list[Problem]]:
    """Every file in playbook/, pages and media, each checked against the boundary."""
    return files_under(
        root, PLAYBOOK_DIR, limit=lambda name: MAX_FILE_BYTES if _is_page(name) else MAX_MEDIA_BYTES
    )


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
DOCUMENT_SUFFIXES = (".pdf", ".csv", ".txt", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
SOUND_AND_VIDEO_SUFFIXES = (".mp4", ".webm", ".mp3", ".m4a", ".ogg")
MEDIA_SUFFIXES = frozenset((*IMAGE_SUFFIXES, *DOCUMENT_SUFFIXES, *SOUND_AND_VIDEO_SUFFIXES))
"""What the site publishes from playbook/ beside pages: images, documents, audio and video.
Not HTML or SVG, which can carry scripts that would run on the site's own address."""


def _left_out(file: InsideFile) -> Problem | None:
    """A warning for a playbook file the site does not publish: an editor's backup, a
    dot file, a type that is neither a page nor media."""
    name = PurePosixPath(file.name)
    if name.suffix.lower() in MEDIA_SUFFIXES and not name.name.startswith("."):
        return None
    if name.suffix.lower() in (".svg", ".html", ".htm"):
        why = f"{name.suffix} files can carry scripts that would run in readers' browsers; use PNG or PDF"
    else:
        why = "only pages (.md) and images, documents, audio or video (.png, .jpg, .pdf, .docx, .mp4, ...) are published"
    return Problem(
        Location(file.name),
        f"left out of the site: {why}",
        severity=Severity.WARNING,
        code=ProblemCode.PAGE_LEFT_OUT,
    )


def playbook_media(root: Path) -> tuple[list[InsideFile], list[Problem]]:
    """The playbook's files other than pages (images, documents) that the site copies, and
    the problems of the others: refused files (errors) and files left out (warnings)."""
    files, problems = _playbook_entries(root)
    problems = [p for p in problems if not _is_page(p.location.file)]
    media, left_out = [], []
    for file in files:
        if _is_page(file.name):
            continue
        problem = _left_out(file)
        if problem:
            left_out.append(problem)
        else:
            media.append(file)
    return media, problems + _by_folder(left_out)


FOLDER_SUMMARY = 4
"""More files left out of one folder than this get one line for the folder (an old built
site copied into playbook/ would otherwise give one line per file)."""


def _by_folder(left_out: list[Problem]) -> list[Problem]:
    folders: dict[str, list[Problem]] = {}
    for problem in left_out:
        parts = problem.location.file.split("/")
        folders.setdefault("/".join(parts[:2]) if len(parts) > 2 else problem.location.file, []).append(
            problem
        )
    lines = []
    for folder, found in folders.items():
        if len(found) <= FOLDER_SUMMARY:
            lines += found
            continue
        kinds = sorted(
            {PurePosixPath(p.location.file).suffix or PurePosixPath(p.location.file).name for p in found}
        )
        message = (
            f"left out of the site: {len(found)} files ({', '.join(kinds[:6])}{', ...' if len(kinds) > 6 else ''}); "
            "only pages and images, documents, audio or video are published: move the folder out of playbook/"
        )
        lines.append(
            Problem(
                Location(f"{folder}/"), message, severity=Severity.WARNING, code=ProblemCode.PAGE_LEFT_OUT
            )
        )
    return lines


def _rename_hint(name: str) -> str:
    """', such as 'ward-handover.md'' for 'Ward Handover.md', when such a name exists."""
    stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    usable = re.sub(r"[^\w-]+", "-", stem).strip("-_").lower() + dot + suffix.lower()
    return f", such as '{usable}'" if _SAFE_SEGMENT.match(usable) and usable != dot + suffix else ""


def usable_name(source: str) -> bool:
    """Whether every part of the path can be part of a web address."""
    return all(_SAFE_SEGMENT.match(part) for part in PurePosixPath(source).parts)


def playbook_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The playbook's pages (real path, path in the repository) and the problems of
    pages whose names or files vmv cannot use."""
    files, refused = _playbook_entries(root)
    found: list[tuple[Path, str]] = []
    problems = [p for p in refused if _is_page(p.location.file)]
    # A translated page (hiring.de.md) belongs to its page's translation, not to the playbook.
    languages = set(translation_languages(root))
    for file in files:
        source = file.name
        if not _is_page(source) or translated_page(source, languages):
            continue
        if not usable_name(source):
            bad = [part for part in PurePosixPath(source).parts if not _SAFE_SEGMENT.match(part)]
            problems.append(
                Problem(
                    Location(source),
                    f"the name '{bad[0]}' is not usable in a web address; use letters, digits, "
                    f"'-', '_' and '.' only, no spaces{_rename_hint(bad[0])}",
                    code=ProblemCode.PAGE_NAME,
                )
            )
        depth = len(PurePosixPath(source).parts) - 2  # not playbook/, not the page itself
        if depth > MAX_FOLDER_DEPTH:
            message = f"the page is {depth} folders deep; the limit is {MAX_FOLDER_DEPTH}: move it up"
            problems.append(Problem(Location(source), message, code=ProblemCode.PAGE_TOO_DEEP))
            continue
        # Still read: the build stops at the name, but the page's other problems belong in
        # the same run, not in the next one after the rename.
        found.append((file.path, source))
    lowered: dict[str, str] = {}
    for _, source in found:
        other = lowered.setdefault(source.lower(), source)
        if other != source:
            problems.append(
                Problem(
                    Location(source),
                    f"the name differs from '{other}' only in letter case",
                    code=ProblemCode.PAGE_NAME_CASE,
                    hint="rename one",
                )
            )
    return found, problems


def page_texts(root: Path) -> list[tuple[str, str]]:
    """(path in the repository, text) of every page that can be read as UTF-8: what a
    check of template syntax needs when the rest cannot be loaded. The loader reports
    the pages that cannot be read."""
    texts = []
    for _, source in playbook_files(root)[0]:
        try:
            texts.append((source, read_bytes(root, source).decode("utf-8")))
        except (ReadError, UnicodeDecodeError):
            continue
    return texts
