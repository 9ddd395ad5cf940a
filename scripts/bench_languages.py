#!/usr/bin/env python3
"""`vmv build` of the example company in 1, 3 and 6 languages: the build time should grow
with the number of languages, and not faster (issue #17).

Each translation is the example's German one under another language's name, so that
every language has the same amount of translated text. Prints one table in the form of
`scripts/bench.py`, the ratio against the build in the source language alone.

    .venv/bin/python scripts/bench_languages.py [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "scripts"))
sys.path.insert(0, str(REPOSITORY))

from bench import BIN, Row, Table, machine, run  # noqa: E402
from tests.conftest import copy_example  # noqa: E402

LANGUAGES = ("de", "fr", "es", "it", "nl")
"""Translations added, in order: 3 languages are the source, de and fr; 6 all of them."""


def example_in(folder: Path, count: int) -> Path:
    """A copy of the example in `count` languages: the source and `count - 1` translations."""
    root = copy_example(folder)
    german = (root / "translations" / "de.yaml").read_text(encoding="utf-8")
    shutil.rmtree(root / "translations")
    (root / "translations").mkdir()
    for page in (root / "playbook").rglob("*.de.md"):
        page.unlink()
    for language in LANGUAGES[: count - 1]:
        text = re.sub(r"(?m)^language: de$", f"language: {language}", german)
        (root / "translations" / f"{language}.yaml").write_text(text, encoding="utf-8")
    return root


def compare_languages(table: Table, work: Path, runs: int) -> None:
    baseline = None
    for count in (1, 3, 6):
        root = example_in(work / f"languages-{count}", count)
        out = work / f"languages-{count}-site"
        seconds = [run([str(BIN / "vmv"), "build", "-d", str(out)], root).seconds for _ in range(runs)]
        row = table.add(
            Row(f"vmv build of the example in {count} language{'s' if count > 1 else ''}", None, seconds)
        )
        baseline = baseline or row.median
        row.baseline = baseline
        row.notes = "ratio: against the source language alone"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is shown")
    args = parser.parse_args()
    table = Table()
    with tempfile.TemporaryDirectory(prefix="vmv-bench-languages-") as folder:
        compare_languages(table, Path(folder), args.runs)
    table.print(f"vmv benchmark, languages, on {machine()}")


if __name__ == "__main__":
    main()
