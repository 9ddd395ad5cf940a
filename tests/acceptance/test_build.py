"""Real builds with MkDocs and Material in strict mode, inspected with an HTML parser."""

from __future__ import annotations

import calendar
import hashlib
import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vmv.app.pipeline import build_site
from vmv.core.load.project import load_project
from vmv.errors import InvalidInput, UsageError


def html(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return soup


def article_text(soup: BeautifulSoup) -> str:
    article = soup.select_one("article")
    assert article is not None
    return " ".join(article.get_text(" ").split())


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def built(built_example: Path) -> Path:
    return built_example


def test_home_page_shows_vision_mission_values_and_new_hire_entry(built: Path) -> None:
    document = load_project(built).document
    soup = html(built / "site", "index.html")
    text = article_text(soup)
    assert document.organization.name in soup.select_one("article h1").get_text()
    assert "Our vision" in text and "Our mission" in text
    cards = soup.select(".vmv-values li")
    assert len(cards) == len(document.values)
    for card, value in zip(cards, document.values, strict=True):
        link = card.select_one("a")
        assert link.get_text(strip=True) == value.name
        assert link["href"] == f"values/{value.id}/"
    start = soup.find("a", string="New here? Start here")
    assert start is not None and start["href"] == "start-here/"


def test_each_value_page_lists_behaviours_and_the_questions_serving_it(built: Path) -> None:
    project = load_project(built)
    for value in project.document.values:
        soup = html(built / "site", f"values/{value.id}/index.html")
        assert soup.select_one("article h1").get_text(strip=True).startswith(value.name)
        items = [" ".join(li.get_text(" ").split()) for li in soup.select("article li")]
        for behavior in value.behaviors.do:
            assert any(behavior.rstrip(".") in item for item in items), behavior
        expected = {
            q.id
            for page in project.pages
            for q in page.meta.questions
            if value.id in (q.values or page.meta.values)
        }
        linked = {a["href"].split("#q-")[1] for a in soup.select("article a[href*='#q-']")}
        assert linked == expected, value.id


def test_question_links_point_at_existing_anchors(built: Path) -> None:
    soup = html(built / "site", "values/customer-first/index.html")
    link = soup.select_one("article a[href*='#q-']")
    page, anchor = link["href"].split("#")
    target = (built / "site/values/customer-first" / page / "index.html").resolve()
    assert html(target.parent, "index.html").find(id=anchor) is not None


def test_standards_table_has_owner_metric_and_target(built: Path) -> None:
    project = load_project(built)
    page = next(p for p in project.pages if p.meta.standards)
    soup = html(built / "site", page.source.removesuffix(".md") + "/index.html")
    table = next(t for t in soup.select("article table") if "Metric" in t.get_text())
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[-3:] == ["Owner", "Metric", "Target"]
    rows = table.select("tbody tr")
    assert len(rows) == len(page.meta.standards)
    for row, standard in zip(rows, page.meta.standards, strict=True):
        cells = [" ".join(td.get_text(" ").split()) for td in row.select("td")]
        assert cells[0] == standard.name
        assert cells[-1] == " ".join(standard.target.split())
        assert row.find(id=f"s-{standard.id}") is not None


def test_search_index_holds_every_value(built: Path) -> None:
    index = json.loads((built / "site/search/search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    titles = {doc["title"] for doc in index["docs"]}
    for value in load_project(built).document.values:
        assert f"values/{value.id}/" in locations
        assert value.name in titles


def test_glossary_terms_get_hover_definitions_on_every_page(built: Path) -> None:
    document = load_project(built).document
    soup = html(built / "site", "glossary/index.html")
    for entry in document.glossary:
        assert soup.find("h2", id=True, string=lambda s, t=entry.term: s and t in s) is not None
    measures = html(built / "site", "playbook/measures/index.html")
    titles = {abbr.get_text(): abbr["title"] for abbr in measures.select("article abbr")}
    assert "NPS" in titles and titles["NPS"].startswith("Net Promoter Score")


def test_footer_names_edition_and_approvers(built: Path) -> None:
    document = load_project(built).document
    footer = html(built / "site", "values/own-it/index.html").select_one(".md-copyright")
    text = " ".join(footer.get_text(" ").split())
    assert f"edition {document.edition.version}" in text
    for owner in document.approvers:
        assert owner.name in text


def test_navigation_is_generated_in_reading_order(built: Path) -> None:
    soup = html(built / "site", "index.html")
    labels = [
        " ".join(li.find(["a", "label"]).get_text(" ").split())
        for li in soup.select("nav.md-nav--primary > ul > li")
    ]
    assert labels == [
        "Home",
        "New here",
        "Values",
        "Playbook",
        "Question bank",
        "Decisions",
        "Measures",
        "Values in action",
        "Printable handbook",
        "Glossary",
        "What changed",
        "Translations",
    ]

    pages = [" ".join(a.get_text(" ").split()) for a in soup.select("nav.md-nav--primary a")]
    assert pages.index("Your first week with our values") < pages.index("Leader questions")


def test_raw_html_in_vmv_yaml_appears_as_text(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_text()
    text = text.replace(
        "statement: We ask what is right for the customer before we ask what is right for us.",
        "statement: 'We <script>alert(1)</script> <b>care</b> & <img src=x onerror=alert(2)>'",
    )
    (starter / "vmv.yaml").write_text(text)
    build_site(starter, starter / "site")
    for page in ("index.html", "values/customer-first/index.html"):
        soup = html(starter / "site", page)
        article = soup.select_one("article")
        assert article.find("script") is None and article.find("img") is None
        assert article.find("b") is None
        assert "<script>alert(1)</script> <b>care</b> &" in article.get_text()


def test_failed_build_leaves_previous_site_byte_identical(starter: Path) -> None:
    build_site(starter, starter / "site")
    before = tree_digest(starter / "site")
    (starter / "vmv.yaml").write_text((starter / "vmv.yaml").read_text().replace("schema: 1", "schema: 7"))
    with pytest.raises(InvalidInput):
        build_site(starter, starter / "site")
    assert tree_digest(starter / "site") == before
    assert not list(starter.glob(".vmv-tmp-*"))


def test_broken_link_fails_strict_build_naming_the_page_line(starter: Path) -> None:
    build_site(starter, starter / "site")
    before = tree_digest(starter / "site")
    page = starter / "playbook" / "leader-questions.md"
    page.write_text(page.read_text() + "\nSee [the policy](refund-policy.md).\n")
    with pytest.raises(InvalidInput) as caught:
        build_site(starter, starter / "site")
    (problem,) = caught.value.problems
    line = page.read_text().split("\n").index("See [the policy](refund-policy.md).") + 1
    assert str(problem).startswith(f"playbook/leader-questions.md:{line}:18: error: ")
    assert "refund-policy.md" in problem.message
    assert tree_digest(starter / "site") == before


def test_two_builds_of_the_same_input_are_byte_identical(starter: Path) -> None:
    build_site(starter, starter / "one")
    build_site(starter, starter / "two")
    assert tree_digest(starter / "one") == tree_digest(starter / "two")


def test_refuses_to_replace_a_folder_that_is_not_a_site(starter: Path) -> None:
    documents = starter / "documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work\n")
    with pytest.raises(UsageError):
        build_site(starter, documents)
    with pytest.raises(UsageError):
        build_site(starter, starter)
    assert (documents / "thesis.txt").read_text() == "years of work\n"


def test_built_site_is_readable_by_a_web_server(starter: Path) -> None:
    build_site(starter, starter / "site")
    assert (starter / "site").stat().st_mode & 0o005 == 0o005


def test_company_template_overrides_the_built_in_one(starter: Path) -> None:
    (starter / "templates").mkdir()
    (starter / "templates" / "glossary.md.j2").write_text(
        "# Words we use\n\n{{ vmv.glossary | length }} terms.\n"
    )
    build_site(starter, starter / "site")
    soup = html(starter / "site", "glossary/index.html")
    assert soup.select_one("article h1").get_text(strip=True) == "Words we use"
    assert "1 terms." in article_text(soup)


def test_unsafe_link_addresses_become_text(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_text()
    text = text.replace(
        "statement: We ask what is right for the customer before we ask what is right for us.",
        'statement: "[a]( JaVaScRiPt:alert(1)) [b](vbscript:x) ![c](data:text/html,1) [ok](https://example.com)"',
    )
    (starter / "vmv.yaml").write_text(text)
    build_site(starter, starter / "site")
    for page in ("index.html", "values/customer-first/index.html"):
        article = html(starter / "site", page).select_one("article")
        addresses = [a.get("href", "") for a in article.select("a")] + [
            i["src"] for i in article.select("img")
        ]
        assert not [
            a for a in addresses if a.replace(" ", "").lower().startswith(("javascript", "vbscript", "data"))
        ]
        assert "https://example.com" in addresses
        assert "a b c ok" in " ".join(article.get_text(" ").split())


def test_links_in_vmv_yaml_are_written_from_the_site_root(starter: Path) -> None:
    text = (starter / "vmv.yaml").read_text()
    text = text.replace(
        "statement: We ask what is right for the customer before we ask what is right for us.",
        'statement: "Ask the [leader questions](playbook/leader-questions.md#q-hiring-owner) first."',
    )
    (starter / "vmv.yaml").write_text(text)
    build_site(starter, starter / "site")
    home = html(starter / "site", "index.html").find("a", string="leader questions")
    value = html(starter / "site", "values/customer-first/index.html").find("a", string="leader questions")
    assert home["href"] == "playbook/leader-questions/#q-hiring-owner"
    assert value["href"] == "../../playbook/leader-questions/#q-hiring-owner"


def test_page_whose_body_opens_with_a_heading_shows_it_once(starter: Path) -> None:
    (starter / "playbook" / "notes.md").write_text("# Field notes\n\nHello.\n")
    build_site(starter, starter / "site")
    soup = html(starter / "site", "playbook/notes/index.html")
    assert [h.get_text(strip=True) for h in soup.select("article h1")] == ["Field notes"]


def test_pipes_in_standards_stay_inside_their_cell(starter: Path) -> None:
    (starter / "playbook" / "standards.md").write_text(
        "---\ntitle: Standards\ndescription: Answer 7*7 times *fast*\nstandards:\n"
        "  - id: fast\n    name: Answer fast\n    promise: 'In 2 | 3 minutes \\| or less'\n"
        "    owner: Support\n    metric: First response\n    target: 2 minutes\n---\n"
    )
    build_site(starter, starter / "site")
    soup = html(starter / "site", "playbook/standards/index.html")
    cells = [" ".join(td.get_text(" ").split()) for td in soup.select("article table tbody tr td")]
    assert cells == ["Answer fast", "In 2 | 3 minutes | or less", "Support", "First response", "2 minutes"]
    assert soup.select_one(".vmv-description").get_text() == "Answer 7*7 times fast"


def test_glossary_tooltips_match_lower_case_and_hyphenated_forms(starter: Path) -> None:
    text = (
        (starter / "vmv.yaml")
        .read_text()
        .replace(
            "glossary:\n",
            "glossary:\n  - term: Front line\n    definition: The people who serve customers.\n",
        )
    )
    (starter / "vmv.yaml").write_text(text)
    page = starter / "playbook" / "leader-questions.md"
    page.write_text(page.read_text() + "\nOur front line and front-line colleagues, and NPS.\n")
    build_site(starter, starter / "site")
    soup = html(starter / "site", "playbook/leader-questions/index.html")
    terms = sorted(abbr.get_text() for abbr in soup.select("article abbr"))
    assert {"front line", "front-line", "NPS"} <= set(terms)


def test_start_here_opens_with_one_welcome_paragraph(built: Path) -> None:
    first = html(built / "site", "start-here/index.html").select_one("article p")
    text = " ".join(first.get_text().split())
    assert text.startswith("Welcome to ") and text.endswith("how we work to get there.")


def test_a_build_leaves_the_environment_as_it_was(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    build_site(starter, starter / "site")
    assert "SOURCE_DATE_EPOCH" not in os.environ and "NO_MKDOCS_2_WARNING" not in os.environ
    # The compressed sitemap's header carries the build time: the starter edition's date, not now.
    header = (starter / "site" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == calendar.timegm((2026, 1, 15, 0, 0, 0))
