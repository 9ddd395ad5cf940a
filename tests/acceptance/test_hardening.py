"""Hostile and broken input: no traceback, bounded resources, nothing lost.

The mutation cases run in-process through `check` (what `vmv validate` does
before the engine) and, for a sample, through the real build.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPOSITORY, copy_example
from tests.mutations import mutate, problems_are_well_formed
from vmv.app.pipeline import build_site, check
from vmv.app.scaffold import create_repository
from vmv.errors import InvalidInput, UsageError


def _fresh(tmp: Path) -> Path:
    # Not `random`: hypothesis seeds it, so two examples could pick the same name.
    root = Path(tempfile.mkdtemp(prefix="case-", dir=tmp)) / "acme"
    create_repository(root)
    return root


def _outcome(root: Path, files: dict[str, bytes], *, build: bool = False) -> list[str]:
    """Problem lines of a run; any exception other than InvalidInput fails the test."""
    try:
        if build:
            build_site(root, root / "site")
        else:
            check(root)
    except InvalidInput as error:
        lines = [str(p) for p in error.problems]
        assert lines, "an invalid input must say what is wrong"
        wrong = problems_are_well_formed(lines, files)
        assert not wrong, wrong
        return lines
    return []


FUZZ = settings(
    # A budget, not a speed: the cases are the same on every run (derandomized), so more of
    # them only repeat; scripts/fuzz.py explores new ones. 150 took 4 s on two busy cores
    # and 10 s with two more processes spinning: far inside the 120 s timeout.
    max_examples=int(os.environ.get("VMV_FUZZ_CASES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 4))
def test_mutated_vmv_yaml_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, seed: int, rounds: int
) -> None:
    root = _fresh(tmp_path_factory.getbasetemp())
    original = (REPOSITORY / "vmv.yaml").read_bytes()
    mutated = mutate(original, random.Random(seed), rounds)
    (root / "vmv.yaml").write_bytes(mutated)
    _outcome(root, {"vmv.yaml": mutated})
    shutil.rmtree(root.parent)


@settings(FUZZ, max_examples=max(50, FUZZ.max_examples // 3))
@given(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 4))
def test_mutated_playbook_page_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, seed: int, rounds: int
) -> None:
    root = _fresh(tmp_path_factory.getbasetemp())
    original = (REPOSITORY / "playbook" / "customer-experience-standards.md").read_bytes()
    original = original.replace(b"values: [", b"values: [customer-first, ").replace(
        b"keep-our-word", b"own-it"
    )
    mutated = mutate(original, random.Random(seed), rounds)
    (root / "playbook" / "page.md").write_bytes(mutated)
    _outcome(root, {"playbook/page.md": mutated})
    shutil.rmtree(root.parent)


@settings(FUZZ, max_examples=12)
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_inputs_through_the_real_build(tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    root = _fresh(tmp_path_factory.getbasetemp())
    rng = random.Random(seed)
    target = rng.choice(["vmv.yaml", "playbook/leader-questions.md", "mkdocs.yml"])
    mutated = mutate((root / target).read_bytes(), rng, 1)
    (root / target).write_bytes(mutated)
    _outcome(root, {target: mutated}, build=True)
    shutil.rmtree(root.parent)


# -- bounded resources -----------------------------------------------------------------


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("20 MB file", b"vision: " + b"x" * 20_000_000 + b"\n", "the limit is 2,000,000 bytes"),
        ("a 5 MB line", b"mission: " + b"y" * 5_000_000, "the limit is 2,000,000 bytes"),
        (
            "100,000 values",
            b"values:\n" + b"".join(b"- {id: v%d}\n" % i for i in range(100_000)),
            "more than 50,000 parts",
        ),
        ("10,000 levels", b"values: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "nests more than 100 levels"),
        (
            "10,000 levels of maps",
            b"values: " + b"{k: " * 10_000 + b"1" + b"}" * 10_000,
            "nests more than 100 levels",
        ),
    ],
)
def test_huge_inputs_are_refused_naming_the_limit(
    starter: Path, name: str, content: bytes, expected: str
) -> None:
    (starter / "vmv.yaml").write_bytes(content)
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert any(expected in p.message for p in caught.value.problems), [str(p) for p in caught.value.problems]


def test_nul_byte_is_a_positioned_syntax_error(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_bytes().replace(b"name: Acme Company", b"name: Acme\x00Company")
    (starter / "vmv.yaml").write_bytes(text)
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    (problem,) = caught.value.problems
    assert problem.location.line == text[: text.index(b"\x00")].count(b"\n") + 1
    assert (
        problem.message
        == "the file contains the control character U+0000, which YAML does not allow; remove it"
    )


# -- vmv.yaml text is never a template ----------------------------------------------------


def test_payloads_in_every_text_field_stay_text(starter: Path) -> None:
    payload = "{{ 7 * 7 }} {% for x in range(3) %}loop{% endfor %} ${7*7} <b>bold</b>"
    text = (starter / "vmv.yaml").read_text()
    for block in ("vision: >-\n  ", "why: >-\n      "):
        text = text.replace(block, f"{block}{payload} ", 1)
    for line in ("statement: We ask", "tagline: Replace"):
        key, rest = line.split(": ")
        text = text.replace(line, f"{key}: '{payload} {rest}", 1)
        end = text.index("\n", text.index(f"{key}: '{payload}"))
        text = text[:end] + "'" + text[end:]

    (starter / "vmv.yaml").write_text(text)
    build_site(starter, starter / "site")
    home = (starter / "site" / "index.html").read_text()
    assert "{{ 7 * 7 }}" in home and "49" not in home.split("{{ 7 * 7 }}")[0][-200:]
    assert "&lt;b&gt;bold&lt;/b&gt;" in home and "<b>bold</b>" not in home
    assert "looploop" not in home


# -- paths -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["C:evil.md", "..md", " spaced.md", "a b.md", "a\\b.md", "CON:.md", "_x.md"])
def test_unusable_page_names_are_refused(starter: Path, name: str) -> None:
    (starter / "playbook" / name).write_text("text\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert "is not usable in a web address" in caught.value.problems[0].message


def test_names_differing_only_in_case_are_refused(starter: Path) -> None:
    (starter / "playbook" / "Leader-Questions.md").write_text("text\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert any("only in letter case" in p.message for p in caught.value.problems)


def test_step_page_cannot_reach_outside(starter: Path) -> None:
    text = (
        (starter / "vmv.yaml")
        .read_text()
        .replace("page: playbook/leader-questions.md", "page: ../../etc/passwd")
    )
    (starter / "vmv.yaml").write_text(text)
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert [p.message for p in caught.value.problems] == ["unknown playbook page '../../etc/passwd'"]


def test_output_folder_may_not_hold_the_repository(starter: Path) -> None:
    for destination in (starter, starter.parent, Path("/")):
        with pytest.raises(UsageError):
            build_site(starter, destination)


# -- nothing lost --------------------------------------------------------------------------


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "vmv", "--root", str(root), "build", "-d", "site"]


@pytest.mark.timeout(120)
def test_killed_builds_never_damage_the_site(starter: Path) -> None:
    build_site(starter, starter / "site")
    before = _digest(starter / "site")
    vmv_yaml = starter / "vmv.yaml"
    vmv_yaml.write_text(vmv_yaml.read_text().replace("Acme Company", "Acme Company Two"))
    rng = random.Random(7)
    for _ in range(5):
        process = subprocess.Popen(
            _build_command(starter), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (starter / "site" / "index.html").is_file()
        current = _digest(starter / "site")
        if current != before:  # the kill came after the swap: the new site, whole
            build_site(starter, starter.parent / "reference")
            assert current == _digest(starter.parent / "reference")
            return
    build_site(starter, starter / "site")
    assert not list(starter.glob(".vmv-tmp-*")), "the next build removes what killed builds left"


@pytest.mark.timeout(120)
def test_two_builds_at_once_leave_one_whole_site(starter: Path) -> None:
    processes = [
        subprocess.Popen(
            _build_command(starter), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    for process in processes:
        process.stderr.close()  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0], results
    build_site(starter, starter.parent / "reference")
    assert _digest(starter / "site") == _digest(starter.parent / "reference")
    assert not list(starter.glob(".vmv-tmp-*"))


def test_same_bytes_from_two_checkouts_at_different_paths(tmp_path: Path) -> None:
    digests = []
    for name in ("first-checkout", "second/deeper/checkout"):
        root = copy_example(tmp_path / name)
        build_site(root, root / "site")
        for path in (root / "site").rglob("*"):
            if path.is_file():
                assert str(root).encode() not in path.read_bytes(), path
        digests.append(_digest(root / "site"))
    assert digests[0] == digests[1]


def test_deeply_nested_mkdocs_yml_is_refused_before_mkdocs_reads_it(starter: Path) -> None:
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text() + "deep: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    assert [p.message for p in caught.value.problems] == ["the file nests more than 100 levels deep"]


def test_theme_failure_is_a_problem_of_mkdocs_yml(starter: Path) -> None:
    """Found by scripts/fuzz.py: a truncated palette toggle made Material's templates fail."""
    (starter / "mkdocs.yml").write_text(
        "site_name: Acme\ntheme:\n  name: material\n  palette:\n    - scheme: default\n      toggle:\n        ic\n"
    )
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    # The typed site settings catch it at its position, before Material's templates run.
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml:7:9: error: theme.palette[0].toggle: expected a mapping of keys, found 'ic'"
    ]
