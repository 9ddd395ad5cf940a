"""The example company's site built in German and in Japanese, with a previous edition
for "What changed", and read with an HTML parser: every word vmv writes is in the
site's language, on every page and in the banners of a versioned site."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import EXAMPLE_FILES, copy_example, without_translations
from tests.unit.editions.test_editions import edit, make_history
from vmv.app.editions import build_all_versions
from vmv.app.pipeline import check
from vmv.core.load.project import load_project
from vmv.core.render.labels import catalogue, english
from vmv.engine.mkdocs.build import Edition, build_with_engine
from vmv.engine.mkdocs.theme_labels import SCRIPT_LABELS

LANGUAGES = ("de", "ja")
SHORTEST_CHECKED = 8
"""English fragments shorter than this (Name, Date, Owner) are words other languages
may share; longer ones are sentences and phrases."""


def _set_language(root: Path, language: str) -> None:
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^  language: \w+$", f"  language: {language}", settings))


def _previous_edition(root: Path, folder: Path) -> Path:
    """The example with another statement and page title: "What changed" has rows for a
    value and for a page."""
    copy_example(folder)
    document = (folder / "vmv.yaml").read_text(encoding="utf-8")
    document = document.replace("version: 2.1.0", "version: 2.0.0", 1)
    statement = re.search(r"(?m)^    statement: (.+)$", document)
    assert statement is not None
    (folder / "vmv.yaml").write_text(
        document.replace(statement.group(1), "We put customers first, always.", 1)
    )
    page = folder / "playbook" / "hiring.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: Old ", 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """(language, repository, site) of the example built in `language`."""
    language: str = request.param
    folder = tmp_path_factory.mktemp(f"site-{language}")
    # The example's German translation would be into the source's own language here.
    root = without_translations(copy_example(folder / "example"))
    _set_language(root, language)
    previous = load_project(_previous_edition(root, folder / "previous"))
    _, rendered = check(root, previous=previous)
    build_with_engine(rendered, root, folder / "docs", folder / "site")
    return language, root, folder / "site"


def _fragments(label: str) -> list[str]:
    """The words of a label a reader sees, between its placeholders and line breaks."""
    text = html.unescape(re.sub(r"\*\*|`|\[|\]\([^)]*\)", "", label))
    return [" ".join(part.split()).strip(" .:;,()") for part in re.split(r"\{\w+\}|\n", text)]


def _company_text(root: Path) -> str:
    """Everything the company wrote, where English is the company's, not vmv's."""
    parts = []
    for name in EXAMPLE_FILES:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        parts += [
            f.read_text(encoding="utf-8") for f in files if f.is_file() and f.suffix in (".yaml", ".md")
        ]
    return " ".join(" ".join(parts).split())


def _shown_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.find_all(["script", "style"]):
        if hidden.get("id") != "vmv-labels":
            hidden.decompose()
    attributes = [
        str(element.get(name))
        for element in soup.find_all(True)
        for name in ("aria-label", "title", "alt", "placeholder")
        if element.get(name)
    ]
    # Text as read (elements apart) and as written (a link inside a sentence joined to it).
    return " ".join(" ".join([soup.get_text(" "), soup.get_text(""), *attributes]).split())


def test_every_page_has_the_language_and_none_of_vmvs_english(built: tuple[str, Path, Path]) -> None:
    language, root, site = built
    own = _company_text(root)
    translated = " ".join(catalogue(language).values())
    english_words = {
        fragment
        for key, label in english().items()
        if not key.startswith("translations.")  # the other half of the issue writes those
        for fragment in _fragments(label)
        if len(fragment) >= SHORTEST_CHECKED and fragment not in own and fragment not in translated
    }
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    left = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html is not None and soup.html.get("lang") == language, page
        shown = _shown_text(page)
        found = sorted(fragment for fragment in english_words if fragment in shown)
        if found:
            left[page.relative_to(site).as_posix()] = found
    assert not left


def test_every_kind_of_page_was_read(built: tuple[str, Path, Path]) -> None:
    _, _, site = built
    kinds = ["index.html", "start-here/index.html", "onboarding/self-check/index.html", "handbook/index.html"]
    kinds += ["question-bank/index.html", "measures/index.html", "values-in-action/index.html"]
    kinds += ["what-changed/index.html", "glossary/index.html", "onboarding/acknowledgement/index.html"]
    assert all((site / kind).is_file() for kind in kinds)
    changed = BeautifulSoup((site / "what-changed" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(changed.select("table.vmv-changes")) >= 2, "rows for a value and for a page"


def test_the_navigation_and_dates_are_in_the_language(built: tuple[str, Path, Path]) -> None:
    language, _, site = built
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    tabs = [" ".join(a.get_text(" ").split()) for a in soup.select("nav.md-tabs a")]
    labels = catalogue(language)
    assert labels["nav.home"] in tabs and labels["nav.new_here"] in tabs
    footer = " ".join(soup.select_one(".md-copyright").get_text(" ").split())  # type: ignore[union-attr]
    assert {"de": "1. November 2026", "ja": "2026年11月1日"}[language] in footer


def test_the_scripts_get_their_messages_in_the_language(built: tuple[str, Path, Path]) -> None:
    language, _, site = built
    soup = BeautifulSoup(
        (site / "onboarding" / "self-check" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    element = soup.find("script", id="vmv-labels")
    assert element is not None
    messages = json.loads(element.get_text())
    assert set(messages) == set(SCRIPT_LABELS)
    assert messages["self_check.pick_first"] == catalogue(language)["self_check.pick_first"]


def test_the_banners_of_a_versioned_site_are_in_the_language(
    built: tuple[str, Path, Path], tmp_path: Path
) -> None:
    language, root, _ = built
    _, rendered = check(root, previous=None)
    labels = catalogue(language)
    for edition, wanted in (
        (Edition("2.1.0"), "banner.latest_link"),
        (Edition("draft", draft=True), "banner.draft_label"),
    ):
        site = tmp_path / edition.label
        build_with_engine(rendered, root, tmp_path / f"docs-{edition.label}", site, edition=edition)
        shown = _shown_text(site / "index.html")
        assert labels[wanted] in shown
        assert labels["banner.latest_link"] in shown
        assert "latest approved edition" not in shown


def test_an_english_site_carries_no_messages_for_its_scripts(example: Path, tmp_path: Path) -> None:
    """vmv.js has its English built in: an English page stays as it was."""
    _, rendered = check(example, previous=None)
    build_with_engine(rendered, example, tmp_path / "docs", tmp_path / "site")
    page = (tmp_path / "site" / "onboarding" / "self-check" / "index.html").read_text(encoding="utf-8")
    assert 'id="vmv-labels"' not in page


def test_the_scripts_english_is_the_catalogues() -> None:
    script = (Path(__file__).parents[2] / "src/vmv/engine/mkdocs/assets/vmv.js").read_text(encoding="utf-8")
    block = re.search(r"var ENGLISH = (\{.*?\});", script, re.DOTALL)
    assert block is not None
    built_in = json.loads(re.sub(r",\s*}", "}", block.group(1)))
    assert built_in == {key: html.unescape(english()[key]) for key in SCRIPT_LABELS}


def test_a_versioned_sites_own_pages_speak_the_working_copys_language(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    make_history(root)
    edit(root / "vmv.yaml", "version: 2.0.0", "version: 2.1.0")
    edit(root / "mkdocs.yml", "  name: material\n", "  name: material\n  language: de\n")
    build_all_versions(root, root / "out", include_draft=True)
    versions = json.loads((root / "out" / "versions.json").read_text(encoding="utf-8"))
    assert {"version": "draft", "title": "draft (noch nicht freigegeben)", "aliases": []} in versions
    missing = BeautifulSoup((root / "out" / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert missing.html is not None and missing.html.get("lang") == "de"
    assert missing.find("a", string="Zur aktuellen Ausgabe")["href"] == "/latest/"  # type: ignore[index]
    draft = BeautifulSoup((root / "out" / "draft" / "index.html").read_text(encoding="utf-8"), "html.parser")
    announce = " ".join(draft.select_one(".md-banner:not(.md-banner--warning)").get_text(" ").split())  # type: ignore[union-attr]
    assert announce.startswith("Entwurf: Ausgabe draft ist noch nicht freigegeben.")
