"""Loader: one case per kind of mistake, each with the exact lines a user sees.

Each `data/invalid/NAME.yaml` is a whole vmv.yaml and `NAME.expected` the exact
problem lines; each `data/invalid-pages/NAME.md` is a playbook page added to a
starter repository. `pytest --update-goldens` rewrites the expected files; the
diff of a pull request is then the review.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import DATA
from vmv.app.pipeline import check
from vmv.core.load.project import load_project
from vmv.errors import InvalidInput, Problem, format_text, sort_problems

LINE_FORMAT = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): (\S+: )?.+$")
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
INVALID_PAGES = sorted((DATA / "invalid-pages").glob("*.md"))


def problems_of(root: Path) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        check(root)
    return sort_problems(caught.value.problems)


def compare(problems: list[Problem], expected_file: Path, update: bool) -> None:
    text = format_text(problems)
    if update:
        expected_file.write_text(text, encoding="utf-8")
    assert text == expected_file.read_text(encoding="utf-8")
    for line in text.splitlines():
        assert LINE_FORMAT.match(line), line


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_vmv_yaml(case: Path, starter: Path, update_goldens: bool) -> None:
    shutil.rmtree(starter / "playbook")
    shutil.copy(case, starter / "vmv.yaml")
    compare(problems_of(starter), case.with_suffix(".expected"), update_goldens)


@pytest.mark.parametrize("case", INVALID_PAGES, ids=lambda p: p.stem)
def test_invalid_playbook_page(case: Path, starter: Path, update_goldens: bool) -> None:
    shutil.copy(case, starter / "playbook" / case.name)
    compare(problems_of(starter), case.with_suffix(".expected"), update_goldens)


def test_every_mistake_in_one_file_is_reported(starter: Path) -> None:
    shutil.rmtree(starter / "playbook")
    shutil.copy(DATA / "invalid" / "several-mistakes.yaml", starter / "vmv.yaml")
    assert len(problems_of(starter)) >= 5


def test_valid_example_loads(example: Path) -> None:
    project = load_project(example)
    assert 5 <= len(project.document.values) <= 7
    assert sum(len(p.meta.questions) for p in project.pages) >= 30
    assert sum(len(p.meta.standards) for p in project.pages) >= 8


def _write(root: Path, content: bytes) -> None:
    (root / "vmv.yaml").write_bytes(content)


def test_bad_encoding_points_at_the_byte(starter: Path) -> None:
    _write(starter, b"schema: 1\norganization:\n  name: Caf\xe9 Nord\n")
    (problem,) = problems_of(starter)
    assert str(problem) == (
        "vmv.yaml:3:12: error: the file is not valid UTF-8 (byte 0xe9); save it with UTF-8 encoding"
    )


def test_alias_bomb_is_refused_within_a_second(starter: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    _write(starter, ("\n".join(lines) + "\n").encode())
    started = time.process_time()  # CPU time: other load on the machine does not count
    problems = problems_of(starter)
    assert time.process_time() - started < 1.0

    assert any("expands to more than 50,000 YAML nodes" in p.message for p in problems)


def test_too_many_values(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_text()
    extra = "".join(
        f"  - id: value-{n}\n    name: Value {n}\n    statement: S.\n    behaviors: {{do: [D.]}}\n"
        for n in range(30)
    )
    text = text.replace("glossary:", extra + "glossary:")
    (starter / "vmv.yaml").write_text(text)
    problems = problems_of(starter)
    assert [p.message for p in problems] == ["expected at most 30 items, found 33"]
    assert problems[0].path == "values"


def test_missing_vmv_yaml(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path)
    assert problem.message.startswith("no vmv.yaml in ")


def test_playbook_link_outside_the_repository_is_refused(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n")
    (starter / "playbook" / "leak.md").symlink_to(outside)
    (problem,) = problems_of(starter)
    assert str(problem) == (
        "playbook/leak.md:1:1: error: this is a link to a place outside the repository; "
        "copy what it points at into the repository instead"
    )


def test_page_name_unusable_in_an_address(starter: Path) -> None:
    (starter / "playbook" / "our values?.md").write_text("text\n")
    (problem,) = problems_of(starter)
    assert "is not usable in a web address" in problem.message


def test_script_in_a_page_is_a_warning_naming_the_line(run, starter: Path) -> None:
    page = starter / "playbook" / "widget.md"
    page.write_text("---\ntitle: Widget\n---\nText.\n\n  <SCRIPT src=x></script>\n")
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 0
    assert outcome.stderr.splitlines()[0] == (
        "playbook/widget.md:6:3: warning: the page contains a <script> tag, which vmv removes from "
        "the page with its content: scripts from the repository never run in readers' browsers"
    )
    assert outcome.stderr.splitlines()[1] == "vmv: 1 warning"
    outcome = run("--root", starter, "build")
    assert outcome.exit_code == 0
    assert "widget.md:6:3: warning:" in outcome.stderr


def test_template_linking_outside_the_repository_is_refused(starter: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hostname\n")
    (starter / "templates").mkdir()
    (starter / "templates" / "home.md.j2").symlink_to(secret)
    (starter / "templates" / "glossary.md.j2").write_bytes(b"\xff\xfe")
    assert [str(p) for p in problems_of(starter)] == [
        "templates/glossary.md.j2:1:1: error: the file is not valid UTF-8; save it with UTF-8 encoding",
        "templates/home.md.j2:1:1: error: this is a link to a place outside the repository; "
        "copy what it points at into the repository instead",
    ]


def test_site_config_may_not_run_code(starter: Path) -> None:
    config = starter / "mkdocs.yml"
    config.write_text(
        config.read_text() + "hooks:\n  - hooks.py\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - x: !!python/object/apply:os.system [id]\n"
    )
    lines = config.read_text().split("\n")
    hooks_line = lines.index("hooks:") + 1
    assert [str(p) for p in problems_of(starter)] == [
        f"mkdocs.yml:{hooks_line}:1: error: hooks: not allowed: hooks run Python files from the repository "
        "in every build, so a pull request could run code in CI; change pages with templates/ instead",
        f"mkdocs.yml:{hooks_line + 4}:20: error: markdown_extensions[0].pymdownx.emoji.emoji_index: the YAML "
        "tag '!!python/name:material.extensions.emoji.twemoji' is not allowed in mkdocs.yml: it runs Python "
        "code during the build; write 'emoji_index: material'",
        f"mkdocs.yml:{hooks_line + 5}:5: error: markdown_extensions: 'x' is not a Markdown extension vmv can "
        "turn on; the ones it can are listed in vmv-site.schema.json",
        f"mkdocs.yml:{hooks_line + 5}:8: error: markdown_extensions[1].x: the YAML tag "
        "'!!python/object/apply:os.system' is not allowed in mkdocs.yml: it runs Python code during the build; "
        "write the value itself",
    ]


def test_validate_finds_broken_links_too(run, starter: Path) -> None:
    page = starter / "playbook" / "leader-questions.md"
    page.write_text(page.read_text() + "See [the policy](refund-policy.md).\n")
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 1
    line = len(page.read_text().split("\n")) - 1
    assert outcome.stderr.startswith(
        f"playbook/leader-questions.md:{line}:18: error: the page contains a link"
    )


def test_codeowners_must_name_the_owners(starter: Path) -> None:
    assert check(starter)  # the starter's CODEOWNERS agrees with its owners
    codeowners = starter / ".github" / "CODEOWNERS"
    codeowners.write_text("* @everyone\n/vmv.yaml @alex-morgan @intern\n")
    assert [str(p) for p in problems_of(starter)] == [
        ".github/CODEOWNERS:1:1: error: playbook/ is approved by @everyone here, but the owners in "
        "vmv.yaml are @alex-morgan; list the same people (who approves a VMV change is part of the VMV)",
        ".github/CODEOWNERS:2:1: error: vmv.yaml is approved by @alex-morgan @intern here, but the owners "
        "in vmv.yaml are @alex-morgan; list the same people (who approves a VMV change is part of the VMV)",
    ]


def test_curly_quotes_around_a_value_are_pointed_out(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_text(encoding="utf-8")
    (starter / "vmv.yaml").write_text(text.replace("name: Own It", "name: “Own It”"), encoding="utf-8")
    warnings = [str(p) for p in load_project(starter).warnings]
    line = next(n for n, t in enumerate(text.split("\n"), start=1) if "name: Own It" in t)
    assert warnings == [
        f"vmv.yaml:{line}:11: warning: values[1].name: the text is wrapped in curly quotes, which stay "
        'part of the text (a word processor typed them); use straight quotes "..." or none'
    ]


def test_a_script_tag_in_a_code_example_is_not_warned_about(starter: Path) -> None:
    page = starter / "playbook" / "howto.md"
    page.write_text(
        "---\ntitle: How to\n---\nExample:\n\n```html\n<script src=x></script>\n# not a title\n```\n"
    )
    assert load_project(starter).warnings == ()
