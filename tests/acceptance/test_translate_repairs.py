"""`vmv translate` in a repository with mistakes: marking current repairs a fingerprint
written wrong, and what no translation holds (a decision in the making, a reworded label)
never stops a translator."""

from __future__ import annotations

import json
from pathlib import Path

import yaml


def _start(run, root: Path) -> None:
    assert run("--root", root, "translate", "de").exit_code == 0
    data = yaml.safe_load((root / "translations" / "de.yaml").read_text(encoding="utf-8"))
    data["items"]["vision"].update(source=12345678, text="Eine Welt, in der jeder Kunde gewinnt.")
    (root / "translations" / "de.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = "---\nsource: 00000000\n---\n\nFragen Sie dies, bevor Sie entscheiden.\n"
    (root / "playbook" / "leader-questions.de.md").write_text(page, encoding="utf-8")


def test_marking_current_replaces_a_fingerprint_read_as_a_number(run, starter: Path) -> None:
    _start(run, starter)
    refused = run("--root", starter, "validate")
    assert refused.exit_code == 1 and "put it in quotes" in refused.stderr
    outcome = run(
        "--root", starter, "translate", "de", "--mark-current", "vision", "playbook/leader-questions.md"
    )
    assert (outcome.exit_code, outcome.stdout) == (0, "marked 2 items current in the translation into de\n")
    assert run("--root", starter, "validate").exit_code == 0
    status = json.loads(run("--root", starter, "translate", "status", "--format", "json").stdout)
    states = {item["path"]: item["state"] for item in status["items"]}
    assert states["vision"] == states["playbook/leader-questions.md"] == "current"


def test_a_decision_or_a_label_in_the_making_does_not_stop_a_translator(run, starter: Path) -> None:
    _start(run, starter)
    labels = '\nlabels:\n  en:\n    decisions.count_other: "{shwn} of {total} decisions"\n'
    (starter / "vmv.yaml").write_text((starter / "vmv.yaml").read_text(encoding="utf-8") + labels)
    (starter / "decisions").mkdir()
    record = "---\ntitle: Raise the fee\ndate: 2026-11-20\nstatus: accepted\nsuperseded_by: nowhere\n---\n"
    (starter / "decisions" / "2026-11-20-raise-the-fee.md").write_text(record, encoding="utf-8")
    assert run("--root", starter, "validate").exit_code == 1
    marked = run(
        "--root", starter, "translate", "de", "--mark-current", "vision", "playbook/leader-questions.md"
    )
    assert marked.exit_code == 0, marked.stderr
    status = run("--root", starter, "translate", "status", "de")
    assert status.exit_code == 0, status.stderr
    assert status.stdout.startswith("de (German): 2 current, 0 stale, ")
