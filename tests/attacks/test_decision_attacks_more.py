"""More hostile decision records: front matter of every wrong shape, names that are one
file on some systems, records that replace each other by the thousand, `vmv decide` with
titles no file name can hold, and records whose text plants Markdown in the pull
request's comment. Each attack asserts its safe outcome."""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from tests.conftest import copy_example
from tests.mutations import problems_are_well_formed
from vmv.core.load.project import load_project
from vmv.core.model.decision_checks import check_succession
from vmv.core.translations.items import fingerprint
from vmv.core.yaml_reader import parse_yaml
from vmv.errors import InvalidInput, Location, ProblemCode
from vmv.review.diff import diff_projects
from vmv.review.report import to_markdown

RECORD = """---
title: A hostile record
date: 2020-01-01
status: accepted
decided_by: [ceo]
{extra}
---
Body.
"""

FRONT_MATTER = {
    "status-list": "status: [accepted]",
    "status-mapping": "status: {accepted: yes}",
    "customers-hex": "customers_affected: 0x" + "f" * 5000,
    "customers-sexagesimal": "customers_affected: " + ":".join(["59"] * 3000),
    "customers-digits": "customers_affected: " + "9" * 5000,
    "answers-hex-key": "answers:\n  ? 0x" + "f" * 5000 + "\n  : {question: q, answer: a}",
    "answers-list": "answers: [a, b]",
    "answers-null-key": "answers: {null: {question: q, answer: a}}",
    "superseded-list": "superseded_by: [x]",
    "superseded-mapping": "superseded_by: {a: b}",
    "title-mapping": "title: {a: b}",
    "values-nested": "values: [[[[x]]]]",
    "superseded-by-itself": "status: superseded\nsuperseded_by: 2020-01-01-superseded-by-itself",
    "deep": "x: " + "[" * 500 + "]" * 500,
    "alias-bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True)
    ),
    "many-parts": "x: [" + "1, " * 120_000 + "1]",
    "huge": "x: " + "a" * 2_100_000,
}
"""Front matter each record adds to RECORD; `title`, `status` and the others it repeats
replace RECORD's."""


def _record(extra: str) -> str:
    keys = {line.split(":", 1)[0] for line in extra.splitlines() if not line.startswith(" ")}
    base = [line for line in RECORD.splitlines() if line.split(":", 1)[0] not in keys]
    return "\n".join(base).replace("{extra}", extra) + "\n"


@pytest.mark.parametrize("name", FRONT_MATTER)
def test_front_matter_of_any_shape_is_problem_lines_not_a_crash(
    run: Callable[..., object], example: Path, name: str
) -> None:
    text = _record(FRONT_MATTER[name])
    source = f"decisions/2020-01-01-{name}.md"
    (example / source).write_text(text, encoding="utf-8")
    outcome = run("--root", example, "validate")
    assert outcome.exit_code == 1, outcome.stderr  # type: ignore[attr-defined]
    lines = outcome.stderr.splitlines()[:-1]  # type: ignore[attr-defined]
    assert lines and all(line.startswith(source) for line in lines), lines
    assert problems_are_well_formed(lines, {source: text.encode()}) == []


@pytest.mark.parametrize("number", ["0x" + "f" * 5000, ":".join(["59"] * 3000), "0b" + "1" * 20000])
def test_an_int_too_long_to_compute_or_print_stays_text(number: str) -> None:
    """1:2:3 is an int in YAML 1.1 (base 60), computed in time that grows with the square
    of its length; 0x... of thousands of digits cannot be printed in decimal."""
    parsed = parse_yaml(f"a: {number}\n? {number}\n: b\n", "translations/de.yaml")
    assert parsed.data == {"a": number, number: "b"}


class _CountedLookups(dict[str, str]):
    looked_up = 0

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        _CountedLookups.looked_up += 1
        return super().get(key, default)


@pytest.mark.parametrize("circle", [False, True])
def test_thousands_of_records_replacing_each_other_are_walked_once(circle: bool) -> None:
    """A pull request may add thousands of small records, each replaced by the next: a walk
    from every record along the chain took time growing with the cube of their number."""
    names = [f"2020-01-01-d{number}" for number in range(3000)]
    successors = _CountedLookups(itertools.pairwise(names))
    if circle:
        successors[names[-1]] = names[0]
    _CountedLookups.looked_up = 0
    problems = check_succession(successors, {name: Location(f"decisions/{name}.md") for name in names})
    assert len(problems) == (len(names) if circle else 0)
    assert _CountedLookups.looked_up <= 2 * len(names)


def test_names_one_file_on_some_systems_are_refused(example: Path) -> None:
    """한 as one character and as its three letters, or É and é: macOS keeps one file for
    each pair, and one record's page would replace the other's."""
    folder = example / "decisions"
    composed = unicodedata.normalize("NFC", "2020-01-01-한국")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    for name in (composed, decomposed, "2020-01-02-École", "2020-01-02-école"):
        (folder / f"{name}.md").write_text(_record("").replace("2020-01-01", name[:10]), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_project(example)
    named = sorted(
        (p.location.file, p.summary)
        for p in refused.value.problems
        if p.code is ProblemCode.DECISION_NAME_CASE
    )
    assert [file for file, _ in named] == sorted(
        [f"decisions/{max(composed, decomposed)}.md", "decisions/2020-01-02-école.md"]
    )
    assert "encoded" in dict(named)[f"decisions/{max(composed, decomposed)}.md"]


TITLES = [
    "../../../../tmp/escaped", "/etc/passwd", "..", "a/b\\c", "😀😀", "\u202egnp.exe", "\u200f\u200f",
    "#: [{}] !!python/object:os.system", "x\ry", "ＦＵＬＬ", "İstanbul", "a" * 5000,
]  # fmt: skip
"""Titles from people: slashes, dots, emoji, right-to-left marks, YAML syntax, long."""


def test_vmv_decide_writes_only_a_new_record_in_decisions(run: Callable[..., object], example: Path) -> None:
    before = {path for path in example.rglob("*") if ".git" not in path.parts}
    written = []
    for title in TITLES:
        outcome = run("--root", example, "decide", title, "--area", "Hiring")
        if outcome.exit_code == 0:  # type: ignore[attr-defined]
            written.append(outcome.stdout.strip())  # type: ignore[attr-defined]
        else:  # a second title that makes the same name as an earlier one
            assert outcome.exit_code == 2 and "already exists" in outcome.stderr  # type: ignore[attr-defined]
    after = {path for path in example.rglob("*") if ".git" not in path.parts}
    assert {path.relative_to(example).as_posix() for path in after - before} == set(written)
    assert all(name.startswith("decisions/") and name.count("/") == 1 for name in written)
    assert run("--root", example, "validate").exit_code == 0  # type: ignore[attr-defined]


def test_vmv_decide_refuses_a_title_that_is_no_text(run: Callable[..., object], example: Path) -> None:
    """Bytes that are not UTF-8 in the title (a terminal in another encoding) arrive as lone
    surrogates; written as YAML escapes, they made a record no command could read."""
    outcome = run("--root", example, "decide", "fee \udcff\udcfe raised", "--area", "Hiring")
    assert outcome.exit_code == 2 and "not UTF-8" in outcome.stderr  # type: ignore[attr-defined]
    assert run("--root", example, "validate").exit_code == 0  # type: ignore[attr-defined]


# -- the pull request's comment ----------------------------------------------------------

PLANTED = (
    "![p](https://evil.example/p.png) [click](https://evil.example/) <img src=https://evil.example/i.png>"
)
TERM = "x` | " + PLANTED + " `y"
"""A glossary term: it is part of its items' paths, which the comment shows as code."""


def _with_term(root: Path, definition: str) -> None:
    data = yaml.safe_load((root / "vmv.yaml").read_text(encoding="utf-8"))
    data["glossary"].append({"term": TERM, "definition": definition})
    (root / "vmv.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    path = f"glossary[{TERM.casefold()}].definition"
    entry = yaml.safe_dump({path: {"source": fingerprint("Old words."), "text": "Alte Worte."}}, width=10_000)
    with (root / "translations" / "de.yaml").open("a", encoding="utf-8") as file:
        file.write("".join(f"  {line}\n" for line in entry.splitlines()))  # under items:


def test_the_comment_shows_the_pull_requests_text_as_typed(tmp_path: Path) -> None:
    """The report is posted as the workflow's own comment: a text of the repository must
    not plant a link or an image there, nor break its tables or headings."""
    old, new = copy_example(tmp_path / "old"), copy_example(tmp_path / "new")
    _with_term(old, "Old words.")
    _with_term(new, "New words.")
    record = next((new / "decisions").glob("*.md"))
    text = record.read_text(encoding="utf-8")
    title = yaml.safe_dump(f"{PLANTED} `x | \r## Approved by the board", width=10_000).strip()
    text = text.replace("\ntitle: ", f"\ntitle: {title}\nformer_title: ", 1)
    text = text.replace("\nformer_title: ", "\n# ", 1)
    record.write_text(text + f"\n| a | b |\n|---|---|\n| {PLANTED} | `c |\n", encoding="utf-8")
    report = to_markdown(diff_projects(load_project(old), load_project(new)))
    assert (
        "glossary[" in report and "Decision:" in report and "Translations this change makes stale" in report
    )
    html = MarkdownIt("commonmark").enable("table").render(report)
    page = BeautifulSoup(html, "html.parser")
    assert page.find("img") is None
    assert not [a for a in page.find_all("a") if "evil.example" in a.get("href", "")]
    assert "https://evil.example/p.png" in page.get_text()
    for row in page.find_all("tr"):
        assert len(row.find_all(["td", "th"])) == 3, row
    assert not [h for h in page.find_all(["h1", "h2"]) if "board" in h.get_text()]
    assert next(c.get_text() for c in page.find_all("code") if "evil" in c.get_text()).startswith(
        "glossary[x` | "
    )


def test_an_answer_of_a_million_spaces_is_read_in_one_pass(example: Path) -> None:
    """ "n/a" alone is refused by a pattern that tried every split of the spaces after the
    n: an answer of 'n', a million spaces and a letter took hours."""
    answer = "n" + " " * 1_000_000 + "b"
    extra = "answers:\n  gone-question:\n    question: Was it asked?\n    answer: " + json.dumps(answer)
    (example / "decisions" / "2020-01-01-spaced.md").write_text(_record(extra), encoding="utf-8")
    project = load_project(example)
    assert "2020-01-01-spaced" in [decision.name for decision in project.decisions]
