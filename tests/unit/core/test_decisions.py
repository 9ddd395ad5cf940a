"""Decision records: one case per rule, each with the exact lines a user sees.

Each folder in `data/invalid-decisions/` is put as decisions/ into a new starter
repository (whose question bank has one question in each of four areas, one owner
`ceo` and the values customer-first, own-it and keep-promises); `NAME.expected` holds
the lines vmv prints. `pytest --update-goldens` rewrites them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.unit.core.test_load import compare, problems_of
from vmv.core.load.project import load_project
from vmv.core.model.decision import area_slug, find_area, title_slug
from vmv.core.model.decision_checks import check_succession
from vmv.errors import Location, ProblemCode

CASES = sorted(p for p in (DATA / "invalid-decisions").iterdir() if p.is_dir())

ACCEPTED = """\
---
title: Free repairs for members
date: 2026-10-01
status: {status}
area: a change to a product, process or policy
decided_by: [ceo]
values: [customer-first, keep-promises]
customers_affected: {customers}
answers:
  change-impact:
    question: How many customers does it touch, and what will they say about it?
    answer: "{answer}"
{extra}---
We repair members' gear for free.
"""


def _record(root: Path, name: str = "2026-10-01-free-repairs", **fields: str) -> Path:
    values = {"status": "accepted", "customers": "300", "answer": "About 300 a month.", "extra": ""}
    (root / "decisions").mkdir(exist_ok=True)
    path = root / "decisions" / f"{name}.md"
    path.write_text(ACCEPTED.format(**(values | fields)), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_decisions(case: Path, starter: Path, update_goldens: bool) -> None:
    shutil.copytree(case, starter / "decisions")
    compare(problems_of(starter), case.with_suffix(".expected"), update_goldens)


def test_an_accepted_record_loads_with_its_fields(starter: Path) -> None:
    _record(starter, customers="about 300 a month")
    (decision,) = load_project(starter).decisions
    assert decision.name == "2026-10-01-free-repairs"
    assert decision.output_path == "decisions/2026-10-01-free-repairs.md"
    assert decision.meta.status == "accepted"
    assert decision.meta.customers_affected == "about 300 a month"
    assert decision.meta.answers["change-impact"].answer == "About 300 a month."
    assert decision.body.strip() == "We repair members' gear for free."


def test_not_applicable_with_a_reason_is_an_answer(starter: Path) -> None:
    _record(starter, answer="n/a: members only, and every member has been told")
    assert len(load_project(starter).decisions) == 1


def test_a_proposed_record_may_leave_answers_and_deciders_empty(starter: Path) -> None:
    path = _record(starter, status="proposed", answer="")
    path.write_text(path.read_text().replace("decided_by: [ceo]", "decided_by: []"))
    (decision,) = load_project(starter).decisions
    assert decision.meta.answers["change-impact"].answer == ""


def test_a_question_removed_from_the_bank_keeps_its_text_once_decided(starter: Path) -> None:
    extra = "  retired-question:\n    question: Did we ask the workshop first?\n    answer: Yes, twice.\n"
    _record(starter, extra=extra)
    (decision,) = load_project(starter).decisions
    assert decision.meta.answers["retired-question"].question == "Did we ask the workshop first?"
    # Removing the bank's own question later leaves the decided record valid.
    page = starter / "playbook" / "leader-questions.md"
    text = page.read_text()
    start = text.index("  - id: change-impact")
    end = text.index("  - id: idea-customer-value")
    page.write_text(text[:start] + text[end:])
    (decision,) = load_project(starter).decisions
    assert decision.meta.answers["change-impact"].question.startswith("How many customers")


def test_a_question_removed_from_the_bank_is_unknown_to_a_proposal(starter: Path) -> None:
    extra = "  retired-question:\n    question: Did we ask the workshop first?\n    answer: ''\n"
    _record(starter, status="proposed", extra=extra)
    (problem,) = problems_of(starter)
    assert str(problem).startswith(
        "decisions/2026-10-01-free-repairs.md:13:3: error: answers.retired-question: "
        "unknown question id 'retired-question'"
    )


def test_records_are_listed_newest_first(starter: Path) -> None:
    _record(starter, "2026-10-01-free-repairs")
    newer = _record(starter, "2026-10-02-free-repairs-for-all")
    newer.write_text(newer.read_text().replace("2026-10-01", "2026-10-02"))
    assert [d.name for d in load_project(starter).decisions] == [
        "2026-10-02-free-repairs-for-all",
        "2026-10-01-free-repairs",
    ]


def test_a_link_out_of_the_repository_is_refused(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\ndate: 2026-10-01\n---\nsecret\n")
    (starter / "decisions").mkdir()
    (starter / "decisions" / "2026-10-01-secret.md").symlink_to(outside)
    (problem,) = problems_of(starter)
    assert str(problem).startswith(
        "decisions/2026-10-01-secret.md:1:1: error: this is a link to a place outside"
    )


def test_the_decisions_folder_as_a_link_out_is_refused(starter: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (starter / "decisions").symlink_to(tmp_path / "elsewhere")
    (problem,) = problems_of(starter)
    assert str(problem).startswith("decisions:1:1: error: ")
    assert "outside the repository" in problem.message


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Raise the repair fee", "raise-the-repair-fee"),
        ("Raise the fee: £10 → £12!", "raise-the-fee-10-12"),
        ("Reparaturgebühr erhöhen", "reparaturgebühr-erhöhen"),
        ("修理料金の値上げ", "修理料金の値上げ"),
        ("!!!", "decision"),
        ("word " * 30, "-".join(["word"] * 12)),
    ],
)
def test_a_title_makes_a_short_name(title: str, slug: str) -> None:
    assert title_slug(title) == slug


def test_an_area_is_found_by_its_words_or_its_slug() -> None:
    areas = ["A new product or service", "A change to a product, process or policy", "採用"]
    assert find_area("a NEW product  or service", areas) == "A new product or service"
    assert find_area("a-change-to-a-product-process-or-policy", areas) is None
    assert find_area("a-change-to-a-product-process-or-policy", areas, by_slug=True) == areas[1]
    assert find_area("採用", areas, by_slug=True) == "採用"


def test_an_area_slug_keeps_the_letters_of_every_script() -> None:
    # 'Änderung' once lost its first letter, and a Japanese area got a number instead.
    area = "Eine Änderung an Produkt, Prozess oder Regel"
    assert area_slug(area) == "eine-änderung-an-produkt-prozess-oder-regel"
    assert find_area("eine-änderung-an-produkt-prozess-oder-regel", [area], by_slug=True) == area
    assert area_slug("既存の商品・手順の変更") == "既存の商品-手順の変更"
    assert area_slug("!!!") == ""


def test_each_rule_has_its_code(starter: Path) -> None:
    extra = "  idea-customer-value:\n    question: Does it add real value for the customer first?\n    answer: n/a\n"
    path = _record(starter, answer="", extra=extra)
    path.write_text(path.read_text().replace("decided_by: [ceo]\n", ""))
    codes = {p.path: p.code for p in problems_of(starter)}
    assert codes == {
        "decided_by": ProblemCode.DECISION_DECIDED_BY,
        "answers.change-impact.answer": ProblemCode.DECISION_UNANSWERED,
        "answers.idea-customer-value.answer": ProblemCode.DECISION_NO_REASON,
    }


@pytest.mark.parametrize("answers", ["answers: {}\n", ""])
def test_a_decision_taken_without_answers_is_refused(starter: Path, answers: str) -> None:
    path = _record(starter)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("answers:\n"), text.index("---\nWe repair")
    path.write_text(text[:start] + answers + text[end:], encoding="utf-8")
    problems = [p for p in problems_of(starter) if p.code is ProblemCode.DECISION_UNANSWERED]
    assert [p.location.file for p in problems] == ["decisions/2026-10-01-free-repairs.md"]
    assert "answers the leader questions of its area" in problems[0].message


def test_circles_of_thousands_of_records_are_found_in_one_walk() -> None:
    """Each record is walked once: a pull request of 20,000 records in one long chain
    ending in a circle of two is checked at once, not in a time growing with their cube."""
    count = 20_000
    successors = {f"r{n}": f"r{n + 1}" for n in range(count)}
    successors[f"r{count}"] = f"r{count - 1}"
    places = {name: Location(f"decisions/{name}.md") for name in successors}
    problems = check_succession(successors, places)
    assert sorted(p.location.file for p in problems) == [
        f"decisions/r{count - 1}.md",
        f"decisions/r{count}.md",
    ]
    assert f"(r{count} -> r{count - 1} -> r{count})" in problems[-1].message
