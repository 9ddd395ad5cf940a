"""(Project, templates) -> the Markdown pages of the site, and its navigation.

Rendering is pure: nothing here reads the engine's configuration or writes
files. Every template, built-in or the company's, runs in the sandbox, and
every value from vmv.yaml is HTML-escaped on output (autoescape), so raw HTML
typed into vmv.yaml shows as text.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from vmv.core.changes import ChangeGroups, Diff
from vmv.core.inputs import TEMPLATES_DIR, VMV_FILE
from vmv.core.load.project import Page, Project
from vmv.core.markdown.abbreviations import abbreviation_lines
from vmv.core.model import document as model
from vmv.core.model.decision import area_slug
from vmv.core.model.page_settings import allowed_settings
from vmv.core.render import template_environment as environment
from vmv.core.render.charts import line_chart
from vmv.core.render.decision_pages import decisions_serving, render_decision_pages
from vmv.core.render.handbook import section
from vmv.core.render.labels import Labels, english, footer_line
from vmv.core.render.onboarding import plan_steps, scenario_fingerprints, site_key
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.render.sandbox import bounded_output, time_limit
from vmv.core.render.site_map import navigation, reading_order, site_pages
from vmv.core.render.template_environment import (
    LITERAL_BRACES_HINT,
    TEMPLATE_ERRORS,
    company_template_problems,
    culprit_braces,
    display_name,
    explain,
    make_environment,
    page_syntax_problem,
    template_code,
    template_line,
)
from vmv.core.render.views import Viewer
from vmv.core.translations.marking import STATUS_PAGE
from vmv.core.translations.status_page import status_rows
from vmv.errors import InvalidInput, Location, Problem

Progress = Callable[[str, str], None]
"""Told before each step of rendering starts: the file a problem with it would point at, and
what the step makes (`vmv.app.isolation` names the step when a limit of the system stops it)."""


@dataclass(frozen=True)
class PlaybookItem:
    """A question or standard, with the page it is on and the values it serves."""

    item: model.Question | model.Standard
    page: Page
    values: tuple[str, ...]

    @property
    def anchor(self) -> str:
        prefix = "q" if isinstance(self.item, model.Question) else "s"
        return f"{prefix}-{self.item.id}"


FINISHING = "making the navigation and the glossary's definitions"


def _unobserved(file: str, step: str) -> None:
    """Progress nobody listens to: rendering in vmv's own process, in tests and scripts."""


class _Renderer:
    def __init__(self, project: Project, labels: Labels) -> None:
        self.project = project
        self.document = project.document
        self.labels = labels
        self.env = make_environment(project.templates, labels)
        self.problems: list[Problem] = []
        self.items = list(self._playbook_items())
        self.items_by_page: dict[int, list[PlaybookItem]] = {}
        for item in self.items:
            self.items_by_page.setdefault(id(item.page), []).append(item)
        self.values_by_id = {v.id: v for v in self.document.values}
        self.page_facts: dict[str, Any] = {"last_changed": {}, "edit_base": None, "site_pages": ()}
        self.viewer = Viewer()
        self.progress: Progress = _unobserved

    def _playbook_items(self) -> Iterator[PlaybookItem]:
        for page in reading_order(self.project.pages):
            items: list[model.Question | model.Standard] = [*page.meta.questions, *page.meta.standards]
            for item in items:
                values = tuple(item.values or page.meta.values)
                yield PlaybookItem(item, page, values)

    def problem(self, error: BaseException, filename: str | None, shown: str) -> None:
        line = max(template_line(error, filename), 1)
        message, column, hint = explain(error), 1, None
        page = next((p for p in self.project.pages if p.source == shown), None)
        if page is not None and isinstance(error, jinja2.UndefinedError):
            # "'Vorname' is undefined": point at the braces that hold the name, in words.
            lines = page.body.split("\n")
            name = re.search(r"'([^']+)' is undefined|no field '([^']+)'", error.message or "")
            needle = next((g for g in name.groups() if g), None) if name else None
            found = culprit_braces(lines[line - 1], needle) if line <= len(lines) else None
            if found:
                column = found.start() + 1
                if name and name.group(1):
                    message = f"'{found.group(0)}' is read as a placeholder for VMV data, but there is no '{needle}'"
            message, hint = message.rstrip("."), LITERAL_BRACES_HINT
        code = template_code(error)
        self.problems.append(Problem(Location(shown, line, column), message, code=code, hint=hint))

    def run(
        self, template: jinja2.Template, page_path: str, shown: str | None = None, **context: Any
    ) -> str | None:
        context.update(vmv=self.document, page_path=page_path, values_by_id=self.values_by_id)
        context.update(self.page_facts)
        # Templates see data, never vmv's objects (views.py).
        context = {name: self.viewer.view(value) for name, value in context.items()}
        self.progress(shown or display_name(template.filename), f"rendering {page_path}")
        try:
            with time_limit(environment.SECONDS_PER_PAGE):
                return bounded_output(template.generate(**context))
        except MemoryError:
            raise  # past the memory cap of the rendering process, which names the page (isolation.py)
        except TEMPLATE_ERRORS as error:
            self.problem(error, template.filename, shown or display_name(template.filename))
            return None

    def named(self, name: str, page_path: str, **context: Any) -> str | None:
        try:
            template = self.env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            self.problem(error, error.filename, display_name(error.filename))
            return None
        except (jinja2.TemplateNotFound, UnicodeDecodeError) as error:
            shown = f"{TEMPLATES_DIR}/{name}"
            # A broken company template was reported when all of them were checked.
            if not any(p.location.file == shown for p in self.problems):
                self.problems.append(Problem(Location(shown), explain(error), code=template_code(error)))
            return None
        return self.run(template, page_path, **context)

    def _is_literal(self, text: str) -> bool:
        """Whether Jinja would give `text` back unchanged: no tags, no line endings to convert."""
        env = self.env
        markers = (env.block_start_string, env.variable_start_string, env.comment_start_string, "\r")
        prefixes = env.line_statement_prefix is None and env.line_comment_prefix is None
        return prefixes and not any(marker in text for marker in markers)

    def body(self, page: Page) -> str | None:
        if not page.meta.template or self._is_literal(page.body):
            # Most pages use no Jinja; compiling each one costs more than the rest of its render.
            return page.body
        self.progress(page.source, f"compiling {page.source}")
        try:
            code = self.env.compile(page.body, name=page.source, filename=page.source)
        except jinja2.TemplateSyntaxError as error:
            self.problems.append(page_syntax_problem(error, page.source, page.body))
            return None
        template = self.env.template_class.from_code(self.env, code, self.env.make_globals(None))
        return self.run(template, page.output_path, page.source, page=page.meta)

    def check_company_templates(self) -> None:
        self.problems += company_template_problems(self.env, self.project.templates)


def _by_area(questions: list[PlaybookItem]) -> list[tuple[str, list[PlaybookItem]]]:
    """Questions grouped by area, areas in the order they first appear."""
    groups: dict[str, list[PlaybookItem]] = {}
    for entry in questions:
        assert isinstance(entry.item, model.Question)
        groups.setdefault(entry.item.area, []).append(entry)
    return list(groups.items())


def _inputs(project: Project, changes: Diff | None, facts: dict[str, Any], labels: Labels) -> str:
    """A fingerprint of what the pages depend on, except playbook page bodies: when it is
    unchanged, an edit to a body reaches only that page and the handbook."""
    parts = [project.document.model_dump_json(), repr(changes), repr(sorted(facts["last_changed"].items()))]
    parts += [labels.language, repr(sorted(labels.items()))]
    parts += [str(facts["edit_base"]), *(story.model_dump_json() for story in project.stories)]
    parts += [f"{p.source}\n{p.title}\n{p.meta.model_dump_json()}" for p in project.pages]
    parts += [f"{name}\n{text}" for name, text in sorted(project.templates.items())]
    parts += [f"{d.source}\n{d.meta.model_dump_json()}\n{d.body}" for d in project.decisions]
    parts += [
        f"{s.path} {s.state}" for t in project.translations for s in t.statuses
    ]  # the Translations page
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _playbook_page(renderer: _Renderer, page: Page) -> str | None:
    body = renderer.body(page)
    if body is None:
        return None
    document = renderer.document
    owner = document.owner(page.meta.owner) if page.meta.owner else None
    items = renderer.items_by_page.get(id(page), [])
    return renderer.named(
        "playbook-page.md.j2",
        page.output_path,
        page=page,
        meta=page.meta,
        body=Markup(body),
        owner=owner,
        source=page.source,
        keeper=None,
        question_groups=_by_area([i for i in items if isinstance(i.item, model.Question)]),
        standards=[i for i in items if isinstance(i.item, model.Standard)],
    )


def _handbook_section(path: str, text: str | None) -> Markup | None:
    if not path.startswith(("values/", "playbook/")) or path == "values/index.md":
        return None
    return Markup(section(text or "", path, "handbook.md"))


def _finish(document: model.Document, pages: dict[str, str | None]) -> dict[str, str]:
    abbreviations = abbreviation_lines(document)
    # The glossary page states every definition already; hovering there would repeat it.
    return {
        path: allowed_settings(text.rstrip("\n") + "\n" + ("" if path == "glossary.md" else abbreviations))
        for path, text in pages.items()
        if text is not None
    }


def _render_bodies(
    project: Project, renderer: _Renderer, previous: RenderedSite, changed: list[Page]
) -> RenderedSite:
    """`previous`, with the pages whose body changed, and the handbook, rendered again."""
    pages: dict[str, str | None] = {page.output_path: _playbook_page(renderer, page) for page in changed}
    if renderer.problems:
        raise InvalidInput(renderer.problems)
    sections = dict(previous.sections)
    for path, text in pages.items():
        section = _handbook_section(path, text)
        if section is not None:
            sections[path] = section
    pages["handbook.md"] = renderer.named(
        "handbook.md.j2", "handbook.md", pages=reading_order(project.pages), sections=sections
    )
    if renderer.problems:
        raise InvalidInput(renderer.problems)
    renderer.progress(VMV_FILE, FINISHING)
    return replace(
        previous,
        pages={**previous.pages, **_finish(project.document, pages)},
        bodies={page.source: page.body for page in project.pages},
        sections=sections,
    )


def render_site(
    project: Project,
    changes: Diff | None = None,
    change_groups: ChangeGroups | None = None,
    *,
    last_changed: dict[str, datetime.date] | None = None,
    edit_base: str | None = None,
    previous: RenderedSite | None = None,
    progress: Progress | None = None,
    labels: Labels | None = None,
) -> RenderedSite:
    """Render every page; raise `InvalidInput` listing every template problem.

    `changes` is the diff from the previous edition, for the "What changed" page, and
    `change_groups` its rows as the review layer lays them out; None when this is the
    first edition. `previous` is an earlier result for the
    same repository (`vmv serve`): when only page bodies changed since, only those
    pages and the handbook are rendered again. `progress` hears of each step. `labels`
    are the words vmv writes, in the site's language (English by default).
    """
    labels = labels or english()
    renderer = _Renderer(project, labels)
    renderer.progress = progress or _unobserved
    table = site_pages(project, labels, has_previous_edition=changes is not None)
    shown = tuple(page.path for page in table)
    renderer.page_facts = {"last_changed": last_changed or {}, "edit_base": edit_base, "site_pages": shown}
    inputs = _inputs(project, changes, renderer.page_facts, labels)
    if previous is not None and previous.inputs == inputs and previous.sections:
        changed = [p for p in project.pages if previous.bodies.get(p.source) != p.body]
        return _render_bodies(project, renderer, previous, changed)
    renderer.progress(TEMPLATES_DIR, f"compiling the templates in {TEMPLATES_DIR}/")
    renderer.check_company_templates()
    document = project.document
    pages: dict[str, str | None] = {}
    playbook_pages = reading_order(project.pages)
    pages["index.md"] = renderer.named("home.md.j2", "index.md", pages=playbook_pages)
    # The browser's progress on each path and in the self-check, shown on Start here.
    plans = {journey.id: plan_steps(project, journey, labels) for journey in document.onboarding.paths}
    progress_keys = {"site": site_key(project), "scenario_fingerprints": scenario_fingerprints(project)}
    pages["start-here.md"] = renderer.named(
        "start-here.md.j2", "start-here.md", pages=playbook_pages, plans=plans, **progress_keys
    )
    pages["values/index.md"] = renderer.named("values.md.j2", "values/index.md")
    for_handbook: dict[str, str | None] = {}
    for value in document.values:
        path = f"values/{value.id}.md"
        serving = [i for i in renderer.items if value.id in i.values]
        serving_pages = {id(i.page) for i in serving}
        value_page = functools.partial(
            renderer.named,
            "value.md.j2",
            path,
            source="vmv.yaml",
            keeper=None,
            value=value,
            questions=[i for i in serving if isinstance(i.item, model.Question)],
            standards=[i for i in serving if isinstance(i.item, model.Standard)],
            pages=[p for p in playbook_pages if value.id in p.meta.values or id(p) in serving_pages],
            stories=[s for s in project.stories if s.value == value.id][:3],
        )
        pages[path] = value_page(decisions=decisions_serving(project.decisions, value.id))
        if decisions_serving(project.decisions, value.id):  # a record, not the VMV: not in the handbook
            for_handbook[path] = value_page(decisions=[])

    for page in project.pages:
        pages[page.output_path] = _playbook_page(renderer, page)
    if "glossary.md" in shown:
        pages["glossary.md"] = renderer.named("glossary.md.j2", "glossary.md")
    questions = [i for i in renderer.items if isinstance(i.item, model.Question)]
    if "question-bank.md" in shown:
        groups = _by_area(questions)
        pages["question-bank.md"] = renderer.named(
            "question-bank.md.j2",
            "question-bank.md",
            questions=questions,
            question_groups=groups,
            area_ids={area: area_slug(area) or f"area-{n + 1}" for n, (area, _) in enumerate(groups)},
        )
    for journey in document.onboarding.paths:
        target = f"onboarding/{journey.id}.md"
        pages[target] = renderer.named(
            "onboarding-path.md.j2", target, path=journey, steps=plans[journey.id], site=progress_keys["site"]
        )
    if "onboarding/self-check.md" in shown:
        pages["onboarding/self-check.md"] = renderer.named(
            "self-check.md.j2", "onboarding/self-check.md", **progress_keys
        )
    pages["onboarding/acknowledgement.md"] = renderer.named(
        "acknowledgement.md.j2", "onboarding/acknowledgement.md"
    )
    if "measures.md" in shown:
        charts = {m.id: Markup(line_chart(m, labels)) for m in document.measures}
        pages["measures.md"] = renderer.named("measures.md.j2", "measures.md", charts=charts)
    if "values-in-action.md" in shown:
        pages["values-in-action.md"] = renderer.named(
            "values-in-action.md.j2", "values-in-action.md", stories=list(project.stories)
        )
    pages.update(render_decision_pages(project, renderer.named))
    sections: dict[str, Markup] = {}
    if not renderer.problems:
        for path, text in pages.items():
            handbook_section = _handbook_section(path, for_handbook.get(path, text))
            if handbook_section is not None:
                sections[path] = handbook_section
        pages["handbook.md"] = renderer.named(
            "handbook.md.j2", "handbook.md", pages=playbook_pages, sections=sections
        )
    if "what-changed.md" in shown:
        pages["what-changed.md"] = renderer.named(
            "what-changed.md.j2", "what-changed.md", changes=changes, change_groups=change_groups or []
        )
    if STATUS_PAGE in shown:
        languages = status_rows(project.translations, labels.language)
        pages[STATUS_PAGE] = renderer.named("translations.md.j2", STATUS_PAGE, languages=languages)
    if renderer.problems:
        raise InvalidInput(renderer.problems)
    renderer.progress(VMV_FILE, FINISHING)
    return RenderedSite(
        pages=_finish(document, pages),
        nav=navigation(table),
        site_name=document.organization.name,
        footer_html=footer_line(labels, document),
        labels=labels,
        source_date=calendar.timegm(document.edition.date.timetuple()),
        inputs=inputs,
        bodies={page.source: page.body for page in project.pages},
        sections=sections,
    )
