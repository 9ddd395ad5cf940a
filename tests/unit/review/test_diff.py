"""The semantic diff: a table covering every row of the severity table, properties,
the Markdown golden, the version check, and reading editions from git."""

from __future__ import annotations

import copy
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from vmv.core.changes import ChangeKind, Diff, Impact
from vmv.core.load.project import Page, Project
from vmv.core.model.document import Document, PageMeta
from vmv.review.diff import diff_projects
from vmv.review.report import mark_words, to_markdown
from vmv.review.version_bump import minimum_version, version_problem

BASE: dict[str, Any] = {
    "schema": 1,
    "organization": {"name": "Acme"},
    "edition": {"version": "1.0.0", "date": "2026-01-15", "approved_by": ["ceo"]},
    "owners": [{"id": "ceo", "name": "Alex Morgan", "role": "CEO"}],
    "vision": "Every customer leaves better off.",
    "mission": "We listen first and keep our promises.",
    "values": [
        {
            "id": "customer-first",
            "name": "Customer First",
            "statement": "We ask what is right for the customer first.",
            "why": "Customers notice.",
            "behaviors": {"do": ["Name the customer.", "Fix it first."], "avoid": ["Quoting policy."]},
            "examples": ["A lead stayed on the call."],
        },
        {
            "id": "own-it",
            "name": "Own It",
            "statement": "A problem is ours until it is solved.",
            "behaviors": {"do": ["Decide on the spot."]},
        },
    ],
    "glossary": [{"term": "NPS", "definition": "Net Promoter Score."}],
}
PAGE: dict[str, Any] = {
    "title": "Leader questions",
    "values": ["customer-first"],
    "questions": [
        {"id": "helps", "area": "A new product", "text": "How does it help our customer?"},
        {"id": "touches", "area": "A change", "text": "How many customers does it touch?"},
    ],
    "standards": [
        {
            "id": "answer-fast",
            "name": "Answer fast",
            "promise": "We answer chats quickly.",
            "owner": "Head of Support",
            "metric": "Median first response",
            "target": "2 minutes",
        }
    ],
}


def project(
    data: dict[str, Any], page: dict[str, Any] | None = None, body: str = "Intro.\n\nMore."
) -> Project:
    pages = (
        () if page is None else (Page("playbook/leader-questions.md", PageMeta.model_validate(page), body),)
    )
    return Project(Path("."), Document.model_validate(data), pages)


def edited(path: str, value: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A deep copy of `data` with the item at a dotted path (indexes as numbers) replaced."""
    result = copy.deepcopy(BASE if data is None else data)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = result
    for part in parents:
        target = target[part]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return result


_DELETE = object()
NEW_VALUE = {
    "id": "straight-talk",
    "name": "Straight Talk",
    "statement": "We say it early.",
    "behaviors": {"do": ["Say it."]},
}

ONBOARDED = edited(
    "onboarding",
    {
        "paths": [
            {
                "id": "day-one",
                "name": "Day one",
                "steps": [{"id": "vision", "title": "Read our vision", "section": "vision", "minutes": 5}],
            }
        ],
        "scenarios": [
            {
                "id": "late-refund",
                "situation": "A late refund.",
                "value": "customer-first",
                "answers": [
                    {"text": "Refund it.", "feedback": "Costs little.", "best": True},
                    {"text": "Quote the policy.", "feedback": "Rules first."},
                ],
            }
        ],
    },
)

CASES = [
    # (name, old, new, [(kind, path, severity)], diff severity)
    ("nothing", BASE, BASE, [], "none"),
    (
        "value added",
        BASE,
        edited("values", [*BASE["values"], NEW_VALUE]),
        [("added", "values[straight-talk]", "major")],
        "major",
    ),
    (
        "value removed",
        BASE,
        edited("values", BASE["values"][:1]),
        [("removed", "values[own-it]", "major")],
        "major",
    ),
    (
        "vision changed",
        BASE,
        edited("vision", "A world of outdoor people."),
        [("changed", "vision", "major")],
        "major",
    ),
    (
        "mission changed",
        BASE,
        edited("mission", "We repair what we sell."),
        [("changed", "mission", "major")],
        "major",
    ),
    (
        "vision punctuation",
        BASE,
        edited("vision", "every customer leaves better off!"),
        [("changed", "vision", "patch")],
        "patch",
    ),
    (
        "value renamed",
        BASE,
        edited("values.1.name", "Ownership"),
        [("renamed", "values[own-it]", "minor")],
        "minor",
    ),
    (
        "rename in letter case",
        BASE,
        edited("values.1.name", "Own it"),
        [("renamed", "values[own-it]", "patch")],
        "patch",
    ),
    (
        "statement",
        BASE,
        edited("values.0.statement", "Customers come before margin."),
        [("changed", "values[customer-first].statement", "minor")],
        "minor",
    ),
    (
        "statement white space",
        BASE,
        edited("values.0.statement", "We ask  what is right for the customer first"),
        [("changed", "values[customer-first].statement", "patch")],
        "patch",
    ),
    (
        "why",
        BASE,
        edited("values.0.why", "Because trust is slow to win."),
        [("changed", "values[customer-first].why", "minor")],
        "minor",
    ),
    (
        "why removed",
        BASE,
        edited("values.0.why", _DELETE),
        [("removed", "values[customer-first].why", "minor")],
        "minor",
    ),
    (
        "behaviour added",
        BASE,
        edited("values.0.behaviors.do", ["Name the customer.", "Fix it first.", "Call back."]),
        [("added", "values[customer-first].behaviors.do", "minor")],
        "minor",
    ),
    (
        "behaviour removed",
        BASE,
        edited("values.0.behaviors.avoid", _DELETE),
        [("removed", "values[customer-first].behaviors.avoid", "minor")],
        "minor",
    ),
    (
        "behaviour reworded",
        BASE,
        edited("values.0.behaviors.do", ["Name the customer out loud.", "Fix it first."]),
        [("changed", "values[customer-first].behaviors.do", "minor")],
        "minor",
    ),
    (
        "behaviours reordered",
        BASE,
        edited("values.0.behaviors.do", ["Fix it first.", "Name the customer."]),
        [("moved", "values[customer-first].behaviors.do", "patch")],
        "patch",
    ),
    (
        "example added",
        BASE,
        edited("values.0.examples", ["A lead stayed on the call.", "A fitter drove a boot over."]),
        [("added", "values[customer-first].examples", "minor")],
        "minor",
    ),
    (
        "values reordered",
        BASE,
        edited("values", list(reversed(BASE["values"]))),
        [("moved", "values[own-it]", "patch")],
        "patch",
    ),
    (
        "organization",
        BASE,
        edited("organization.name", "Acme Ltd"),
        [("changed", "organization.name", "patch")],
        "patch",
    ),
    (
        "owner renamed",
        BASE,
        edited("owners.0.name", "Alex Morgan-Lee"),
        [("changed", "owners[ceo].name", "patch")],
        "patch",
    ),
    (
        "owner added",
        BASE,
        edited("owners", [*BASE["owners"], {"id": "cpo", "name": "Sam"}]),
        [("added", "owners[cpo]", "patch")],
        "patch",
    ),
    (
        "glossary definition",
        BASE,
        edited("glossary.0.definition", "Promoters minus detractors."),
        [("changed", "glossary[nps].definition", "patch")],
        "patch",
    ),
    (
        "glossary term added",
        BASE,
        edited("glossary", [*BASE["glossary"], {"term": "CX", "definition": "Experience."}]),
        [("added", "glossary[cx]", "patch")],
        "patch",
    ),
    (
        "edition only",
        BASE,
        edited("edition", {"version": "1.0.1", "date": "2026-02-01", "approved_by": ["ceo"]}),
        [],
        "none",
    ),
    (
        "step reworded",
        ONBOARDED,
        edited("onboarding.paths.0.steps.0.title", "Read our vision first", ONBOARDED),
        [("changed", "onboarding.paths[day-one].steps[vision].title", "minor")],
        "minor",
    ),
    (
        "best answer changed",
        ONBOARDED,
        edited(
            "onboarding.scenarios.0.answers",
            [
                {"text": "Refund it.", "feedback": "Costs little."},
                {"text": "Quote the policy.", "feedback": "Rules first.", "best": True},
            ],
            ONBOARDED,
        ),
        [("changed", "onboarding.scenarios[late-refund].best", "minor")],
        "minor",
    ),
    (
        "scenario removed",
        ONBOARDED,
        edited("onboarding.scenarios", [], ONBOARDED),
        [("removed", "onboarding.scenarios[late-refund]", "minor")],
        "minor",
    ),
]


def _triples(result: Diff) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.path, c.severity.value) for c in result.changes]


@pytest.mark.parametrize(
    ("old", "new", "expected", "severity"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_document_changes(
    old: dict[str, Any], new: dict[str, Any], expected: list[Any], severity: str
) -> None:
    result = diff_projects(project(old), project(new))
    assert _triples(result) == [tuple(e) for e in expected]
    assert result.severity.value == severity


def _page(path: str, value: Any) -> dict[str, Any]:
    return edited(path, value, PAGE)


PAGE_CASES = [
    (
        "question added",
        PAGE,
        _page("questions", [*PAGE["questions"], {"id": "new", "area": "Hiring", "text": "Who?"}]),
        "Intro.\n\nMore.",
        [("added", "questions[new]", "minor")],
    ),
    (
        "question removed",
        PAGE,
        _page("questions", PAGE["questions"][:1]),
        "Intro.\n\nMore.",
        [("removed", "questions[touches]", "minor")],
    ),
    (
        "question reworded",
        PAGE,
        _page("questions.0.text", "How does it change their day?"),
        "Intro.\n\nMore.",
        [("changed", "questions[helps].text", "minor")],
    ),
    (
        "question serves another value",
        PAGE,
        _page("questions.0.values", ["own-it"]),
        "Intro.\n\nMore.",
        [("changed", "questions[helps].values", "minor")],
    ),
    (
        "questions reordered",
        PAGE,
        _page("questions", list(reversed(PAGE["questions"]))),
        "Intro.\n\nMore.",
        [("moved", "questions[touches]", "patch")],
    ),
    (
        "standard target",
        PAGE,
        _page("standards.0.target", "1 minute"),
        "Intro.\n\nMore.",
        [("changed", "standards[answer-fast].target", "minor")],
    ),
    (
        "page title",
        PAGE,
        _page("title", "Questions leaders ask"),
        "Intro.\n\nMore.",
        [("changed", "pages[playbook/leader-questions.md].title", "minor")],
    ),
    (
        "paragraph reworded",
        PAGE,
        PAGE,
        "Intro.\n\nMore than before.",
        [("changed", "pages[playbook/leader-questions.md].body", "minor")],
    ),
    (
        "paragraph added",
        PAGE,
        PAGE,
        "Intro.\n\nMore.\n\nA new idea entirely.",
        [("added", "pages[playbook/leader-questions.md].body", "minor")],
    ),
    ("paragraph rewrapped", PAGE, PAGE, "Intro.\n\nMore.\n", []),
]


@pytest.mark.parametrize(
    ("old", "new", "body", "expected"), [c[1:] for c in PAGE_CASES], ids=[c[0] for c in PAGE_CASES]
)
def test_playbook_changes(old: dict[str, Any], new: dict[str, Any], body: str, expected: list[Any]) -> None:
    result = diff_projects(project(BASE, old), project(BASE, new, body))
    assert _triples(result) == [tuple(e) for e in expected]


def test_page_added_and_removed() -> None:
    result = diff_projects(
        project(BASE), Project(Path("."), project(BASE).document, project(BASE, PAGE).pages)
    )
    assert _triples(result)[0] == ("added", "pages[playbook/leader-questions.md]", "minor")
    assert {t[1] for t in _triples(result)} >= {"questions[helps]", "standards[answer-fast]"}


# -- properties --------------------------------------------------------------------

texts = st.text(alphabet="abcdefgh .,", min_size=1, max_size=30).filter(lambda t: t.strip())


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    ids = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), min_size=1, max_size=6, unique=True))
    data["values"] = [
        {
            "id": value_id,
            "name": draw(texts).replace("\n", " "),
            "statement": draw(texts),
            "behaviors": {"do": draw(st.lists(texts, min_size=1, max_size=4))},
        }
        for value_id in ids
    ]
    data["vision"] = draw(texts)
    return data


@settings(max_examples=60, deadline=None)
@given(documents())
def test_self_diff_is_empty(data: dict[str, Any]) -> None:
    assert diff_projects(project(data), project(data)).changes == ()


@settings(max_examples=60, deadline=None)
@given(documents(), documents())
def test_swapping_sides_swaps_added_and_removed(old: dict[str, Any], new: dict[str, Any]) -> None:
    forward = diff_projects(project(old), project(new))
    backward = diff_projects(project(new), project(old))
    flip = {"added": "removed", "removed": "added"}
    assert sorted((flip.get(k, k), p) for k, p, _ in _triples(forward) if k in flip) == sorted(
        (k, p) for k, p, _ in _triples(backward) if k in flip
    )
    assert forward.severity == backward.severity or forward.severity.rank > 0


@settings(max_examples=60, deadline=None)
@given(documents(), st.randoms())
def test_shuffling_values_gives_only_moves(data: dict[str, Any], rng: random.Random) -> None:
    shuffled = copy.deepcopy(data)
    rng.shuffle(shuffled["values"])
    result = diff_projects(project(data), project(shuffled))
    assert {c.kind for c in result.changes} <= {ChangeKind.MOVED}
    assert result.severity in (Impact.NONE, Impact.PATCH)


@settings(max_examples=60, deadline=None)
@given(documents(), documents())
def test_severity_is_the_highest_change(old: dict[str, Any], new: dict[str, Any]) -> None:
    result = diff_projects(project(old), project(new))
    assert result.severity == Impact.highest(c.severity for c in result.changes)
    assert bool(result.changes) == (project(old).document != project(new).document)


# -- reports -----------------------------------------------------------------------


def golden_pair() -> Diff:
    new = edited("values.0.statement", "We ask what is right for customers before anything else.")
    new = edited("values.1", _DELETE, new)
    new = edited("edition.version", "2.0.0", new)
    new_page = _page("questions.0.text", "How does it help our customer, and how do we know?")
    return diff_projects(project(BASE, PAGE), project(new, new_page, "Intro.\n\nMore | pipes <b>."))


def test_markdown_report_matches_the_reviewed_golden(update_goldens: bool) -> None:
    golden = DATA / "diff-report.md"
    text = to_markdown(golden_pair())
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_json_report_follows_the_contract() -> None:
    payload = golden_pair().as_dict()
    assert set(payload) == {"old", "new", "severity", "changes"}
    assert (payload["old"], payload["new"], payload["severity"]) == ("1.0.0", "2.0.0", "major")
    for change in payload["changes"]:
        assert set(change) == {"kind", "path", "old", "new", "severity"}
    json.dumps(payload)


def test_changed_words_are_marked() -> None:
    before, after = mark_words("We answer in 4 hours.", "We answer in 2 hours <b>.")
    assert before == "We answer in <del>4</del> hours."
    assert after == "We answer in <ins>2</ins> hours<ins> &lt;b&gt;</ins>."
    before, after = mark_words("we ask what is right for us", "we put customers first")
    assert before == "we <del>ask what is right for us</del>"
    assert after == "we <ins>put customers first</ins>"


# -- version check -----------------------------------------------------------------

VERSION_CASES = [
    ("nothing, same version", BASE, "1.0.0", None),
    ("nothing, lower version", BASE, "0.9.0", "1.0.0"),
    ("patch, same version", edited("organization.name", "Acme Ltd"), "1.0.0", "1.0.1"),
    ("patch, patch bump", edited("organization.name", "Acme Ltd"), "1.0.1", None),
    ("minor, patch bump", edited("values.1.name", "Ownership"), "1.0.1", "1.1.0"),
    ("minor, minor bump", edited("values.1.name", "Ownership"), "1.1.0", None),
    ("major, minor bump", edited("values", BASE["values"][:1]), "1.1.0", "2.0.0"),
    ("major, major bump", edited("values", BASE["values"][:1]), "2.0.0", None),
]


@pytest.mark.parametrize(
    ("new", "version", "needed"), [c[1:] for c in VERSION_CASES], ids=[c[0] for c in VERSION_CASES]
)
def test_check_version(new: dict[str, Any], version: str, needed: str | None) -> None:
    result = diff_projects(project(BASE), project(edited("edition.version", version, new)))
    problem = version_problem(result)
    if needed is None:
        assert problem is None
    else:
        assert problem is not None and f"at least {needed}" in problem and f"found {version}" in problem
        assert minimum_version(result) == needed


# -- git revisions and files through the command line ----------------------------------


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repository(starter: Path) -> Path:
    git(starter, "init", "-q", "-b", "main")
    git(starter, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", "-A")
    git(starter, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "first")
    return starter


def test_diff_of_revisions_and_version_check(run, repository: Path) -> None:
    vmv_yaml = repository / "vmv.yaml"
    vmv_yaml.write_text(
        vmv_yaml.read_text()
        .replace("  - id: keep-promises\n", "  - id: keep-our-word\n")
        .replace("      value: keep-promises\n", "      value: keep-our-word\n")
    )

    page = repository / "playbook" / "leader-questions.md"
    page.write_text(page.read_text().replace("keep-promises", "keep-our-word"))
    git(repository, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qam", "second")
    status_before = subprocess.run(
        ["git", "-C", str(repository), "status", "--porcelain"], capture_output=True
    ).stdout

    outcome = run("--root", repository, "diff", "HEAD~1", "HEAD", "--format", "json", "--check-version")
    assert outcome.exit_code == 1
    payload = json.loads(outcome.stdout)
    assert payload["severity"] == "major"
    assert ("removed", "values[keep-promises]") in {(c["kind"], c["path"]) for c in payload["changes"]}
    assert ("changed", "questions[change-impact].values") in {
        (c["kind"], c["path"]) for c in payload["changes"]
    }
    assert outcome.stderr == (
        "vmv: error: edition.version must be at least 2.0.0 for 2 major changes since 1.0.0, found 1.0.0\n"
    )
    status_after = subprocess.run(
        ["git", "-C", str(repository), "status", "--porcelain"], capture_output=True
    ).stdout
    assert status_before == status_after

    same = run("--root", repository, "diff", "HEAD", "HEAD", "--check-version")
    assert same.exit_code == 0
    assert "No change in meaning." in same.stdout


def test_diff_of_files(run, tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(json.dumps(BASE, default=str))
    new.write_text(json.dumps(edited("vision", "A different world."), default=str))
    outcome = run("diff", old, new, "--format", "json")
    assert outcome.exit_code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["changes"] == [
        {
            "kind": "changed",
            "path": "vision",
            "old": BASE["vision"],
            "new": "A different world.",
            "severity": "major",
        }
    ]


def test_missing_revision_is_a_usage_error(run, repository: Path) -> None:
    outcome = run("--root", repository, "diff", "no-such-branch", "HEAD")
    assert outcome.exit_code == 2
    assert (
        outcome.stderr
        == f"vmv: error: 'no-such-branch' is neither a file nor a git revision in {repository}\n"
    )


def test_invalid_old_edition_names_the_revision(run, repository: Path) -> None:
    (repository / "vmv.yaml").write_text(
        (repository / "vmv.yaml").read_text().replace("schema: 1", "schema: 2")
    )
    git(repository, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qam", "break")
    outcome = run("--root", repository, "diff", "HEAD", "HEAD~1")
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("HEAD:vmv.yaml:4:9: error: schema: expected 1, found a number (2)\n")
