"""The one git wrapper: its policy for failures, and that nothing else runs git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import vmv
from vmv.errors import UsageError
from vmv.repo.git import Git, GitMissing, edition_tags, last_changed


def _repository(folder: Path) -> Path:
    folder.mkdir()
    for step in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "start"]):
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-C", str(folder), *step],
            check=True,
            capture_output=True,
        )
    return folder


@pytest.fixture
def no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without git: nothing on PATH."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_a_question_git_answers_by_failing_is_a_value(tmp_path: Path) -> None:
    git = Git(_repository(tmp_path / "acme"))
    assert git.succeeds("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    assert not git.succeeds("rev-parse", "--verify", "--quiet", "no-such-branch")
    assert git.output("rev-parse", "--verify", "--quiet", "no-such-branch") == ""
    assert git.output("log", "--format=%s") == "start\n"


def test_a_command_that_must_succeed_says_what_failed_in_git_s_words(tmp_path: Path) -> None:
    git = Git(_repository(tmp_path / "acme"))
    with pytest.raises(UsageError) as caught:
        git.run("archive", "no-such-branch", failure="git could not read 'no-such-branch'")
    assert str(caught.value).startswith("git could not read 'no-such-branch': fatal: ")
    assert "\n" not in str(caught.value)


def test_commands_run_in_the_folder_given_never_in_the_process_s(tmp_path: Path) -> None:
    inside = _repository(tmp_path / "acme")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert Git(inside).succeeds("rev-parse", "--git-dir")
    assert not Git(outside).succeeds("rev-parse", "--git-dir")


@pytest.mark.usefixtures("no_git")
def test_git_missing_is_one_usage_error(tmp_path: Path) -> None:
    with pytest.raises(GitMissing) as caught:
        Git(tmp_path).output("status")
    assert str(caught.value) == "git is not installed (or not on PATH); install it"
    assert caught.value.exit_code == 2


@pytest.mark.usefixtures("no_git")
def test_without_git_a_site_has_no_history_instead_of_an_error(tmp_path: Path) -> None:
    assert last_changed(tmp_path, ["vmv.yaml"]) == {}
    assert edition_tags(tmp_path) == []


@pytest.mark.usefixtures("no_git")
def test_commands_that_need_git_say_so_in_one_line(run, starter: Path) -> None:
    compared = run("--root", starter, "diff", "HEAD~1", "HEAD")
    assert (compared.exit_code, compared.stdout) == (2, "")
    assert compared.stderr == (
        "vmv: error: git is not installed (or not on PATH); install it, "
        "or pass paths to vmv.yaml files instead of revisions\n"
    )
    published = run("--root", starter, "publish")
    assert (published.exit_code, published.stderr) == (
        2,
        "vmv: error: git is not installed (or not on PATH); install it\n",
    )


@pytest.mark.usefixtures("no_git")
def test_init_without_git_makes_the_files_without_a_history(run, tmp_path: Path) -> None:
    outcome = run("init", tmp_path / "acme")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.startswith(f"created 7 files in {tmp_path / 'acme'}; next: ")
    assert not (tmp_path / "acme" / ".git").exists()


def test_only_the_wrapper_runs_git() -> None:
    package = Path(vmv.__file__).parent
    running_git = re.compile(r"""\[\s*["']git["']""")
    found = sorted(
        module.relative_to(package).as_posix()
        for module in package.rglob("*.py")
        if running_git.search(module.read_text(encoding="utf-8"))
    )
    assert found == ["repo/git.py"]


def test_nothing_changes_the_process_s_folder() -> None:
    """mike needs a current folder: it gets one in a child process (editions/publish.py)."""
    package = Path(vmv.__file__).parent
    found = sorted(
        module.relative_to(package).as_posix()
        for module in package.rglob("*.py")
        if "chdir(" in module.read_text(encoding="utf-8")
    )
    assert found == []
