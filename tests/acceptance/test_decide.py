"""`vmv decide`: a new record for each area of the example, valid as written; the areas
named by their words or slugs; unknown areas and values, and names already taken, refused."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import yaml

from vmv.app.decide import bank_questions
from vmv.core.load.project import load_project

TODAY = datetime.date.today().isoformat()


def _front_matter(path: Path) -> dict[str, object]:
    front = path.read_text(encoding="utf-8").split("---\n")[1]
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


def test_a_record_for_each_area_of_the_example_is_valid(run, example: Path) -> None:
    questions = bank_questions(load_project(example))
    areas = list(dict.fromkeys(q.area for q in questions))
    assert len(areas) == 4
    for number, area in enumerate(areas):
        outcome = run(
            "--root", example, "decide", f"Decision {number}: in {area}", "--area", area,
            "--value", "customer-first", "--value", "own-it",
        )  # fmt: skip
        assert outcome.exit_code == 0, outcome.stderr
        name = outcome.stdout.strip()
        assert name.startswith(f"decisions/{TODAY}-decision-{number}-in-")
        data = _front_matter(example / name)
        assert data["title"] == f"Decision {number}: in {area}"
        assert data["date"] == datetime.date.today()
        assert data["status"] == "proposed"
        assert data["area"] == area
        assert data["values"] == ["customer-first", "own-it"]
        assert data["decided_by"] == []
        asked = {q.id: {"question": q.text, "answer": ""} for q in questions if q.area == area}
        assert data["answers"] == asked
    outcome = run("--root", example, "validate")
    assert outcome.exit_code == 0, outcome.stderr
    assert len(load_project(example).decisions) == 3 + 4


def test_an_area_by_its_slug_or_in_any_letter_case(run, starter: Path) -> None:
    for area in ("a-change-to-a-product-process-or-policy", "HIRING"):
        outcome = run("--root", starter, "decide", f"Decide on {area}", "--area", area)
        assert outcome.exit_code == 0, outcome.stderr
    areas = sorted(d.meta.area or "" for d in load_project(starter).decisions)
    assert areas == ["A change to a product, process or policy", "Hiring"]


def test_an_unknown_area_lists_the_areas(run, starter: Path) -> None:
    outcome = run("--root", starter, "decide", "Raise the repair fee", "--area", "A change in policy")
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        "vmv: error: --area: unknown area 'A change in policy'; the areas are: "
        "'A new product or service' (a-new-product-or-service); "
        "'A change to a product, process or policy' (a-change-to-a-product-process-or-policy); "
        "'An internal idea' (an-internal-idea); 'Hiring' (hiring)\n"
    )
    assert not (starter / "decisions").exists()


def test_an_unknown_value_is_refused(run, starter: Path) -> None:
    outcome = run("--root", starter, "decide", "Raise the fee", "--area", "hiring", "--value", "own-itt")
    assert outcome.exit_code == 2
    assert outcome.stderr == "vmv: error: --value: unknown value id 'own-itt' (did you mean 'own-it'?)\n"


def test_a_record_of_the_same_name_is_never_replaced(run, starter: Path) -> None:
    first = run("--root", starter, "decide", "Raise the repair fee", "--area", "hiring")
    assert first.exit_code == 0
    record = starter / first.stdout.strip()
    mine = record.read_text(encoding="utf-8").replace("title: Raise the repair fee", "title: Mine")
    record.write_text(mine, encoding="utf-8")
    again = run("--root", starter, "decide", "Raise the Repair Fee!", "--area", "An internal idea")
    assert again.exit_code == 2
    assert again.stderr == (
        f"vmv: error: decisions/{TODAY}-raise-the-repair-fee.md already exists: "
        "give the decision another title, or edit that record\n"
    )
    assert record.read_text(encoding="utf-8") == mine


def test_a_planted_link_is_never_written_through(run, starter: Path, tmp_path: Path) -> None:
    (starter / "decisions").mkdir()
    target = tmp_path / "bashrc"
    target.write_text("mine\n")
    (starter / "decisions" / f"{TODAY}-raise-the-repair-fee.md").symlink_to(target)
    outcome = run("--root", starter, "decide", "Raise the repair fee", "--area", "hiring")
    assert outcome.exit_code == 1  # the link is a problem of the repository, found first
    assert target.read_text() == "mine\n"


def test_a_decisions_folder_leading_out_is_refused(run, starter: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (starter / "decisions").symlink_to(tmp_path / "elsewhere")
    outcome = run("--root", starter, "decide", "Raise the repair fee", "--area", "hiring")
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("decisions:1:1: error: ")
    assert os.listdir(tmp_path / "elsewhere") == []
