"""A decision record, `decisions/<YYYY-MM-DD>-<slug>.md`: the front matter's typed model,
the form of a record's name, and how a question area is named (by its text or its slug).

The record keeps each question's text as it was asked, so that it stays readable after
the question bank changes; `decision_checks.py` holds the rules that span fields and files.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StringConstraints, Tag

from vmv.core.model.document import ONE_LINE_PATTERN, Id, IsoDate, Meaning, OneLine, Strict
from vmv.errors import closest

Status = Literal["proposed", "accepted", "rejected", "superseded"]
STATUSES: tuple[Status, ...] = ("proposed", "accepted", "rejected", "superseded")
"""In the order a decision goes through them."""
SETTLED = frozenset({"accepted", "rejected", "superseded"})
"""Statuses of a decision that was taken: every answer given, and who decided named."""

RECORD_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[^\W_][\w-]{0,80})")
"""A record's name (its file name without `.md`): its date, then a short name of letters,
digits and hyphens (letters of any script: a Japanese title keeps its words)."""

SHORT_TEXT_LENGTH = 80
"""The longest text `customers_affected` may hold: a figure in words, not an essay."""


def _customers_kind(value: Any) -> str | None:
    """Which form `customers_affected` takes; None when it is neither (one problem line)."""
    if type(value) is int and value >= 0:
        return "number"
    if isinstance(value, str) and re.fullmatch(ONE_LINE_PATTERN, value) and len(value) <= SHORT_TEXT_LENGTH:
        return "text"
    return None


CustomersAffected = Annotated[
    Annotated[int, Field(ge=0), Tag("number")]
    | Annotated[str, StringConstraints(pattern=ONE_LINE_PATTERN, max_length=SHORT_TEXT_LENGTH), Tag("text")],
    Discriminator(_customers_kind),
    Meaning(
        f"a whole number such as 12000, or a short text on one line (at most {SHORT_TEXT_LENGTH} "
        "characters) such as 'about 300 a month'"
    ),
]


class DecisionAnswer(Strict):
    """One question of the bank, as it was asked, and the answer."""

    question: OneLine
    """The question's text as it was asked (`vmv decide` copies it from the question bank);
    kept when the bank later rewords or removes the question."""
    answer: str | None = None
    """Markdown text; "n/a: <reason>" when the question does not apply. Required once the
    decision is accepted, rejected or superseded."""


class DecisionMeta(Strict):
    """The YAML front matter of a decision record."""

    title: OneLine
    """What was decided, such as Raise the repair fee."""
    date: IsoDate
    """The day of the decision (or of the proposal), as in the file's name: 2026-11-20."""
    status: Status = "proposed"
    """proposed, accepted, rejected or superseded."""
    area: OneLine | None = None
    """The question area of the playbooks it belongs to, such as A new product or service."""
    decided_by: list[Id] = Field(default_factory=list)
    """Ids of the owners who decided; required unless the decision is proposed."""
    values: list[Id] = Field(default_factory=list)
    """Ids of the values the decision serves."""
    customers_affected: CustomersAffected | None = None
    """How many customers it touches: a number, or a short text such as 'every member'."""
    superseded_by: OneLine | None = None
    """The name of the record that replaced this one, such as 2027-01-10-flat-fee; required
    when the status is superseded."""
    answers: dict[str, DecisionAnswer] = Field(default_factory=dict)
    """Question id -> the question as asked and its answer."""


def record_date(name: str) -> datetime.date | None:
    """The date a record's name starts with, when it is a real day."""
    found = RECORD_NAME.fullmatch(name)
    if found is None:
        return None
    try:
        return datetime.date.fromisoformat(found.group("date"))
    except ValueError:
        return None


def title_slug(title: str) -> str:
    """The short name of a record made from its title: 'raise-the-repair-fee'."""
    words = re.findall(r"[^\W_]+", title.casefold())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60 and slug:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug[:60] or "decision"


def area_slug(area: str) -> str:
    """An area's short id, as the question bank puts it in its address: 'a-new-product-or-service',
    'eine-änderung-an-produkt', '採用' ('' when the name has no letters or digits). Letters of
    every script are kept, as in a record's name: dropping them mangled 'Änderung' into 'nderung'
    and left a Japanese area a number, which changed when an area was added before it."""
    return "-".join(re.findall(r"[^\W_]+", area.casefold()))[:60]


def folded(text: str) -> str:
    """Text with its spacing and letter case set aside, for comparing names and questions."""
    return " ".join(text.split()).casefold()


def find_area(wanted: str, areas: list[str], *, by_slug: bool = False) -> str | None:
    """The area of `areas` that `wanted` names: its text in any letter case, or (with
    `by_slug`) its slug."""
    for area in areas:
        if folded(area) == folded(wanted) or (by_slug and area_slug(area) and area_slug(area) == wanted):
            return area
    return None


def closest_area(wanted: str, areas: list[str]) -> str | None:
    """The area whose name is close to `wanted`, for a "did you mean"."""
    meant = closest(wanted.casefold(), [area.casefold() for area in areas])
    return next((area for area in areas if area.casefold() == meant), None)
