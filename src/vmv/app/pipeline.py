"""The one-way flow: load -> render -> engine -> swap the output in."""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from vmv.app.isolation import render_isolated
from vmv.app.translated_sites import render_translations, source_language
from vmv.core.inputs import DECISIONS_DIR, PLAYBOOK_DIR, VMV_FILE
from vmv.core.load.playbook_files import page_texts
from vmv.core.load.project import Project, load_project
from vmv.core.load.templates import load_templates
from vmv.core.render.label_overrides import language_problems
from vmv.core.render.labels import labels_for
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.render.template_environment import template_syntax_problems, unknown_page_templates
from vmv.core.site.load import load_site
from vmv.core.site.settings import SiteSettings
from vmv.engine.mkdocs import build as mkdocs_engine
from vmv.engine.mkdocs.config import theme_problems
from vmv.engine.mkdocs.languages import unsupported_languages
from vmv.engine.mkdocs.translated_problems import anchor_target
from vmv.errors import InvalidInput, Problem, Severity
from vmv.repo.codeowners import codeowners_problems
from vmv.repo.git import last_changed, previous_release
from vmv.repo.output import replace_when_done
from vmv.review.diff import diff_projects


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the command line to summarise."""

    destination: Path
    pages: int
    seconds: float
    warnings: tuple[Problem, ...] = ()


_FROM_TAGS = object()


def check(
    root: Path,
    previous: Project | object | None = _FROM_TAGS,
    *,
    find_previous: Callable[[Path, str], Project | None] = previous_release,
    rendered_before: RenderedSite | None = None,
    translated: bool = False,
) -> tuple[Project, RenderedSite]:
    """Load and render everything without building; raise `InvalidInput` on problems.

    `previous` is the edition "What changed" compares with; by default the one
    `find_previous` gives for this edition's version: the newest tagged edition
    older than it, found with git. `rendered_before` is this repository's last
    rendering, to render only what changed since. With `translated`, the site in each
    language of translations/ is rendered too (`vmv serve` shows the source only).
    """
    site, site_problems = load_site(root)
    if site is not None:
        site_problems += theme_problems(site)
    try:
        project = load_project(root, source_language=source_language(site.settings) if site else None)
    except InvalidInput as error:
        syntax = template_syntax_problems(load_templates(root)[0], page_texts(root))
        problems = error.problems + syntax + site_problems
        raise InvalidInput(problems, error.partial) from None
    # Problems of the repository as a whole, reported with any others.
    problems = site_problems + codeowners_problems(root, project.document)
    language = site.settings.theme.language if site else None
    warnings = unknown_page_templates(project.templates)
    if site is not None:
        warnings += language_problems(language, site.locate(("theme", "language")))
    project = replace(project, warnings=(*project.warnings, *warnings))
    try:
        if previous is _FROM_TAGS:
            previous = find_previous(root, project.document.edition.version)
        before = previous if isinstance(previous, Project) else None
        changes = diff_projects(before, project) if before else None
        changed = last_changed(root, [VMV_FILE, PLAYBOOK_DIR, DECISIONS_DIR])
        # Templates come from the repository: rendered where the system caps time and memory.
        rendered = render_isolated(
            project,
            changes,
            last_changed=changed,
            edit_base=site.settings.edit_base() if site else None,
            previous=rendered_before,
            labels=labels_for(language, project.document.labels),
        )

    except InvalidInput as error:
        problems += error.problems

    problems += unsupported_languages(project.translations)
    if problems or site is None:
        raise InvalidInput(problems + list(project.warnings))
    if translated and project.translations:
        try:
            sites = render_translations(
                project, changes, site.settings, last_changed=changed, edit_base=site.settings.edit_base()
            )
        except InvalidInput as error:
            raise InvalidInput(error.problems + list(project.warnings)) from None
        rendered = replace(rendered, translations=sites)
    return project, replace(rendered, site=site.settings)


def _problems_of_the_rest(partial: Project, settings: SiteSettings, stand_ins: set[str]) -> list[Problem]:
    """Build the site of `partial` (each page with problems, named in `stand_ins`, stands in
    as an empty page, so links to it and to its headings are not reported as broken) to
    report broken links and anchors too."""
    try:
        labels = labels_for(settings.theme.language, partial.document.labels)
        rendered = replace(
            render_isolated(partial, edit_base=settings.edit_base(), labels=labels), site=settings
        )
    except InvalidInput as error:
        return error.problems
    try:
        _build_to_check(rendered, partial.root)
    except InvalidInput as error:
        return [p for p in error.problems if anchor_target(p) not in stand_ins]
    return []


def _build_to_check(rendered: RenderedSite, root: Path) -> None:
    """Build into a throwaway folder, for the problems only the engine finds."""
    with tempfile.TemporaryDirectory(prefix="vmv-check-") as folder:
        (Path(folder) / "docs").mkdir()
        mkdocs_engine.build_with_engine(rendered, root, Path(folder) / "docs", Path(folder) / "site")


def check_everything(root: Path) -> tuple[Project, RenderedSite]:
    """`check`, and when only some pages have problems, the rest of the site built to find
    broken links and anchors too: every problem in one run. (`vmv serve` and tests use
    `check`, which answers at once.)"""
    try:
        return check(root, translated=True)
    except InvalidInput as error:
        site, _ = load_site(root)
        if not isinstance(error.partial, Project) or site is None:
            raise
        stand_ins = {p.location.file for p in error.problems if p.severity is Severity.ERROR}
        rest = _problems_of_the_rest(error.partial, site.settings, stand_ins)
        raise InvalidInput(error.problems + rest) from None


def validate_site(root: Path) -> tuple[Project, RenderedSite]:
    """`check`, then a build into a throwaway folder: broken links and problems in
    mkdocs.yml are found by `vmv validate` too, not first by `vmv build`."""
    project, rendered = check_everything(root)
    with _with_warnings(project.warnings):
        _build_to_check(rendered, root)
    return project, rendered


@contextlib.contextmanager
def _with_warnings(warnings: tuple[Problem, ...]) -> Iterator[None]:
    """Problems the engine finds are reported with the warnings found before it ran."""
    try:
        yield
    except InvalidInput as error:
        raise InvalidInput([*error.problems, *warnings]) from None


def build_site(root: Path, destination: Path) -> BuildReport:
    """Build the working copy's site into `destination`, replacing it only on success."""
    started = time.perf_counter()
    project, rendered = check_everything(root)
    pages = len(rendered.pages) + sum(len(t.pages) for t in rendered.translations)  # every language's
    warnings = project.warnings
    with _with_warnings(warnings), replace_when_done(destination, protected=root) as workspace:
        mkdocs_engine.write_docs(rendered, root, workspace.docs)
        settings = rendered.without_pages()
        # The engine reads the pages from the staging folder: a large site's text, twice in
        # memory otherwise, is freed before the engine's workers start.
        del project, rendered
        mkdocs_engine.build_with_engine(settings, root, workspace.docs, workspace.site, staged=True)
    return BuildReport(destination, pages, time.perf_counter() - started, warnings)
