#!/usr/bin/env python3
"""A longer fuzz campaign than `make test` runs: mutate the example's vmv.yaml and
playbook pages, run what `vmv validate` runs (every tenth case through the real
build), and report every crash.

    python scripts/fuzz.py --cases 20000 --seed 1

Exits 1 if any case raised something other than a report of invalid input, or
printed a problem line outside the contract's format.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.conftest import copy_example  # noqa: E402
from tests.mutations import mutate, problems_are_well_formed  # noqa: E402

from vmv.app.pipeline import check, validate_site  # noqa: E402
from vmv.errors import InvalidInput  # noqa: E402

TARGETS = [
    "vmv.yaml",
    "playbook/leader-questions.md",
    "playbook/customer-experience-standards.md",
    "mkdocs.yml",
]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--build-every",
        type=int,
        default=10,
        metavar="N",
        help="run the real build (MkDocs) on every Nth case",
    )
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    outcomes: Counter[str] = Counter()
    crashes = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vmv-fuzz-") as folder:
        pristine = copy_example(Path(folder) / "pristine")
        for case in range(arguments.cases):
            root = Path(folder) / "case"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(pristine, root)
            target = rng.choice(TARGETS)
            mutated = mutate((root / target).read_bytes(), rng, rng.randint(1, 4))
            (root / target).write_bytes(mutated)
            try:
                if case % arguments.build_every == 0:
                    validate_site(root)
                    outcomes["built"] += 1
                else:
                    check(root)
                    outcomes["valid"] += 1

            except InvalidInput as error:
                wrong = problems_are_well_formed([str(p) for p in error.problems], {target: mutated})
                outcomes["invalid, reported" if not wrong else "badly reported"] += 1
                if wrong:
                    crashes.append((case, target, wrong[0]))
            except Exception:
                outcomes["crashed"] += 1
                crashes.append((case, target, traceback.format_exc(limit=3)))
    seconds = time.perf_counter() - started
    print(f"{arguments.cases} cases in {seconds:.0f} s (seed {arguments.seed})")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome}: {count}")
    for case, target, detail in crashes[:10]:
        print(f"\ncase {case}, {target}:\n{detail}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
