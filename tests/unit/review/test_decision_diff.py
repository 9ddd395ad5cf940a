"""`vmv diff` and decision records: added, changed (status, answers, who decided) and removed,
each a patch, read from git revisions as a pull request's review reads them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from vmv.core.load.project import load_project
from vmv.core.render.labels import labels_for
from vmv.review.diff import diff_projects
from vmv.review.report import DECISIONS_NOTE, change_groups, to_markdown

PROPOSED = """\
---
title: Raise the repair fee
date: 2026-11-20
status: proposed
area: A change to a product, process or policy
values: [customer-first]
answers:
  change-impact:
    question: How many customers does it touch, and what will they say about it?
    answer: ""
---
The fee has not changed since 2019.
"""


def _git(root: Path, *args: str) -> None:
    identity = ("-c", "user.name=T", "-c", "user.email=t@example.com")
    subprocess.run(["git", "-C", str(root), *identity, *args], check=True, capture_output=True)


@pytest.fixture
def repository(starter: Path) -> Path:
    (starter / "decisions").mkdir()
    (starter / "decisions" / "2026-11-20-raise-the-repair-fee.md").write_text(PROPOSED)
    (starter / "decisions" / "2026-11-01-close-on-mondays.md").write_text(
        PROPOSED.replace("Raise the repair fee", "Close on Mondays").replace("2026-11-20", "2026-11-01")
    )
    _git(starter, "init", "-q", "-b", "main")
    _git(starter, "add", "-A")
    _git(starter, "commit", "-qm", "first")
    return starter


def test_decisions_added_changed_and_removed_are_patches(run, repository: Path) -> None:
    record = repository / "decisions" / "2026-11-20-raise-the-repair-fee.md"
    record.write_text(
        PROPOSED.replace("status: proposed", "status: accepted\ndecided_by: [ceo]").replace(
            'answer: ""', "answer: About 300 a month; most will accept it."
        )
    )
    (repository / "decisions" / "2026-11-01-close-on-mondays.md").unlink()
    (repository / "decisions" / "2026-11-25-free-repairs-for-members.md").write_text(
        PROPOSED.replace("Raise the repair fee", "Free repairs for members").replace(
            "2026-11-20", "2026-11-25"
        )
    )
    _git(repository, "add", "-A")
    _git(repository, "commit", "-qm", "second")

    outcome = run("--root", repository, "diff", "HEAD~1", "HEAD", "--format", "json", "--check-version")
    payload = json.loads(outcome.stdout)
    found = {(c["kind"], c["path"], str(c["old"]), str(c["new"]), c["severity"]) for c in payload["changes"]}
    fee = "decisions[2026-11-20-raise-the-repair-fee]"
    assert found == {
        ("removed", "decisions[2026-11-01-close-on-mondays]", "Close on Mondays (proposed)", "None", "patch"),
        ("added", "decisions[2026-11-25-free-repairs-for-members]", "None", "Free repairs for members (proposed)", "patch"),
        ("changed", f"{fee}.status", "proposed", "accepted", "patch"),
        ("changed", f"{fee}.decided_by", "[]", "['ceo']", "patch"),
        ("changed", f"{fee}.answers[change-impact].answer", "", "About 300 a month; most will accept it.", "patch"),
    }  # fmt: skip
    assert payload["severity"] == "patch"
    # A record is not the VMV's meaning, but a new edition still says it changed.
    assert outcome.exit_code == 1
    assert "must be at least 1.0.1 for 5 patch changes" in outcome.stderr

    report = run("--root", repository, "diff", "HEAD~1", "HEAD").stdout
    assert DECISIONS_NOTE in report
    assert "### Decision: Raise the repair fee (2026-11-20-raise-the-repair-fee)" in report


def test_a_question_reworded_in_the_record_and_the_body_are_compared(repository: Path) -> None:
    before = load_project(repository)
    record = repository / "decisions" / "2026-11-20-raise-the-repair-fee.md"
    text = PROPOSED.replace("what will they say about it?", "what will they say?")
    record.write_text(text.replace("since 2019.", "since 2019, while parts cost a third more."))
    changes = diff_projects(before, load_project(repository)).changes
    assert {(c.kind.value, c.path) for c in changes} == {
        ("changed", "decisions[2026-11-20-raise-the-repair-fee].answers[change-impact].question"),
        ("changed", "decisions[2026-11-20-raise-the-repair-fee].body"),
    }


def test_a_repository_compared_with_itself_has_no_decision_changes(repository: Path) -> None:
    project = load_project(repository)
    diff = diff_projects(project, project)
    assert diff.changes == ()
    assert DECISIONS_NOTE not in to_markdown(diff)


def test_what_changed_heads_a_records_changes_in_the_sites_language(repository: Path) -> None:
    before = load_project(repository)
    record = repository / "decisions" / "2026-11-20-raise-the-repair-fee.md"
    rejected = PROPOSED.replace("status: proposed", "status: rejected\ndecided_by: [ceo]")
    record.write_text(rejected.replace('answer: ""', "answer: Every customer; they would go elsewhere."))
    after = load_project(repository)
    ((heading, rows),) = change_groups(diff_projects(before, after), labels_for("de"))
    assert heading == "Entscheidung: Raise the repair fee (2026-11-20-raise-the-repair-fee)"
    assert [row.change.path for row in rows] == [
        "decisions[2026-11-20-raise-the-repair-fee].status",
        "decisions[2026-11-20-raise-the-repair-fee].decided_by",
        "decisions[2026-11-20-raise-the-repair-fee].answers[change-impact].answer",
    ]
