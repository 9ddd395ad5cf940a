"""`vmv translate`: creating and completing a translation, marking items current, the
status in text and JSON, and the problems of translation files, at their lines."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from vmv.core.load.project import load_project
from vmv.core.translations.items import source_items


def _fingerprints(root: Path) -> dict[str, str]:
    project = load_project(root, with_translations=False)
    return {item.path: item.fingerprint for item in source_items(project.document, project.pages)}


def _translation(root: Path, language: str = "de") -> dict:
    return yaml.safe_load((root / "translations" / f"{language}.yaml").read_text(encoding="utf-8"))


def test_translate_creates_the_file_with_every_item_untranslated(run, starter: Path) -> None:
    outcome = run("--root", starter, "translate", "de")
    assert outcome.exit_code == 0, outcome.stderr
    fingerprints = _fingerprints(starter)
    items = {path: fp for path, fp in fingerprints.items() if not path.startswith("playbook/")}
    assert (
        outcome.stdout == f"created translations/de.yaml: 0 current, 0 stale, {len(fingerprints)} missing\n"
    )
    data = _translation(starter)
    assert data["language"] == "de"
    assert {path: entry["source"] for path, entry in data["items"].items()} == items
    assert data["items"]["values[customer-first].statement"]["text"] == ""
    assert data["items"]["values[customer-first].behaviors.do"]["text"] == []


def test_translate_again_adds_what_is_missing_and_keeps_the_rest(run, starter: Path) -> None:
    run("--root", starter, "translate", "de")
    file = starter / "translations" / "de.yaml"
    text = file.read_text(encoding="utf-8")
    head, _, rest = text.partition("items:\n")
    kept = (
        head
        + "# Von Hand übersetzt.\nitems:\n"
        + '  "values[customer-first].name":   # der Name\n'
        + "    source: 0badf00d\n"
        + "    text: Kunde zuerst\n"
    )
    file.write_text(kept, encoding="utf-8")
    outcome = run("--root", starter, "translate", "de")
    assert outcome.exit_code == 0, outcome.stderr
    total = len(_fingerprints(starter))
    missing = total - 1
    assert outcome.stdout == (
        f"added {missing - 1} items to translations/de.yaml: 0 current, 1 stale, {missing} missing\n"
    )
    updated = file.read_text(encoding="utf-8")
    assert updated.startswith(kept)
    data = _translation(starter)
    assert data["items"]["values[customer-first].name"] == {"source": "0badf00d", "text": "Kunde zuerst"}
    assert len(data["items"]) == len(rest.split("source:")) - 1
    again = run("--root", starter, "translate", "de")
    assert again.stdout.startswith("checked translations/de.yaml: ")
    assert file.read_text(encoding="utf-8") == updated


def test_mark_current_sets_the_source_of_translated_items(run, starter: Path) -> None:
    run("--root", starter, "translate", "de")
    file = starter / "translations" / "de.yaml"
    fingerprints = _fingerprints(starter)
    text = file.read_text(encoding="utf-8").replace(
        f'"vision":\n    source: {fingerprints["vision"]}\n    text: ""',
        '"vision":\n    source: 0badf00d  # übersetzt im Mai\n    text: Eine Welt, in der jeder Kunde gewinnt.',
    )
    file.write_text(text, encoding="utf-8")
    status = run("--root", starter, "translate", "status", "de")
    assert "  stale    vision\n" in status.stdout
    outcome = run("--root", starter, "translate", "de", "--mark-current", "vision", "mission")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == "marked 2 items current in the translation into de\n"
    assert outcome.stderr == "mission has no text yet: it stays missing\n"
    updated = file.read_text(encoding="utf-8")
    assert f"    source: {fingerprints['vision']}  # übersetzt im Mai\n" in updated
    assert (
        json.loads(run("--root", starter, "translate", "status", "de", "--format", "json").stdout)["summary"][
            "current"
        ]
        == 1
    )


def test_mark_current_refuses_what_is_no_item(run, starter: Path) -> None:
    run("--root", starter, "translate", "de")
    outcome = run("--root", starter, "translate", "de", "--mark-current", "values[customer-frist].name")
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        "vmv: error: 'values[customer-frist].name' is no item of the source "
        "(did you mean 'values[customer-first].name'?)\n"
    )


def test_a_page_is_marked_current_in_its_own_file(run, starter: Path) -> None:
    run("--root", starter, "translate", "de")
    page = starter / "playbook" / "leader-questions.de.md"
    page.write_text("---\nsource: 0badf00d\n---\n# Fragen für Führungskräfte\n", encoding="utf-8")
    assert "  stale    playbook/leader-questions.md\n" in run("--root", starter, "translate", "status").stdout
    outcome = run("--root", starter, "translate", "de", "--mark-current", "playbook/leader-questions.de.md")
    assert outcome.exit_code == 0, outcome.stderr
    fingerprint = _fingerprints(starter)["playbook/leader-questions.md"]
    assert (
        page.read_text(encoding="utf-8") == f"---\nsource: {fingerprint}\n---\n# Fragen für Führungskräfte\n"
    )


def test_status_in_text_and_json(run, starter: Path) -> None:
    run("--root", starter, "translate", "de")
    run("--root", starter, "translate", "ja")
    fingerprints = _fingerprints(starter)
    file = starter / "translations" / "de.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            f'"vision":\n    source: {fingerprints["vision"]}\n    text: ""',
            f'"vision":\n    source: {fingerprints["vision"]}\n    text: Eine Welt',
        ),
        encoding="utf-8",
    )
    text = run("--root", starter, "translate", "status")
    assert text.exit_code == 0
    total = len(fingerprints)
    assert text.stdout.startswith(f"de (German): 1 current, 0 stale, {total - 1} missing\n  missing  ")
    assert f"ja (Japanese): 0 current, 0 stale, {total} missing\n" in text.stdout
    outcome = run("--root", starter, "translate", "status", "de", "ja", "--format", "json")
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert len(lines) == 2
    german = json.loads(lines[0])
    assert german["language"] == "de"
    assert german["summary"] == {"current": 1, "stale": 0, "missing": total - 1}
    assert {"path": "vision", "state": "current"} in german["items"]
    assert {"path": "playbook/leader-questions.md", "state": "missing"} in german["items"]
    assert [item["path"] for item in german["items"]] == list(fingerprints)
    assert json.loads(lines[1])["language"] == "ja"


def test_status_of_a_language_not_started(run, starter: Path) -> None:
    outcome = run("--root", starter, "translate", "status", "fr", "--format", "json")
    assert outcome.exit_code == 0
    assert json.loads(outcome.stdout)["summary"]["current"] == 0


def test_no_translation_into_the_site_language(run, starter: Path) -> None:
    outcome = run("--root", starter, "translate", "en")
    assert outcome.exit_code == 2
    assert "'en' is the site's own language" in outcome.stderr
    assert not (starter / "translations").exists()
    assert run("--root", starter, "translate", "Deutsch").exit_code == 2


BROKEN = """\
language: fr
items:
  "values[customer-first].name":
    source: 0badf00d
    txt: Kunde zuerst
  "values[customer-first].statment":
    source: 0badf00d
    text: Wir fragen zuerst.
  "values[customer-first].statement":
    source: 0badf00d
    text: |
      Zwei
      Zeilen
  "values[customer-first].behaviors.do":
    source: 0badf00d
    text: Eine Liste ist es nicht
  "vision": Eine Welt
colour: blue
"""


def test_problems_of_a_translation_file_at_their_lines(run, starter: Path) -> None:
    (starter / "translations").mkdir()
    (starter / "translations" / "de.yaml").write_text(BROKEN, encoding="utf-8")
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 1
    assert outcome.stderr == (
        "translations/de.yaml:1:11: error: language: the language is 'fr', but the file is "
        "translations/de.yaml; write 'language: de', or rename the file to translations/fr.yaml\n"
        "translations/de.yaml:5:5: error: items.values[customer-first].name.txt: unknown key 'txt' "
        "(did you mean 'text'?); an item of a translation has only source and text\n"
        "translations/de.yaml:6:3: warning: items.values[customer-first].statment: no such item in the "
        "source: it was removed, or its id changed (did you mean 'values[customer-first].statement'?); "
        "move its text to the item's new path, or remove it\n"
        "translations/de.yaml:11:11: error: items.values[customer-first].statement.text: expected text "
        "on one line, as in the source, found text on 2 lines\n"
        "translations/de.yaml:16:11: error: items.values[customer-first].behaviors.do.text: expected a "
        "list of 2 texts, as in the source, found 'Eine Liste ist es nicht'\n"
        "translations/de.yaml:17:13: error: items.vision: expected a mapping with source: and text:, "
        "found 'Eine Welt'\n"
        "translations/de.yaml:18:1: error: colour: unknown key 'colour'\n"
        "vmv: 6 errors, 1 warning\n"
    )


def test_the_example_company_reads_mostly_in_german(run, example: Path) -> None:
    outcome = run("--root", example, "translate", "status", "de", "--format", "json")
    assert outcome.exit_code == 0 and outcome.stderr == ""
    status = json.loads(outcome.stdout)
    summary = status["summary"]
    assert summary["stale"] == 1 and 0 < summary["missing"] <= 10 and summary["current"] > 300
    assert {"path": "playbook/new-hire-guide.md", "state": "current"} in status["items"]
