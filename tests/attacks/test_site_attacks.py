"""Attacks on the site settings: each has the safe outcome.

No marker file written, no token from the environment or an outside file in
the output or the messages, exit 1 or 2, no traceback.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPOSITORY, Outcome
from tests.mutations import mutate, problems_are_well_formed
from tests.unit.engine.test_site_engine import KITCHEN_SINK
from vmv.core.site.load import load_site


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 4))
def test_mutated_settings_give_problem_lines_never_a_crash(starter: Path, seed: int, rounds: int) -> None:
    # The example's theme, with the kitchen sink's extra, extensions and plugins.
    example = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    original = (example.split("plugins:")[0] + KITCHEN_SINK[KITCHEN_SINK.index("extra:") :]).encode()
    mutated = mutate(original, random.Random(seed), rounds)
    (starter / "mkdocs.yml").write_bytes(mutated)
    site, problems = load_site(starter)
    assert (site is None) == bool(problems)
    lines = [str(p) for p in problems]
    as_yaml_counts = mutated.replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # a lone CR ends a line too
    assert problems_are_well_formed(lines, {"mkdocs.yml": as_yaml_counts}) == []


# -- attacks on this boundary -------------------------------------------------------------

SECRET = "s3cr3t-token-8817"
OUTSIDE = "outside-token-5521"
JINJA_PAYLOAD = '{{ self.__init__.__globals__.__builtins__.open("MARKER", "w") }}'
HOOK_PAYLOAD = 'open("MARKER", "w").write("ran")\n'


def _attacks() -> list[tuple[str, str, dict[str, str]]]:
    """(name, mkdocs.yml, other files); MARKER, OUTSIDE_DIR and SECRET_VAR are filled in."""
    evil = {"evil_ext.py": HOOK_PAYLOAD, "hooks.py": HOOK_PAYLOAD}
    template = {"overrides/main.html": JINJA_PAYLOAD, "playbook/evil.html": JINJA_PAYLOAD}
    snippet_page = {"playbook/snip.md": '# Snip\n\n--8<-- "outside.txt"\n'}
    cases = [
        ("env tag", "site_name: !ENV SECRET_VAR\n", {}),
        ("env tag in a list", "theme:\n  name: material\n  features: !ENV [SECRET_VAR]\n", {}),
        ("python apply", 'site_name: !!python/object/apply:os.system ["touch MARKER"]\n', {}),
        ("python new", 'site_name: !!python/object/new:subprocess.Popen [["touch", "MARKER"]]\n', {}),
        (
            "python name",
            "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:os.system\n",
            {},
        ),
        ("python name of anything", "site_name: !!python/name:builtins.exit\n", {}),
        ("merge key", "anchors: &evil\n  hooks: [hooks.py]\n<<: *evil\n", evil),
        (
            "merge key under theme",
            "o: &o\n  custom_dir: overrides\ntheme:\n  name: material\n  <<: *o\n",
            template,
        ),
        ("INHERIT", "INHERIT: base.yml\n", {"base.yml": "hooks: [hooks.py]\n", **evil}),
        ("hooks", "hooks: [hooks.py]\n", evil),
        ("custom_dir", "theme:\n  name: material\n  custom_dir: overrides\n", template),
        ("extra_templates", "extra_templates: [playbook/evil.html]\n", template),
        ("module:Class", "markdown_extensions: ['evil_ext:Evil']\n", evil),
        ("importable module", "markdown_extensions: [evil_ext]\n", evil),
        ("os", "markdown_extensions: [os]\n", {}),
        ("subprocess", "markdown_extensions: [subprocess]\n", {}),
        (
            "snippets",
            "markdown_extensions:\n  - pymdownx.snippets: {base_path: [OUTSIDE_DIR]}\n",
            snippet_page,
        ),
        (
            "snippets renamed",
            "markdown_extensions:\n  - pymdownx.snippet: {base_path: [OUTSIDE_DIR]}\n",
            snippet_page,
        ),
        (
            "include extension",
            "markdown_extensions:\n  - markdown_include.include: {base_path: OUTSIDE_DIR}\n",
            {},
        ),
        ("offline plugin", "plugins: [search, offline]\n", {}),
        ("privacy plugin", "plugins: [material/privacy]\n", {}),
        ("unknown plugin", "plugins: [evil_ext]\n", evil),
        ("css address", "extra_css: [https://evil.example/x.css]\n", {}),
        ("css protocol-relative", "extra_css: [//evil.example/x.css]\n", {}),
        ("script address", "extra_javascript: [https://evil.example/x.js]\n", {}),
        ("script scheme", "extra_javascript: ['javascript:alert(1)']\n", {}),
        ("absolute path", "extra_css: [OUTSIDE_DIR/outside.css]\n", {}),
        ("parent path", "extra_javascript: [../outside.js]\n", {}),
        ("css link out", "extra_css: [styles/out.css]\n", {"styles/out.css": "->outside.css"}),
        (
            "logo link out",
            "theme:\n  name: material\n  logo: img/out.png\n",
            {"img/out.png": "->outside.txt"},
        ),
        ("language path", "theme:\n  name: material\n  language: ../../../../etc/passwd\n", {}),
        ("icon path", "theme:\n  name: material\n  icon: {logo: ../../../../../etc/passwd}\n", {}),
        ("font markup", "theme:\n  name: material\n  font: {text: 'x\"}</style><script>'}\n", {}),
        (
            "alias bomb",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
                for i in range(8)
            ),
            {},
        ),
        ("10,000 levels", "site_name: " + "[" * 10_000 + "]" * 10_000 + "\n", {}),
    ]
    return cases


ATTACKS = _attacks()


@pytest.mark.parametrize(("name", "config", "files"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attacks_on_the_site_settings_are_refused(
    name: str,
    config: str,
    files: dict[str, str],
    starter: Path,
    tmp_path: Path,
    run: Callable[..., Outcome],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = tmp_path / "marker"
    outside = tmp_path / "outside"
    outside.mkdir()
    for file in ("outside.txt", "outside.css", "outside.js"):
        (outside / file).write_text(f"{OUTSIDE}\n")
    monkeypatch.setenv("VMV_TEST_SECRET", SECRET)
    monkeypatch.chdir(starter)  # where a careless engine would import `evil_ext` from

    def fill(text: str) -> str:
        return text.replace("MARKER", str(marker)).replace("OUTSIDE_DIR", str(outside))

    (starter / "mkdocs.yml").write_text(fill(config).replace("SECRET_VAR", "VMV_TEST_SECRET"))
    for relative, content in files.items():
        path = starter / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if content.startswith("->"):
            path.symlink_to(outside / content[2:])
        else:
            path.write_text(fill(content))
    for command in (("validate",), ("build", "-d", tmp_path / "out")):
        outcome = run("--root", starter, *command)
        said = outcome.stdout + outcome.stderr
        assert outcome.exit_code in (1, 2), said
        assert "Traceback" not in said
        assert re.search(r"^mkdocs\.yml:\d+:\d+: error: ", outcome.stderr, re.MULTILINE), said
        assert SECRET not in said and OUTSIDE not in said
        assert not marker.exists(), f"{name}: the payload ran"
    assert not (tmp_path / "out").exists()


def test_the_attack_corpus_is_live(tmp_path: Path) -> None:
    """MkDocs' own loader runs the payload that vmv refuses: the corpus tests something real."""
    from mkdocs.utils import yaml_load

    marker = tmp_path / "marker"
    yaml_load(f'site_name: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert marker.exists()
