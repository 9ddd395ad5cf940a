"""Who approves a VMV change is part of the VMV: CODEOWNERS must agree with `owners`.

GitHub asks the code owners of a changed file to review a pull request. When
the owners in vmv.yaml have GitHub names and the repository has a CODEOWNERS
file, the rule that applies to vmv.yaml and the one that applies to playbook/
must each name exactly those people.
"""

from __future__ import annotations

from pathlib import Path

import pathspec

from vmv.core.boundary import RefusedPath, is_present, read_inside
from vmv.core.inputs import CODEOWNERS_FILES
from vmv.core.model.document import Document
from vmv.errors import Location, Problem, ProblemCode

PLACES = CODEOWNERS_FILES
"""Where GitHub looks for the file, in its order."""
COVERED = (("vmv.yaml", "vmv.yaml"), ("playbook/", "playbook/page.md"))
"""What must be covered, and a path that stands for it."""


def _rules(text: str) -> list[tuple[int, str, list[str]]]:
    rules = []
    for number, line in enumerate(text.split("\n"), start=1):
        words = line.split("#", 1)[0].split()
        if words:
            rules.append((number, words[0], words[1:]))
    return rules


def codeowners_problems(root: Path, document: Document) -> list[Problem]:
    """Disagreements between CODEOWNERS and the owners in vmv.yaml."""
    expected = {f"@{o.github}".casefold(): f"@{o.github}" for o in document.owners if o.github}
    found = next((place for place in PLACES if is_present(root, place)), None)
    if found is None or not expected:
        return []
    try:
        rules = _rules(read_inside(root, found).decode("utf-8", "replace"))
    except RefusedPath as refused:
        return [refused.problem()]
    wanted = " ".join(sorted(expected.values(), key=str.casefold))
    problems = []
    for name, sample in COVERED:
        # In CODEOWNERS the last matching rule wins.
        rule = next(
            (r for r in reversed(rules) if pathspec.GitIgnoreSpec.from_lines([r[1]]).match_file(sample)),
            None,
        )
        if rule is None:
            problems.append(
                Problem(
                    Location(found),
                    f"no rule names who approves {name}; add '/{name} {wanted}' "
                    "(the owners in vmv.yaml with a GitHub name)",
                    code=ProblemCode.CODEOWNERS_NO_RULE,
                )
            )
            continue
        number, _, owners = rule
        if {o.casefold() for o in owners} != set(expected):
            listed = " ".join(owners) or "nobody"
            problems.append(
                Problem(
                    Location(found, number, 1),
                    f"{name} is approved by {listed} here, but the owners in vmv.yaml are {wanted}; "
                    "list the same people (who approves a VMV change is part of the VMV)",
                    code=ProblemCode.CODEOWNERS_MISMATCH,
                )
            )
    return problems
