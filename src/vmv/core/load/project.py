"""Read a company's repository into a typed `Project`, gathering every problem.

Data flows one way: bytes -> positioned YAML (`yaml_reader`) -> model
(`model`) -> cross-reference checks. Nothing here renders or builds.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vmv.core.boundary import (
    files_under,
    is_inside,
    is_present,
)
from vmv.core.inputs import PLAYBOOK_DIR, RECOGNITION_DIR, VMV_FILE
from vmv.core.load.decisions import Decision, load_decisions
from vmv.core.load.headings import heading_text
from vmv.core.load.playbook_files import (
    playbook_files,
    playbook_media,
    read_bytes,
    split_front_matter,
    usable_name,
)
from vmv.core.load.templates import CompanyTemplates, load_templates
from vmv.core.model import document as model
from vmv.core.model.decision_checks import QuestionBank
from vmv.core.model.problems import describe, one_per_value, unexplained, validate_model
from vmv.core.model.references import (
    Registry,
    check_document_references,
    check_measures,
    check_onboarding,
    check_reference,
    check_references,
    items,
)
from vmv.core.render.label_overrides import override_problems
from vmv.core.translations.status import Translation, load_translations, translation_file_problems
from vmv.core.yaml_reader import ParsedYaml, ReadError, decode, format_path, parse_yaml
from vmv.errors import InvalidInput, Location, Problem, ProblemCode, Severity

_SCRIPT_TAG = re.compile(r"<\s*script\b", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """A playbook page: its front matter, validated, and its Markdown body."""

    source: str
    """Path from the repository root, with forward slashes: `playbook/hiring.md`."""
    meta: model.PageMeta
    body: str
    """The text after the front matter, with the front matter's lines left blank
    so that line numbers in template errors match the file."""

    @property
    def output_path(self) -> str:
        """Where the rendered page goes in the site's docs folder."""
        return self.source

    @property
    def _leading_heading(self) -> str | None:
        """The text of an H1 that opens the body, if it does."""
        return heading_text(next((line for line in self.body.split("\n") if line.strip()), ""))

    @property
    def heading_in_body(self) -> bool:
        """The body opens with its own H1, which then is the page's title."""
        return self.meta.title is None and self._leading_heading is not None

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        return (
            self._leading_heading
            or PurePosixPath(self.source).stem.replace("-", " ").replace("_", " ").capitalize()
        )


@dataclass(frozen=True)
class Project:
    """Everything a company keeps, loaded and checked."""

    root: Path
    document: model.Document
    pages: tuple[Page, ...]
    warnings: tuple[Problem, ...] = ()
    stories: tuple[model.Story, ...] = ()
    """Recognition stories from recognition/*.yaml, newest first."""
    templates: CompanyTemplates = dataclasses.field(default_factory=dict)
    """The company's templates/, read here so that rendering reads no file."""
    decisions: tuple[Decision, ...] = ()
    """Decision records from decisions/*.md, newest first."""
    translations: tuple[Translation, ...] = ()
    """Translations from translations/ and playbook/*.<lang>.md, by language, each item's state
    against this project's text (the Translations page shows them as they stood in the source)."""


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a page's text outside fenced code, where '<script>' or '# '
    is an example, not part of the page."""
    fenced = False
    for number, line in enumerate(body.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            yield number, line


def _raw_script_warnings(body: str, source: str) -> list[Problem]:
    """A raw <script> in a page never reaches a reader (sanitize.py removes it): say so,
    rather than let its author wonder why it does nothing."""
    return [
        Problem(
            Location(source, number, match.start() + 1),
            "the page contains a <script> tag, which vmv removes from the page with its "
            "content: scripts from the repository never run in readers' browsers",
            severity=Severity.WARNING,
            code=ProblemCode.PAGE_SCRIPT,
        )
        for number, line in _prose_lines(body)
        for match in [_SCRIPT_TAG.search(line)]
        if match
    ]


@functools.lru_cache(maxsize=4096)
def _parse_cached(front: str, source: str, offset: int) -> ParsedYaml:
    return parse_yaml(front, source, line_offset=offset)


def _parse_front_matter(front: str, source: str, offset: int) -> ParsedYaml:
    """Front matter, parsed once per text: `vmv serve` loads every page after each edit."""
    if len(front) > 100_000:
        return parse_yaml(front, source, line_offset=offset)
    return _parse_cached(front, source, offset)


def _load_page(
    root: Path,
    source: str,
    owner_ids: list[str] | None,
    value_ids: list[str] | None,
    question_ids: Registry,
    standard_ids: Registry,
) -> tuple[Page | None, list[Problem]]:
    try:
        text = decode(read_bytes(root, source), source)
        front, body, offset = split_front_matter(text, source)
        parsed = (
            _parse_front_matter(front, source, offset)
            if front is not None and front.strip()
            else ParsedYaml({}, {(): Location(source)})
        )
    except ReadError as error:
        return None, [error.problem]
    problems = list(parsed.problems)
    meta, found = validate_model(model.PageMeta, parsed, parsed.data)
    problems += unexplained(found, parsed.problems)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    problems += check_references(parsed, ("values",), data.get("values"), value_ids, "value")
    problems += check_reference(parsed, ("owner",), data.get("owner"), owner_ids, "owner")

    for section, registry in (("questions", question_ids), ("standards", standard_ids)):
        for index, item in items(data, section):
            id_path = (section, index, "id")
            duplicate = registry.add(item.get("id"), parsed.locate(id_path), format_path(id_path))
            if duplicate:
                problems.append(duplicate)
            problems += check_references(
                parsed, (section, index, "values"), item.get("values"), value_ids, "value"
            )
    problems += _raw_script_warnings(body, source)
    if meta is None or any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    body, repeated = _without_second_title(body, meta.title, source)
    return Page(source, meta, body), problems + repeated + _later_top_headings(body, source)


def _later_top_headings(body: str, source: str) -> list[Problem]:
    """A '# Heading' after the page's first is a second page title to readers and to the
    table of contents: a warning at each, saying to use '##'."""
    found, seen_text = [], False
    for number, line in _prose_lines(body):
        if re.match(r"# \S", line) and seen_text:
            found.append(
                Problem(
                    Location(source, number, 1),
                    "a second top-level heading ('# '): the page has one title; write '## ' for a section",
                    severity=Severity.WARNING,
                    code=ProblemCode.PAGE_SECOND_HEADING,
                )
            )
        seen_text = seen_text or bool(line.strip())
    return found


def _without_second_title(body: str, title: str | None, source: str) -> tuple[str, list[Problem]]:
    """A page has one heading: with `title:` in its front matter, an opening `# Heading`
    is left out (its line kept blank, so line numbers still match the file), with a
    warning when the two say different things."""
    lines = body.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    heading = heading_text(lines[first]) if title and first is not None else None
    underlined = first is not None and first + 1 < len(lines) and re.fullmatch(r"=+\s*", lines[first + 1])
    if title and heading is None and underlined and first is not None:
        # The same heading underlined with '=' (Markdown's other way to write '# Heading').
        heading = lines[first].strip()
        lines[first + 1] = ""
    if heading is None or first is None:
        return body, []
    lines[first] = ""
    if " ".join(heading.split()).casefold() == " ".join(str(title).split()).casefold():
        return "\n".join(lines), []
    warning = Problem(
        Location(source, first + 1, 1),
        f"the page opens with the heading '{heading}' but its front matter says "
        f"title: {title}; the title is used and the heading left out: remove one of them",
        severity=Severity.WARNING,
        code=ProblemCode.PAGE_TITLE_HEADING,
    )
    return "\n".join(lines), [warning]


def load_project(
    root: Path,
    *,
    with_playbook: bool = True,
    with_translations: bool = True,
    only_translated: bool = False,
    source_language: str | None = None,
) -> Project:
    """Load vmv.yaml and every playbook page; raise `InvalidInput` with all problems.

    Without the playbook (a lone vmv.yaml, as `vmv diff` may compare), references
    from onboarding steps to pages cannot be checked and are not. Translations are read
    and checked too, unless `with_translations` is false (`vmv translate`, which reads one);
    a translation into `source_language` (the site's, when the caller knows it) is refused.
    With `only_translated`, only what a translation translates is read: vmv.yaml's VMV and
    the playbook; stories, decision records and reworded labels are left unchecked, so that
    `vmv translate` never stops at a record in the making.
    """
    if not is_present(root, VMV_FILE):
        raise InvalidInput(
            [
                Problem(
                    Location(VMV_FILE),
                    f"no {VMV_FILE} in {root}; run 'vmv init DIR' to start one, or pass --root",
                    code=ProblemCode.FILE_NOT_FOUND,
                )
            ]
        )
    problems: list[Problem] = []
    document = None
    # None: vmv.yaml could not be read, so references from pages cannot be checked.
    owner_ids: list[str] | None = None
    value_ids: list[str] | None = None
    try:
        parsed = parse_yaml(decode(read_bytes(root, VMV_FILE), VMV_FILE), VMV_FILE)
    except ReadError as error:
        problems.append(error.problem)
    else:
        problems += parsed.problems
        document, found = validate_model(model.Document, parsed, parsed.data)
        problems += unexplained(found, parsed.problems)
        references, owner_ids, value_ids = check_document_references(parsed)
        problems += references + ([] if only_translated else override_problems(parsed))

    files, file_problems = playbook_files(root)
    problems += file_problems + playbook_media(root)[1]
    pages: list[Page] = []
    stand_ins: list[Page] = []
    question_ids, standard_ids = Registry("question id"), Registry("standard id")
    for _, source in files:
        page, found = _load_page(root, source, owner_ids, value_ids, question_ids, standard_ids)
        problems += found
        if page and usable_name(source):
            pages.append(page)
        elif usable_name(source):
            # Stands in for the page when the rest of the site is checked (links to it).
            stand_ins.append(Page(source, model.PageMeta(), ""))
    if document is not None or value_ids is not None:
        # A playbook folder vmv refuses has its own problem: its pages are not unknown.
        readable = is_inside(root, PLAYBOOK_DIR, folder=True) or not is_present(root, PLAYBOOK_DIR)
        pages_known = [s for _, s in files] if with_playbook and readable else None
        problems += check_onboarding(parsed.data, parsed, value_ids, pages_known)
        problems += check_measures(parsed, value_ids)
    stories, found = load_stories(root, value_ids) if not only_translated else ((), [])
    templates, unreadable = load_templates(root)
    # The bank is known only when every page could be read: a missing page's questions are not unknown.
    bank = None if stand_ins else QuestionBank(tuple(q for page in pages for q in page.meta.questions))
    decisions, recorded = (
        load_decisions(root, owner_ids, value_ids, bank) if not only_translated else ((), [])
    )
    translations: tuple[Translation, ...] = ()
    if document is not None and with_playbook and with_translations and not stand_ins:
        # Checked against the source: only when the whole of it could be read.
        translations, translated = load_translations(root, document, pages, source_language)
        recorded = recorded + translated
    elif with_playbook and with_translations:
        recorded = recorded + translation_file_problems(root)
    problems = one_per_value(problems + found + unreadable + recorded)
    warnings = tuple(p for p in problems if p.severity is Severity.WARNING)
    if len(warnings) < len(problems) or document is None:
        # With only pages in error, the rest of the site can still be checked (links).
        in_pages = all(p.location.file.startswith(f"{PLAYBOOK_DIR}/") for p in problems if p not in warnings)
        everything = (*pages, *stand_ins)
        known = {page.source for page in everything}
        # A step may point at a page that could not stand in (a refused name): then the rest
        # cannot be rendered, and the page's own problem is the one to fix first.
        steps_resolve = document is not None and all(
            step.page in known for path in document.onboarding.paths for step in path.steps if step.page
        )
        partial = (
            Project(root, document, everything, warnings, stories, templates=templates, decisions=decisions)
            if document and in_pages and steps_resolve
            else None
        )
        raise InvalidInput(problems, partial)
    return Project(
        root,
        document,
        tuple(pages),
        warnings,
        stories,
        templates=templates,
        decisions=decisions,
        translations=translations,
    )


def read_stories(parsed: ParsedYaml, value_ids: list[str] | None) -> tuple[list[model.Story], list[Problem]]:
    """The stories of one recognition file: a list of entries, each checked."""
    problems = list(parsed.problems)
    if not isinstance(parsed.data, list):
        where = parsed.locate(())
        wrong = Problem(
            where,
            "",
            code=ProblemCode.FIELD_WRONG_TYPE,
            expected="a list of stories",
            found=describe(parsed.data),
        )
        return [], [*problems, wrong]
    stories = []
    for index, item in enumerate(parsed.data):
        story, found = validate_model(model.Story, parsed, item, (index,))
        found = [
            dataclasses.replace(p, path=f"[{index}].{p.path}" if p.path else f"[{index}]") for p in found
        ]
        problems += found
        if isinstance(item, dict):
            problems += check_reference(parsed, (index, "value"), item.get("value"), value_ids, "value")
        if story is not None:
            stories.append(story)
    return stories, problems


def load_stories(root: Path, value_ids: list[str] | None) -> tuple[tuple[model.Story, ...], list[Problem]]:
    """Every story in recognition/*.yaml, newest first, and the problems found."""
    files, problems = files_under(
        root, RECOGNITION_DIR, recursive=False, include=lambda name: name.endswith(".yaml")
    )
    stories: list[model.Story] = []
    for file in files:
        name = file.name
        try:
            parsed = parse_yaml(decode(read_bytes(root, name), name), name)
        except ReadError as error:
            problems.append(error.problem)
            continue
        found_stories, found = read_stories(parsed, value_ids)
        stories += found_stories
        problems += found
    return tuple(sorted(stories, key=lambda s: s.date, reverse=True)), problems
