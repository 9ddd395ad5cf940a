"""`vmv diff` says which translations a change makes stale, in the pull-request report and
in JSON; a trivial edit (the diff's patch) makes none stale."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from vmv.app.translate import translate


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        check=True,
        capture_output=True,
    )


def _translate(root: Path, language: str, texts: dict[str, object]) -> None:
    translate(root, language)
    file = root / "translations" / f"{language}.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    for path, text in texts.items():
        data["items"][path]["text"] = text
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_report_counts_the_items_a_change_makes_stale_per_language(run, starter: Path) -> None:
    _translate(
        starter,
        "de",
        {
            "values[customer-first].name": "Kunde zuerst",
            "values[customer-first].statement": "Wir fragen zuerst, was für den Kunden richtig ist.",
            "values[customer-first].why": "Kunden merken sofort, wem wir dienen.",
            "values[customer-first].behaviors.do": ["Nenne die Kunden.", "Löse erst das Problem."],
            "vision": "Eine Welt, in der jeder Kunde gewinnt.",
        },
    )
    _translate(
        starter,
        "ja",
        {
            "values[customer-first].statement": "私たちはまずお客様にとって正しいことを問います。",
            "values[customer-first].behaviors.do": ["お客様を名指しする。", "まず問題を解決する。"],
        },
    )
    _git(starter, "init", "-q", "-b", "main")
    _git(starter, "add", "-A")
    _git(starter, "commit", "-qm", "first")
    vmv_yaml = starter / "vmv.yaml"
    text = vmv_yaml.read_text(encoding="utf-8")
    for old, new in (
        ("name: Customer First", "name: Customer first"),  # letter case: a patch
        ("before we ask what is right for us.", "before we ask what is right for the business."),
        ("serving them or our own process.", "serving them or our own process and rules."),
        ("Fix the customer's problem first", "Solve the customer's problem first"),
        ("A world where every customer", "A world where every  customer"),  # white space: a patch
    ):
        assert old in text
        text = text.replace(old, new)
    vmv_yaml.write_text(text, encoding="utf-8")
    _git(starter, "commit", "-qam", "second")

    report = run("--root", starter, "diff", "HEAD~1", "HEAD")
    assert report.exit_code == 0, report.stderr
    assert "**Translations this change makes stale:** 3 German and 2 Japanese items.\n" in report.stdout
    assert (
        "- de: `values[customer-first].statement`, `values[customer-first].why`, "
        "`values[customer-first].behaviors.do`\n"
    ) in report.stdout

    payload = json.loads(run("--root", starter, "diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    assert payload["stale_translations"] == {
        "de": [
            "values[customer-first].statement",
            "values[customer-first].why",
            "values[customer-first].behaviors.do",
        ],
        "ja": ["values[customer-first].statement", "values[customer-first].behaviors.do"],
    }


def test_a_change_that_brings_its_translation_along_makes_nothing_stale(run, starter: Path) -> None:
    _translate(starter, "de", {"values[customer-first].name": "Kunde zuerst"})
    _git(starter, "init", "-q", "-b", "main")
    _git(starter, "add", "-A")
    _git(starter, "commit", "-qm", "first")
    vmv_yaml = starter / "vmv.yaml"
    vmv_yaml.write_text(vmv_yaml.read_text().replace("name: Customer First", "name: Customers First"))
    assert (
        run("--root", starter, "translate", "de", "--mark-current", "values[customer-first].name").exit_code
        == 0
    )
    _git(starter, "commit", "-qam", "second")
    report = run("--root", starter, "diff", "HEAD~1", "HEAD")
    assert "Translations this change makes stale" not in report.stdout
    payload = json.loads(run("--root", starter, "diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    assert payload["stale_translations"] == {}
