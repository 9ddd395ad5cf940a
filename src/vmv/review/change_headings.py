"""The headings of the site's "What changed" page, in the site's language.

The rows are grouped as the pull-request report groups them (`Change.group`, which is
English, as `vmv diff` prints it). The site names each group in its own language,
from what the change's path names: paths name items by id (the contract's section 5),
so the value, page, decision or part of the VMV is found again in the edition that has it.
"""

from __future__ import annotations

import re

from vmv.core.changes import Change, Diff
from vmv.core.load.project import Page, Project
from vmv.core.render.labels import Labels, plain

_PATH = re.compile(r"^(?P<section>[a-z_]+)(?:\[(?P<key>[^\]]*)\])?")
_SECTIONS = {
    "vision": "what_changed.group_vision",
    "mission": "what_changed.group_vision",
    "organization": "what_changed.group_metadata",
    "owners": "what_changed.group_metadata",
    "glossary": "what_changed.group_metadata",
    "onboarding": "what_changed.group_onboarding",
}
"""Parts of vmv.yaml whose changes share one heading, by the first word of their path."""


def _page_of(project: Project, section: str, key: str) -> Page | None:
    for page in project.pages:
        if section == "pages" and page.source == key:
            return page
        items = page.meta.questions if section == "questions" else page.meta.standards
        if section in ("questions", "standards") and any(item.id == key for item in items):
            return page
    return None


def heading(change: Change, diff: Diff, labels: Labels) -> str:
    """The heading of the group `change` belongs to, as plain text: its English group
    name when the path names nothing this page knows how to name."""
    match = _PATH.match(change.path)
    section, key = (match.group("section"), match.group("key")) if match else ("", None)
    if section in _SECTIONS:
        return plain(labels, _SECTIONS[section])
    editions = (diff.new, diff.old)  # the new edition's name, or the old one's for a removal
    if section == "values" and key is not None:
        value = next((v for p in editions for v in p.document.values if v.id == key), None)
        if value is not None:
            return plain(labels, "what_changed.group_value", name=value.name, id=value.id)
    if section in ("pages", "questions", "standards") and key is not None:
        page = next((found for p in editions if (found := _page_of(p, section, key))), None)
        if page is not None:
            return plain(labels, "what_changed.group_page", title=page.title, source=page.source)
    if section == "decisions" and key is not None:
        decision = next((d for p in editions for d in p.decisions if d.name == key), None)
        if decision is not None:
            return plain(labels, "what_changed.group_decision", title=decision.meta.title, name=decision.name)
    return change.group
