"""Translations in the core: the items a reader sees, their fingerprints (the diff's patch
rule), the states of a translation, and the edits `vmv translate` makes to a file."""

from __future__ import annotations

import re
from pathlib import Path
from random import Random

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from vmv.core.changes import ChangeKind, Impact, paragraphs
from vmv.core.load.project import load_project
from vmv.core.translations.editing import new_file, page_with_source, with_items, with_sources
from vmv.core.translations.items import SourceItem, fingerprint, replace_texts, source_items
from vmv.core.translations.languages import language_name, translated_page
from vmv.core.translations.status import ItemState, load_translation
from vmv.errors import ProblemCode, Severity
from vmv.review.collector import ChangeCollector, text_impact
from vmv.review.diff import diff_projects

# (source when translated, source today, whether the translation stays current)
STALENESS = [
    ("Customer First", "Customer First", True),
    ("Customer First", "customer first", True),
    ("Customer First", "CUSTOMER FIRST", True),
    ("We start every decision with the customer.", "We start every decision with the customer", True),
    ("We start every decision with the customer.", "We start every decision, with the customer!", True),
    ("We start every decision with the customer.", "We  start every\ndecision with the customer.", True),
    ("Own it: decide on the spot.", "Own it - decide on the spot.", True),
    ("“Own it”", '"Own it"', True),
    ("Customer First", "Customers First", False),
    ("We start every decision with the customer.", "We start every decision with the margin.", False),
    ("Refunds up to £100.", "Refunds up to £150.", False),
    ("Ask before you recommend.", "Ask before you recommend anything.", False),
    ("Keep our word", "Keep your word", False),
]


@pytest.mark.parametrize(("before", "after", "current"), STALENESS)
def test_a_translation_goes_stale_exactly_when_the_diff_sees_more_than_a_patch(
    before: str, after: str, current: bool
) -> None:
    assert (fingerprint(before) == fingerprint(after)) is current
    assert (text_impact(before, after, Impact.MINOR) in (None, Impact.PATCH)) is current


@given(st.text(max_size=40), st.text(max_size=40))
def test_fingerprints_follow_the_patch_rule_for_any_text(before: str, after: str) -> None:
    trivial = text_impact(before, after, Impact.MINOR) in (None, Impact.PATCH)
    # Equal fingerprints for different meanings would need a collision of 32 bits.
    assert (fingerprint(before) == fingerprint(after)) is trivial


def test_fingerprints_are_eight_hex_digits() -> None:
    assert re.fullmatch(r"[0-9a-f]{8}", fingerprint("Customer First"))


def test_a_list_reordered_stays_current() -> None:
    behaviours = ("Ask first.", "Walk them to the shelf.")
    assert fingerprint(behaviours) == fingerprint(tuple(reversed(behaviours)))
    assert fingerprint(behaviours) != fingerprint(("Ask first.", "Point at the shelf."))
    assert fingerprint(behaviours) != fingerprint((*behaviours, "Ask first."))


def _only_patches(before: list[str], after: list[str]) -> bool:
    """Whether the diff, comparing two lists of texts, finds nothing above a `patch`."""
    out = ChangeCollector()
    out.texts("list", before, after, Impact.MINOR, "")
    return all(change.severity is Impact.PATCH for change in out.changes)


# Few words, so that generated lists share texts, reorder them and differ in trivial ways.
WORDS = st.sampled_from(["Ask", "ask", "first", "first!", "the shelf", "", " ", ".", "Own it"])
TEXTS = st.lists(WORDS, max_size=3).map(" ".join)


@given(st.lists(TEXTS, max_size=4), st.lists(TEXTS, max_size=4), st.randoms())
def test_list_fingerprints_follow_the_patch_rule(before: list[str], after: list[str], random: Random) -> None:
    for now in (after, random.sample(before, len(before))):
        assert (fingerprint(tuple(before)) == fingerprint(tuple(now))) is _only_patches(before, now)


BLOCKS = st.lists(TEXTS, max_size=4).map("\n".join)
BODIES = st.lists(BLOCKS, max_size=4).map("\n\n".join)


@given(BODIES, BODIES, st.randoms())
def test_body_fingerprints_follow_the_patch_rule(before: str, after: str, random: Random) -> None:
    blocks = before.split("\n\n")
    for now in (after, "\n\n".join(random.sample(blocks, len(blocks)))):
        same = (
            SourceItem("p.md", before, page=True).fingerprint
            == SourceItem("p.md", now, page=True).fingerprint
        )
        assert same is _only_patches(paragraphs(before), paragraphs(now))


def test_moving_a_paragraph_or_an_answer_keeps_every_translation_current(example: Path) -> None:
    old = load_project(example)
    page = example / "playbook" / "hiring.md"
    blocks = page.read_text(encoding="utf-8").split("\n\n")
    # The front matter and the page's title stay first; the last two paragraphs swap.
    page.write_text("\n\n".join([*blocks[:-2], blocks[-1].rstrip("\n"), blocks[-2]]) + "\n", encoding="utf-8")
    document = yaml.safe_load((example / "vmv.yaml").read_text(encoding="utf-8"))
    answers = document["onboarding"]["scenarios"][0]["answers"]
    answers.reverse()
    (example / "vmv.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    new = load_project(example)
    changes = diff_projects(old, new).changes
    assert {c.kind for c in changes} == {ChangeKind.MOVED}
    assert all(c.severity is Impact.PATCH for c in changes)
    assert {c.path for c in changes} >= {"pages[playbook/hiring.md].body"}
    assert any(c.path.endswith(".answers") for c in changes)
    before = {i.path: i.fingerprint for i in source_items(old.document, old.pages)}
    assert before == {i.path: i.fingerprint for i in source_items(new.document, new.pages)}


def test_every_item_is_named_by_id_never_by_position(starter: Path) -> None:
    project = load_project(starter)
    items = source_items(project.document, project.pages)
    paths = [item.path for item in items]
    assert len(paths) == len(set(paths))
    assert not [p for p in paths if re.search(r"\[\d+\]", p)]
    for expected in (
        "organization.name",
        "vision",
        "mission",
        "values[customer-first].name",
        "values[customer-first].statement",
        "values[customer-first].why",
        "values[customer-first].behaviors.do",
        "values[customer-first].examples",
        "glossary[nps].definition",
        "onboarding.paths[day-one].name",
    ):
        assert expected in paths
    by_path = {item.path: item for item in items}
    assert by_path["values[customer-first].behaviors.do"].text == tuple(
        project.document.values[0].behaviors.do
    )
    assert by_path["values[customer-first].name"].one_line
    assert not by_path["vision"].one_line
    pages = [item for item in items if item.page]
    assert [item.path for item in pages] == [page.source for page in project.pages]


def test_the_example_has_every_kind_of_item(example: Path) -> None:
    project = load_project(example)
    paths = {item.path for item in source_items(project.document, project.pages)}
    for expected in (
        "owners[ceo].role",
        "onboarding.scenarios[refund-one-day-late].answers",
        "onboarding.scenarios[refund-one-day-late].feedback",
        "measures[nps].name",
        "measures[nps].definition",
        "questions[new-who-for].text",
        "standards[greet-in-store].promise",
        "pages[playbook/hiring.md].title",
        "playbook/hiring.md",
    ):
        assert expected in paths


def test_replacing_every_text_by_itself_changes_nothing(example: Path) -> None:
    project = load_project(example)
    document, pages = replace_texts(project.document, project.pages, lambda item: item.text)
    assert document == project.document
    assert pages == project.pages


def test_translated_pages_are_no_pages_of_their_own(starter: Path) -> None:
    (starter / "translations").mkdir()
    (starter / "translations" / "de.yaml").write_text("language: de\nitems: {}\n")
    page = next((starter / "playbook").glob("*.md"))
    (page.parent / f"{page.stem}.de.md").write_text("---\nsource: 0badf00d\n---\n# Übersetzt\n")
    (page.parent / f"{page.stem}.old.md").write_text("# An old copy, still a page\n")
    sources = [p.source for p in load_project(starter).pages]
    assert f"playbook/{page.stem}.de.md" not in sources
    assert f"playbook/{page.stem}.old.md" in sources


def test_translated_page_names() -> None:
    assert translated_page("playbook/hiring.de.md", {"de"}) == ("playbook/hiring.md", "de")
    assert translated_page("playbook/a/b.pt-BR.md", {"pt-BR"}) == ("playbook/a/b.md", "pt-BR")
    assert translated_page("playbook/hiring.old.md", {"de"}) is None
    assert translated_page("playbook/hiring.md", {"de"}) is None


def test_language_names() -> None:
    assert language_name("de", "en") == "German"
    assert language_name("de", "de") == "Deutsch"
    assert language_name("ja", "en") == "Japanese"
    assert language_name("xq", "en") == "xq"


def _items(starter: Path) -> list[SourceItem]:
    project = load_project(starter)
    return source_items(project.document, project.pages)


def _write(root: Path, text: str) -> None:
    (root / "translations").mkdir(exist_ok=True)
    (root / "translations" / "de.yaml").write_text(text, encoding="utf-8")


def test_a_page_under_items_is_an_error_of_its_own(starter: Path) -> None:
    page = next(item for item in _items(starter) if item.page)
    _write(starter, f"language: de\nitems:\n  {page.path}: {{source: '{page.fingerprint}', text: Seite}}\n")
    project = load_project(starter, with_translations=False)
    _, problems = load_translation(starter, project.document, project.pages, "de")
    assert [(p.code, p.severity) for p in problems] == [
        (ProblemCode.TRANSLATION_PAGE_IN_ITEMS, Severity.ERROR)
    ]
    assert page.path.removesuffix(".md") + ".de.md" in problems[0].message


def test_states_missing_current_and_stale(starter: Path) -> None:
    items = {item.path: item for item in _items(starter)}
    name, statement = items["values[customer-first].name"], items["values[customer-first].statement"]
    _write(
        starter,
        "language: de\nitems:\n"
        f"  values[customer-first].name: {{source: '{name.fingerprint}', text: Kunde zuerst}}\n"
        "  values[customer-first].statement: {source: 0badf00d, text: Wir fragen zuerst.}\n"
        f"  values[own-it].name: {{source: '{items['values[own-it].name'].fingerprint}', text: ''}}\n",
    )
    project = load_project(starter, with_translations=False)
    translation, problems = load_translation(starter, project.document, project.pages, "de")
    assert problems == []
    assert translation is not None
    assert translation.state(name.path) is ItemState.CURRENT
    assert translation.state(statement.path) is ItemState.STALE
    assert translation.state("values[own-it].name") is ItemState.MISSING
    assert translation.state("vision") is ItemState.MISSING
    summary = translation.summary()
    assert list(summary) == ["current", "stale", "missing"]
    assert summary["current"] == 1 and summary["stale"] == 1
    assert sum(summary.values()) == len(items)


def test_a_new_file_holds_every_item_untranslated(starter: Path) -> None:
    items = [item for item in _items(starter) if not item.page]
    data = yaml.safe_load(new_file("de", items))
    assert data["language"] == "de"
    assert list(data["items"]) == [item.path for item in items]
    for item in items:
        entry = data["items"][item.path]
        assert entry["source"] == item.fingerprint
        assert entry["text"] == ([] if item.is_list else "")


def test_items_are_added_after_the_last_and_nothing_else_moves(starter: Path) -> None:
    items = [item for item in _items(starter) if not item.page]
    first, second, third = items[:3]
    text = (
        "# Unsere Übersetzung\n"
        "language: de\n"
        "items:\n"
        f"  # {first.path}\n"
        f"  {first.path}:\n"
        "    source: 0badf00d  # changed since\n"
        "    text: |\n"
        "      Zeile eins\n"
        "      Zeile zwei\n"
        "\n"
        "# the end\n"
    )
    updated = with_items(text, [second, third])
    assert updated.startswith(text[: text.index("\n\n# the end")])
    assert updated.endswith("\n\n# the end\n")
    data = yaml.safe_load(updated)
    assert list(data["items"]) == [first.path, second.path, third.path]
    assert data["items"][first.path] == {"source": "0badf00d", "text": "Zeile eins\nZeile zwei\n"}
    assert data["items"][third.path]["source"] == third.fingerprint


@pytest.mark.parametrize("items", ["items:\n", "items: {}\n", "items: null\n", ""])
def test_items_are_added_to_an_empty_file(starter: Path, items: str) -> None:
    added = [item for item in _items(starter) if not item.page][:2]
    data = yaml.safe_load(with_items(f"language: de\n{items}", added))
    assert list(data["items"]) == [item.path for item in added]


def test_items_are_added_to_a_flow_mapping(starter: Path) -> None:
    first, second = [item for item in _items(starter) if not item.page][:2]
    text = f'language: de\nitems: {{"{first.path}": {{source: abc, text: Eins}}}}  # kept\n'
    updated = with_items(text, [second])
    assert updated.endswith("}  # kept\n")
    assert list(yaml.safe_load(updated)["items"]) == [first.path, second.path]


def test_sources_are_set_in_place(starter: Path) -> None:
    text = (
        "language: de\n"
        "items:\n"
        '  "vision":   # the big picture\n'
        "    source: 0badf00d  # old\n"
        "    text: Eine Welt\n"
        '  "mission":\n'
        "    text: Wir hören zu\n"
        '  "organization.name": {text: Acme}\n'
        '  "organization.tagline":\n'
    )
    updated = with_sources(
        text,
        {
            "vision": "12345678",
            "mission": "abcdef01",
            "organization.name": "1e100",
            "organization.tagline": "f",
        },
    )
    assert '  "vision":   # the big picture\n    source: "12345678"  # old\n' in updated
    data = yaml.safe_load(updated)
    assert data["items"]["vision"] == {"source": "12345678", "text": "Eine Welt"}
    assert data["items"]["mission"] == {"source": "abcdef01", "text": "Wir hören zu"}
    assert data["items"]["organization.name"] == {"source": "1e100", "text": "Acme"}
    assert data["items"]["organization.tagline"] == {"source": "f"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nsource: 0badf00d\n---\n# Titel\n", "---\nsource: 12ab34cd\n---\n# Titel\n"),
        ("---\n# note\n---\n# Titel\n", "---\nsource: 12ab34cd\n# note\n---\n# Titel\n"),
        ("# Titel\n", "---\nsource: 12ab34cd\n---\n# Titel\n"),
    ],
)
def test_a_page_gets_its_source_in_front_matter(text: str, expected: str) -> None:
    assert page_with_source(text, "12ab34cd") == expected
