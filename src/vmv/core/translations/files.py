"""Reading a translation: `translations/<lang>.yaml` and the translated playbook pages
`playbook/<path>.<lang>.md`, checked as vmv.yaml is (positions, every problem at once,
"did you mean"), against the source's translatable items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from vmv.core.boundary import is_present
from vmv.core.load.playbook_files import read_bytes, split_front_matter
from vmv.core.model.problems import describe
from vmv.core.translations.items import ItemText, SourceItem
from vmv.core.translations.languages import is_language_tag, page_translation, translation_file
from vmv.core.yaml_reader import ParsedYaml, PathKey, ReadError, decode, format_path, parse_yaml
from vmv.errors import Location, Problem, ProblemCode, Severity, closest

FILE_KEYS = ("language", "items")
ENTRY_KEYS = ("source", "text")
PAGE_KEYS = ("source", "template")
_PAGE_TEXTS = ("title", "description", "audience")
"""Texts of a page's front matter that its translation translates in the translation file."""
FINGERPRINT = "the fingerprint as text, such as 3f9a2c1d"
MAX_COMPARISONS = 20_000
"""Paths compared in one file to suggest what an unknown path meant (about 2 s at most);
past it, an unknown path is reported without a suggestion."""


@dataclass(frozen=True)
class Entry:
    """One item of a translation file."""

    source: str | None
    """The fingerprint of the source text the translation was made from."""
    text: ItemText | None
    """The translation; None while there is none (empty or absent)."""
    location: Location
    """Where the item's key is."""


@dataclass(frozen=True)
class PageTranslation:
    """A translated playbook page."""

    file: str
    """`playbook/hiring.de.md`."""
    source: str | None
    """The fingerprint in its front matter."""
    body: str
    """Its Markdown, with the front matter's lines left blank (line numbers match the file)."""
    template: bool | None = None
    """Whether braces in its text reach the VMV data, when it says so; else as its page's."""


@dataclass(frozen=True)
class TranslationFile:
    """What a translation holds, as written."""

    language: str
    file: str
    entries: Mapping[str, Entry]
    pages: Mapping[str, PageTranslation]
    """By the path of the page translated: `playbook/hiring.md`."""
    language_at: Location
    """Where the file says its language (its start when it does not)."""


def language_problem(
    file: TranslationFile,
    summary: str,
    code: ProblemCode,
    *,
    suggestion: str | None = None,
    hint: str = "remove this file",
) -> Problem:
    """The language of `file` cannot be translated into (the source's own, or one the site
    engine has no words for)."""
    return Problem(file.language_at, summary, "language", code=code, suggestion=suggestion, hint=hint)


def _problem(
    parsed: ParsedYaml,
    path: PathKey,
    summary: str,
    code: ProblemCode,
    *,
    key: bool = False,
    severity: Severity = Severity.ERROR,
    **details: str | None,
) -> Problem:
    return Problem(
        parsed.locate(path, key=key), summary, format_path(path), severity=severity, code=code, **details
    )


def _wrong(
    parsed: ParsedYaml,
    path: PathKey,
    expected: str,
    value: Any,
    code: ProblemCode = ProblemCode.FIELD_WRONG_TYPE,
    hint: str | None = None,
) -> Problem:
    """A value that is not what belongs at `path`."""
    return _problem(parsed, path, "", code, expected=expected, found=describe(value), hint=hint)


def _unknown_keys(
    parsed: ParsedYaml, path: PathKey, data: dict[str, Any], known: tuple[str, ...]
) -> list[Problem]:
    return [
        _problem(
            parsed,
            (*path, key),
            f"unknown key '{key}'",
            ProblemCode.FIELD_UNKNOWN,
            key=True,
            suggestion=closest(key, known),
            hint=f"an item of a translation has only {' and '.join(known)}" if path else None,
        )
        for key in data
        if key not in known
    ]


class _Reader:
    """The checks of one translation file, with every problem found."""

    def __init__(self, parsed: ParsedYaml, items: Mapping[str, SourceItem] | None, language: str) -> None:
        self.parsed = parsed
        self.items = items
        self.language = language
        self.problems: list[Problem] = list(parsed.problems)
        self.comparisons_left = MAX_COMPARISONS

    def text(self, path: PathKey, value: Any, item: SourceItem) -> ItemText | None:
        """The translated text, None when there is none yet; a problem when it cannot be one."""
        if value is None or value == "" or value == []:
            return None
        if item.is_list:
            if not isinstance(value, list):
                count = len(item.text)
                expected = f"a list of {count} text{'' if count == 1 else 's'}, as in the source"
                self.problems.append(_wrong(self.parsed, path, expected, value))
                return None
            texts = [self.one_text((*path, index), text, item) for index, text in enumerate(value)]
            return None if None in texts else tuple(t for t in texts if t is not None)
        return self.one_text(path, value, item)

    def one_text(self, path: PathKey, value: Any, item: SourceItem) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.problems.append(_wrong(self.parsed, path, "text", value))
            return None
        if item.one_line and "\n" in value.strip():
            expected = "text on one line, as in the source"
            self.problems.append(_wrong(self.parsed, path, expected, value, ProblemCode.FIELD_INVALID))
            return None
        return value

    def meant(self, path: str) -> str | None:
        """The item an unknown path probably meant, while the file's budget of comparisons
        lasts: each compares the path with every item, and a file may name thousands."""
        assert self.items is not None
        known = [p for p, i in self.items.items() if not i.page]
        self.comparisons_left -= len(known)
        return closest(path, known) if self.comparisons_left >= 0 else None

    def entry(self, path: str, value: Any) -> Entry | None:
        where: PathKey = ("items", path)
        if self.items is None:
            self.shape(where, value)
            return None
        item = self.items.get(path)
        if item is None:
            self.problems.append(
                _problem(
                    self.parsed,
                    where,
                    "no such item in the source: it was removed, or its id changed",
                    ProblemCode.TRANSLATION_UNKNOWN_PATH,
                    key=True,
                    severity=Severity.WARNING,
                    suggestion=self.meant(path),
                    hint="move its text to the item's new path, or remove it",
                )
            )
            return None
        if item.page:
            page_file = page_translation(path, self.language)
            self.problems.append(
                _problem(
                    self.parsed,
                    where,
                    f"a page is translated in a file of its own: {page_file}",
                    ProblemCode.TRANSLATION_PAGE_IN_ITEMS,
                    key=True,
                )
            )
            return None
        if value is None:
            return Entry(None, None, self.parsed.locate(where, key=True))
        if not isinstance(value, dict):
            self.problems.append(_wrong(self.parsed, where, "a mapping with source: and text:", value))
            return None
        self.problems += _unknown_keys(self.parsed, where, value, ENTRY_KEYS)
        return Entry(
            self.fingerprint((*where, "source"), value.get("source")),
            self.text((*where, "text"), value.get("text"), item),
            self.parsed.locate(where, key=True),
        )

    def shape(self, where: PathKey, value: Any) -> None:
        """What can be checked of an entry while the source cannot be read: its keys and
        its fingerprint, not its path or its text's form, which are the source's."""
        if value is None:
            return
        if not isinstance(value, dict):
            self.problems.append(_wrong(self.parsed, where, "a mapping with source: and text:", value))
            return
        self.problems += _unknown_keys(self.parsed, where, value, ENTRY_KEYS)
        self.fingerprint((*where, "source"), value.get("source"))

    def fingerprint(self, path: PathKey, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value or None
        self.problems.append(_wrong(self.parsed, path, FINGERPRINT, value, hint="put it in quotes"))
        return None


def _language_problems(parsed: ParsedYaml, data: dict[str, Any], language: str, root: Path) -> list[Problem]:
    file = translation_file(language)
    if "language" not in data:
        return [
            _problem(
                parsed,
                (),
                "'language' is missing",
                ProblemCode.FIELD_MISSING,
                hint=f"add 'language: {language}' at the top",
            )
        ]
    written = data["language"]
    if written != language:
        other = translation_file(str(written))
        # Renaming onto the other language's own file would lose it.
        rename = (
            ""
            if is_present(root, other) or not is_language_tag(str(written))
            else f", or rename the file to {other}"
        )
        return [
            _problem(
                parsed,
                ("language",),
                f"the language is '{written}', but the file is {file}",
                ProblemCode.TRANSLATION_LANGUAGE,
                hint=f"write 'language: {language}'{rename}",
            )
        ]
    return []


def read_translation_file(
    root: Path, language: str, items: Mapping[str, SourceItem] | None
) -> tuple[dict[str, Entry] | None, Location, list[Problem]]:
    """The entries of `translations/<language>.yaml` (None when it cannot be read at all),
    where it names its language, and every problem found in it; with `items` None (the
    source could not be read), only what needs no source is checked, and no entry kept."""
    file = translation_file(language)
    try:
        parsed = parse_yaml(decode(read_bytes(root, file), file), file)
    except ReadError as error:
        return None, Location(file), [error.problem]
    data = parsed.data
    if not isinstance(data, dict):
        problem = _wrong(parsed, (), "a mapping with language: and items:", data)
        return None, Location(file), [*parsed.problems, problem]
    reader = _Reader(parsed, items, language)
    reader.problems += _unknown_keys(parsed, (), data, FILE_KEYS)
    reader.problems += _language_problems(parsed, data, language, root)
    listed = data.get("items")
    if listed is not None and not isinstance(listed, dict):
        reader.problems.append(
            _wrong(parsed, ("items",), "a mapping from item paths to their translations", listed)
        )
        listed = None
    entries = {}
    for path, value in (listed or {}).items():
        entry = reader.entry(path, value)
        if entry is not None:
            entries[path] = entry
    return entries, parsed.locate(("language",)), reader.problems


def read_page_translation(
    root: Path, page: str, language: str
) -> tuple[PageTranslation | None, list[Problem]]:
    """The translation of the playbook page `page` into `language`, and its problems."""
    file = page_translation(page, language)
    try:
        text = decode(read_bytes(root, file), file)
        front, body, offset = split_front_matter(text, file)
        parsed = parse_yaml(front, file, line_offset=offset) if front and front.strip() else None
    except ReadError as error:
        return None, [error.problem]
    data = parsed.data if parsed is not None else {}
    if parsed is not None and not isinstance(data, dict):
        return None, [*parsed.problems, _wrong(parsed, (), "front matter with source:", data)]
    problems = list(parsed.problems) if parsed is not None else []
    if parsed is not None:
        problems += [
            _problem(
                parsed,
                (key,),
                f"unknown key '{key}': a translated page's front matter holds only source: and template:",
                ProblemCode.FIELD_UNKNOWN,
                key=True,
                suggestion=closest(key, PAGE_KEYS),
                hint=_page_key_hint(str(key), page, language),
            )
            for key in data
            if key not in PAGE_KEYS
        ]
    template = data.get("template")
    if template is not None and not isinstance(template, bool):
        assert parsed is not None
        problems.append(_wrong(parsed, ("template",), "true or false", template))
        template = None
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        assert parsed is not None
        problems.append(_wrong(parsed, ("source",), FINGERPRINT, source, hint="put it in quotes"))
        source = None
    if "source" not in data:
        problems.append(
            Problem(
                Location(file, 1, 1),
                "no 'source:' fingerprint in the front matter, so the page counts as out of date",
                severity=Severity.WARNING,
                code=ProblemCode.TRANSLATION_NO_SOURCE,
                hint=f"once it matches {page}, run: vmv translate {language} --mark-current {page}",
            )
        )
    return PageTranslation(file, source, body, template), problems


def _page_key_hint(key: str, page: str, language: str) -> str:
    """What to do with a key of a page's front matter written in its translation."""
    if key in _PAGE_TEXTS:
        return f"translate the page's {key} in {translation_file(language)}, at pages[{page}].{key}"
    if key in ("questions", "standards"):
        return f"translate each of them in {translation_file(language)}, at {key}[<id>] (vmv translate {language} lists them)"
    return f"the translation takes its {key} from {page}: remove it here"


def orphan_page_problem(file: str, page: str) -> Problem:
    """A translated page whose page does not exist (it was renamed or removed)."""
    return Problem(
        Location(file),
        f"this translates {page}, which does not exist; it is left out of the site",
        severity=Severity.WARNING,
        code=ProblemCode.TRANSLATION_UNKNOWN_PATH,
        hint="rename it after the page it translates, or remove it",
    )


def file_name_problem(name: str) -> Problem:
    """A file in translations/ that is not `<language tag>.yaml`."""
    stem = PurePosixPath(name).name
    return Problem(
        Location(name),
        f"'{stem}' is not read: a translation is a file named by its language tag, such as de.yaml or pt-BR.yaml",
        severity=Severity.WARNING,
        code=ProblemCode.TRANSLATION_FILE_NAME,
    )
