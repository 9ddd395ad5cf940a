"""The words vmv writes on a site, in the site's language: one catalogue, declared once.

Every heading, button, banner and message vmv adds to a company's text has a key
(`nav.home`) in the catalogue, `catalogue/<language>.yaml` in this package: English
is the reference, and every other language has exactly its keys and placeholders (a
test checks). A site gets the labels of its `theme.language`: `pt-BR` falls back to
`pt`, a language vmv has no catalogue for to English. A company rewords any label in
vmv.yaml (`labels:`, checked by `label_overrides`).

A label is a line of Markdown, like a template's own text: character references such
as `&nbsp;` work, and `<`, `>`, `"`, `{` and `}` show as typed, so that no label makes
markup, leaves an attribute, adds attributes to a heading (`{ #id }`) or, put into a
page's body, starts a template's tag. Placeholders are named `str.format` fields
(`{version}`); their values are escaped as every value from vmv.yaml is. A label whose
number changes its words has plural forms, keys ending in `_one` and `_other` (and, for
languages with more, `_zero`, `_two`, `_few`, `_many`), chosen by Unicode's plural rules
through Babel.
Dates and month names come from Babel's locale data (CLDR), in the site's language.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import babel
import babel.dates
import jinja2
from markupsafe import Markup, escape

from vmv.core.render.template_filters import site_relative_links
from vmv.core.yaml_reader import decode, parse_yaml
from vmv.errors import did_you_mean

CATALOGUE = Path(__file__).parent / "catalogue"
"""One YAML file per language: a flat mapping of label keys to labels."""
SOURCE_LANGUAGE = "en"
"""The catalogue every other one is checked against, and the fallback."""
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
"""Unicode's plural categories, as key endings (`_one`)."""
SHIPPED = tuple(sorted(path.stem for path in CATALOGUE.glob("*.yaml")))
"""The languages vmv has labels for."""

_FORMATTER = string.Formatter()
_UNSAFE = re.compile(r'[<>"{}]')
_AS_TYPED = {"<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"}
_DATE_LOCALES = {"en": "en_GB"}
"""English without a region keeps the order vmv has always written, 1 November 2026,
read the same way everywhere; `en-US` gets CLDR's American order."""


class Labels(Mapping[str, str]):
    """Every label of one site, read-only: key -> label, as the catalogue writes it.

    Templates get a copy as a plain mapping and the `t` function; nothing else of it.
    """

    __slots__ = ("_texts", "language")

    language: str
    """The site's language tag (`pt-BR`), for dates and plural rules."""

    def __init__(self, language: str, texts: Mapping[str, str]) -> None:
        self.language = language
        self._texts = dict(texts)

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"<Labels {self.language}>"

    def __reduce__(self) -> tuple[Any, ...]:
        # The rendering process hands its result back pickled (isolation.py).
        return (Labels, (self.language, self._texts))


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The labels vmv ships for `language` (one of `SHIPPED`), read once."""
    name = f"{language}.yaml"
    parsed = parse_yaml(decode((CATALOGUE / name).read_bytes(), name), name)
    if parsed.problems or not isinstance(parsed.data, dict):
        raise ValueError(f"vmv's label catalogue {name} is broken: {parsed.problems}")
    return {str(key): str(text) for key, text in parsed.data.items()}


def _script(tag: str) -> str | None:
    """The script a language tag is written in, by Unicode's likely subtags: Hans for
    `zh` and `zh-CN`, Hant for `zh-TW`; None for a tag Babel does not know."""
    try:
        locale = babel.Locale.parse(tag, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return None
    if locale.script:
        return locale.script
    likely = babel.core.get_global("likely_subtags").get(str(locale), str(locale))
    return babel.Locale.parse(likely).script


def catalogue_language(tag: str | None) -> str | None:
    """The shipped catalogue for the language `tag`: itself, or its base language in the
    same script (`pt` for `pt-BR`, not `zh` for `zh-TW`, which is written differently);
    None when vmv has none."""
    if tag is None:
        return SOURCE_LANGUAGE
    if tag in SHIPPED:
        return tag
    base = tag.split("-", 1)[0].lower()
    if base in SHIPPED and _script(tag) == _script(base):
        return base
    return None


def _fallbacks(tag: str) -> list[str]:
    """The tags whose overrides apply to a site in `tag`, the most general first."""
    base = tag.split("-", 1)[0]
    return [base, tag] if base != tag else [tag]


def labels_for(language: str | None, overrides: Mapping[str, Mapping[str, str]] | None = None) -> Labels:
    """The labels of a site in `language` (a tag such as `de` or `pt-BR`; None for vmv's
    default, English): the catalogue of the language or of its base language, English
    where vmv has neither, then the company's `overrides` by language tag (vmv.yaml's
    `labels:`), the base language's before the tag's own."""
    tag = language or SOURCE_LANGUAGE
    texts = dict(catalogue(SOURCE_LANGUAGE))
    shipped = catalogue_language(tag)
    if shipped is not None and shipped != SOURCE_LANGUAGE:
        texts.update(catalogue(shipped))
    for key in _fallbacks(tag):
        texts.update((overrides or {}).get(key, {}))
    return Labels(tag, texts)


@functools.cache
def english() -> Labels:
    """vmv's own English labels, without a company's overrides."""
    return labels_for(SOURCE_LANGUAGE)


# -- placeholders and plural forms -----------------------------------------------------


def placeholders(label: str) -> frozenset[str]:
    """The named fields of `label`; a `ValueError` saying what is wrong when a brace is
    not part of one (`{{` writes a brace) or a field is more than a name."""
    names = set()
    try:
        parts = list(_FORMATTER.parse(label))
    except ValueError:
        raise ValueError("a single '{' or '}' is not a placeholder; write '{{' or '}}' for a brace") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"'{{{name}}}' is not a placeholder: a placeholder is a name in braces")
        names.add(name)
    return frozenset(names)


def plural_base(key: str) -> str | None:
    """`start_here.path_summary` for `start_here.path_summary_one`; None for a key
    without a plural ending."""
    stem, _, form = key.rpartition("_")
    return stem if form in PLURAL_FORMS and stem else None


@functools.cache
def _locale(tag: str) -> babel.Locale:
    try:
        return babel.Locale.parse(_DATE_LOCALES.get(tag, tag), sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse(_DATE_LOCALES[SOURCE_LANGUAGE])


def phrase(labels: Labels, key: str, count: int | None = None) -> str:
    """The label `key`; for a label with plural forms, the form for `count`."""
    if key in labels:
        return labels[key]
    if f"{key}_other" not in labels:
        known = sorted({plural_base(k) or k for k in labels})
        raise ValueError(f"there is no label '{key}'{did_you_mean(key, known)}")
    if count is None:
        raise ValueError(f"the label '{key}' depends on a number: give it count=")
    form = _locale(labels.language).plural_form(count)
    return labels.get(f"{key}_{form}", labels[f"{key}_other"])


def _fill(
    label: str, fields: Mapping[str, Any], literal: Callable[[str], str], value: Callable[[Any], str]
) -> str:
    """`label` with each placeholder replaced by its field's `value`, the text between them
    passed through `literal`. A value that ends a sentence with its own period (Co.) takes
    the place of the label's: one period, not two."""
    out: list[str] = []
    ends_with_period = False
    for text, name, _, _ in _FORMATTER.parse(label):
        if ends_with_period and text.startswith("."):
            text = text[1:]
        out.append(literal(text))
        ends_with_period = False
        if name is not None:
            if name not in fields:
                raise ValueError(f"the label needs a value for {{{name}}}")
            shown = value(fields[name])
            out.append(shown)
            ends_with_period = shown.endswith(".")
    return "".join(out)


def _escape_label(text: str) -> str:
    return _UNSAFE.sub(lambda match: _AS_TYPED[match.group(0)], text)


def text(labels: Labels, key: str, /, **fields: Any) -> Markup:
    """The label `key` as page text: Markdown, its placeholders filled with escaped
    values (Markup is kept). `count=` picks the plural form and is a field too."""
    label = phrase(labels, key, fields.get("count"))
    return Markup(_fill(label, fields, _escape_label, lambda v: str(escape(v))))


def plain(labels: Labels, key: str, /, **fields: Any) -> str:
    """The label `key` as plain text, for places that escape it themselves: the
    navigation, a chart's SVG, the scripts' messages."""
    label = phrase(labels, key, fields.get("count"))
    return _fill(label, fields, html.unescape, str)


# -- dates, durations and lists of people ----------------------------------------------


def long_date(labels: Labels, date: datetime.date) -> str:
    """1 November 2026, 1. November 2026, 2026年11月1日: the date in the site's language."""
    return babel.dates.format_date(date, "long", locale=_locale(labels.language))


def month_year(labels: Labels, date: datetime.date) -> str:
    """November 2026, novembre 2026, 2026年11月."""
    return babel.dates.format_skeleton("yMMMM", date, locale=_locale(labels.language))


def duration(labels: Labels, minutes: int) -> str:
    """25 minutes, 1 hour, 7 hours 35 minutes: in the site's language."""
    hours, rest = divmod(minutes, 60)
    hour_text = plain(labels, "duration.hours", count=hours) if hours else ""
    minute_text = plain(labels, "duration.minutes", count=rest) if rest or not hours else ""
    if hour_text and minute_text:
        return plain(labels, "duration.hours_and_minutes", hours=hour_text, minutes=minute_text)
    return hour_text or minute_text


def people(labels: Labels, owners: Iterable[Any]) -> Markup:
    """Dana Reyes (Chief Executive Officer), Sam Patel: owners with their roles."""
    named = [
        text(labels, "common.name_with_role", name=owner.name, role=owner.role)
        if owner.role
        else escape(owner.name)
        for owner in owners
    ]
    return Markup(text(labels, "common.list_separator")).join(named)


# -- what templates get ----------------------------------------------------------------


def template_helpers(labels: Labels) -> tuple[dict[str, Any], dict[str, Any]]:
    """What templates get of the labels: the globals `t` and `labels` (a plain mapping),
    and filters that write dates, durations, months and people in the site's language."""

    @jinja2.pass_context
    def t(context: Any, key: str, **fields: Any) -> Markup:
        """`{{ t("edition.in_effect", version=..., date=...) }}`: the label `key` with its
        placeholders' values; links in them are made relative to the page, as `{{ value }}`
        does."""
        return text(labels, key, **{name: site_relative_links(context, v) for name, v in fields.items()})

    def by_month(stories: Iterable[Any]) -> list[tuple[str, list[Any]]]:
        """Stories grouped by month ('November 2026'), in the order given."""
        groups: dict[str, list[Any]] = {}
        for story in stories:
            groups.setdefault(month_year(labels, story.date), []).append(story)
        return list(groups.items())

    filters = {
        "long_date": functools.partial(long_date, labels),
        "minutes": functools.partial(duration, labels),
        "groupby_month": by_month,
        "people": functools.partial(people, labels),
    }
    return {"t": t, "labels": dict(labels)}, filters


def footer_line(labels: Labels, document: Any) -> str:
    """The line at the foot of every page, as HTML: who, which edition, since when, and
    who approved it."""
    edition = document.edition
    return str(
        text(
            labels,
            "footer.edition",
            organization=document.organization.name,
            version=edition.version,
            date=long_date(labels, edition.date),
            approvers=people(labels, document.approvers),
        )
    )
