"""A stranger's pull request, family by family (issue #13): what a denylist would miss.

Each case asserts the safe outcome: no marker file written, no token from the
environment or from a file outside the repository in the output or the messages,
exit 0, 1 or 2, no traceback. Sites are built once per module and read with an
HTML parser; other attack corpora live beside the code they attack
(test_sandbox, test_site_attacks, test_boundary, test_xss, test_yaml_limits).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml

from tests.conftest import Outcome
from tests.unit.app.test_workflow import WORKFLOW
from vmv.core.markdown import sanitize
from vmv.core.render import template_environment
from vmv.core.render.sandbox import RenderTimeout, time_limit
from vmv.engine.mkdocs import fast as mkdocs_fast
from vmv.review import collector
from vmv.review import report as diff_report

SECRET = "attack-corpus-secret-6612"
OUTSIDE = "attack-corpus-outside-4471"


def _safe(outcome: Outcome, *allowed: int) -> str:
    said = outcome.stdout + outcome.stderr
    assert outcome.exit_code in (allowed or (0, 1, 2)), said
    assert "Traceback" not in said and "internal error" not in said, said
    assert SECRET not in said and OUTSIDE not in said, said
    return said


def _page(root: Path, name: str, body: str, title: str = "Attack") -> None:
    (root / "playbook" / f"{name}.md").write_text(f"---\ntitle: {title}\n---\n{body}\n", encoding="utf-8")


@pytest.fixture(autouse=True)
def _secret_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VMV_ATTACK_SECRET", SECRET)


# -- code execution: every value a template can reach -------------------------------------------

# Each walks from a different starting point to Python's internals, then writes MARKER.
WALKS = {
    "cycler class": "{{ cycler.__init__.__globals__.os.popen('touch MARKER') }}",
    "joiner call": "{% set j = joiner() %}{{ j.__call__.__globals__.os.popen('touch MARKER') }}",
    "namespace mangled": "{% set n = namespace() %}{{ n._Namespace__attrs.__class__ }}",
    "lipsum attr filter": "{{ (lipsum|attr('__globals__'))['os'].popen('touch MARKER') }}",
    "range globals": "{{ range.__globals__.os.popen('touch MARKER') }}",
    "dict items": "{{ dict(a=1).items().__class__.__base__.__subclasses__() }}",
    "view internals": "{{ vmv._fields }}{{ vmv.__class__.__init__.__globals__ }}",
    "page method": "{{ page.model_dump }}{{ page.__dict__ }}",
    "self reference": "{{ self._TemplateReference__context.environment }}",
    "format attribute walk": "{{ '{0.__init__.__globals__[os]}'.format(cycler) }}",
    "macro function": "{% macro m() %}x{% endmacro %}{{ m._func.__globals__ }}",
    "caller function": "{% macro m() %}{{ caller._func }}{% endmacro %}{% call m() %}x{% endcall %}",
    "loop method self": "{% for x in [1] %}{{ loop.cycle.__self__._iterator }}{% endfor %}",
    "date method": "{{ vmv.edition.date.replace.__self__.__class__ }}",
    "string method self": "{{ ''.join.__self__.__class__.__mro__ }}",
    "markup method": "{{ ('x'|safe).striptags.__func__.__globals__ }}",
    "undefined class": "{{ (nope|default(cycler)).__init__ }}",
    "map attribute": "{{ (vmv.values|map(attribute='__class__')|first).__init__ }}",
    "sort attribute": "{{ vmv.values|sort(attribute='__class__.__init__.__globals__') }}",
    "getitem dunder": "{{ ''['__class__']['__mro__'] }}",
    "block reference": "{{ self.a.__func__ }}{% block a %}x{% endblock %}",
    "imported module": "{% import 'glossary.md.j2' as g %}{{ g.__class__.__init__ }}",
    "include outside": "{% include '../../../../etc/passwd' %}",
    "include absolute": "{% include '/proc/self/environ' %}",
    "include null byte": "{% include 'a' ~ '\\x00' %}",
    "extends built-in": "{% extends 'home.md.j2' %}",
}


def test_no_walk_from_any_template_value_reaches_python(
    starter: Path, tmp_path: Path, run: Callable[..., Outcome]
) -> None:
    marker = tmp_path / "marker"
    names = list(WALKS)
    for number, name in enumerate(names):
        _page(starter, f"walk-{number}", WALKS[name].replace("MARKER", str(marker)))
    said = _safe(run("--root", starter, "validate"), 1)
    for number, name in enumerate(names):
        assert re.search(rf"^playbook/walk-{number}\.md:\d+:\d+: error: ", said, re.MULTILINE), name
    assert not marker.exists()


# -- leaks: links that only escape once they are written out ------------------------------------


def _git(root: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-C", str(root), *args]
    subprocess.run(command, check=True, capture_output=True)


def test_a_tagged_link_through_a_folder_link_is_refused(
    starter: Path, tmp_path: Path, run: Callable[..., Outcome]
) -> None:
    """`l -> ..` is inside, and so is `l/../x` as text; the files they reach are not."""
    for folder in (tmp_path, starter / ".vmv-cache", starter / ".vmv-cache" / "editions"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "x.md").write_text(f"---\ntitle: Leak\n---\n{OUTSIDE}\n", encoding="utf-8")
    (starter / "playbook" / "l").symlink_to("..")
    for depth in range(3):
        (starter / "playbook" / f"leak-{depth}.md").symlink_to("l/" + "../" * depth + "x.md")
    _git(starter, "init", "-q")
    _git(starter, "add", "-A", "--", "playbook", "vmv.yaml", "mkdocs.yml")
    _git(starter, "commit", "-qm", "edition")
    _git(starter, "tag", "v1.0.0")
    for command in (("build", "--all-versions", "-d", tmp_path / "site"), ("diff", "v1.0.0", "v1.0.0")):
        said = _safe(run("--root", starter, *command), 1)
        assert "v1.0.0:playbook/leak-1.md:1:1: error: " in said
    assert not (tmp_path / "site").exists()


def _diff_step() -> str:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return next(str(s["run"]) for s in workflow["jobs"]["review"]["steps"] if s.get("id") == "diff")


def test_the_review_writes_its_reports_as_files_never_through_links(starter: Path, tmp_path: Path) -> None:
    """The checkout may name a report file as a link to a file the runner may write."""
    victims = {}
    for name in ("vmv-diff.md", "vmv-diff-full.md", "vmv-version.txt"):
        victims[name] = tmp_path / f"victim-{name}"
        victims[name].write_text(OUTSIDE, encoding="utf-8")
        (starter / name).symlink_to(victims[name])
    _git(starter, "init", "-q")
    _git(starter, "add", "-A")
    _git(starter, "commit", "-qm", "pull request")
    environment = {
        **os.environ,
        "BASE": "HEAD",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(["bash", "-e", "-c", _diff_step()], cwd=starter, env=environment, check=True)
    for name, victim in victims.items():
        assert victim.read_text(encoding="utf-8") == OUTSIDE, name
        assert not (starter / name).is_symlink(), name
    assert (starter / "vmv-diff.md").read_text(encoding="utf-8").startswith("<!-- vmv-diff -->")


def test_no_python_in_the_review_imports_from_the_checkout() -> None:
    """`python -m pip` and `python -` put the working folder first on the import path."""
    calls = re.findall(r"\bpython3? [^\n]*", WORKFLOW.read_text(encoding="utf-8"))
    assert calls
    assert all(call.split()[1] == "-I" for call in calls), calls
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert all(0 < job["timeout-minutes"] <= 30 for job in jobs.values())


# -- exhaustion: Markdown from a pull request ---------------------------------------------------


def test_markdown_nested_too_deeply_is_a_problem_line(starter: Path, run: Callable[..., Outcome]) -> None:
    _page(starter, "deep", "".join("    " * level + "- x\n" for level in range(300)))
    said = _safe(run("--root", starter, "build", "-d", starter / "site"), 1)
    assert "playbook/deep.md:1:1: error: the page nests lists, quotes or HTML blocks too deeply" in said
    assert not (starter / "site").exists()


def test_markdown_that_takes_too_long_is_stopped_at_its_limit(
    starter: Path, run: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python-Markdown's time grows with the square of a run of '[' (20,000: a minute);
    at the limit, the page is named with it."""
    monkeypatch.setattr(mkdocs_fast, "SECONDS_PER_PAGE", 0.5)
    monkeypatch.setattr(mkdocs_fast, "SECONDS_PER_MILLION_CHARACTERS", 0.0)
    _page(starter, "brackets", "{% raw %}" + "[" * 20_000 + "{% endraw %}")
    said = _safe(run("--root", starter, "build", "-d", starter / "site"), 1)
    assert "playbook/brackets.md:1:1: error: the page took longer than 0 s to become HTML, the limit" in said
    assert not (starter / "site").exists()


def test_a_template_past_its_time_is_named_at_its_own_line(
    starter: Path, run: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time limit's exception is not rewritten by Jinja: its line is the template's."""
    monkeypatch.setattr(template_environment, "SECONDS_PER_PAGE", 0.3)
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    _page(starter, "loop", f"Line 4\n\n{{{{ vmv.organization.name }}}}\n{loop}\nLine 8")
    said = _safe(run("--root", starter, "validate"), 1)
    assert "playbook/loop.md:7:1: error: the page took longer than 0.3 seconds to render" in said


def test_a_page_a_hundred_folders_deep_is_a_problem_line(starter: Path, run: Callable[..., Outcome]) -> None:
    """The navigation nests one level per folder; Material ran out of stack at 100 levels."""
    folder = starter / "playbook" / Path(*["a"] * 100)
    folder.mkdir(parents=True)
    (folder / "deep.md").write_text("---\ntitle: Deep\n---\nDeep.\n", encoding="utf-8")
    said = _safe(run("--root", starter, "build", "-d", starter / "site"), 1)
    assert f"playbook/{'a/' * 100}deep.md:1:1: error: the page is 100 folders deep; the limit is 20" in said


def test_the_time_limit_stops_a_sanitizer_that_runs_no_python() -> None:
    """nh3 takes minutes on 400,000 nested `<div>`, in one call that runs no Python."""
    release = threading.Event()

    def stuck(page: str) -> str:  # like nh3: the interpreter is released, nothing returns
        release.wait(10)
        return page

    started = time.monotonic()
    try:
        with pytest.raises(RenderTimeout), time_limit(0.2):
            sanitize._waiting_in_python(stuck, "<div>")
    finally:
        release.set()
    assert time.monotonic() - started < 5


def test_a_single_search_of_markdown_is_stopped_at_the_limit(
    starter: Path, run: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unclosed math marker, repeated: one regular-expression search that takes 17 s here
    (an hour for a whole page), and runs no Python in between."""
    monkeypatch.setattr(mkdocs_fast, "SECONDS_PER_PAGE", 0.5)
    monkeypatch.setattr(mkdocs_fast, "SECONDS_PER_MILLION_CHARACTERS", 0.0)
    with (starter / "mkdocs.yml").open("a", encoding="utf-8") as settings:
        settings.write("markdown_extensions:\n  - pymdownx.arithmatex: {generic: true}\n")
    _page(starter, "math", "{% raw %}" + "\\(" * 40_000 + "{% endraw %}")
    started = time.monotonic()
    said = _safe(run("--root", starter, "build", "-d", starter / "site"), 1)
    assert "playbook/math.md:1:1: error: the page took longer than 0 s to become HTML" in said
    assert time.monotonic() - started < 15


def test_a_glossary_definition_nested_too_deeply_is_a_problem_line(
    starter: Path, run: Callable[..., Outcome]
) -> None:
    """Definitions also become hover texts, made while rendering, outside any template."""
    document = yaml.safe_load((starter / "vmv.yaml").read_text(encoding="utf-8"))
    document["glossary"][0]["definition"] = "".join("    " * level + "- x\n" for level in range(300))
    (starter / "vmv.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    said = _safe(run("--root", starter, "validate"), 0, 1)
    said += _safe(run("--root", starter, "build", "-d", starter / "site"), 1)
    assert "vmv.yaml:1:1: error: the page nests lists, quotes or HTML blocks too deeply" in said


def _words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(300)}" for _ in range(count)]


def test_long_changed_texts_are_compared_in_time_that_grows_with_their_length() -> None:
    """Word by word, a diff of two 20,000-word texts took a minute (the pull-request comment
    and the What changed page); a page of them, hours."""
    old, new = " ".join(_words(1, 3_000)), " ".join(_words(2, 3_000))
    assert diff_report.mark_words(old, new) == (f"<del>{old}</del>", f"<ins>{new}</ins>")
    first, second = sorted((_words(3, 1_500), _words(4, 1_500)))
    bag_of_words = SequenceMatcher(None, first, second, autojunk=False).quick_ratio()
    assert collector.similarity(first, second) == bag_of_words
