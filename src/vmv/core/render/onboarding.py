"""Onboarding paths and the values self-check, ready for the templates.

Each step gets the page it points at and a fingerprint of what it asks the
new hire to read: the browser keeps a tick with the fingerprint it had, so a
new edition asks again only for the steps whose content changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from vmv.core.load.project import Project
from vmv.core.model.document import OnboardingPath, Step
from vmv.core.render.labels import Labels

SECTION_TARGETS = {
    "vision": ("index.md#our-vision", "home.our_vision"),
    "mission": ("index.md#our-mission", "home.our_mission"),
    "values": ("values/index.md", "nav.our_values"),
    "glossary": ("glossary.md", "nav.glossary"),
    "what-changed": ("what-changed.md", "nav.what_changed"),
}
"""Where a step with `section:` points, and the label of what that place is called."""


@dataclass(frozen=True)
class PlannedStep:
    """A step with the page it points at and the fingerprint of its content."""

    step: Step
    target: str
    target_title: str
    fingerprint: str


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def plan_steps(project: Project, path: OnboardingPath, labels: Labels) -> list[PlannedStep]:
    """Every step of `path`, resolved against the project (references are validated);
    the parts of the site are named in the site's language (`labels`)."""
    document = project.document
    planned = []
    for step in path.steps:
        if step.value is not None:
            value = next(v for v in document.values if v.id == step.value)
            target, title, content = f"values/{value.id}.md", value.name, value.model_dump_json()
        elif step.page is not None:
            page = next(p for p in project.pages if p.source == step.page)
            # `template` says how the body is read, not what it says: no tick is lost over it.
            meta = page.meta.model_dump_json(exclude={"template"})
            target, title, content = page.output_path, page.title, meta + page.body
        else:
            assert step.section is not None
            target, key = SECTION_TARGETS[step.section]
            title = labels[key]
            content = {
                "vision": document.vision,
                "mission": document.mission,
                "values": "\n".join(f"{v.name}: {v.statement}" for v in document.values),
                "glossary": "\n".join(f"{g.term}: {g.definition}" for g in document.glossary),
                "what-changed": document.edition.version,
            }[step.section]
        planned.append(PlannedStep(step, target, title, _fingerprint(step.model_dump_json(), content)))
    return planned


def scenario_fingerprints(project: Project) -> dict[str, str]:
    """Each scenario's fingerprint, by id: the browser keeps an answer with the fingerprint
    it had, so a new edition asks again only the situations that changed."""
    return {s.id: _fingerprint(s.model_dump_json()) for s in project.document.onboarding.scenarios}


def site_key(project: Project) -> str:
    """Names the company in the browser's storage, the same across editions."""
    return _fingerprint(project.document.organization.name)
