"""A site in three languages, built with MkDocs and Material and read with an HTML parser:
the source at the root, each translation in its folder, `<html lang>`, the language
selector on the same page, outdated and untranslated items marked, the Translations page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.acceptance.test_build import tree_digest
from vmv.app.pipeline import build_site
from vmv.app.translate import translate
from vmv.core.load.project import Page, load_project
from vmv.core.model.document import Document
from vmv.core.translations.items import source_items
from vmv.core.translations.translated import status_anchor
from vmv.errors import InvalidInput

STATEMENT = "values[customer-first].statement"


def _fill(root: Path, language: str, texts: dict[str, object], stale: tuple[str, ...] = ()) -> None:
    """Translate the items at the paths of `texts`; those in `stale` from an older source."""
    file = root / "translations" / f"{language}.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    for path, text in texts.items():
        data["items"][path]["text"] = text
        if path in stale:
            data["items"][path]["source"] = "0badf00d"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _translated(root: Path) -> Path:
    """The starter in English, German (mostly done, one item stale, one page translated and
    one page outdated) and Japanese (one item)."""
    translate(root, "de")
    translate(root, "ja")
    _fill(
        root,
        "de",
        {
            "values[customer-first].name": "Kunde zuerst",
            STATEMENT: "Wir fragen, was für den Kunden richtig ist.",
            "values[customer-first].behaviors.do": ["Nenne die Kunden.", "Löse erst das Problem."],
            "values[own-it].name": "Verantwortung",
            "vision": "Eine Welt, in der jeder Kunde gewinnt.",
            "pages[playbook/leader-questions.md].title": "Fragen für Führungskräfte",
        },
        stale=(STATEMENT,),
    )
    _fill(root, "ja", {"values[customer-first].name": "お客様第一"})
    fingerprint = {i.path: i.fingerprint for i in source_items(*_source(root))}[
        "playbook/leader-questions.md"
    ]
    page = root / "playbook" / "leader-questions.de.md"
    page.write_text(f"---\nsource: {fingerprint}\n---\n\nFragen Sie dies, bevor Sie entscheiden.\n")
    return root


def _source(root: Path) -> tuple[Document, tuple[Page, ...]]:
    project = load_project(root, with_translations=False)
    return project.document, project.pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from vmv.app.scaffold import create_repository

    root = tmp_path_factory.mktemp("three") / "acme"
    create_repository(root)
    _translated(root)
    build_site(root, root / "site")
    return root / "site"


def _html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_each_language_is_a_site_of_the_same_pages(site: Path) -> None:
    source = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html") if p.parts[-2:-1] != ())
    source = [p for p in source if not p.startswith(("de/", "ja/"))]
    for language in ("de", "ja"):
        pages = sorted(
            p.relative_to(site / language).as_posix() for p in (site / language).rglob("index.html")
        )
        assert pages == source
    assert _html(site, "index.html").html["lang"] == "en"
    assert _html(site, "de/values/customer-first/index.html").html["lang"] == "de"
    assert _html(site, "ja/index.html").html["lang"] == "ja"


def test_the_search_index_is_in_the_language(site: Path) -> None:
    for folder, language in (("", "en"), ("de/", "de"), ("ja/", "ja")):
        index = json.loads((site / f"{folder}search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [language]
    german = json.loads((site / "de/search/search_index.json").read_text(encoding="utf-8"))
    assert any("Kunde zuerst" in doc["title"] for doc in german["docs"])


@pytest.mark.parametrize(
    ("page", "links"),
    [
        (
            "values/customer-first/index.html",
            {
                "en": "../.././values/customer-first/",
                "de": "../../de/values/customer-first/",
                "ja": "../../ja/values/customer-first/",
            },
        ),
        (
            "de/values/customer-first/index.html",
            {
                "en": "../../../values/customer-first/",
                "de": "../.././values/customer-first/",
                "ja": "../../../ja/values/customer-first/",
            },
        ),
        ("ja/index.html", {"en": "./../", "de": "./../de/", "ja": "././"}),
    ],
)
def test_the_language_selector_links_to_the_same_page(site: Path, page: str, links: dict[str, str]) -> None:
    selector = _html(site, page).select("a.md-select__link")
    assert {a["hreflang"]: a["href"] for a in selector} == links
    assert [a.get_text(strip=True) for a in selector] == ["English", "Deutsch", "日本語"]
    for link in selector:
        target = (site / page).parent / link["href"] / "index.html"
        assert target.resolve().is_file(), link["href"]


def test_translated_text_stands_in_for_the_source(site: Path) -> None:
    soup = _html(site, "de/values/customer-first/index.html")
    assert soup.select_one("article h1").get_text(strip=True).startswith("Kunde zuerst")
    assert [li.get_text(strip=True) for li in soup.select("article ul")[0].select("li")] == [
        "Nenne die Kunden.",
        "Löse erst das Problem.",
    ]
    assert (
        "Eine Welt, in der jeder Kunde gewinnt."
        in _html(site, "de/index.html").select_one("article").get_text()
    )


def test_an_untranslated_item_is_shown_in_the_source_language_marked(site: Path) -> None:
    soup = _html(site, "de/values/own-it/index.html")
    statement = load_project(site.parent).document.values[1].statement
    marked = soup.find(lambda tag: tag.get("lang") == "en" and tag.get_text(strip=True) == statement)
    assert marked is not None
    assert soup.select_one("article h1").get_text(strip=True).startswith("Verantwortung")
    assert not _html(site, "values/own-it/index.html").select("article [lang]")


def test_an_outdated_item_has_a_notice_linking_to_the_current_text(site: Path) -> None:
    soup = _html(site, "de/values/customer-first/index.html")
    outdated = soup.select_one(".vmv-outdated")
    assert outdated.get_text(strip=True) == "Wir fragen, was für den Kunden richtig ist."
    notice = soup.select_one(".vmv-outdated-notice a")
    anchor = status_anchor("de", STATEMENT)
    assert notice["href"] == f"../../translations/#{anchor}"
    status = _html(site, "de/translations/index.html")
    target = status.find(id=anchor)
    assert target is not None and STATEMENT in target.get_text()
    current = load_project(site.parent).document.values[0].statement
    assert current in target.find_next("blockquote").get_text()
    assert target.find_next("blockquote").find(lang="en") is not None


def test_pages_translated_untranslated_and_outdated(site: Path) -> None:
    translated = _html(site, "de/playbook/leader-questions/index.html")
    assert translated.select_one("article h1").get_text(strip=True).startswith("Fragen für Führungskräfte")
    assert "Fragen Sie dies, bevor Sie entscheiden." in translated.select_one("article").get_text()
    assert translated.select_one(".vmv-outdated-notice") is None
    untranslated = _html(site, "ja/playbook/leader-questions/index.html")
    body = untranslated.select_one("article div[lang=en]")
    assert body is not None and "Ask these before you decide" in body.get_text()
    assert untranslated.select_one(".vmv-untranslated-notice") is not None


def test_the_translations_page_gives_the_state_per_language(site: Path) -> None:
    total = len(source_items(*_source(site.parent)))
    for folder in ("", "de/", "ja/"):
        soup = _html(site, f"{folder}translations/index.html")
        rows = [
            [cell.get_text(strip=True) for cell in row.select("td")]
            for row in soup.select("article tbody tr")
        ]
        assert [row[1:] for row in rows] == [["6", "1", str(total - 7)], ["1", "0", str(total - 1)]]
    english = _html(site, "translations/index.html")
    assert [row.select("td")[0].get_text(strip=True) for row in english.select("tbody tr")] == [
        "German",
        "Japanese",
    ]
    navigation = [
        a.get_text(strip=True) for a in _html(site, "de/index.html").select("nav.md-nav--primary a")
    ]
    assert "Übersetzungen" in navigation


def test_no_translations_no_selector_and_no_translations_page(starter: Path) -> None:
    build_site(starter, starter / "site")
    soup = _html(starter / "site", "index.html")
    assert not soup.select("a.md-select__link")
    assert not (starter / "site" / "translations").exists()


def test_a_translated_site_is_built_byte_for_byte_again(starter: Path) -> None:
    _translated(starter)
    build_site(starter, starter / "one")
    build_site(starter, starter / "two")
    assert tree_digest(starter / "one") == tree_digest(starter / "two")


def test_a_failed_language_leaves_the_previous_site_as_it_was(starter: Path) -> None:
    _translated(starter)
    build_site(starter, starter / "site")
    before = tree_digest(starter / "site")
    page = starter / "playbook" / "leader-questions.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ vmv.no_such_thing }}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    (problem,) = caught.value.problems
    assert re.match(r"playbook/leader-questions\.de\.md:7:\d+: error: ", str(problem))
    assert tree_digest(starter / "site") == before


def test_a_broken_link_in_a_translation_names_the_language(starter: Path) -> None:
    _translated(starter)
    page = starter / "playbook" / "leader-questions.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Richtlinie](richtlinie.md)\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    assert any("(in the de site)" in problem.message for problem in caught.value.problems)


def test_a_language_material_has_no_words_for_is_refused(run, starter: Path) -> None:
    (starter / "translations").mkdir()
    (starter / "translations" / "de-CH.yaml").write_text("language: de-CH\nitems: {}\n", encoding="utf-8")
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith(
        "translations/de-CH.yaml:1:11: error: language: Material has no words for 'de-CH', so the site "
        "cannot be built in it (did you mean 'de'?)"
    )


def test_marked_texts_are_plain_text_in_attributes_and_options(example: Path) -> None:
    """Untranslated and outdated items where a template puts them in an attribute (a
    progress bar's name) or in a filter's <option> are text there, never markup."""
    file = example / "translations" / "de.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["items"]["onboarding.paths[day-one].name"]["text"] = ""
    data["items"]["values[customer-first].name"]["source"] = "0badf00d"
    for path, item in data["items"].items():
        if path.endswith(".area") and item["text"] == "Einstellen":
            item["text"] = ""
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_site(example, example / "site")
    options = []
    for page in sorted((example / "site" / "de").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                written = " ".join(value) if isinstance(value, list) else value
                assert "<span" not in written and "lang=" not in written, (page, name, written)
        for option in soup.find_all("option"):
            assert all(isinstance(child, str) for child in option.children), (page, option)
            options.append(option.get_text())
    assert "Kunde zuerst" in options and "Hiring" in options
    day_one = example / "site" / "de" / "onboarding" / "day-one" / "index.html"
    progress = BeautifulSoup(day_one.read_text(encoding="utf-8"), "html.parser").find("progress")
    assert progress is not None and str(progress["aria-label"]).endswith("Day one")
