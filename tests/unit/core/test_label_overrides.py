"""A company's own words for vmv's labels (vmv.yaml's `labels:`), and the warning for a
site language vmv has no labels in: each mistake one problem line at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmv.app.pipeline import check
from vmv.errors import InvalidInput, Severity, format_text, sort_problems


def _with_labels(root: Path, block: str) -> None:
    with (root / "vmv.yaml").open("a", encoding="utf-8") as file:
        file.write(block)


def _set_language(root: Path, language: str) -> None:
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        settings.replace("  name: material\n", f"  name: material\n  language: {language}\n")
    )


def _line_of(root: Path, text: str) -> int:
    return (root / "vmv.yaml").read_text(encoding="utf-8").split("\n").index(text) + 1


def test_an_override_changes_the_label_on_every_page(starter: Path) -> None:
    _with_labels(
        starter, "labels:\n  en:\n    nav.our_values: What we stand for\n    edition.about: This edition\n"
    )
    _, rendered = check(starter, previous=None)
    assert "# What we stand for\n" in rendered.pages["values/index.md"]
    assert "## This edition\n" in rendered.pages["index.md"]
    assert {"What we stand for": "values/index.md"} in rendered.nav[2]["Values"]  # type: ignore[operator]


def test_an_override_for_the_sites_language_wins_over_vmvs_translation(starter: Path) -> None:
    _set_language(starter, "de")
    _with_labels(starter, "labels:\n  de:\n    home.our_vision: Wohin wir wollen\n")
    _, rendered = check(starter, previous=None)
    assert "## Wohin wir wollen { #our-vision }" in rendered.pages["index.md"]
    assert "## Unsere Mission { #our-mission }" in rendered.pages["index.md"]


def test_overrides_of_another_language_leave_the_site_alone(starter: Path) -> None:
    _with_labels(starter, "labels:\n  de:\n    nav.our_values: Unsere Werte heute\n")
    _, rendered = check(starter, previous=None)
    assert "# Our values\n" in rendered.pages["values/index.md"]


def test_a_plural_override_is_chosen_by_the_number(starter: Path) -> None:
    block = (
        "labels:\n  en:\n"
        '    start_here.read_values_one: "**Our {count} value**, read it first:"\n'
        '    start_here.read_values_other: "**All {count} of our values**, one page each:"\n'
    )
    _with_labels(starter, block)
    _, rendered = check(starter, previous=None)
    assert "2. **All 3 of our values**, one page each:\n" in rendered.pages["start-here.md"]


def test_bad_overrides_are_one_line_each_at_their_place(starter: Path) -> None:
    block = (
        "labels:\n"
        "  en:\n"
        "    nav.hom: Start\n"
        '    edition.in_effect: "Edition {versoin}, since {date}."\n'
        '    edition.about: "About {"\n'
        "  German:\n"
        "    nav.home: Start\n"
    )
    _with_labels(starter, block)
    with pytest.raises(InvalidInput) as caught:
        check(starter, previous=None)
    lines = format_text(sort_problems(caught.value.problems)).splitlines()
    first = _line_of(starter, "    nav.hom: Start")
    assert lines == [
        f"vmv.yaml:{first}:5: error: labels.en: unknown label 'nav.hom' (did you mean 'nav.home'?); "
        "the keys are those of vmv's label catalogue (src/vmv/core/render/catalogue/en.yaml)",
        f"vmv.yaml:{first + 1}:24: error: labels.en.edition.in_effect: the label's placeholders differ "
        "from vmv's, expected {date}, {version}, found {date}, {versoin}; keep each placeholder of "
        "vmv's label, in braces, and add none",
        f"vmv.yaml:{first + 2}:20: error: labels.en.edition.about: a single '{{' or '}}' is not a "
        "placeholder; write '{{' or '}}' for a brace",
        f"vmv.yaml:{first + 3}:3: error: labels: 'German' is not a language tag, expected a language tag "
        "such as de or pt-BR, as mkdocs.yml's theme.language",
    ]


def test_a_plural_form_of_the_language_is_a_known_key(starter: Path) -> None:
    """Polish has forms English has not: a company writing its own Polish may give them."""
    _set_language(starter, "pl")
    _with_labels(starter, 'labels:\n  pl:\n    start_here.read_values_few: "**Nasze {count} wartości**:"\n')
    _, rendered = check(starter, previous=None)
    assert "2. **Nasze 3 wartości**:\n" in rendered.pages["start-here.md"]


def test_a_language_without_labels_is_one_warning_at_its_setting(starter: Path) -> None:
    _set_language(starter, "sv")
    project, rendered = check(starter, previous=None)
    warnings = [
        p for p in project.warnings if p.severity is Severity.WARNING and p.location.file == "mkdocs.yml"
    ]
    assert format_text(warnings) == (
        "mkdocs.yml:5:13: warning: theme.language: vmv has no labels in 'sv': headings, buttons and "
        "messages vmv writes are in English; vmv has labels in de, en, es, fr, it, ja, nl, pt, zh; "
        "write your own under 'labels: sv:' in vmv.yaml\n"
    )
    assert "# Our values\n" in rendered.pages["values/index.md"]


@pytest.mark.parametrize("language", ["de", "pt-BR", "en"])
def test_a_language_vmv_has_labels_for_warns_nothing(starter: Path, language: str) -> None:
    _set_language(starter, language)
    project, _ = check(starter, previous=None)
    assert not [p for p in project.warnings if p.location.file == "mkdocs.yml"]
