"""Synthetic VMV repositories of any size, for the benchmark and the scaling tests.

A page reads like a real playbook page: front matter that links it to values
and carries leader questions, about 600 words in headings, paragraphs, a list,
a table and links to values and to neighbouring pages. Pages sit in folders of
25, so the navigation has sections the way a large handbook does.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

PAGES_PER_SECTION = 25

_WORDS = [
    "customer",
    "store",
    "workshop",
    "repair",
    "advice",
    "colleague",
    "team",
    "promise",
    "decision",
    "week",
    "season",
    "order",
    "return",
    "gear",
    "trail",
    "jacket",
    "boot",
    "tent",
    "stove",
    "rope",
    "map",
    "weather",
    "shift",
    "rota",
    "manager",
    "review",
    "budget",
    "supplier",
    "warranty",
    "refund",
    "question",
    "answer",
    "habit",
    "owner",
    "deadline",
    "call",
    "email",
    "chat",
    "visit",
    "branch",
    "region",
    "stock",
    "quality",
    "safety",
    "honest",
    "clear",
    "simple",
    "careful",
    "quick",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 15)) for _ in range(sentences))


def _document(values: int, version: str) -> dict[str, object]:
    return {
        "schema": 1,
        "organization": {"name": "Synthetic Outfitters"},
        "edition": {"version": version, "date": "2026-06-01", "approved_by": ["ceo"]},
        "owners": [
            {"id": "ceo", "name": "Ada Example", "role": "Chief Executive"},
            {"id": "cpo", "name": "Ben Example", "role": "Chief People Officer"},
        ],
        "vision": "Everyone outdoors, well equipped and safe, for years to come.",
        "mission": "We help every customer get outside with the right gear and straight advice.",
        "values": [
            {
                "id": f"value-{n:02d}",
                "name": f"Value {n:02d}",
                "statement": f"We keep promise {n} to every customer, every day.",
                "why": f"Because promise {n} is what customers remember about us.",
                "behaviors": {
                    "do": [f"Behaviour {k} that shows value {n} in the store." for k in range(4)],
                    "avoid": [f"Habit {k} that breaks value {n}." for k in range(2)],
                },
            }
            for n in range(values)
        ],
        "glossary": [
            {"term": f"Term {n}", "definition": f"What term {n} means at Synthetic Outfitters."}
            for n in range(10)
        ],
    }


def _page(number: int, pages: int, values: int, questions: int, rng: random.Random) -> str:
    first_question = number * questions // pages
    last_question = (number + 1) * questions // pages
    meta = {
        "title": f"Playbook page {number:04d}",
        "description": f"How we handle situation {number} with customers.",
        "values": [f"value-{number % values:02d}", f"value-{(number + 7) % values:02d}"],
        "owner": "cpo" if number % 2 else "ceo",
        "order": number,
        "questions": [
            {
                "id": f"question-{q:05d}",
                "area": f"Area {q % 6}",
                "text": f"Question {q}: who is the customer here, and what do they need from us?",
                "values": [f"value-{q % values:02d}"],
            }
            for q in range(first_question, last_question)
        ],
    }
    neighbour = (number + 1) % pages
    section = neighbour // PAGES_PER_SECTION
    parts = [
        _paragraph(rng, 7),
        "## When this applies",
        _paragraph(rng, 8),
        "\n".join(f"- {_sentence(rng, 8)}" for _ in range(6)),
        "## What we do",
        _paragraph(rng, 8),
        "| Step | Who | When |\n|---|---|---|\n"
        + "\n".join(f"| {_sentence(rng, 3)} | {rng.choice(_WORDS)} | day {k} |" for k in range(4)),
        "## How we know it worked",
        _paragraph(rng, 8),
        _paragraph(rng, 7),
        f"See [value {number % values:02d}](../../values/value-{number % values:02d}.md) and "
        f"[the next page](../section-{section:03d}/page-{neighbour:04d}.md).",
    ]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n\n" + "\n\n".join(parts) + "\n"


FEW_QUESTIONS = {"questions": 120}
"""Sizes for tests that compare two builds: what they check does not grow with the question
bank, and a bank of 2,000 questions makes the largest pages of the site (the benchmark's)."""


def write_synthetic(
    root: Path, pages: int, *, values: int = 30, questions: int = 2000, version: str = "1.0.0"
) -> Path:
    """Write a repository with `pages` playbook pages into `root`; the same arguments give
    the same bytes."""
    rng = random.Random(pages * 7919 + values)
    root.mkdir(parents=True, exist_ok=True)
    document = _document(values, version)
    (root / "vmv.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic Outfitters\ntheme:\n  name: material\n", encoding="utf-8"
    )
    for number in range(pages):
        folder = root / "playbook" / f"section-{number // PAGES_PER_SECTION:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = _page(number, pages, values, questions, rng)
        (folder / f"page-{number:04d}.md").write_text(text, encoding="utf-8")
    return root
