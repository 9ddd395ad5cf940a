"""The command line: exit codes, exact stderr, formats, help on every command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import DATA, REPOSITORY
from vmv.cli import main


def test_validate_the_example(run, example: Path) -> None:
    outcome = run("--root", example, "validate")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == ""
    assert re.fullmatch(
        r"valid: edition \d+\.\d+\.\d+, \d+ values, \d+ playbook pages, \d+ questions, "
        r"\d+ standards, \d+ pages to build\n",
        outcome.stdout,
    )


def _break(root: Path) -> None:
    """Two mistakes: an approver who is not an owner, and a misspelt key."""
    shutil.rmtree(root / "playbook")
    text = (DATA / "invalid" / "unknown-key.yaml").read_text()
    (root / "vmv.yaml").write_text(text.replace("approved_by: [ceo]", "approved_by: [cfo]"))


def test_validate_prints_every_problem_then_a_count(run, starter: Path) -> None:
    _break(starter)
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert outcome.stderr == (
        "vmv.yaml:7:17: error: edition.approved_by[0]: unknown owner id 'cfo' (did you mean 'ceo'?)\n"
        "vmv.yaml:17:5: error: values[0]: unknown key 'behaviours' (did you mean 'behaviors'?)\n"
        "vmv: 2 errors\n"
    )


def test_validate_json(run, starter: Path) -> None:
    _break(starter)
    outcome = run("--root", starter, "validate", "--format", "json")
    assert outcome.exit_code == 1
    payload = json.loads(outcome.stdout)
    assert payload["valid"] is False
    assert payload["problems"][1] == {
        "file": "vmv.yaml",
        "line": 17,
        "column": 5,
        "severity": "error",
        "code": "field-unknown",
        "path": "values[0]",
        "message": "unknown key 'behaviours' (did you mean 'behaviors'?)",
        "expected": None,
        "found": None,
        "suggestion": "behaviors",
        "hint": None,
    }


def test_validate_github_annotations(run, starter: Path) -> None:
    _break(starter)
    outcome = run("--root", starter, "validate", "--format", "github")
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[1] == (
        "::error file=vmv.yaml,line=17,col=5::values[0]: unknown key 'behaviours' (did you mean 'behaviors'?)"
    )


def test_build_reports_and_exits_1_without_traceback(run, starter: Path) -> None:
    (starter / "vmv.yaml").write_bytes(b"\xff\xfe broken")
    outcome = run("--root", starter, "build")
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.stderr
    assert outcome.stderr.startswith("vmv.yaml:1:1: error: the file is not valid UTF-8 (byte 0xff)")


def test_build_writes_the_site(run, starter: Path) -> None:
    outcome = run("--root", starter, "build", "-d", "public")
    assert outcome.exit_code == 0, outcome.stderr
    assert re.fullmatch(r"built \d+ pages into public in \d+\.\d s\n", outcome.stdout)
    assert (starter / "public" / "index.html").is_file()


def test_build_refusing_a_folder_is_a_usage_error(run, starter: Path) -> None:
    outcome = run("--root", starter, "build", "-d", ".")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("vmv: error: the output folder ")


def test_init_creates_a_repository_that_validates_and_builds(run, tmp_path: Path) -> None:
    target = tmp_path / "acme"
    outcome = run("init", target)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == (
        f"created 7 files in {target} and a git repository with them as its first commit; "
        f"next: cd {target} && vmv serve\n"
    )
    history = subprocess.run(
        ["git", "-C", str(target), "log", "--format=%s"], capture_output=True, text=True, check=True
    )
    assert history.stdout == "Start the VMV playbook from vmv's starter\n"
    status = subprocess.run(
        ["git", "-C", str(target), "status", "--porcelain"], capture_output=True, text=True
    )
    assert status.stdout == ""
    names = sorted(
        p.relative_to(target).as_posix()
        for p in target.rglob("*")
        if p.is_file() and not p.relative_to(target).as_posix().startswith(".git/")
    )
    assert names == [
        ".github/CODEOWNERS",
        ".github/workflows/vmv.yml",
        ".gitignore",
        "mkdocs.yml",
        "playbook/leader-questions.md",
        "vmv.schema.json",
        "vmv.yaml",
    ]
    assert run("--root", target, "validate").exit_code == 0
    assert run("--root", target, "build").exit_code == 0
    assert (target / "site" / "values" / "customer-first" / "index.html").is_file()


def test_init_refuses_a_folder_with_files(run, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    outcome = run("init", tmp_path)
    assert outcome.exit_code == 2
    assert "already exists and is not empty" in outcome.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_unknown_command_is_a_usage_error(run) -> None:
    assert run("publsh").exit_code == 2


def test_every_command_has_help_and_is_in_the_readme(run) -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        outcome = run(name, "--help")
        assert outcome.exit_code == 0
        assert f"vmv {name}" in readme, name


def test_commands_find_the_repository_from_a_subfolder(run, starter: Path, monkeypatch) -> None:
    nested = starter / "playbook" / "teams"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    outcome = run("validate")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.startswith("valid: edition ")


def test_an_explicit_root_is_taken_as_given(run, starter: Path, monkeypatch) -> None:
    nested = starter / "playbook"
    monkeypatch.chdir(starter)
    outcome = run("--root", nested, "validate")
    assert outcome.exit_code == 1
    assert "error: no vmv.yaml in " in outcome.stderr


def test_init_inside_a_git_repository_makes_no_second_one(run, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    outcome = run("init", tmp_path / "vmv")
    assert outcome.exit_code == 0, outcome.stderr
    assert "git repository" not in outcome.stdout
    assert not (tmp_path / "vmv" / ".git").exists()


def test_recognize_records_a_story(run, starter: Path) -> None:
    outcome = run(
        "--root", starter, "recognize", "--value", "own-it", "--person", "Sam Patel, Leeds",
        "--story", "Stayed to fix the till.", "--date", "2026-11-03",
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == "recorded in recognition/2026-11.yaml, line 2\n"
    assert "who: Sam Patel, Leeds" in (starter / "recognition" / "2026-11.yaml").read_text()
    assert run("--root", starter, "validate").exit_code == 0


def test_recognize_reports_bad_arguments_as_arguments(run, starter: Path) -> None:
    outcome = run(
        "--root", starter, "recognize", "--value", "own-itt", "--person", "Sam", "--story", " ",
    )  # fmt: skip
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        "vmv: error: --value: unknown value id 'own-itt' (did you mean 'own-it'?); "
        "--story: expected non-empty text, found empty text\n"
    )
    assert not list(starter.glob("recognition/*.yaml"))


def test_output_folder_is_where_the_user_is(run, starter: Path, monkeypatch) -> None:
    monkeypatch.chdir(starter / "playbook")
    outcome = run("build", "-d", "../public")
    assert outcome.exit_code == 0, outcome.stderr
    assert (starter / "public" / "index.html").is_file()


def test_init_refuses_a_folder_inside_another_repositorys_playbook(run, starter: Path) -> None:
    outcome = run("init", starter / "playbook" / "newco")
    assert outcome.exit_code == 2
    assert "is inside playbook/ of the repository" in outcome.stderr
    assert not (starter / "playbook" / "newco").exists()
