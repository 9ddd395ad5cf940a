"""A hostile translation: translated text is escaped and sanitized as vmv.yaml's, a
translated page runs in the sandbox, and a translation file is read through the
repository's boundary. Each attack has its safe outcome."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.mutations import problems_are_well_formed
from vmv.app.pipeline import build_site
from vmv.app.translate import translate
from vmv.errors import InvalidInput


def _with_texts(root: Path, texts: dict[str, object]) -> None:
    translate(root, "de")
    file = root / "translations" / "de.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    for path, text in texts.items():
        data["items"][path]["text"] = text
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _article(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    for labels in article.select("script#vmv-labels"):  # vmv's own words for its scripts, as data
        labels.decompose()
    return article


def test_markup_in_translated_text_is_shown_as_text(starter: Path) -> None:
    _with_texts(
        starter,
        {
            "values[customer-first].name": "Kunde <script>alert(1)</script> zuerst",
            "values[customer-first].statement": "Wir <img src=x onerror=alert(2)> fragen { onclick=alert(3) }",
            "values[customer-first].behaviors.do": [
                '<a href="javascript:alert(4)">klick</a>',
                "[x](javascript:alert(5))",
            ],
        },
    )
    build_site(starter, starter / "site")
    article = _article(starter / "site", "de/values/customer-first/index.html")
    assert article.find("script") is None and article.find("img") is None
    assert "<script>alert(1)</script>" in article.get_text()
    assert not [tag for tag in article.find_all(True) if any(name.startswith("on") for name in tag.attrs)]
    assert not [a for a in article.find_all("a") if "javascript" in a.get("href", "")]


def test_raw_html_in_a_translated_page_is_sanitized(starter: Path) -> None:
    _with_texts(starter, {})
    page = starter / "playbook" / "leader-questions.de.md"
    page.write_text(
        '---\nsource: "0"\n---\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>\n'
        '<div lang="de" onmouseover="alert(3)">Text</div>\n',
        encoding="utf-8",
    )
    build_site(starter, starter / "site")
    article = _article(starter / "site", "de/playbook/leader-questions/index.html")
    assert article.find("script") is None
    assert not [tag for tag in article.find_all(True) if any(name.startswith("on") for name in tag.attrs)]


def test_a_translated_page_runs_in_the_sandbox(starter: Path) -> None:
    _with_texts(starter, {})
    marker = starter / "MARKER"
    page = starter / "playbook" / "leader-questions.de.md"
    page.write_text(
        '---\nsource: "0"\n---\n\n{{ self.__init__.__globals__.__builtins__.open("'
        + str(marker)
        + '", "w") }}\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    assert not marker.exists()
    (problem,) = caught.value.problems
    assert str(problem).startswith("playbook/leader-questions.de.md:5:")
    assert "sandbox" in problem.message or "template" in problem.message


def test_a_translation_linked_out_of_the_repository_is_refused(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("language: de\nitems: {}\n", encoding="utf-8")
    (starter / "translations").mkdir()
    os.symlink(outside, starter / "translations" / "de.yaml")
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    assert [p.location.file for p in caught.value.problems] == ["translations/de.yaml"]
    assert str(tmp_path) not in str(caught.value.problems[0])


def test_vmv_translate_replaces_a_planted_link_instead_of_writing_through_it(
    run, starter: Path, tmp_path: Path
) -> None:
    run("--root", starter, "translate", "de")
    victim = tmp_path / "victim.yaml"
    victim.write_text("mine\n", encoding="utf-8")
    file = starter / "translations" / "de.yaml"
    text = file.read_text(encoding="utf-8")
    file.unlink()
    local = starter / "translations" / "real.yaml"
    local.write_text(text, encoding="utf-8")
    os.symlink(local, file)
    outcome = run("--root", starter, "translate", "de", "--mark-current", "vision")
    assert outcome.exit_code == 1
    assert "link" in outcome.stderr
    assert victim.read_text(encoding="utf-8") == "mine\n"


def test_an_alias_bomb_in_a_translation_is_one_problem_line(run, starter: Path) -> None:
    (starter / "translations").mkdir()
    bomb = "language: de\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    (starter / "translations" / "de.yaml").write_text(bomb, encoding="utf-8")
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.stderr
    lines = outcome.stderr.splitlines()[:-1]
    assert lines and all(line.startswith("translations/de.yaml:") for line in lines)
    assert problems_are_well_formed(lines, {"translations/de.yaml": bomb.encode()}) == []
