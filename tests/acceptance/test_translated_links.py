"""Links in a translated site, built with MkDocs: a problem is at the file the translator
edits, and a heading of a translated page can keep the anchor the source's links use."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vmv.app.pipeline import build_site
from vmv.app.translate import mark_current, translate
from vmv.errors import InvalidInput

GUIDE = "---\ntitle: Guide\n---\n\nRead this first.\n\n## Ask first\n\nAsk the customer.\n"
GUIDE_IN_GERMAN = "---\nsource: x\n---\n\nLies das zuerst.\n\n## Zuerst fragen\n\nFrag die Kundschaft.\n"


def _repository(root: Path) -> Path:
    """The starter, whose leader questions link to a heading of a guide translated into German."""
    page = root / "playbook" / "leader-questions.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the guide](guide.md#ask-first).\n")
    (root / "playbook" / "guide.md").write_text(GUIDE, encoding="utf-8")
    translate(root, "de")
    (root / "playbook" / "guide.de.md").write_text(GUIDE_IN_GERMAN, encoding="utf-8")
    mark_current(root, "de", ["playbook/guide.md"])
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        build_site(root, root / "site")
    return [str(problem) for problem in caught.value.problems]


def test_a_heading_the_translation_moved_to_another_anchor_is_named_at_the_translation(
    starter: Path,
) -> None:
    (line,) = _problems(_repository(starter))
    assert line.startswith("playbook/guide.de.md:7:1: error: playbook/leader-questions.md links to ")
    assert "'Ask first'" in line and "(in the de site)" in line
    assert line.endswith("the source's anchor: ## Zuerst fragen { #ask-first }")


def test_a_translated_heading_keeps_the_anchor_it_is_given(starter: Path) -> None:
    root = _repository(starter)
    guide = root / "playbook" / "guide.de.md"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("## Zuerst fragen", "## Zuerst fragen { #ask-first }")
    )
    build_site(root, root / "site")
    soup = BeautifulSoup(
        (root / "site/de/playbook/guide/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    heading = soup.find(id="ask-first")
    assert heading is not None and heading.get_text(strip=True).startswith("Zuerst fragen")


def test_a_broken_link_in_a_translated_page_is_at_its_line(starter: Path) -> None:
    root = _repository(starter)
    guide = root / "playbook" / "guide.de.md"
    text = guide.read_text(encoding="utf-8").replace("## Zuerst fragen", "## Zuerst fragen { #ask-first }")
    guide.write_text(text + "\nSiehe [die Regeln](regeln.md).\n", encoding="utf-8")
    (line,) = _problems(root)
    assert line.startswith("playbook/guide.de.md:11:20: error: the page contains a link 'regeln.md'")
