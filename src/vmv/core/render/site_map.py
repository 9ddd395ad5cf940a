"""The site's pages, declared once: which exist, their titles, and where they sit.

Rendering makes a page only when it is in this table, and the navigation is
this table's tree, so the two cannot disagree (a question bank rendered but
left out of the navigation failed the build of a repository without playbook
pages). A generated section is shown when it has content and left out when it
has none: an empty section would only tell readers that something is missing.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from vmv.core.inputs import PLAYBOOK_DIR
from vmv.core.load.project import Page, Project
from vmv.core.render.labels import Labels, plain
from vmv.core.translations.marking import STATUS_PAGE

NavItem = dict[str, "str | list[NavItem]"]
"""MkDocs' form of a navigation entry: {title: docs path} or {title: [entries]}."""


@dataclass(frozen=True)
class Section:
    """A section of the navigation."""

    key: str
    """What makes it this section: a playbook folder's path, or the title of a generated one."""
    title: str


@dataclass(frozen=True)
class SitePage:
    """One page of the site."""

    path: str
    """Where it goes in the docs folder: `values/own-it.md`."""
    title: str
    """Its title in the navigation, as plain text."""
    sections: tuple[Section, ...] = ()
    """The navigation sections it sits in, outermost first."""


def reading_order(pages: Sequence[Page]) -> list[Page]:
    """Pages by their `order`, then those without one by title."""
    return sorted(
        pages, key=lambda p: (p.meta.order is None, p.meta.order or 0, p.title.casefold(), p.source)
    )


def _folder_title(folder: str, pages: Sequence[Page]) -> str:
    """A playbook folder's title: its index page's, or its name in words."""
    for page in pages:
        if page.source == f"{folder}/index.md":
            return page.title
    return posixpath.basename(folder).replace("-", " ").replace("_", " ").capitalize()


def _playbook(pages: Sequence[Page], title: str) -> Iterator[SitePage]:
    """Playbook pages nested in their folders as on disk: in each folder its index page,
    its other pages in reading order, then its subfolders. Folders of the same name in
    different places stay apart (keyed by path)."""
    ordered = reading_order(pages)

    def walk(folder: str, sections: tuple[Section, ...]) -> Iterator[SitePage]:
        own = [p for p in ordered if posixpath.dirname(p.source) == folder]
        own.sort(key=lambda p: posixpath.basename(p.source) != "index.md")
        yield from (SitePage(p.output_path, p.title, sections) for p in own)
        # Subfolders by the smallest `order:` of their pages, then by title (as pages are).
        orders: dict[str, list[int]] = {}
        for page in ordered:
            if page.source.startswith(f"{folder}/") and posixpath.dirname(page.source) != folder:
                child = "/".join(page.source.split("/")[: folder.count("/") + 2])
                orders.setdefault(child, [])
                if page.meta.order is not None:
                    orders[child].append(page.meta.order)
        titles = {child: _folder_title(child, pages) for child in orders}

        def placed(child: str) -> tuple[bool, int, str, str]:
            return (not orders[child], min(orders[child], default=0), titles[child].casefold(), child)

        for child in sorted(orders, key=placed):
            yield from walk(child, (*sections, Section(child, titles[child])))

    yield from walk(PLAYBOOK_DIR, (Section(PLAYBOOK_DIR, title),))


def has_question_bank(pages: Sequence[Page]) -> bool:
    """Whether the site has a question bank: some playbook page asks a question."""
    return any(page.meta.questions for page in pages)


def site_pages(project: Project, labels: Labels, *, has_previous_edition: bool) -> tuple[SitePage, ...]:
    """Every page of the site, in navigation order, titled in the site's language."""
    document = project.document
    onboarding = document.onboarding

    def title(key: str) -> str:
        return plain(labels, f"nav.{key}")

    new_here, values = (Section("new-here", title("new_here")),), (Section("values", title("values")),)
    table = [
        SitePage("index.md", title("home")),
        SitePage("start-here.md", title("start_here"), new_here),
        *(SitePage(f"onboarding/{path.id}.md", path.name, new_here) for path in onboarding.paths),
    ]
    if onboarding.scenarios:
        table.append(SitePage("onboarding/self-check.md", title("self_check"), new_here))
    table.append(SitePage("onboarding/acknowledgement.md", title("acknowledgement"), new_here))
    table.append(SitePage("values/index.md", title("our_values"), values))
    table += [SitePage(f"values/{v.id}.md", v.name, values) for v in document.values]
    table += _playbook(project.pages, title("playbook"))
    if has_question_bank(project.pages):
        table.append(SitePage("question-bank.md", title("question_bank")))
    if project.decisions:
        decisions = (Section("decisions", title("decisions")),)
        table.append(SitePage("decisions/index.md", title("decisions"), decisions))
        table += [SitePage(d.output_path, d.meta.title, decisions) for d in project.decisions]
    if document.measures:
        table.append(SitePage("measures.md", title("measures")))
    if project.stories:
        table.append(SitePage("values-in-action.md", title("values_in_action")))
    table.append(SitePage("handbook.md", title("handbook")))
    if document.glossary:
        table.append(SitePage("glossary.md", title("glossary")))
    # The edition's own notes, or a new hire's step that points at the page, are content
    # even in the first edition.
    pointed_at = any(step.section == "what-changed" for path in onboarding.paths for step in path.steps)
    if has_previous_edition or document.edition.summary or pointed_at:
        table.append(SitePage("what-changed.md", title("what_changed")))
    if project.translations:
        table.append(SitePage(STATUS_PAGE, plain(labels, "translations.title")))
    return tuple(table)


def navigation(pages: Sequence[SitePage]) -> list[NavItem]:
    """MkDocs' navigation for `pages`: sections nested as the table says, each made
    once, in the order their first page appears.

    Titles are written as HTML text here, once: Material prints navigation titles as
    they are, in the navigation, the header and search.
    """
    top: list[NavItem] = []
    entries: dict[tuple[str, ...], list[NavItem]] = {(): top}
    for page in pages:
        keys = tuple(section.key for section in page.sections)
        for depth, section in enumerate(page.sections, start=1):
            if keys[:depth] not in entries:
                entries[keys[:depth]] = []
                entries[keys[: depth - 1]].append(
                    {html.escape(section.title, quote=False): entries[keys[:depth]]}
                )
        entries[keys].append({html.escape(page.title, quote=False): page.path})
    return top
