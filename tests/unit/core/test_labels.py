"""The label catalogue: every language has English's keys and placeholders, a site's
language picks its labels, and labels reach pages escaped, in their plural form, with
dates in the language."""

from __future__ import annotations

import datetime
import re

import pytest
from markupsafe import Markup

from vmv.core.render.labels import (
    SHIPPED,
    SOURCE_LANGUAGE,
    catalogue,
    catalogue_language,
    duration,
    english,
    labels_for,
    long_date,
    month_year,
    placeholders,
    plain,
    plural_base,
    text,
)

REQUIRED = ("en", "de", "fr", "es", "pt", "nl", "it", "ja", "zh")


def test_vmv_ships_the_languages_the_issue_asks_for() -> None:
    assert set(REQUIRED) <= set(SHIPPED)


@pytest.mark.parametrize("language", SHIPPED)
def test_each_catalogue_has_english_keys_in_order_and_its_placeholders(language: str) -> None:
    english_labels, labels = catalogue(SOURCE_LANGUAGE), catalogue(language)
    assert list(labels) == list(english_labels)
    for key, label in labels.items():
        assert label.strip(), key
        assert placeholders(label) == placeholders(english_labels[key]), key


def test_every_plural_form_has_its_other() -> None:
    keys = catalogue(SOURCE_LANGUAGE)
    for key in keys:
        base = plural_base(key)
        if base is not None:
            assert f"{base}_other" in keys and f"{base}_one" in keys, key


@pytest.mark.parametrize("language", SHIPPED)
def test_vmv_labels_make_no_markup(language: str) -> None:
    """Labels are Markdown; HTML would be shown as text anyway, but vmv's own labels have
    no reason to carry any, and only &nbsp; among character references."""
    for key, label in catalogue(language).items():
        assert not re.search(r'[<>"]', label), key
        assert set(re.findall(r"&\w+;", label)) <= {"&nbsp;"}, key


@pytest.mark.parametrize(
    ("tag", "catalogue_used"),
    [
        (None, "en"),
        ("de", "de"),
        ("pt-BR", "pt"),
        ("de-AT", "de"),
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-TW", None),  # written in traditional characters: not the simplified catalogue
        ("zh-Hant", None),
        ("sv", None),
    ],
)
def test_a_regional_tag_falls_back_to_its_language_in_the_same_script(
    tag: str | None, catalogue_used: str | None
) -> None:
    assert catalogue_language(tag) == catalogue_used


def test_labels_follow_the_language_then_english() -> None:
    assert labels_for("de")["nav.home"] == "Startseite"
    assert labels_for("pt-BR")["nav.home"] == catalogue("pt")["nav.home"]
    assert labels_for("sv")["nav.home"] == "Home"
    assert labels_for("sv").language == "sv"


def test_overrides_apply_base_language_first_then_the_tag() -> None:
    overrides = {"pt": {"nav.home": "Início", "nav.glossary": "Termos"}, "pt-BR": {"nav.home": "Página"}}
    labels = labels_for("pt-BR", overrides)
    assert (labels["nav.home"], labels["nav.glossary"]) == ("Página", "Termos")
    assert labels_for("de", overrides)["nav.home"] == "Startseite"


def test_values_are_escaped_and_markup_is_kept() -> None:
    labels = english()
    made = text(labels, "edition.approved_by", approvers="<b>Dana</b> & O'Neil")
    assert made == "Approved by &lt;b&gt;Dana&lt;/b&gt; &amp; O&#39;Neil."
    assert isinstance(made, Markup)
    assert text(labels, "edition.approved_by", approvers=Markup("<i>x</i>")) == "Approved by <i>x</i>."


def test_a_label_never_makes_markup_or_leaves_an_attribute() -> None:
    labels = labels_for("en", {"en": {"nav.home": 'Start <script>" onclick="x'}})
    assert text(labels, "nav.home") == "Start &lt;script&gt;&quot; onclick=&quot;x"
    assert plain(labels, "nav.home") == 'Start <script>" onclick="x'


def test_a_character_reference_in_a_label_stays_one() -> None:
    labels = english()
    assert text(labels, "onboarding.step_minutes", minutes=5) == "5&nbsp;min"
    assert plain(labels, "onboarding.step_minutes", minutes=5) == "5\u00a0min"


def test_a_name_ending_in_a_period_ends_the_sentence_once() -> None:
    labels = english()
    assert (
        text(labels, "start_here.welcome", organization="Fernhill Outdoor Co.")
        == "Welcome to Fernhill Outdoor Co."
    )
    assert text(labels, "start_here.welcome", organization="Acme") == "Welcome to Acme."


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 step, about 5 minutes."),
        ("en", 2, "2 steps, about 5 minutes."),
        ("en", 0, "0 steps, about 5 minutes."),
        ("de", 1, "1 Schritt, etwa 5 Minuten."),
        ("de", 3, "3 Schritte, etwa 5 Minuten."),
    ],
)
def test_plural_forms_follow_the_language(language: str, count: int, expected: str) -> None:
    labels = labels_for(language)
    assert plain(labels, "start_here.path_summary", count=count, duration=duration(labels, 5)) == expected


def test_french_counts_zero_as_one() -> None:
    labels = labels_for("fr")
    assert plain(labels, "duration.minutes", count=0) == plain(labels, "duration.minutes_one", count=0)


def test_a_missing_value_or_an_unknown_label_says_which() -> None:
    with pytest.raises(ValueError, match=r"\{version\}"):
        text(english(), "edition.in_effect", date="today")
    with pytest.raises(ValueError, match=r"did you mean 'nav\.home'"):
        text(english(), "nav.hom")
    with pytest.raises(ValueError, match="count="):
        text(english(), "start_here.path_summary", duration="5 minutes")


@pytest.mark.parametrize(
    ("language", "long", "month"),
    [
        ("en", "1 November 2026", "November 2026"),
        ("en-US", "November 1, 2026", "November 2026"),
        ("de", "1. November 2026", "November 2026"),
        ("fr", "1 novembre 2026", "novembre 2026"),
        ("ja", "2026年11月1日", "2026年11月"),
        ("zh", "2026年11月1日", "2026年11月"),
        ("sv", "1 november 2026", "november 2026"),
    ],
)
def test_dates_are_written_in_the_language(language: str, long: str, month: str) -> None:
    labels = labels_for(language)
    date = datetime.date(2026, 11, 1)
    assert (long_date(labels, date), month_year(labels, date)) == (long, month)


@pytest.mark.parametrize(
    ("minutes", "english_text", "german_text"),
    [
        (1, "1 minute", "1 Minute"),
        (25, "25 minutes", "25 Minuten"),
        (60, "1 hour", "1 Stunde"),
        (455, "7 hours 35 minutes", "7 Stunden 35 Minuten"),
    ],
)
def test_durations_in_the_language(minutes: int, english_text: str, german_text: str) -> None:
    assert duration(english(), minutes) == english_text
    assert duration(labels_for("de"), minutes) == german_text


def test_a_brace_that_is_no_placeholder_is_named() -> None:
    assert placeholders("{{literal}} {count}") == {"count"}
    with pytest.raises(ValueError, match="single"):
        placeholders("a { b")
    with pytest.raises(ValueError, match="name in braces"):
        placeholders("{count:>5}")
