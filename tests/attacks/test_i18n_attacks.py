"""A hostile pull request against translations and labels: text in every translatable
path, a company's labels in every place vmv writes them (page text, attributes, the
scripts' JSON, the version selector), language tags as paths and attributes, and files
built to exhaust the build. Each attack asserts its safe outcome; one build of a hostile
repository is shared by the tests that read a site."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from tests.conftest import copy_example, static_server
from tests.hostile import handlers_and_script_addresses
from vmv.app.editions import build_all_versions
from vmv.app.pipeline import build_site
from vmv.app.scaffold import create_repository
from vmv.app.translate import translate
from vmv.core.load.headings import heading_text
from vmv.core.load.project import load_project
from vmv.core.render import label_overrides
from vmv.core.render.labels import catalogue, labels_for, placeholders
from vmv.core.site.load import load_site
from vmv.core.translations import files as translation_files
from vmv.core.translations import status as translation_status
from vmv.core.translations.items import source_items
from vmv.core.translations.languages import MAX_TRANSLATIONS, is_language_tag
from vmv.core.translations.translated import translated_project
from vmv.core.yaml_reader import ReadError, parse_yaml
from vmv.editions.versioned_site import lay_out_like_mike
from vmv.errors import InvalidInput, ProblemCode, closest

ATTRIBUTE = "\"'><img src=x onerror=alert(1)>"
ENTITIES = "&lt;img src=x onerror=alert(2)&gt; &#x3C;img src=x onerror=alert(3)&#x3E;"
SCRIPT_END = "</script><script>window.__xss=1</script>"
LABEL = f"{ATTRIBUTE} {ENTITIES} {SCRIPT_END} " + "{{{{ 7*7 }}}} {{% raw %}} {{ #id onclick=alert(14) }}"
"""A label that leaves an attribute, hides markup in character references, ends a script
element, holds template tags and an attribute list (a label writes a brace as `{{`)."""
LINE = f"{ATTRIBUTE} {ENTITIES} {SCRIPT_END} {{{{ 7*7 }}}} {{ onclick=alert(4) }} [x](javascript:alert(5))"
"""A translated text on one line."""
BLOCK = (
    f"{LINE}\n\n<script>window.__xss=2</script>\n\n- <img src=x onerror=alert(6)> {{: onclick=alert(7) }}\n\n"
    "```\n</div><img src=x onerror=alert(8)>\n```\n\n</div></span><img src=x onerror=alert(9)>"
)
"""A translated text of several paragraphs, a list, a fenced block and closing tags."""
PAGE = """---
source: "00000000"
---

# Titel <img src=x onerror=alert(10)>

{{ "<script>window.__xss=3</script>" }} {{ vmv.organization.name }}
<div onmouseover="alert(11)">Text</div><script>window.__xss=4</script>
[a](javascript:alert(12)) <a href="&#106;avascript:alert(13)">b</a>
"""


def _text_nodes_only(html: str) -> bool:
    """Whether `html`, read as a browser reads it, makes no element at all."""
    return BeautifulSoup(html, "html.parser").find() is None


# -- the version selector -----------------------------------------------------------------


def test_a_draft_title_from_a_label_is_text_in_the_version_selector(tmp_path: Path) -> None:
    """Material's version selector writes each title of versions.json into the page as
    HTML; a company's label for the draft's title is the pull request's text."""
    editions = []
    for label in ("1.0.0", "draft"):
        (tmp_path / label).mkdir()
        (tmp_path / label / "index.html").write_text("<p>edition</p>", encoding="utf-8")
        editions.append((label, tmp_path / label, label == "draft"))
    labels = labels_for("en", {"en": {"versions.draft_title": f"{LABEL} {{version}}"}})
    lay_out_like_mike(tmp_path / "site", editions, newest="1.0.0", labels=labels)
    versions = json.loads((tmp_path / "site" / "versions.json").read_text(encoding="utf-8"))
    title = next(v["title"] for v in versions if v["version"] == "draft")
    assert _text_nodes_only(title)
    shown = BeautifulSoup(title, "html.parser").get_text()
    assert "<img src=x onerror=alert(1)>" in shown and "draft" in shown


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A versioned site whose working copy (the draft) renames the draft's title."""
    root = tmp_path_factory.mktemp("drafted") / "acme"
    create_repository(root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=a", "-c", "user.email=a@example.com", "add", "-A")
    _git(root, "-c", "user.name=a", "-c", "user.email=a@example.com", "commit", "-qm", "first")
    version = yaml.safe_load((root / "vmv.yaml").read_text(encoding="utf-8"))["edition"]["version"]
    _git(root, "tag", f"v{version}")
    with (root / "vmv.yaml").open("a", encoding="utf-8") as file:
        file.write(yaml.safe_dump({"labels": {"en": {"versions.draft_title": f"{LABEL} {{version}}"}}}))
    build_all_versions(root, root / "out", include_draft=True)
    return root / "out"


@pytest.mark.browser
def test_no_script_runs_from_the_version_selector(drafted: Path, page) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    with static_server(drafted) as url:
        page.goto(url + "latest/")
        selector = page.locator(".md-version__list")
        selector.wait_for(state="attached")
        assert "<img src=x onerror=alert(1)>" in selector.text_content()
        assert page.locator(".md-version img").count() == 0
        page.wait_for_load_state("networkidle")  # an image's error would have fired by now
        assert page.evaluate("typeof window.__xss") == "undefined"
    assert fired == []


# -- a site in two languages, every text and label hostile --------------------------------


def _hostile_translation(root: Path) -> None:
    """Every item of translations/de.yaml translated with hostile text, every other one
    outdated (so that its notice shows); the playbook's translated page outdated, with raw
    HTML and template braces."""
    translate(root, "de")
    file = root / "translations" / "de.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    project = load_project(root)
    items = {item.path: item for item in source_items(project.document, project.pages)}
    for number, (path, entry) in enumerate(data["items"].items()):
        item = items[path]
        text = LINE if item.one_line else BLOCK
        entry["text"] = [f"{n} {text}" for n in range(len(item.text))] if item.is_list else f"{number} {text}"
        entry["source"] = item.fingerprint if number % 2 else "00000000"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "playbook" / "new-hire-guide.de.md").write_text(PAGE, encoding="utf-8")


def _hostile_labels(root: Path) -> None:
    """Every label of vmv's catalogue, in the source language and in the translation's."""
    english = catalogue("en")
    overrides = {}
    for key, label in english.items():
        fields = " ".join(f"{{{name}}}" for name in sorted(placeholders(label)))
        overrides[key] = f"{LABEL} {fields}"
    with (root / "vmv.yaml").open("a", encoding="utf-8") as file:
        file.write(yaml.safe_dump({"labels": {"en": overrides, "de": overrides}}, allow_unicode=True))


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example in English and German, every translated text and every label hostile."""
    root = copy_example(tmp_path_factory.mktemp("hostile-i18n") / "example")
    for make_hostile in (_hostile_translation, _hostile_labels):
        make_hostile(root)
    build_site(root, root / "site")
    return root / "site"


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup(site.joinpath(page).read_bytes(), "html.parser", from_encoding="utf-8")


def _article(site: Path, page: str) -> Tag:
    """The page's content, without the scripts' labels (data, read in their own test)."""
    article = _soup(site, page).select_one("article")
    assert article is not None
    for labels in article.select("script#vmv-labels"):
        labels.decompose()
    return article


def test_both_languages_were_built(bilingual: Path) -> None:
    assert len(list(bilingual.rglob("*.html"))) > 40
    assert _soup(bilingual, "de/index.html").html["lang"] == "de"  # type: ignore[index]


def test_no_handler_or_script_of_the_pull_request_on_any_page(bilingual: Path) -> None:
    for path in sorted(bilingual.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert handlers_and_script_addresses(html) == [], path
        for attributes, script in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL):
            if 'id="vmv-labels"' not in attributes:  # data, read below
                assert "__xss" not in script and "alert" not in script, path


def test_the_scripts_labels_are_data_that_cannot_end_their_element(bilingual: Path) -> None:
    for page in ("index.html", "de/index.html", "de/onboarding/self-check/index.html"):
        raw = (bilingual / page).read_text(encoding="utf-8")
        start = raw.index('<script type="application/json" id="vmv-labels">')
        body = raw[start:].split(">", 1)[1].split("</script>", 1)[0]
        assert "<" not in body and ">" not in body
        labels = json.loads(body)
        assert "</script><script>window.__xss=1</script>" in labels["self_check.pick_first"]


def test_labels_in_attributes_stay_in_their_attribute(bilingual: Path) -> None:
    for page in ("start-here/index.html", "de/start-here/index.html", "de/onboarding/self-check/index.html"):
        article = _soup(bilingual, page).select_one("article")
        assert article is not None
        labelled = article.select("progress[aria-label]")
        assert labelled, page
        for element in labelled:
            assert ATTRIBUTE in element["aria-label"]
        for link in article.select("a.headerlink"):
            assert ATTRIBUTE in link["title"]


def test_a_labels_braces_in_a_notice_are_text_not_a_template(bilingual: Path) -> None:
    """The notices above a translated page are put into its body, which is a template."""
    stale = _soup(bilingual, "de/playbook/new-hire-guide/index.html").select_one("p.vmv-outdated-notice")
    missing = _soup(bilingual, "de/playbook/hiring/index.html").select_one("p.vmv-untranslated-notice")
    for notice in (stale, missing):
        assert notice is not None
        assert "{{ 7*7 }} {% raw %}" in notice.get_text()


def test_a_translated_page_is_sanitized_and_its_braces_run_in_the_sandbox(bilingual: Path) -> None:
    article = _article(bilingual, "de/playbook/new-hire-guide/index.html")
    assert article.find("script") is None and not article.find("div", onmouseover=True)
    assert "<script>window.__xss=3</script>" in article.get_text()
    assert '{{ "<script>' not in article.get_text()  # the expression ran, in the sandbox


def test_translated_text_is_text_wherever_it_shows(bilingual: Path) -> None:
    value = _article(bilingual, "de/values/customer-first/index.html")
    assert value.find("img") is None and value.find("script") is None
    shown = value.get_text()
    assert "<img src=x onerror=alert(1)>" in shown and "{{ 7*7 }}" in shown
    translations = _article(bilingual, "translations/index.html")
    assert translations.find("img") is None and translations.find("script") is None


def test_search_entries_in_every_language_hold_plain_markup_only(bilingual: Path) -> None:
    """Material's search shows each entry's title and text as HTML."""
    for index in (bilingual / "search/search_index.json", bilingual / "de/search/search_index.json"):
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        assert any("onerror" in entry["text"] for entry in docs)
        for entry in docs:
            for part in (entry["title"], entry["text"]):
                for element in BeautifulSoup(part, "html.parser").find_all(True):
                    assert element.name in {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
                    assert not element.attrs


@pytest.mark.browser
def test_no_script_runs_in_either_language(bilingual: Path, page) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    with static_server(bilingual) as url:
        for path in ("de/playbook/new-hire-guide/", "de/onboarding/self-check/"):
            page.goto(url + path)
            page.locator("a.headerlink").first.focus()  # Material's tooltip shows its title
            page.locator(".md-select").first.hover()  # the language selector
            page.wait_for_load_state("networkidle")
            assert page.evaluate("typeof window.__xss") == "undefined", path
        # The log's filters read the address: a value no option has is no filter.
        hostile = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(20)%3E"
        page.goto(f"{url}de/decisions/?area={hostile}&value={hostile}&status=accepted")
        page.locator("form[data-vmv-filters]").wait_for()
        assert page.locator("select[name=area]").input_value() == ""
        page.locator("select[name=status]").select_option("")
        page.wait_for_load_state("networkidle")
        assert page.locator(".vmv-decisions > li:visible").count() == 3 and page.url.startswith(url)
    assert fired == []


# -- files made to exhaust the build --------------------------------------------------------


def test_thousands_of_unknown_paths_cost_a_bounded_number_of_comparisons(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each unknown path is compared with every item of the source for a "did you mean":
    a file of 2 MB names tens of thousands, which took minutes."""
    compared: list[int] = []

    def counted(word: str, candidates: list[str]) -> str | None:
        compared.append(len(candidates))
        return closest(word, candidates)

    monkeypatch.setattr(translation_files, "closest", counted)
    project = load_project(example)
    items = {item.path: item for item in source_items(project.document, project.pages)}
    paths = [f"values[customer-firsd{number}].statemend" for number in range(3000)]
    text = "language: fr\nitems:\n" + "".join(f'  "{path}":\n' for path in paths)
    (example / "translations" / "fr.yaml").write_text(text, encoding="utf-8")
    _, _, problems = translation_files.read_translation_file(example, "fr", items)
    unknown = [p for p in problems if p.code is ProblemCode.TRANSLATION_UNKNOWN_PATH]
    assert len(unknown) == len(paths)
    assert unknown[0].suggestion == "values[customer-first].statement"
    assert sum(compared) <= translation_files.MAX_COMPARISONS


def test_thousands_of_unknown_labels_cost_a_bounded_number_of_comparisons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suggested: list[str] = []
    monkeypatch.setattr(label_overrides, "closest", lambda word, keys: suggested.append(word))
    text = "labels:\n  en:\n" + "".join(f"    nav.homx{number}: Start\n" for number in range(3000))
    problems = label_overrides.override_problems(parse_yaml(text, "vmv.yaml"))
    assert len([p for p in problems if p.code is ProblemCode.LABEL_UNKNOWN]) == 3000
    assert len(suggested) <= label_overrides.MAX_SUGGESTED


# -- language tags as paths and attributes ------------------------------------------------

NOT_TAGS = [
    "de\n", "de/../../x", "..", "../de", 'de" onload="alert(1)', "de'><script>", "latest", "assets",
    "search", "404", "2.1.0", "draft", "versions", "sitemap", "de-" + "x" * 200, "dé", "ｄｅ",
    "de\u200b", "DE", "de_DE", "", " de",
]  # fmt: skip
"""Names a translation's folder or `<html lang>` must never take: a way out of the site's
folder, out of an attribute, or onto a folder of the source's site or of a versioned site."""


@pytest.mark.parametrize("tag", NOT_TAGS)
def test_a_language_tag_is_never_a_path_an_attribute_or_a_folder_of_the_site(tag: str) -> None:
    assert not is_language_tag(tag)
    text = f"labels:\n  {json.dumps(tag)}:\n    nav.home: Start\n"
    problems = label_overrides.override_problems(parse_yaml(text, "vmv.yaml"))
    assert [p.code for p in problems] == [ProblemCode.LABEL_LANGUAGE]


@pytest.mark.parametrize("tag", ["de\n", 'de" onload="alert(1)', "../de"])
def test_the_sites_language_is_a_tag(example: Path, tag: str) -> None:
    settings = yaml.safe_load((example / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["language"] = tag
    (example / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    _, problems = load_site(example)
    assert [p.path for p in problems] == ["theme.language"]


def test_translate_refuses_a_language_that_is_no_tag(run: Callable[..., Any], starter: Path) -> None:
    for tag in ("de\n", "de/../../x", "../../../tmp/x"):
        outcome = run("--root", starter, "translate", tag)
        assert outcome.exit_code == 2 and "is not a language tag" in outcome.stderr
        assert len(outcome.stderr.splitlines()) == 1, outcome.stderr
    assert not (starter / "translations").exists()


def test_a_file_named_by_no_tag_is_not_read(example: Path) -> None:
    for name in ("de\n.yaml", "..yaml", ".yaml", "latest.yaml"):
        (example / "translations" / name).write_text("language: de\nitems: {}\n", encoding="utf-8")
    project = load_project(example)
    assert [t.language for t in project.translations] == ["de"]
    refused = [p for p in project.warnings if p.code is ProblemCode.TRANSLATION_FILE_NAME]
    assert len(refused) == 4
    assert all("\n" not in str(p) for p in refused)


def test_no_folder_of_the_source_site_is_named_like_a_language(bilingual: Path) -> None:
    """A translation's site is the folder named by its tag: none may be one of the source's."""
    named = [entry.name for entry in bilingual.iterdir() if entry.name != "de"]
    assert "assets" in named and "search" in named
    assert not [name for name in named if is_language_tag(name)]


def _many_languages(root: Path, count: int) -> None:
    """Files named by as many language tags (aaa, aab, ...), each a translation."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    for number in range(count):
        tag = "a" + letters[number // 26 % 26] + letters[number % 26]
        (root / "translations" / f"{tag}.yaml").write_text(
            f"language: {tag}\nitems: {{}}\n", encoding="utf-8"
        )


def test_more_translations_than_languages_are_refused_unread(
    run: Callable[..., Any], example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each translation costs a whole site's build, and Material has words for 69 languages:
    thousands of files took minutes to be refused one by one."""
    _many_languages(example, MAX_TRANSLATIONS)  # with de.yaml, one more than vmv reads
    read: list[str] = []
    monkeypatch.setattr(translation_status, "read_translation_file", lambda *args: read.append(args[1]))
    with pytest.raises(InvalidInput) as refused:
        load_project(example)
    assert read == []
    (problem,) = refused.value.problems
    assert problem.code is ProblemCode.TRANSLATION_TOO_MANY and problem.location.file == "translations"
    outcome = run("--root", example, "translate", "status")
    assert outcome.exit_code == 1 and read == []
    assert outcome.stderr.splitlines()[0] == str(problem)


@pytest.mark.parametrize("length", range(7))
def test_a_heading_is_read_as_the_pattern_read_it(length: int) -> None:
    """heading_text replaced a regular expression that backtracked: the same text of every
    line over a small alphabet (spaces of several kinds, hashes, letters)."""
    pattern = re.compile(r"#\s+(.+?)\s*#*\s*")
    for characters in itertools.product("# \t\u3000\x1ca", repeat=length):
        line = "".join(characters)
        match = pattern.fullmatch(line)
        assert heading_text(line) == (match.group(1) if match else None), repr(line)


SPACED_HEADING = "# a" + " " * 1_000_000 + "x"
"""An opening heading that a backtracking pattern reads in time growing with the cube of
its spaces (3,000 took 30 s); read in one pass, it takes milliseconds."""


def test_a_spaced_out_heading_and_a_record_of_open_comments_are_read_in_one_pass(example: Path) -> None:
    page = example / "playbook" / "new-hire-guide.de.md"
    page.write_text(f'---\nsource: "0"\n---\n\n{SPACED_HEADING}\n', encoding="utf-8")
    source = example / "playbook" / "hiring.md"
    front, _, body = source.read_text(encoding="utf-8").partition("\n---\n")
    source.write_text(f"{front}\n---\n{SPACED_HEADING}\n{body}", encoding="utf-8")
    record = next((example / "decisions").glob("*.md"))
    record.write_text(record.read_text(encoding="utf-8") + "<!--" * 400_000, encoding="utf-8")
    project = load_project(example)
    shown, _ = translated_project(project, project.translations[0], "en", labels_for("de"))
    titles = {page.source: page.title for page in shown.pages}
    assert titles["playbook/new-hire-guide.md"] == SPACED_HEADING[2:]
    assert any("<!--<!--" in decision.body for decision in shown.decisions)


def test_a_syntax_error_under_a_line_of_a_million_dashes_is_one_problem() -> None:
    """Explaining a misaligned line reads the key of the line above it: a pattern that
    tried every split of that line's dashes took hours on a line of a million."""
    text = "items:\n  - |\n    " + "- " * 1_000_000 + "x\n   - b\n"
    with pytest.raises(ReadError) as refused:
        parse_yaml(text, "translations/de.yaml")
    assert str(refused.value.problem).startswith("translations/de.yaml:4:4: error: YAML syntax error")


# -- links out of the repository ------------------------------------------------------------

SECRET = "SECRET-FROM-OUTSIDE"


def _outside(tmp_path: Path, example: Path) -> Path:
    """A folder outside the repository with a translation, a page and a record in it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "de.yaml").write_text(
        f"language: de\nitems:\n  vision:\n    text: {SECRET}\n", encoding="utf-8"
    )
    (outside / "page.md").write_text(f'---\nsource: "0"\n---\n{SECRET}\n', encoding="utf-8")
    record = next((example / "decisions").glob("*.md"))
    (outside / record.name).write_text(record.read_text(encoding="utf-8") + SECRET, encoding="utf-8")
    return outside


def _replace_with_link(path: Path, target: Path | str) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.symlink_to(target)


LINKS = {
    "translations folder out": lambda ex, out: _replace_with_link(ex / "translations", out),
    "translations folder loop": lambda ex, out: _replace_with_link(ex / "translations", ex / "translations"),
    "translated page out": lambda ex, out: _replace_with_link(ex / "playbook/new-hire-guide.de.md", out / "page.md"),
    "translated page device": lambda ex, out: _replace_with_link(ex / "playbook/new-hire-guide.de.md", "/dev/zero"),
    "translated page loop": lambda ex, out: _replace_with_link(ex / "playbook/new-hire-guide.de.md", "new-hire-guide.de.md"),
    "decisions folder out": lambda ex, out: _replace_with_link(ex / "decisions", out),
    "record out": lambda ex, out: [
        _replace_with_link(record, out / record.name) for record in sorted((ex / "decisions").glob("*.md"))[:1]
    ],
    "record fifo": lambda ex, out: os.mkfifo(ex / "decisions" / "2020-01-01-fifo.md"),
}  # fmt: skip


@pytest.mark.parametrize("attack", LINKS)
def test_a_link_or_special_file_is_refused_and_nothing_outside_is_read(
    example: Path, tmp_path: Path, attack: str
) -> None:
    LINKS[attack](example, _outside(tmp_path, example))
    with pytest.raises(InvalidInput) as refused:
        load_project(example)
    said = "\n".join(str(p) for p in refused.value.problems)
    assert SECRET not in said and str(tmp_path) not in said
    assert any(
        p.code in (ProblemCode.FILE_OUTSIDE, ProblemCode.FILE_NOT_FOUND) for p in refused.value.problems
    ), said


def test_the_status_keeps_each_item_on_its_line(run: Callable[..., Any], example: Path) -> None:
    """A glossary term may hold a carriage return, and a CI runner reads '::command' (an
    annotation, a mask, stop-commands) at the start of any line of a job's output."""
    data = yaml.safe_load((example / "vmv.yaml").read_text(encoding="utf-8"))
    data["glossary"].append({"term": "NPS\r::error title=Approved::by the board", "definition": "A term."})
    (example / "vmv.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outcome = run("--root", example, "translate", "status", "de")
    assert outcome.exit_code == 0 and "nps\\r::error" in outcome.stdout
    assert not [line for line in outcome.stdout.splitlines() if line.startswith("::")]


def test_a_label_repeating_a_placeholder_is_refused() -> None:
    """Each use of a placeholder repeats its value: '{organization}' written 20,000 times
    in the footer's label put 20 MB on every page (a 319 KB vmv.yaml, a 639 MB site)."""
    for uses, refused in ((2, False), (3, True), (20_000, True)):
        label = "{organization}" * uses + " {version} {date} {approvers}"
        text = f"labels:\n  en:\n    footer.edition: {json.dumps(label)}\n"
        problems = label_overrides.override_problems(parse_yaml(text, "vmv.yaml"))
        assert [p.code for p in problems] == ([ProblemCode.LABEL_PLACEHOLDERS] if refused else []), uses
