"""Single operations no check inside Python can stop: the operating system's limits stop them.

A power of huge numbers, a sum of a huge list or a join into gigabytes runs in C: no
time limit inside the process interrupts it. Rendering runs in a child process whose
processor time and memory the system caps, killed past a deadline; the problem line
names the page and the limit. The limits are lowered here, so that each test takes
seconds: the tests assert what happened, never how long it took.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from vmv.app import isolation
from vmv.app.pipeline import check
from vmv.errors import InvalidInput

HUGE_POWER = "{{ ((9 ** 999) ** 999) ** 999 }}"
"""Each exponent is under the sandbox's limit of 1,000; the result has 950 million digits."""
QUADRATIC_SUM = "{{ ([[0]] * 999999) | sum(start=[]) | length }}"
"""A million lists added one by one, each addition copying the total so far."""
GIGABYTES_AT_ONCE = "{% set line = 'x' * 999999 %}{{ ([line] * 2000) | join | length }}"
"""One string of 2 GB, asked for in one allocation."""
GIGABYTES_BIT_BY_BIT = "{{ range(2000) | map('center', 999999) | list | length }}"
"""Two thousand strings of 1 MB each, allocated one after the other."""


def _children() -> set[str]:
    """The processes this thread started that are still there (Linux)."""
    return set(Path(f"/proc/self/task/{threading.get_native_id()}/children").read_text().split())


def _problem_of(root: Path, body: str, *, page: str = "playbook/attack.md") -> str:
    (root / page).write_text(f"---\ntitle: Attack\n---\n{body}\n", encoding="utf-8")
    before = _children()  # other tests' servers may still run
    with pytest.raises(InvalidInput) as caught:
        check(root)
    (problem,) = caught.value.problems
    assert _children() <= before, "the rendering process outlived the rendering"
    return str(problem)


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Limits low enough for a test, high enough that a page of the starter renders."""
    monkeypatch.setattr(isolation, "CPU_SECONDS_PER_STEP", 1)
    monkeypatch.setattr(isolation, "DEADLINE_SECONDS_PER_STEP", 60.0)
    monkeypatch.setattr(isolation, "MEMORY_BYTES", 256 * 2**20)
    return monkeypatch


@pytest.mark.timeout(60)
@pytest.mark.parametrize("body", [HUGE_POWER, QUADRATIC_SUM])
def test_one_long_operation_is_stopped_by_the_processor_cap(
    starter: Path, limits: pytest.MonkeyPatch, body: str
) -> None:
    assert _problem_of(starter, body) == (
        "playbook/attack.md:1:1: error: rendering playbook/attack.md used more than 1 s of processor "
        "time, the limit; look for a loop that never ends or a computation on huge numbers or lists"
    )


@pytest.mark.timeout(60)
@pytest.mark.parametrize("body", [GIGABYTES_AT_ONCE, GIGABYTES_BIT_BY_BIT])
def test_memory_exhaustion_is_stopped_by_the_memory_cap(
    starter: Path, limits: pytest.MonkeyPatch, body: str
) -> None:
    limits.setattr(isolation, "CPU_SECONDS_PER_STEP", 30)
    assert _problem_of(starter, body) == (
        "playbook/attack.md:1:1: error: rendering playbook/attack.md needed more than 256 MB of "
        "memory, the limit; look for text or lists built to a huge size"
    )


@pytest.mark.timeout(60)
def test_the_deadline_kills_what_the_processor_cap_lets_run(
    starter: Path, limits: pytest.MonkeyPatch
) -> None:
    limits.setattr(isolation, "CPU_SECONDS_PER_STEP", 600)
    limits.setattr(isolation, "DEADLINE_SECONDS_PER_STEP", 1.0)
    assert _problem_of(starter, HUGE_POWER).startswith(
        "playbook/attack.md:1:1: error: rendering playbook/attack.md took longer than 1 s, the limit; "
    )


@pytest.mark.timeout(60)
def test_a_company_template_is_named_with_the_page_it_was_making(
    starter: Path, limits: pytest.MonkeyPatch
) -> None:
    (starter / "templates").mkdir()
    (starter / "templates" / "glossary.md.j2").write_text(f"# Glossary\n\n{QUADRATIC_SUM}\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    assert [str(p) for p in caught.value.problems] == [
        "templates/glossary.md.j2:1:1: error: rendering glossary.md used more than 1 s of processor "
        "time, the limit; look for a loop that never ends or a computation on huge numbers or lists"
    ]


@pytest.mark.timeout(60)
def test_the_cli_reports_the_limit_as_a_problem_line(starter: Path, limits: pytest.MonkeyPatch, run) -> None:  # type: ignore[no-untyped-def]
    (starter / "playbook" / "attack.md").write_text(f"---\ntitle: Attack\n---\n{HUGE_POWER}\n")
    outcome = run("--root", starter, "validate")
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("playbook/attack.md:1:1: error: rendering playbook/attack.md used more")
    assert "Traceback" not in outcome.stderr


def test_pages_before_and_after_a_limit_are_unaffected_in_later_builds(
    starter: Path, limits: pytest.MonkeyPatch
) -> None:
    """The compiled templates the child hands back serve the next rendering, which is whole."""
    _, first = check(starter)
    page = starter / "playbook" / "attack.md"
    page.write_text(f"---\ntitle: Attack\n---\n{HUGE_POWER}\n")
    with pytest.raises(InvalidInput):
        check(starter)
    page.unlink()
    _, again = check(starter)
    assert again.pages == first.pages


def test_rendering_from_a_thread_while_others_run(starter: Path) -> None:
    """`vmv serve` renders in a worker thread while the live server's threads run."""
    _, expected = check(starter)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(check(starter)[1].pages))
    try:
        worker.start()
        worker.join(60)
    finally:
        stop.set()
        server.join()
    assert results == [expected.pages]


def test_a_bug_in_the_child_is_an_internal_error_with_its_traceback(
    starter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(isolation, "render_site", broken)
    before = _children()
    with pytest.raises(isolation.RenderingFailed, match="KeyError: 'boom'") as caught:
        check(starter)
    assert "Traceback" in caught.value.__notes__[0]
    assert _children() <= before
