"""`vmv decide` writes a new file only: never over a record, never through a link."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from vmv.app import decide
from vmv.core.model.document import Question
from vmv.errors import UsageError

TODAY = datetime.date(2026, 11, 20)


def test_a_link_planted_after_loading_is_not_written_through(
    starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bashrc"
    target.write_text("mine\n")
    made = decide._folder

    def planting(root: Path) -> Path:
        folder = made(root)
        (folder / "2026-11-20-raise-the-repair-fee.md").symlink_to(target)
        return folder

    monkeypatch.setattr(decide, "_folder", planting)
    with pytest.raises(UsageError, match="already exists"):
        decide.propose_decision(starter, title="Raise the repair fee", area="hiring", today=TODAY)
    assert target.read_text() == "mine\n"


def test_question_texts_that_yaml_would_misread_are_quoted() -> None:
    question = Question(id="odd-one", area="Hiring", text="yes: or no? # really")
    text = decide.record_text("On: the fence", TODAY, "Hiring", [], [question])
    assert "title: 'On: the fence'\n" in text
    assert "    question: 'yes: or no? # really'\n" in text
