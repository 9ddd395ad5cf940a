"""`vmv translate`: start or complete a translation, mark items current, and say where
each translation stands.

The files are edited in place (editing.py: comments and order stay as written), checked
as `vmv validate` reads them before anything is written, and written to a new file that
replaces the old one by rename: an interrupted run never leaves half a file, and a link
planted in place of a file (translations/de.yaml -> ~/.bashrc) is replaced, never
written through.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from vmv.core.boundary import RefusedPath, is_present, read_inside
from vmv.core.load.project import Project, load_project
from vmv.core.site.load import load_site
from vmv.core.translations.editing import new_file, page_with_source, with_items, with_sources
from vmv.core.translations.items import SourceItem, source_items
from vmv.core.translations.languages import (
    DEFAULT_LANGUAGE,
    MAX_TRANSLATIONS,
    is_language_tag,
    page_translation,
    translated_page,
    translation_file,
    translation_languages,
)
from vmv.core.translations.status import (
    ItemState,
    Translation,
    load_translation,
    status_output,
    too_many_translations,
)
from vmv.core.yaml_reader import ReadError, decode, parse_yaml
from vmv.errors import (
    InvalidInput,
    Location,
    Problem,
    ProblemCode,
    Severity,
    UsageError,
    count_of,
    did_you_mean,
)
from vmv.repo.output import folder_inside


@dataclass(frozen=True)
class Translated:
    """What `vmv translate LANG` did."""

    file: str
    created: bool
    added: int
    """Items added, each with its source's fingerprint and an empty text."""
    translation: Translation
    """The translation as it is now."""
    warnings: tuple[Problem, ...] = ()

    @property
    def summary(self) -> str:
        """What was done, in one line."""
        counts = ", ".join(f"{n} {state}" for state, n in self.translation.summary().items())
        done = (
            "created"
            if self.created
            else f"added {count_of(self.added, 'item')} to"
            if self.added
            else "checked"
        )
        return f"{done} {self.file}: {counts}"

    @property
    def notes(self) -> tuple[str, ...]:
        """Said beside the summary: nothing, for a file created or completed."""
        return ()


@dataclass(frozen=True)
class Marked:
    """What `vmv translate LANG --mark-current` did."""

    language: str
    paths: tuple[str, ...]
    """The items and pages marked current, as the status names them."""
    untranslated: tuple[str, ...]
    """Those of them with no text yet, which stay missing."""
    warnings: tuple[Problem, ...] = ()

    @property
    def summary(self) -> str:
        return f"marked {count_of(len(self.paths), 'item')} current in the translation into {self.language}"

    @property
    def notes(self) -> tuple[str, ...]:
        """Said beside the summary: the items marked that have no text yet."""
        return tuple(f"{path} has no text yet: it stays missing" for path in self.untranslated)


def source_language(root: Path) -> str:
    """The site's language (`theme.language` in mkdocs.yml), which translations are from."""
    site, _ = load_site(root, check_files=False)
    language = site.settings.theme.language if site is not None else None
    return language or DEFAULT_LANGUAGE


def _checked_language(root: Path, language: str) -> str:
    if not is_language_tag(language):
        # As Python writes it: a line break or a control character shows, on one line.
        raise UsageError(f"{language!r} is not a language tag such as de, ja or pt-BR")
    if language == source_language(root):
        raise UsageError(
            f"'{language}' is the site's own language (theme.language in mkdocs.yml): "
            "its text is vmv.yaml and playbook/ themselves"
        )
    return language


def _load(
    root: Path, language: str, replaced: Collection[tuple[str, str]] = ()
) -> tuple[Project, Translation, list[Problem]]:
    """The source and the translation into `language`; every problem in the translation
    stops the command before anything is written, except one in a value the command
    replaces (`replaced`: file and path)."""
    project = load_project(root, with_translations=False, only_translated=True)
    translation, problems = load_translation(root, project.document, project.pages, language)
    errors = [
        p for p in problems if p.severity is Severity.ERROR and (p.location.file, p.path) not in replaced
    ]
    if translation is None or errors:
        raise InvalidInput(problems + list(project.warnings))
    return project, translation, problems


def _read(root: Path, name: str) -> str:
    if (root / name).is_symlink():
        raise InvalidInput(
            [
                Problem(
                    Location(name),
                    "the file is a link; vmv translate replaces the files it edits",
                    code=ProblemCode.FILE_IS_LINK,
                    hint="put the file itself here instead of a link",
                )
            ]
        )
    try:
        return decode(read_inside(root, name), name)
    except RefusedPath as refused:
        raise InvalidInput([refused.problem()]) from None
    except ReadError as error:
        raise InvalidInput([error.problem]) from None


def _replace(root: Path, name: str, text: str) -> None:
    """Write `text` as the repository's file `name`: a new file, renamed over the old name."""
    folder = folder_inside(root, name.rpartition("/")[0])
    target = folder / name.rpartition("/")[2]
    try:
        # A new file keeps the old one's permissions (mkstemp makes it private).
        mode = target.stat().st_mode & 0o777 if target.is_file() else 0o644
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".vmv-")
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        raise UsageError(f"cannot write {name}: {error.strerror}") from None


def _checked_text(name: str, text: str) -> str:
    """`text`, refused unless it reads back as YAML: an edit must never break a file."""
    try:
        parse_yaml(text, name)
    except ReadError as error:
        raise InvalidInput([error.problem]) from None
    return text


def translate(root: Path, language: str) -> Translated:
    """Create `translations/<language>.yaml`, or add the items it lacks, each with its
    source's fingerprint and an empty text; what is there stays as it is."""
    language = _checked_language(root, language)
    project, translation, problems = _load(root, language)
    name = translation_file(language)
    items = source_items(project.document, project.pages)
    missing = [i for i in items if not i.page and i.path not in translation.file.entries]
    created = not is_present(root, name)
    text = new_file(language, missing) if created else with_items(_read(root, name), missing)
    if created or missing:
        _replace(root, name, _checked_text(name, text))
    after, problems = load_translation(root, project.document, project.pages, language)
    assert after is not None
    return Translated(name, created, len(missing), after, tuple(problems))


def _path_of(given: str, language: str) -> str:
    """The status's name for a path typed on the command line: `playbook/hiring.de.md` is the
    page `playbook/hiring.md`."""
    path = given.strip()
    translated = translated_page(path, {language})
    return translated[0] if translated else path


def mark_current(root: Path, language: str, paths: Sequence[str]) -> Marked:
    """Set the `source` of the items (and translated pages) at `paths` to the fingerprint of
    today's source: the translator has brought them up to date."""
    language = _checked_language(root, language)
    if not paths:
        raise UsageError(
            "--mark-current needs the paths of the items to mark, as 'vmv translate status' names them"
        )
    wanted = [_path_of(given, language) for given in paths]
    # A fingerprint written wrong (a number: 00000000) is what marking replaces: no stop.
    replaced = {(page_translation(path, language), "source") for path in wanted}
    replaced |= {(translation_file(language), f"items.{path}.source") for path in wanted}
    project, translation, problems = _load(root, language, replaced)
    items = {item.path: item for item in source_items(project.document, project.pages)}
    chosen: dict[str, SourceItem] = {}
    for given in paths:
        path = _path_of(given, language)
        item = items.get(path)
        if item is None:
            raise UsageError(f"'{given}' is no item of the source{did_you_mean(path, items)}")
        if item.page and path not in translation.file.pages:
            raise UsageError(
                f"{page_translation(path, language)} does not exist; translate {path} into it first"
            )
        if not item.page and path not in translation.file.entries:
            raise UsageError(
                f"'{path}' is not in {translation_file(language)} yet; run: vmv translate {language}"
            )
        chosen[path] = item
    entries = {path: item.fingerprint for path, item in chosen.items() if not item.page}
    if entries:
        name = translation_file(language)
        _replace(root, name, _checked_text(name, with_sources(_read(root, name), entries)))
    for path, item in chosen.items():
        if item.page:
            name = page_translation(path, language)
            _replace(root, name, page_with_source(_read(root, name), item.fingerprint))
    after, problems = load_translation(root, project.document, project.pages, language)
    assert after is not None
    missing = tuple(p for p in chosen if after.state(p) is ItemState.MISSING)
    return Marked(language, tuple(chosen), missing, tuple(problems))


def translation_statuses(root: Path, languages: Sequence[str]) -> tuple[list[Translation], list[Problem]]:
    """The state of each translation into `languages` (every language of translations/ when
    none is given; one without a file has every item missing), and the problems found."""
    chosen = [_checked_language(root, language) for language in languages] or translation_languages(root)
    project = load_project(root, with_translations=False, only_translated=True)
    found: list[Translation] = []
    problems: list[Problem] = list(project.warnings)
    if len(chosen) > MAX_TRANSLATIONS:
        raise InvalidInput([*problems, too_many_translations(len(chosen))])
    for language in chosen:
        translation, seen = load_translation(root, project.document, project.pages, language)
        problems += seen
        if translation is None:
            raise InvalidInput(problems)
        found.append(translation)
    return found, problems


@dataclass(frozen=True)
class Said:
    """What `vmv translate` says: its output, notes beside it, and the problems found."""

    output: str
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


def run_translate(root: Path, words: Sequence[str], *, mark: bool, output_format: str) -> Said:
    """`vmv translate WORDS`: `status [LANG...]`, `LANG`, or `LANG PATH...` with `mark`."""
    if words[0] == "status" and not mark:
        found, problems = translation_statuses(root, words[1:])
        return Said(status_output(found, output_format), (), tuple(problems))
    if output_format != "text" or (words[1:] and not mark):
        raise UsageError("--format goes with 'status', and paths after LANG with --mark-current")
    done = mark_current(root, words[0], words[1:]) if mark else translate(root, words[0])
    return Said(done.summary + "\n", done.notes, done.warnings)
