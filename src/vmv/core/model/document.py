"""The typed, frozen model of a VMV: one declaration yields validation,
error messages (through `load.py`) and the JSON Schema for editors.

Field docstrings become the descriptions editors show on hover.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9-]{0,62}$"
VERSION_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"
ONE_LINE_PATTERN = r"^[^\n]*\S[^\n]*$"
TEXT_PATTERN = r"\S"
GITHUB_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}(/[A-Za-z0-9._-]+)?$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A stable identifier: lowercase letters, digits and hyphens, starting with a letter."""
OneLine = Annotated[str, StringConstraints(pattern=ONE_LINE_PATTERN)]
"""Markdown text on one line (a name, a statement, a question)."""
Text = Annotated[str, StringConstraints(pattern=TEXT_PATTERN)]
"""Markdown text, possibly several paragraphs."""
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
"""A semantic version, MAJOR.MINOR.PATCH."""


def _iso_date(value: Any) -> Any:
    # A quoted date is still a date to the person who typed it.
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]
Number = Annotated[float, Field(allow_inf_nan=False)]
"""A finite number: YAML's .inf and .nan would draw a chart with no scale."""


@dataclass(frozen=True)
class Meaning:
    """What a constrained type expects, in words: problem lines say "expected <meaning>"
    where a regular expression or a long list of choices would mean nothing to an editor."""

    meaning: str


class Strict(BaseModel):
    """Unknown keys are errors, nothing is coerced, and nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, use_attribute_docstrings=True)


class Organization(Strict):
    name: OneLine
    """The company's name, as employees say it."""
    tagline: OneLine | None = None
    """A short line shown under the name on the home page."""


class Edition(Strict):
    version: Version
    """Semantic version of the VMV itself: major for a value added or removed or a new
    vision or mission, minor for other content, patch for wording."""
    date: IsoDate
    """The ISO date on which this edition takes effect, such as 2026-11-01."""
    approved_by: list[Id] = Field(min_length=1)
    """Ids of the owners who approved this edition."""
    summary: Text | None = None
    """What this edition is about, in a few sentences."""


class Owner(Strict):
    id: Id
    """Stable id used in `approved_by` and in playbook pages' `owner`."""
    name: OneLine
    """The person's name."""
    role: OneLine | None = None
    """Their role, such as Chief Executive Officer."""
    github: Annotated[str, StringConstraints(pattern=GITHUB_PATTERN)] | None = None
    """Their GitHub user name (or org/team), without '@': CODEOWNERS must name exactly
    the owners that have one, for vmv.yaml and playbook/."""


class Behaviors(Strict):
    do: list[OneLine] = Field(min_length=1)
    """Observable behaviours we show when we live this value."""
    avoid: list[OneLine] = []
    """Behaviours we do not accept, even when they look efficient."""


class Value(Strict):
    id: Id
    """Stable id: keep it across editions; changing the name with the same id is a rename."""
    name: OneLine
    """Short name, such as Customer First."""
    statement: OneLine
    """The value in one line."""
    why: Text | None = None
    """Why this value matters to our customers and to us."""
    behaviors: Behaviors
    """What living this value looks like, and what it does not."""
    examples: list[Text] = []
    """Real situations where someone lived this value."""


class GlossaryTerm(Strict):
    term: OneLine
    """The word or abbreviation; every page shows its definition on hover."""
    definition: Text
    """What the term means here."""


class Step(Strict):
    id: Id
    """Stable id, unique across all paths: a new hire's ticks are kept by it."""
    title: OneLine
    """What to do, such as Read our vision and mission."""
    minutes: int = Field(ge=1, le=480)
    """About how long it takes."""
    action: OneLine | None = None
    """Something to do afterwards, such as Write down one customer moment from your first shift."""
    value: Id | None = None
    """The value this step is about (give exactly one of value, page and section)."""
    page: OneLine | None = None
    """The playbook page this step is about, such as playbook/leader-questions.md."""
    section: Literal["vision", "mission", "values", "glossary", "what-changed"] | None = None
    """A part of the site: vision, mission, values, glossary or what-changed."""


class OnboardingPath(Strict):
    id: Id
    """Stable id; the path's page is onboarding/<id>."""
    name: OneLine
    """Such as Day one, First week or New leaders."""
    audience: OneLine | None = None
    """Who the path is for."""
    description: Text | None = None
    """What the new hire gets out of it."""
    steps: list[Step] = Field(min_length=1)
    """In the order to take them."""


class Answer(Strict):
    text: OneLine
    """One possible response to the situation."""
    best: bool = False
    """Whether this is the best answer; exactly one answer of a scenario is."""
    feedback: Text
    """Why this answer is, or is not, the best one."""


class Scenario(Strict):
    id: Id
    """Stable id of the scenario."""
    situation: Text
    """What happens, such as A customer asks for a refund one day past the policy."""
    value: Id
    """The value the scenario is about; the feedback links to it."""
    answers: list[Answer] = Field(min_length=2)
    """The possible responses, one of them the best."""


class Onboarding(Strict):
    paths: list[OnboardingPath] = []
    """Onboarding paths new hires can follow, such as Day one."""
    scenarios: list[Scenario] = []
    """The values self-check new hires take at the end of a path."""


class Reading(Strict):
    period: OneLine
    """The period measured, such as 2026-Q3 or 2026-10; in order, oldest first."""
    value: Number
    """What was measured in that period."""


class Measure(Strict):
    id: Id
    """Stable id of the measure."""
    name: OneLine
    """Such as Net Promoter Score."""
    definition: Text
    """What it tells us."""
    computed: Text
    """How it is computed, from which data."""
    owner: OneLine
    """The role accountable for it."""
    unit: OneLine | None = None
    """Such as points, %, minutes."""
    target: Number
    """The level we aim for."""
    better: Literal["higher", "lower"] = "higher"
    """Whether higher or lower readings are better."""
    values: list[Id] = []
    """Values this measure shows us living."""
    history: list[Reading] = []
    """Readings per period, oldest first."""


class Story(Strict):
    """A moment when someone lived a value, recorded in recognition/*.yaml."""

    date: IsoDate
    """When it happened."""
    value: Id
    """The value it shows."""
    who: OneLine
    """Who lived the value, such as Sam Patel, Leeds store."""
    what: Text
    """What happened, in a few sentences."""
    by: OneLine | None = None
    """Who recorded it."""


class Document(Strict):
    """A company's vmv.yaml."""

    schema_: Literal[1] = Field(alias="schema")
    """Format version of this file; this vmv reads format 1."""
    organization: Organization
    """Who this VMV belongs to."""
    edition: Edition
    """Which edition of the VMV this is, when it takes effect and who approved it."""
    owners: list[Owner] = Field(min_length=1)
    """The people who may approve changes to the VMV."""
    vision: Text
    """The world we want to help create."""
    mission: Text
    """What we do, every day, for our customers to get there."""
    values: list[Value] = Field(min_length=1, max_length=30)
    """How we get there; order is meaningful."""
    glossary: list[GlossaryTerm] = []
    """Terms every employee should understand."""
    onboarding: Onboarding = Onboarding()
    """Paths for new hires and a values self-check."""
    measures: list[Measure] = []
    """What we measure to know whether we live our values, with history and targets."""
    labels: dict[str, dict[str, Text]] = {}
    """Your own words for labels vmv writes on the site, by language tag, then by the
    label's key in vmv's catalogue, such as de: {nav.home: Start}."""

    def owner(self, owner_id: str) -> Owner:
        """The owner with this id (ids are validated, so it exists)."""
        return next(o for o in self.owners if o.id == owner_id)

    @property
    def approvers(self) -> list[Owner]:
        """The owners who approved this edition, in the order listed."""
        return [self.owner(i) for i in self.edition.approved_by]


class Question(Strict):
    id: Id
    """Stable id, unique across all playbook pages."""
    area: OneLine
    """The kind of decision, such as A new product or service; questions are grouped by it."""
    text: OneLine
    """The question a leader asks."""
    values: list[Id] = []
    """Values this question serves; the page's values when left out."""


class Standard(Strict):
    id: Id
    """Stable id, unique across all playbook pages."""
    name: OneLine
    """Short name of the standard."""
    promise: Text
    """What every customer can count on, concretely."""
    owner: OneLine
    """The role accountable for it."""
    metric: OneLine
    """How it is measured."""
    target: OneLine
    """The level we commit to."""
    values: list[Id] = []
    """Values this standard serves; the page's values when left out."""


class PageMeta(Strict):
    """The YAML front matter of a playbook page."""

    title: OneLine | None = None
    """Page title; the first heading or the file name when left out."""
    template: bool = True
    """Whether `{{ ... }}` and `{% ... %}` in the body reach the VMV data; false shows every
    brace as written, for pages that quote them (`{{first name}}` in a letter template)."""
    description: OneLine | None = None
    """One line shown in lists of pages and in search results."""
    values: list[Id] = []
    """Ids of the values this page serves."""
    audience: list[OneLine] = []
    """Who the page is for, such as leaders or everyone."""
    owner: Id | None = None
    """Id of the owner who keeps this page current."""
    order: int | None = None
    """Position in the navigation; pages without one follow, by title."""
    questions: list[Question] = []
    """Leader questions, grouped by area on the page."""
    standards: list[Standard] = []
    """Customer-experience standards, shown as a table."""
