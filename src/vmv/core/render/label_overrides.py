"""A company's own words for vmv's labels (vmv.yaml's `labels:`), checked, and the site
language's warning.

    labels:
      de:
        nav.home: Start
        start_here.path_summary_other: "{count} Schritte, rund {duration}."

Under each language tag, any key of the catalogue (labels.py); a label with plural forms
also takes the forms its language has beyond `_one` and `_other` (`_few`, `_many`, ...).
Each override must use exactly the placeholders of vmv's label: a missing one would drop
a number from the page, an unknown one has no value to show. Every mistake is one
problem line at its key or value, all at once.
"""

from __future__ import annotations

import string
from collections import Counter
from typing import Any

from vmv.core.render.labels import (
    PLURAL_FORMS,
    SHIPPED,
    SOURCE_LANGUAGE,
    catalogue,
    catalogue_language,
    placeholders,
    plural_base,
)
from vmv.core.translations.languages import is_language_tag
from vmv.core.yaml_reader import ParsedYaml, PathKey, format_path
from vmv.errors import Location, Problem, ProblemCode, Severity, closest

LABELS_KEY = "labels"
"""The key of vmv.yaml that holds the overrides."""
MAX_USES = 2
"""How often a label may use one placeholder: as often as vmv's own labels do (a chart's
description names its last period twice)."""
MAX_SUGGESTED = 50
"""Unknown labels given a "did you mean": each is compared with every label of the
catalogue, and vmv.yaml may name tens of thousands (the rest are reported without one)."""


def _known_keys() -> dict[str, str]:
    """Every key an override may use -> the English label whose placeholders it must have."""
    english = catalogue(SOURCE_LANGUAGE)
    known = dict(english)
    for key in english:
        base = plural_base(key)
        if base is not None:
            known.update((f"{base}_{form}", english[f"{base}_other"]) for form in PLURAL_FORMS)
    return known


def _listed(names: frozenset[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names)) or "no placeholders"


def _label_problems(
    parsed: ParsedYaml, path: PathKey, key: Any, text: Any, known: dict[str, str], *, suggest: bool
) -> list[Problem]:
    if not isinstance(key, str) or key not in known:
        keys = [k for k in known if plural_base(k) is None or k.endswith(("_one", "_other"))]
        meant = closest(str(key), keys) if suggest else None
        return [
            Problem(
                parsed.locate(path, key=True),
                f"unknown label '{key}'",
                format_path(path[:-1]),
                code=ProblemCode.LABEL_UNKNOWN,
                suggestion=meant,
                hint="the keys are those of vmv's label catalogue (src/vmv/core/render/catalogue/en.yaml)",
            )
        ]
    if not isinstance(text, str):
        return []  # the model reports a value that is not text
    try:
        found = placeholders(text)
    except ValueError as error:
        return [
            Problem(parsed.locate(path), str(error), format_path(path), code=ProblemCode.LABEL_PLACEHOLDERS)
        ]
    wanted = placeholders(known[key])
    if found == wanted:
        return _repeat_problems(parsed, path, text)
    return [
        Problem(
            parsed.locate(path),
            "the label's placeholders differ from vmv's",
            format_path(path),
            code=ProblemCode.LABEL_PLACEHOLDERS,
            expected=_listed(wanted),
            found=_listed(found),
            hint="keep each placeholder of vmv's label, in braces, and add none",
        )
    ]


def _repeat_problems(parsed: ParsedYaml, path: PathKey, text: str) -> list[Problem]:
    """A placeholder used more often than any of vmv's labels uses one: each use repeats
    its value, and '{organization}' written 20,000 times made a 20 MB footer on every page."""
    uses = Counter(name for _, name, _, _ in string.Formatter().parse(text) if name)
    repeated = sorted(name for name, count in uses.items() if count > MAX_USES)
    if not repeated:
        return []
    return [
        Problem(
            parsed.locate(path),
            f"the placeholder {{{repeated[0]}}} is used {uses[repeated[0]]:,} times",
            format_path(path),
            code=ProblemCode.LABEL_PLACEHOLDERS,
            hint=f"a label uses each placeholder at most {MAX_USES} times",
        )
    ]


def override_problems(parsed: ParsedYaml) -> list[Problem]:
    """Every mistake in vmv.yaml's `labels:`: a language that is no tag, an unknown label,
    placeholders that differ from vmv's label. Values that are no mapping or no text are
    the model's to report."""
    data = parsed.data.get(LABELS_KEY) if isinstance(parsed.data, dict) else None
    if not isinstance(data, dict):
        return []
    known = _known_keys()
    problems: list[Problem] = []
    unknown = 0
    for language, overrides in data.items():
        path: PathKey = (LABELS_KEY, language)
        if not isinstance(language, str) or not is_language_tag(language):
            problems.append(
                Problem(
                    parsed.locate(path, key=True),
                    f"'{language}' is not a language tag",
                    LABELS_KEY,
                    code=ProblemCode.LABEL_LANGUAGE,
                    expected="a language tag such as de or pt-BR, as mkdocs.yml's theme.language",
                )
            )
            continue
        if isinstance(overrides, dict):
            for key, text in overrides.items():
                found = _label_problems(
                    parsed, (*path, key), key, text, known, suggest=unknown < MAX_SUGGESTED
                )
                unknown += sum(1 for problem in found if problem.code is ProblemCode.LABEL_UNKNOWN)
                problems += found
    return problems


def language_problems(language: str | None, where: Location) -> list[Problem]:
    """A warning when vmv has no labels in the site's `language` (written at `where`,
    mkdocs.yml's `theme.language`): its labels are English then."""
    if catalogue_language(language) is not None:
        return []
    return [
        Problem(
            where,
            f"vmv has no labels in '{language}': headings, buttons and messages vmv writes are in English",
            "theme.language",
            severity=Severity.WARNING,
            code=ProblemCode.LABEL_NO_CATALOGUE,
            hint=(
                f"vmv has labels in {', '.join(SHIPPED)}; write your own under '{LABELS_KEY}: {language}:' "
                "in vmv.yaml"
            ),
        )
    ]
