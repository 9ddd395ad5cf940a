"""Every text a reader sees, declared once: its path, its source text and its fingerprint.

The paths are `vmv diff`'s (`values[customer-first].statement`, `questions[new-who-for].text`,
`pages[playbook/hiring.md].title`), items named by id, never by position. A list of texts
without ids (a value's behaviours, its examples, a scenario's answers) is one item, as the
diff compares it, translated as a list. A playbook page's body is one item, its path the
page's (`playbook/hiring.md`); its translation is a file of its own beside it.

A fingerprint sees what the diff sees: a list's texts as a set (a scenario's answers too:
the diff calls their reorder a `patch`), a page's body as its paragraphs, each by its words.

One walk over the model serves every use: listing the items (`vmv translate`, status, the
diff's count) and putting translated texts in their place (the translated site).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from vmv.core.changes import normalized, paragraphs
from vmv.core.model import document as model

if TYPE_CHECKING:
    from vmv.core.load.project import Page

ItemText = str | tuple[str, ...]
"""A text, or a list of texts translated together."""

FINGERPRINT_LENGTH = 8
"""Hex digits kept of the SHA-256 (32 bits): enough that a real change of one text never
keeps its fingerprint in practice, short enough to read in a translation file."""

_NO_WORDS = "\0"
"""Stands in a list's canonical text for a text with no words: never part of a normalized one."""


def fingerprint(text: ItemText) -> str:
    """The fingerprint of a source text: equal across trivial edits (white space,
    punctuation, letter case: the diff's `patch`), different after any real change.

    The texts of a list are compared as a set: a reorder is a `patch` too.
    """
    if isinstance(text, str):
        canonical = normalized(text)
    else:
        # A text of punctuation alone is still one of the list's texts, as in the diff.
        canonical = "\n".join(sorted(normalized(part) or _NO_WORDS for part in text))
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:FINGERPRINT_LENGTH]


@dataclass(frozen=True)
class SourceItem:
    """One translatable text of the source."""

    path: str
    text: ItemText
    one_line: bool = False
    """Whether a translation must stay on one line, as the source field must (a name)."""
    ordered: bool = False
    """A list whose positions pair with another list (a scenario's answers and feedback):
    a translation stands in only with as many texts. Its fingerprint still ignores order,
    as the diff does."""
    page: bool = False
    """The body of a playbook page: its translation is a file, not an entry."""

    @property
    def is_list(self) -> bool:
        return isinstance(self.text, tuple)

    @property
    def fingerprint(self) -> str:
        if self.page and isinstance(self.text, str):
            return fingerprint(tuple(paragraphs(self.text)))
        return fingerprint(self.text)


Visit = Callable[[SourceItem], ItemText]
"""Given a source item, the text to put in its place."""

M = TypeVar("M", bound=BaseModel)


class _Walk:
    """The walk over the model; `visit` sees each item and gives the text it keeps."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit

    def text(self, path: str, value: str | None, *, one_line: bool = False) -> str | None:
        if value is None:
            return None
        shown = self.visit(SourceItem(path, value, one_line))
        assert isinstance(shown, str)
        return shown

    def texts(self, path: str, values: Sequence[str], *, one_line: bool, ordered: bool = False) -> list[str]:
        if not values:
            return list(values)
        shown = self.visit(SourceItem(path, tuple(values), one_line, ordered))
        return list(shown)

    def fields(self, item: M, path: str, one_line: Sequence[str] = (), text: Sequence[str] = ()) -> M:
        """`item` with its text fields visited; `path` is the item's (empty at the top)."""
        changes: dict[str, Any] = {}
        for names, single in ((one_line, True), (text, False)):
            for name in names:
                field_path = f"{path}.{name}" if path else name
                changes[name] = self.text(field_path, getattr(item, name), one_line=single)
        return item.model_copy(update=changes)

    def document(self, document: model.Document) -> model.Document:
        # Visited in reading order: the order of `vmv translate`'s file and of the status.
        updates: dict[str, Any] = {
            "organization": self.fields(document.organization, "organization", ("name", "tagline")),
            "edition": self.fields(document.edition, "edition", (), ("summary",)),
            "owners": [self.fields(owner, f"owners[{owner.id}]", ("role",)) for owner in document.owners],
            "vision": self.text("vision", document.vision),
            "mission": self.text("mission", document.mission),
        }
        values = []
        for value in document.values:
            path = f"values[{value.id}]"
            value = self.fields(value, path, ("name", "statement"), ("why",))
            behaviors = value.behaviors.model_copy(
                update={
                    "do": self.texts(f"{path}.behaviors.do", value.behaviors.do, one_line=True),
                    "avoid": self.texts(f"{path}.behaviors.avoid", value.behaviors.avoid, one_line=True),
                }
            )
            examples = self.texts(f"{path}.examples", value.examples, one_line=False)
            values.append(value.model_copy(update={"behaviors": behaviors, "examples": examples}))
        updates["values"] = values
        updates["glossary"] = [
            self.fields(term, f"glossary[{term.term.casefold()}]", ("term",), ("definition",))
            for term in document.glossary
        ]
        updates["onboarding"] = self.onboarding(document.onboarding)
        updates["measures"] = [
            self.fields(
                measure, f"measures[{measure.id}]", ("name", "owner", "unit"), ("definition", "computed")
            )
            for measure in document.measures
        ]
        return document.model_copy(update=updates)

    def onboarding(self, onboarding: model.Onboarding) -> model.Onboarding:
        paths = []
        for journey in onboarding.paths:
            path = f"onboarding.paths[{journey.id}]"
            journey = self.fields(journey, path, ("name", "audience"), ("description",))
            steps = [
                self.fields(step, f"{path}.steps[{step.id}]", ("title", "action")) for step in journey.steps
            ]
            paths.append(journey.model_copy(update={"steps": steps}))
        scenarios = []
        for scenario in onboarding.scenarios:
            path = f"onboarding.scenarios[{scenario.id}]"
            scenario = self.fields(scenario, path, (), ("situation",))
            # Answers and their feedback pair by position, and so does the best answer.
            answers = self.texts(
                f"{path}.answers", [a.text for a in scenario.answers], one_line=True, ordered=True
            )
            feedback = self.texts(
                f"{path}.feedback", [a.feedback for a in scenario.answers], one_line=False, ordered=True
            )
            shown = [
                answer.model_copy(update={"text": text, "feedback": said})
                for answer, text, said in zip(scenario.answers, answers, feedback, strict=False)
            ]
            scenarios.append(scenario.model_copy(update={"answers": shown}))
        return onboarding.model_copy(update={"paths": paths, "scenarios": scenarios})

    def page(self, page: Page) -> Page:
        meta = self.fields(page.meta, f"pages[{page.source}]", ("title", "description"))
        audience = self.texts(f"pages[{page.source}].audience", meta.audience, one_line=True)
        questions = [self.fields(q, f"questions[{q.id}]", ("area", "text")) for q in meta.questions]
        standards = [
            self.fields(s, f"standards[{s.id}]", ("name", "owner", "metric", "target"), ("promise",))
            for s in meta.standards
        ]
        meta = meta.model_copy(update={"audience": audience, "questions": questions, "standards": standards})
        body = self.visit(SourceItem(page.source, page.body, page=True))
        assert isinstance(body, str)
        return dataclasses.replace(page, meta=meta, body=body)


def replace_texts(
    document: model.Document, pages: Sequence[Page], visit: Visit
) -> tuple[model.Document, tuple[Page, ...]]:
    """The document and pages with each translatable text replaced by what `visit` gives."""
    walk = _Walk(visit)
    return walk.document(document), tuple(walk.page(page) for page in pages)


def source_items(document: model.Document, pages: Sequence[Page]) -> list[SourceItem]:
    """Every translatable text, in reading order: vmv.yaml's, then each page's."""
    found: list[SourceItem] = []

    def keep(item: SourceItem) -> ItemText:
        found.append(item)
        return item.text

    replace_texts(document, pages, keep)
    return found
