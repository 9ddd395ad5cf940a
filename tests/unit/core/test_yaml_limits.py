"""Deep nesting and alias bombs in every YAML file vmv reads: one positioned problem, no crash.

libyaml composes a document's node tree recursively in C: about 40,000 nested '['
overflow the stack and kill the process (a segfault) before any Python check on the
tree runs. vmv counts the depth on the parser's events, before composing.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from vmv.core.yaml_reader import MAX_DEPTH, MAX_NODES, ReadError, parse_yaml

CRASHING_DEPTH = 40_000
"""Deep enough to overflow the C stack while composing, yet under the event limit."""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _page(root: Path, front: str) -> None:
    (root / "playbook" / "deep.md").write_text(f"---\ntitle: Deep\n{front}---\nBody.\n", encoding="utf-8")


def _story(root: Path, text: str) -> None:
    (root / "recognition").mkdir(exist_ok=True)
    (root / "recognition" / "2026-11.yaml").write_text(text, encoding="utf-8")


def _errors_of_validate(root: Path) -> list[str]:
    """The error lines of `vmv validate`, run as its own process: a segfault there shows as a
    negative return code instead of killing the tests."""
    result = subprocess.run(
        [sys.executable, "-m", "vmv", "--root", str(root), "validate"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if ": error: " in line]


FLOW = "[" * CRASHING_DEPTH + "]" * CRASHING_DEPTH
# Each file, how the nesting is added to it, and the line and column of its first '[', which
# is level 2: inside the file's top-level mapping or list.
FILES: dict[str, tuple[Callable[[Path], None], str, int, int]] = {
    "vmv.yaml": (lambda root: _append(root / "vmv.yaml", f"extra: {FLOW}\n"), "vmv.yaml", -1, 8),
    "front matter": (lambda root: _page(root, f"extra: {FLOW}\n"), "playbook/deep.md", 3, 8),
    "recognition": (lambda root: _story(root, f"- {FLOW}\n"), "recognition/2026-11.yaml", 1, 3),
    "mkdocs.yml": (lambda root: _append(root / "mkdocs.yml", f"extra: {FLOW}\n"), "mkdocs.yml", -1, 8),
}


@pytest.mark.parametrize("name", FILES)
def test_deep_nesting_is_one_problem_and_no_crash(starter: Path, name: str) -> None:
    write, shown, line, column = FILES[name]
    write(starter)
    if line == -1:  # appended: the last line of the file
        line = (starter / shown).read_text(encoding="utf-8").count("\n")
    errors = _errors_of_validate(starter)
    opening = column + MAX_DEPTH - 1  # the '[' that opens level MAX_DEPTH + 1
    assert errors == [f"{shown}:{line}:{opening}: error: the file nests more than {MAX_DEPTH} levels deep"]


def _indented(levels: int) -> str:
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(levels)) + "  " * levels + "end\n"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("[" * 100_000 + "]" * 100_000, 1, MAX_DEPTH + 1, id="flow lists 100,000 deep"),
        pytest.param("{a: " * 100_000 + "1" + "}" * 100_000, 1, 4 * MAX_DEPTH + 1, id="flow mappings"),
        pytest.param("- " * CRASHING_DEPTH + "x\n", 1, 2 * MAX_DEPTH + 1, id="block lists on one line"),
        pytest.param(_indented(MAX_DEPTH + 50), MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, id="block indentation"),
        pytest.param("[{b: " * 60 + "1" + "}]" * 60, 1, 1 + 5 * 50, id="lists of mappings"),
    ],
)
def test_depth_is_counted_before_the_tree_is_built(text: str, line: int, column: int) -> None:
    with pytest.raises(ReadError) as caught:
        parse_yaml(text, "vmv.yaml")
    problem = caught.value.problem
    assert (problem.location.line, problem.location.column) == (line, column)
    assert problem.message == f"the file nests more than {MAX_DEPTH} levels deep"


def test_depth_counts_from_the_page_line_in_front_matter() -> None:
    with pytest.raises(ReadError) as caught:
        parse_yaml("x: " + "[" * 200 + "]" * 200, "playbook/a.md", line_offset=1)
    assert str(caught.value.problem.location) == "playbook/a.md:2:103"


def test_nesting_up_to_the_limit_is_read() -> None:
    text = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    data = parse_yaml(text, "vmv.yaml").data
    for _ in range(MAX_DEPTH - 1):
        (data,) = data
    assert data == 1


def test_aliases_cannot_nest_past_the_limit() -> None:
    """Each level refers to the one before: 20 lines of text, 200 levels once expanded."""
    lines = ["l0: &l0 [x]"] + [f"l{n}: &l{n} [*l{n - 1}]" for n in range(1, 200)]
    with pytest.raises(ReadError) as caught:
        parse_yaml("\n".join(lines), "vmv.yaml")
    assert caught.value.problem.message == f"the file nests more than {MAX_DEPTH} levels deep"


BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
)
"""Nine lines that expand to a hundred million items."""


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("vmv.yaml", "vmv.yaml"),
        ("front matter", "playbook/deep.md"),
        ("recognition", "recognition/2026-11.yaml"),
        ("mkdocs.yml", "mkdocs.yml"),
    ],
)
def test_alias_bomb_is_one_problem(starter: Path, name: str, shown: str) -> None:
    indented = "".join(f"  {line}\n" for line in BOMB.split("\n"))
    write = {
        "vmv.yaml": lambda: _append(starter / "vmv.yaml", f"extra:\n{indented}"),
        "front matter": lambda: _page(starter, f"extra:\n{indented}"),
        "recognition": lambda: _story(starter, f"- extra:\n  {indented.replace(chr(10), chr(10) + '  ')}"),
        "mkdocs.yml": lambda: _append(starter / "mkdocs.yml", f"extra:\n{indented}"),
    }
    write[name]()
    errors = _errors_of_validate(starter)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{shown}:")
    assert f"more than {MAX_NODES:,} YAML nodes" in errors[0]
