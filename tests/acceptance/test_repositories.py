"""Repositories written from scratch, as new companies write them (tests/data/repositories).

Each case is a folder: `repo/` holds the company's repository, `command` the vmv
arguments (default: `build -d out`), `expected` the exit code and every line vmv
prints on stderr, and, when the build succeeds, `site` the navigation of the home
page as an indented outline, the files published beside the pages, and each playbook
page's headings (with their anchors) and glossary terms. Cases are
found automatically; `pytest --update-goldens` rewrites the expected files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import DATA

CASES = sorted(p for p in (DATA / "repositories").iterdir() if (p / "repo").is_dir())
PAGE_FILES = {"index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "objects.inv"}


def _outline(items: Tag, depth: int = 0) -> list[str]:
    lines = []
    for item in items.find_all("li", recursive=False):
        label = item.find(["label", "a"], class_="md-nav__link")
        if label is None:
            continue
        lines.append("  " * depth + " ".join(label.get_text(" ").split()))
        nested = item.find("nav")
        if nested is not None and nested.find("ul"):
            lines += _outline(nested.find("ul"), depth + 1)
    return lines


def _site_summary(site: Path) -> str:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    navigation = soup.select_one("nav.md-nav--primary > ul")
    assert navigation is not None
    published = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file()
        and p.name not in PAGE_FILES
        and not {"assets", "search"} & set(p.relative_to(site).parts[:2])  # a translation's too (de/)
    )
    pages = []
    for page in sorted((site / "playbook").rglob("index.html")):
        pages.append(page.parent.relative_to(site).as_posix() + "/")
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        assert article is not None
        for heading in article.find_all(["h1", "h2", "h3"]):
            text = " ".join(heading.get_text(" ").replace("¶", "").split())
            pages.append(f"  {heading.name}#{heading.get('id', '')} {text}")
        for term in article.find_all("abbr"):
            pages.append(f"  abbr {term.get_text()} = {term.get('title')}")
    lines = ["navigation:", *_outline(navigation), "other files:", *published, "playbook pages:", *pages]
    for language in sorted(p.parent.parent for p in site.glob("*/search/search_index.json")):
        translated = BeautifulSoup((language / "index.html").read_text(encoding="utf-8"), "html.parser")
        outline = translated.select_one("nav.md-nav--primary > ul")
        assert translated.html is not None and outline is not None
        lines += [f"site in {language.name}/, html lang {translated.html['lang']}:", *_outline(outline)]
    return "\n".join(lines) + "\n"


def _golden(path: Path, text: str, update: bool) -> None:
    if update:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run pytest --update-goldens"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_repository(case: Path, tmp_path: Path, run, update_goldens: bool) -> None:
    root = tmp_path / "repo"
    shutil.copytree(case / "repo", root, symlinks=True)
    command = case / "command"
    arguments = command.read_text().split() if command.is_file() else ["build", "-d", "out"]
    outcome = run("--root", root, *arguments)
    assert "Traceback" not in outcome.stderr
    stderr = outcome.stderr.replace(str(root), "<repo>")
    _golden(case / "expected", f"exit {outcome.exit_code}\n{stderr}", update_goldens)
    if outcome.exit_code == 0 and "build" in arguments:
        _golden(case / "site", _site_summary(root / arguments[arguments.index("-d") + 1]), update_goldens)
    else:
        assert not (case / "site").exists(), "a case that does not build has no site"
