"""No script from the repository reaches a reader: sites built from hostile text in every
field, raw HTML in a page, settings in a page's body and in a template, read in a browser."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import copy_example, static_server, without_translations
from tests.hostile import Documents, Field, fill, handlers_and_script_addresses
from vmv.app.pipeline import build_site
from vmv.errors import InvalidInput

# -- sites built from hostile text ----------------------------------------------------------

RAW_PAGE = """---
title: Raw HTML
---
# Raw <img src=x onerror=alert(1)>

<script>window.__xss = 1</script>
<img src=x onerror="alert(1)"> <svg onload="alert(1)"></svg> <iframe srcdoc="<script>alert(1)</script>"></iframe>
<a href="&#106;avascript:alert(1)">entity</a> <a href="javas&#x09;cript:alert(1)">tab</a> [md](javascript:alert(1))
<input autofocus onfocus="alert(1)"> <form action="https://evil.example/"><button formaction="javascript:alert(1)">go</button></form>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"> <base href="https://evil.example/">
<math><mi><style><img src=x onerror=alert(1)></style></mi></math> <svg></p><style><a id="</style><img src=1 onerror=alert(1)>">
<p title="&lt;img src=x onerror=alert(1)&gt;">A title read as HTML by Material's tooltips.</p>

A paragraph { onclick="alert(1)" }

[link](https://example.com "&lt;img src=x onerror=alert(1)&gt;"){ onmouseover="alert(1)" }

- item { onclick="alert(1)" }

## Heading <img src=x onerror=alert(1)> { onmouseover="alert(1)" }
"""

SETTINGS_PAGE = "template: redirect.html\nlocation: javascript:alert(1)\n\n# Settings in the body\n"

SETTINGS_TEMPLATE = """---
template: redirect.html
location: javascript:alert(1)
title: "</title><script>window.__xss = 1</script>"
description: '"><script>window.__xss = 1</script>'
---
# Glossary <img src=x onerror=alert(1)>

<script>window.__xss = 1</script>
{% for entry in vmv.glossary %}
## {{ entry.term }}

{{ entry.definition }}
{% endfor %}
"""


Hostile = tuple[Path, list[Field]]
"""The hostile example's root, and the fields that hold the payload."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """The example, with the payload in every text field, raw HTML in a page, settings in a
    page's body and a template's, and no site_name: the organization's name names the site."""
    root = copy_example(tmp_path_factory.mktemp("hostile") / "example")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_name:.*\n", "", config.read_text("utf-8")), "utf-8")
    fields = fill(root)
    (root / "playbook" / "raw.md").write_text(RAW_PAGE, "utf-8")
    (root / "playbook" / "settings.md").write_text(SETTINGS_PAGE, "utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "glossary.md.j2").write_text(SETTINGS_TEMPLATE, "utf-8")
    build_site(root, root / "site")
    yield root, fields


def test_the_payload_reached_every_kind_of_text(hostile: Hostile) -> None:
    _, fields = hostile
    kinds = {
        (file.split("/")[0], tuple(step for step in path if isinstance(step, str))) for file, path in fields
    }
    for kind in [
        ("vmv.yaml", ("organization", "name")),
        ("vmv.yaml", ("vision",)),
        ("vmv.yaml", ("values", "name")),
        ("vmv.yaml", ("values", "behaviors", "do")),
        ("vmv.yaml", ("glossary", "term")),
        ("vmv.yaml", ("glossary", "definition")),
        ("vmv.yaml", ("onboarding", "paths", "steps", "title")),
        ("vmv.yaml", ("onboarding", "scenarios", "answers", "feedback")),
        ("vmv.yaml", ("measures", "history", "period")),
        ("playbook", ("title",)),
        ("playbook", ("questions", "area")),
        ("playbook", ("standards", "promise")),
        ("recognition", ("who",)),
        ("recognition", ("what",)),
    ]:
        assert kind in kinds


def _scripts(site: Path) -> tuple[set[str], set[str]]:
    """The addresses (file names) and inline texts of every script in the site's pages."""
    sources, inline = set(), set()
    for path in site.rglob("*.html"):
        for script in BeautifulSoup(path.read_text("utf-8"), "html.parser").find_all("script"):
            if script.get("src"):
                sources.add(script["src"].rsplit("/", 1)[-1])
            else:
                inline.add(script.get_text().strip())
    return sources, inline


def test_no_handler_script_or_script_address_in_any_page(hostile: Hostile, built_example: Path) -> None:
    site = hostile[0] / "site"
    own_sources, own_inline = _scripts(built_example / "site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert handlers_and_script_addresses(str(soup)) == [], path
        assert not soup.find(["iframe", "object", "embed", "base", "frame"]), path
        assert not soup.find("form", action=True) and not soup.find("meta", attrs={"http-equiv": True}), path
        for script in soup.find_all("script"):
            source = script.get("src")
            assert (
                (source.rsplit("/", 1)[-1] in own_sources)
                if source
                else (script.get_text().strip() in own_inline)
            )
    # The payload is there, as text.
    value = BeautifulSoup((site / "values/customer-first/index.html").read_text("utf-8"), "html.parser")
    assert "<img src=x onerror=alert(1)>" in value.select_one("article h1").get_text()
    assert "window.__xss" in value.title.get_text()


def test_search_entries_hold_only_text_and_plain_markup(hostile: Hostile) -> None:
    """Material's search shows each entry's title and text as HTML."""
    index = json.loads((hostile[0] / "site/search/search_index.json").read_text("utf-8"))
    assert any("onerror" in entry["title"] for entry in index["docs"])
    for entry in index["docs"]:
        for part in (entry["title"], entry["text"]):
            for element in BeautifulSoup(part, "html.parser").find_all(True):
                assert (
                    element.name in {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"} and not element.attrs
                )


PAGES = ["", "values/customer-first/", "playbook/raw/", "playbook/settings/", "question-bank/", "glossary/"]


@pytest.mark.browser
def test_no_script_runs_in_a_browser_even_on_hover(hostile: Hostile, page) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    with static_server(hostile[0] / "site") as url:
        for path in PAGES:
            page.goto(url + path)
            # Scrolled, the header shows the page's title, shortened: Material's tooltip then shows it.
            page.mouse.wheel(0, 800)
            hovered = page.locator("[title*='onerror']:visible, .md-ellipsis:visible:has-text('onerror')")
            for element in hovered.element_handles()[:6]:
                try:
                    element.hover(timeout=1000)
                except Exception:  # covered by another element: the others still run the check
                    continue
                page.wait_for_timeout(100)
            assert page.evaluate("typeof window.__xss") == "undefined", path
            assert page.url.startswith(url), path
    assert fired == []


# fmt: off
TEXT_FIELDS = st.sampled_from([
    "<img src=x onerror=alert(1)>", "{ onclick=alert(1) }", "{: onmouseover=alert(1) }", "<script>window.__xss=1</script>",
    "[x](javascript:alert(1))", '<a href="&#106;avascript:alert(1)">a</a>', "<svg onload=alert(1)>", '"><', "</title>",
    "*[", "]:", "\\", "{{ 7 * 7 }}", "<!--", "&lt;b&gt;", "&amp;", "`<b>`", "## ", "- ", "| a |", "&#x3C;", "text",
])
# fmt: on


@settings(max_examples=2, deadline=None)
@given(data=st.data())
def test_random_fields_with_hostile_text_give_no_handler_or_foreign_script(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, built_example: Path, hostile: Hostile
) -> None:
    # The source language only: a translation's texts are attacked in test_translation_attacks.
    root = without_translations(copy_example(tmp_path_factory.mktemp("random") / "example"))
    documents = Documents(root)
    fields = data.draw(st.lists(st.sampled_from(hostile[1]), min_size=1, max_size=12, unique=True))
    for field in fields:
        documents.set(field, data.draw(st.lists(TEXT_FIELDS, min_size=1, max_size=5).map(" ".join)))
    documents.write()
    try:
        build_site(root, root / "site")
    except InvalidInput:
        return  # an id or reference that no longer matches: refused, nothing built
    own_sources, own_inline = _scripts(built_example / "site")
    sources, inline = _scripts(root / "site")
    assert sources <= own_sources and inline <= own_inline
    for path in (root / "site").rglob("*.html"):
        assert handlers_and_script_addresses(path.read_text("utf-8")) == [], path
