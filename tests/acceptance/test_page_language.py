"""The language a page says it is in, and the words Material writes on it, read with an
HTML parser from real builds of translated sites: into Brazilian Portuguese, and with a
"What changed" page, whose texts are the source's."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from vmv.app.pipeline import build_site, check
from vmv.app.translate import translate
from vmv.core.load.project import load_project
from vmv.engine.mkdocs.build import build_with_engine


def _page(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_a_page_in_pt_br_says_pt_br_and_credits_material_in_portuguese(starter: Path) -> None:
    translate(starter, "pt-BR")
    build_site(starter, starter / "site")
    translated = _page(starter / "site", "pt-BR/values/own-it/index.html")
    # Material's own words for pt-BR name the language 'pt', another tag than the site's.
    assert translated.html is not None and translated.html["lang"] == "pt-BR"
    footer = translated.select_one(".md-copyright")
    assert footer is not None and "Feito com Material for MkDocs" in " ".join(footer.get_text(" ").split())
    source = _page(starter / "site", "index.html")
    assert source.html is not None and source.html["lang"] == "en"
    assert "Made with Material for MkDocs" in " ".join(
        source.select_one(".md-copyright").get_text(" ").split()
    )  # type: ignore[union-attr]


def test_every_page_says_the_tag_its_language_was_written_with(starter: Path) -> None:
    """Material's words for pt-BR and ku-IQ name the languages 'pt' and 'ku': the page says
    the tag as written, for the source language and for every translation."""
    settings = (starter / "mkdocs.yml").read_text(encoding="utf-8")
    (starter / "mkdocs.yml").write_text(
        settings.replace("  name: material\n", "  name: material\n  language: pt-BR\n", 1)
    )
    for language in ("ku-IQ", "zh-TW"):
        translate(starter, language)
    build_site(starter, starter / "site")
    for folder, tag in (("", "pt-BR"), ("ku-IQ/", "ku-IQ"), ("zh-TW/", "zh-TW")):
        for page in ("index.html", "values/own-it/index.html"):
            html = _page(starter / "site", folder + page).html
            assert html is not None and html["lang"] == tag, folder + page


def test_what_changed_marks_the_texts_it_compares_on_a_translated_site(starter: Path, tmp_path: Path) -> None:
    previous = load_project(starter)
    document = starter / "vmv.yaml"
    old = "We ask what is right for the customer before we ask what is right for us."
    document.write_text(document.read_text(encoding="utf-8").replace(old, "We ask our customers first."))
    translate(starter, "de")
    _, rendered = check(starter, previous=previous, translated=True)
    build_with_engine(rendered, starter, tmp_path / "docs", tmp_path / "site")
    rows = _page(tmp_path / "site", "de/what-changed/index.html").select("table.vmv-changes tr")
    cells = [cell for row in rows for cell in row.select("td")[1:]]
    assert cells and all(cell.find(lang="en") is not None for cell in cells if cell.get_text(strip=True))
    assert "We ask our customers first." in " ".join(cell.get_text() for cell in cells)
    source = _page(tmp_path / "site", "what-changed/index.html")
    assert not source.select("table.vmv-changes [lang]")
