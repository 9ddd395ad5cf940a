"""Editions carry their translations: each language has its editions side by side, as mike
lays them out with a prefix, so that the version selector, the outdated banner and the
language selector all lead to pages that exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.unit.editions.test_editions import commit_edition, edit, git
from vmv.app.editions import build_all_versions, publish
from vmv.app.scaffold import create_repository
from vmv.app.translate import translate


def _translate_name(root: Path, text: str) -> None:
    translate(root, "de")
    file = root / "translations" / "de.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["items"]["values[customer-first].name"]["text"] = text
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def versioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1.0.0 in English only; 1.1.0 and 1.2.0 in English and German."""
    root = tmp_path_factory.mktemp("translated-history") / "acme"
    create_repository(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    commit_edition(root, "1.0.0", "first edition")
    edit(root / "vmv.yaml", "version: 1.0.0", "version: 1.1.0")
    _translate_name(root, "Kunde zuerst")
    git(root, "add", "-A")
    commit_edition(root, "1.1.0", "in German too")
    edit(root / "vmv.yaml", "version: 1.1.0", "version: 1.2.0")
    _translate_name(root, "Der Kunde zuerst")
    commit_edition(root, "1.2.0", "better German")
    build_all_versions(root, root / "out")
    return root / "out"


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_each_language_has_its_own_editions(versioned: Path) -> None:
    source = json.loads((versioned / "versions.json").read_text())
    german = json.loads((versioned / "de" / "versions.json").read_text())
    assert [v["version"] for v in source] == ["1.2.0", "1.1.0", "1.0.0"]
    assert [(v["version"], v["aliases"]) for v in german] == [("1.2.0", ["latest"]), ("1.1.0", [])]
    assert not (versioned / "1.1.0" / "de").exists()
    assert not (versioned / "latest" / "de").exists()
    assert _page(versioned, "de/1.1.0/values/customer-first/index.html").html["lang"] == "de"
    heading = _page(versioned, "de/latest/values/customer-first/index.html").select_one("article h1")
    assert heading.get_text(strip=True).startswith("Der Kunde zuerst")
    assert "latest/" in (versioned / "de" / "index.html").read_text()


def _target(site: Path, page: str, href: str) -> Path:
    return ((site / page).parent / href / "index.html").resolve()


@pytest.mark.parametrize(
    ("page", "language", "expected"),
    [
        ("1.1.0/values/customer-first/index.html", "de", "de/1.1.0/values/customer-first"),
        ("de/1.1.0/values/customer-first/index.html", "en", "1.1.0/values/customer-first"),
        ("latest/values/own-it/index.html", "de", "de/1.2.0/values/own-it"),
        ("de/latest/values/own-it/index.html", "en", "1.2.0/values/own-it"),
    ],
)
def test_the_language_selector_keeps_the_edition_and_the_page(
    versioned: Path, page: str, language: str, expected: str
) -> None:
    link = _page(versioned, page).select_one(f"a.md-select__link[hreflang={language}]")
    assert _target(versioned, page, link["href"]) == (versioned / expected / "index.html").resolve()


def test_an_edition_without_the_translation_has_no_selector(versioned: Path) -> None:
    assert not _page(versioned, "1.0.0/index.html").select("a.md-select__link")


def test_an_older_german_edition_links_to_the_latest_german_one(versioned: Path) -> None:
    page = "de/1.1.0/values/customer-first/index.html"
    banner = _page(versioned, page).select_one("a[data-vmv-latest]")
    assert _target(versioned, page, banner["href"]).parent == (versioned / "de" / "latest").resolve()


def test_publish_deploys_each_language_beside_its_source(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    create_repository(root)
    git(root, "init", "-q", "-b", "main")
    _translate_name(root, "Kunde zuerst")
    git(root, "add", "-A")
    commit_edition(root, "1.0.0", "first edition, in German too")
    publish(root)
    assert git(root, "ls-tree", "--name-only", "gh-pages").split() == [
        ".nojekyll",
        "1.0.0",
        "de",
        "index.html",
        "latest",
        "versions.json",
    ]
    assert git(root, "ls-tree", "--name-only", "gh-pages:de").split() == [
        "1.0.0",
        "index.html",
        "latest",
        "versions.json",
    ]
    assert "de" not in git(root, "ls-tree", "--name-only", "gh-pages:1.0.0").split()
    german = json.loads(git(root, "show", "gh-pages:de/versions.json"))
    assert [(v["version"], v["aliases"]) for v in german] == [("1.0.0", ["latest"])]
    page = git(root, "show", "gh-pages:de/1.0.0/values/customer-first/index.html")
    assert '<html lang="de"' in page and "Kunde zuerst" in page
