"""The pull-request workflow and pre-commit hook that `vmv init` and this repository ship.

actionlint does not install from the registries this project reaches, so the
workflow is parsed here, and every vmv command it runs is run in a test.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

import vmv
from tests.conftest import REPOSITORY
from vmv.cli import main
from vmv.core.inputs import INPUTS

WORKFLOW = Path(vmv.__file__).parent / "app" / "starter" / "dot-github" / "workflows" / "vmv.yml"


def _workflow() -> dict[Any, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as True (YAML 1.1).
    assert set(workflow) == {"name", True, "permissions", "concurrency", "jobs"}
    assert workflow[True]["pull_request"]["paths"][0] == "vmv.yaml"
    return dict(workflow)


def _steps(job: str = "review") -> list[dict[str, Any]]:
    return list(_workflow()["jobs"][job]["steps"])


def _vmv_commands() -> list[list[str]]:
    commands = []
    for step in _steps():
        for line in str(step.get("run", "")).split("\n"):
            match = re.search(r"\bvmv (\w+)([^>|]*)", line)
            if match and "pip install" not in line:
                commands.append([match.group(1), *shlex.split(match.group(2))])
    return commands


def test_workflow_runs_commands_that_exist() -> None:
    commands = _vmv_commands()
    assert [c[0] for c in commands] == ["validate", "diff", "build"]
    for name, *arguments in commands:
        command = main.commands[name]
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert {a for a in arguments if a.startswith("-")} <= options, name


def test_workflow_installs_this_version() -> None:
    install = next(str(s["run"]) for s in _steps() if "pip install" in str(s.get("run", "")))
    assert f'"vmv=={vmv.__version__}"' in install


def test_workflow_uses_checkout_with_full_history() -> None:
    checkout = next(s for s in _steps() if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}


def test_every_workflow_command_runs_on_a_new_repository(run, starter: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-C", str(starter), *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    vmv_yaml = starter / "vmv.yaml"
    vmv_yaml.write_text(
        vmv_yaml.read_text()
        .replace("version: 1.0.0", "version: 1.1.0")
        .replace(
            "statement: We promise only what we can deliver", "statement: We promise only what we can do"
        )
    )
    git("commit", "-qam", "change")
    for name, *arguments in _vmv_commands():
        arguments = ["HEAD~1" if a == "$BASE" else a for a in arguments]
        outcome = run("--root", starter, name, *arguments)
        assert outcome.exit_code == 0, (name, outcome.stderr)
    assert (starter / "site" / "index.html").is_file()


def test_pre_commit_hook_runs_validate_on_vmv_files() -> None:
    (hook,) = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "vmv-validate"
    assert hook["entry"] == "vmv validate" and "validate" in main.commands
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in (
        "vmv.yaml",
        "mkdocs.yml",
        "playbook/hiring.md",
        "templates/home.md.j2",
        ".github/CODEOWNERS",
    ):
        assert files.search(path), path
    for path in ("README.md", "src/app.py", "docs/guide.md"):
        assert not files.search(path), path


def _diff_step() -> str:
    return next(str(s["run"]) for s in _steps() if s.get("id") == "diff")


def _run_step(script: str, cwd: Path, base: str) -> tuple[str, str]:
    output = cwd / "github-output.txt"
    environment = {
        **os.environ,
        "BASE": base,
        "GITHUB_OUTPUT": str(output),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=environment, check=True, capture_output=True)
    return (cwd / "vmv-diff.md").read_text(encoding="utf-8"), output.read_text()


def test_the_diff_step_writes_a_comment_with_its_marker(starter: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-C", str(starter), *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    git("init", "-q", "-b", "main")
    (starter / "README.txt").write_text("before the VMV\n")
    git("add", "README.txt")
    git("commit", "-qm", "before")
    first = git("rev-parse", "HEAD")
    git("add", "-A")
    git("commit", "-qm", "add the VMV")
    report, output = _run_step(_diff_step(), starter, first)
    assert report.startswith("<!-- vmv-diff -->\n## VMV changes\n\nThe base branch has no vmv.yaml yet")
    assert output.strip() == "status=0"
    vmv_yaml = starter / "vmv.yaml"
    vmv_yaml.write_text(
        vmv_yaml.read_text().replace("We promise only what we can deliver", "We promise what we can")
    )
    git("commit", "-qam", "reword without a new version")
    report, output = _run_step(_diff_step(), starter, "HEAD~1")
    assert report.startswith("<!-- vmv-diff -->\n## VMV changes 1.0.0 → 1.0.0: **minor**")
    assert "> vmv: error: edition.version must be at least 1.1.0" in report
    assert output.strip().split("\n")[-1] == "status=1"


# -- least privilege (issue #13) ---------------------------------------------------------


def test_every_job_names_only_the_permissions_it_needs() -> None:
    workflow = _workflow()
    assert workflow["permissions"] == {}
    assert {name: job["permissions"] for name, job in workflow["jobs"].items()} == {
        "review": {"contents": "read"},
        "comment": {"pull-requests": "write"},
    }


def test_the_job_that_reads_the_pull_request_holds_no_secret() -> None:
    review = yaml.safe_dump(_workflow()["jobs"]["review"])
    assert "secrets." not in review and "github.token" not in review and "GH_TOKEN" not in review


def test_the_commenting_job_never_runs_the_pull_requests_content() -> None:
    jobs = _workflow()["jobs"]
    comment = jobs["comment"]
    assert comment["needs"] == "review"
    uses = [str(step["uses"]).split("@")[0] for step in comment["steps"] if "uses" in step]
    assert uses == ["actions/download-artifact"]
    scripts = "\n".join(str(step.get("run", "")) for step in comment["steps"])
    for forbidden in ("vmv ", "pip ", "python", "git ", "source ", "eval ", "bash ", "sh ", "-F body"):
        assert forbidden not in scripts, forbidden
    downloaded = next(s for s in comment["steps"] if "uses" in s)["with"]["name"]
    uploaded = [s["with"]["name"] for s in jobs["review"]["steps"] if "upload-artifact" in str(s.get("uses"))]
    assert downloaded in uploaded


def test_no_expression_is_pasted_into_a_script() -> None:
    """Titles, branch names and bodies are the author's text: a `${{ }}` inside `run:` would
    paste it into the shell. Values reach scripts through `env:` only."""
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in str(step.get("run", "")), step.get("name")
    text = WORKFLOW.read_text(encoding="utf-8")
    for field in ("title", "body", "head.ref", "head_ref", "label"):
        assert not re.search(rf"\$\{{\{{[^}}]*\b{re.escape(field)}\b", text), field


def test_actions_are_pinned_to_full_commit_ids_with_their_release_named() -> None:
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").split("\n") if "uses:" in line]
    assert len(lines) == 5
    for line in lines:
        assert re.fullmatch(r"\s*- uses: actions/[a-z-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+", line), line


def _input_patterns() -> list[str]:
    return [f"{item.path}/**" if item.folder else item.path for item in INPUTS]


def test_every_input_triggers_the_review() -> None:
    """The workflow is a file in the starter, not made from INPUTS: this keeps them together."""
    paths = _workflow()[True]["pull_request"]["paths"]
    assert sorted(paths) == sorted([*_input_patterns(), ".github/workflows/vmv.yml"])


def test_every_input_runs_the_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    for pattern in _input_patterns():
        path = pattern.replace("**", "page.md")
        assert files.search(path), path


def _fake_gh(folder: Path) -> Path:
    """A `gh` that records its arguments and the JSON it is given, and lists no comment."""
    script = folder / "gh"
    script.write_text(
        "#!/bin/bash\n"
        'printf "%s\\n" "$*" >> "$GH_LOG"\n'
        'for a in "$@"; do if [ "$prev" = --input ]; then cp "$a" "$GH_LOG.json"; fi; prev=$a; done\n'
    )
    script.chmod(0o755)
    return script


def test_the_comment_is_posted_as_data_whatever_the_report_holds(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    marker = tmp_path / "pwned"
    hostile = f"<!-- vmv-diff -->\n$(touch {marker}) `touch {marker}` ${{{{ secrets.X }}}} \\' \"\n"
    (tmp_path / "report" / "vmv-diff.md").write_text(hostile + "x" * 100_000, encoding="utf-8")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    _fake_gh(bin_folder)
    (step,) = [s for s in _steps("comment") if "run" in s]
    log = tmp_path / "gh.log"
    environment = {
        **os.environ,
        "GH_LOG": str(log),
        "PR": "7",
        "GITHUB_REPOSITORY": "acme/vmv",
        "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=environment, check=True)
    assert not marker.exists()
    calls = log.read_text().splitlines()
    assert calls[-1] == "api --method POST repos/acme/vmv/issues/7/comments --input comment.json"
    body = json.loads((tmp_path / "gh.log.json").read_text(encoding="utf-8"))["body"]
    assert body.startswith(hostile) and len(body.encode("utf-8")) == 65_000
