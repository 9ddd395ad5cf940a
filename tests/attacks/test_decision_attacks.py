"""A hostile decision record: script in its title, its answers, its customers, its body and
the title of the record it replaces never reaches a page as markup, only as text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import copy_example, static_server
from tests.hostile import PAYLOAD, handlers_and_script_addresses
from vmv.app.pipeline import build_site

SHORT = "<script>window.__xss=1</script>"
BODY = """
<script>window.__xss = 1</script>
<img src=x onerror="window.__xss = 1"> <svg onload="window.__xss = 1"></svg>
[a link](javascript:window.__xss=1) <a href="&#106;avascript:window.__xss=1">entity</a>

A paragraph { onclick="window.__xss = 1" }

## Heading <img src=x onerror=window.__xss=1>

{{ self.__init__.__globals__ }}
"""
OWN_SCRIPT_MARKERS = ("__config", "document$", "vmv")


def _record(name: str, **fields: object) -> str:
    front = {
        "title": f"{PAYLOAD} {name}",
        "date": name[:10],
        "status": "accepted",
        "area": "A change to a product, process or policy",
        "decided_by": ["ceo"],
        "values": ["customer-first"],
        "customers_affected": SHORT,
        "answers": {
            "change-who-affected": {"question": f"Who? {PAYLOAD}", "answer": f"{PAYLOAD}\n\n{SHORT}"},
        },
        **fields,
    }
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + BODY


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_example(tmp_path_factory.mktemp("hostile-decisions") / "example")
    folder = root / "decisions"
    (folder / "2026-11-02-hostile.md").write_text(_record("2026-11-02-hostile"), encoding="utf-8")
    older = _record("2026-11-01-older", status="superseded", superseded_by="2026-11-02-hostile")
    (folder / "2026-11-01-older.md").write_text(older, encoding="utf-8")
    build_site(root, root / "site")
    yield root / "site"


PAGES = ("decisions/index.html", "decisions/2026-11-02-hostile/index.html", "decisions/2026-11-01-older/index.html",
         "values/customer-first/index.html", "index.html")  # fmt: skip


def test_no_handler_or_foreign_script_on_any_decision_page(hostile: Path) -> None:
    for page in PAGES:
        soup = BeautifulSoup((hostile / page).read_text(encoding="utf-8"), "html.parser")
        assert handlers_and_script_addresses(str(soup)) == [], page
        for script in soup.find_all("script"):
            assert "__xss" not in script.get_text(), page


def test_the_payload_is_shown_as_text(hostile: Path) -> None:
    soup = BeautifulSoup((hostile / PAGES[1]).read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("article h1")
    assert heading is not None and "<img src=x onerror=alert(1)>" in heading.get_text()
    assert soup.title is not None and "</title><script>window.__xss=1</script>" in soup.title.get_text()
    answer = soup.select_one(".vmv-answer__text")
    assert answer is not None and SHORT in answer.get_text()
    assert SHORT in soup.select_one(".vmv-page-facts").get_text()  # type: ignore[union-attr]
    # The body's template braces are text: a record is never a template.
    article = soup.select_one("article")
    assert article is not None and "{{ self." in article.get_text() and "}}" in article.get_text()
    log = BeautifulSoup((hostile / PAGES[0]).read_text(encoding="utf-8"), "html.parser")
    navigation = log.select_one("nav.md-nav--primary")
    assert navigation is not None and "<img src=x onerror=alert(1)>" in navigation.get_text()


@pytest.mark.browser
def test_no_script_runs_in_a_browser(hostile: Path, page) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    with static_server(hostile) as url:
        for path in PAGES[:3]:
            page.goto(url + path.removesuffix("index.html"))
            page.mouse.wheel(0, 800)
            for element in page.locator("img:visible, .md-ellipsis:visible").element_handles()[:8]:
                try:
                    element.hover(timeout=1000)
                except Exception:  # covered by another element: the others still run the check
                    continue
            assert page.evaluate("typeof window.__xss") == "undefined", path
    assert fired == []
