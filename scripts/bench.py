#!/usr/bin/env python3
"""Benchmarks of vmv's stages; prints one table of medians. `make bench` runs it.

Targets (issue #5): two editions of 500 values and 5,000 questions diff in
under a second. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vmv.build import build_site, check
from vmv.diff import diff_projects
from vmv.diff_report import to_json, to_markdown
from vmv.load import Page, Project
from vmv.model import Document, PageMeta, Value

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.conftest import copy_example  # noqa: E402


def _median(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def large_edition(values: int, questions: int, variant: int) -> Project:
    """A synthetic edition; `variant` 1 rewords, removes, adds and reorders some items."""
    base = Document.model_validate(
        {
            "schema": 1,
            "organization": {"name": "Benchmark Co"},
            "edition": {"version": f"{1 + variant}.0.0", "date": "2026-01-01", "approved_by": ["ceo"]},
            "owners": [{"id": "ceo", "name": "Chief"}],
            "vision": "A vision.",
            "mission": "A mission.",
            "values": [{"id": "v", "name": "V", "statement": "S.", "behaviors": {"do": ["D."]}}],
        }
    )
    items = []
    for n in range(values):
        if variant and n % 50 == 0:
            continue  # removed in the new edition
        statement = f"Value {n} means we act for customers in way {n}."
        if variant and n % 7 == 0:
            statement = f"Value {n} means we always act for customers in way {n}."
        behaviors = [f"Behaviour {k} of value {n}, seen in the shop." for k in range(5)]
        if variant and n % 11 == 0:
            behaviors.reverse()
        items.append(
            Value.model_validate(
                {
                    "id": f"value-{n}",
                    "name": f"Value {n}",
                    "statement": statement,
                    "behaviors": {"do": behaviors},
                }
            )
        )
    if variant:
        items.insert(3, items.pop(10))
    # More than the 30 values a real vmv.yaml may hold: built without that check, for scale.
    document = base.model_copy(update={"values": items})
    pages = []
    per_page = 100
    for page_number in range(questions // per_page):
        qs = [
            {
                "id": f"q-{page_number}-{k}",
                "area": f"Area {k % 4}",
                "text": f"Question {k} on page {page_number}: how does it help the customer?"
                + (" And how do we know?" if variant and k % 13 == 0 else ""),
                "values": [f"value-{(page_number + k) % values}"],
            }
            for k in range(per_page)
            if not (variant and k == 99)
        ]
        body = "\n\n".join(f"Paragraph {p} of page {page_number}." for p in range(20))
        pages.append(
            Page(f"playbook/page-{page_number}.md", PageMeta.model_validate({"questions": qs}), body)
        )
    return Project(Path("."), document, tuple(pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is shown)")
    args = parser.parse_args()

    rows: list[tuple[str, float, str]] = []
    old, new = large_edition(500, 5000, 0), large_edition(500, 5000, 1)
    result = diff_projects(old, new)
    rows.append(
        (
            "diff, 500 values and 5,000 questions",
            _median(args.runs, lambda: diff_projects(old, new)),
            f"{len(result.changes)} changes, {result.severity.value}",
        )
    )
    rows.append(("  + Markdown report", _median(args.runs, lambda: to_markdown(result)), ""))
    rows.append(("  + JSON report", _median(args.runs, lambda: to_json(result)), ""))
    project, rendered = check(REPOSITORY)
    rows.append(
        ("diff of the example with itself", _median(args.runs, lambda: diff_projects(project, project)), "")
    )

    rows.append(
        (
            "load + render the example",
            _median(args.runs, lambda: check(REPOSITORY)),
            f"{len(rendered.pages)} pages",
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        source = copy_example(Path(folder) / "example")
        rows.append(
            (
                "vmv build of the example",
                _median(args.runs, lambda: build_site(source, source / "site")),
                f"{len(rendered.pages)} pages",
            )
        )

    print(
        f"vmv benchmarks: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; median of {args.runs} runs"
    )
    print()
    print(f"| {'measurement':<42} | {'median':>10} | notes")
    print(f"|{'-' * 44}|{'-' * 12}|------")
    for name, seconds, notes in rows:
        print(f"| {name:<42} | {seconds * 1000:>7.1f} ms | {notes}")


if __name__ == "__main__":
    main()
