"""Decision records on a translated site, built with MkDocs and read with an HTML parser:
a record has no translation, so every text of it is shown marked with the source's
language, and its area is the translated question bank's."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from vmv.app.decide import propose_decision
from vmv.app.pipeline import build_site
from vmv.app.translate import translate

AREA = "questions[change-impact].area"
AREA_IN_GERMAN = "Eine Änderung an Produkt, Prozess oder Regel"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from vmv.app.scaffold import create_repository

    root = tmp_path_factory.mktemp("decisions") / "acme"
    create_repository(root)
    day = datetime.date(2026, 11, 20)
    taken = propose_decision(
        root, title="Raise the repair fee", area="a-change-to-a-product-process-or-policy", today=day
    )
    propose_decision(root, title="Open on Sundays", area="a-new-product-or-service", today=day)
    record = root / taken.file
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"status: proposed.*", "status: accepted", text)
    text = re.sub(r"decided_by: \[\].*", "decided_by: [ceo]", text)
    text = re.sub(r"customers_affected:.*", "customers_affected: about a third of them", text)
    text = text.replace('answer: ""', "answer: About 400 customers a month; most will accept it.")
    record.write_text(text, encoding="utf-8")
    translate(root, "de")
    file = root / "translations" / "de.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["items"][AREA]["text"] = AREA_IN_GERMAN
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build_site(root, root / "site")
    return root / "site"


def _article(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    return article


def test_every_text_of_a_record_is_marked_with_the_source_language(site: Path) -> None:
    article = _article(site, "de/decisions/2026-11-20-raise-the-repair-fee")
    answer = article.select_one(".vmv-answer__text [lang]")
    assert answer is not None and answer["lang"] == "en"
    assert answer.get_text(strip=True) == "About 400 customers a month; most will accept it."
    customers = article.find(lambda tag: tag.get_text(strip=True) == "about a third of them")
    assert customers is not None and customers.get("lang") == "en"


def test_a_record_is_filed_under_the_translated_area(site: Path) -> None:
    facts = _article(site, "de/decisions/2026-11-20-raise-the-repair-fee").select_one(".vmv-page-facts")
    assert AREA_IN_GERMAN in facts.get_text()
    log = _article(site, "de/decisions")
    options = {o.get_text(strip=True): o["value"] for o in log.select("select[name=area] option")}
    bank = _article(site, "de/question-bank")
    in_bank = {o.get_text(strip=True): o["value"] for o in bank.select("select[name=area] option")}
    # One area, one address: a filter link copied from the log works on the question bank.
    assert options[AREA_IN_GERMAN] == in_bank[AREA_IN_GERMAN] == "eine-änderung-an-produkt-prozess-oder-regel"
    listed = log.select_one("li[data-vmv-area=eine-änderung-an-produkt-prozess-oder-regel]")
    assert listed is not None and AREA_IN_GERMAN in listed.get_text()


def test_a_record_with_no_body_leaves_no_empty_block(site: Path) -> None:
    article = _article(site, "de/decisions/2026-11-20-open-on-sundays")
    assert [tag for tag in article.select("div[lang]") if not tag.get_text(strip=True)] == []
