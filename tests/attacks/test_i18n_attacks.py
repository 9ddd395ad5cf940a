"""A hostile pull request against translations and labels: text in every translatable
path, a company's labels in every place vmv writes them (page text, attributes, the
scripts' JSON, the version selector), language tags as paths and attributes, and files
built to exhaust the build. Each attack asserts its safe outcome; one build of a hostile
repository is shared by the tests that read a site."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import static_server
from vmv.app.scaffold import create_repository
from vmv.core.render.labels import labels_for
from vmv.editions.versioned_site import build_all_versions, lay_out_like_mike

ATTRIBUTE = "\"'><img src=x onerror=alert(1)>"
ENTITIES = "&lt;img src=x onerror=alert(2)&gt; &#x3C;img src=x onerror=alert(3)&#x3E;"
SCRIPT_END = "</script><script>window.__xss=1</script>"
LABEL = f"{ATTRIBUTE} {ENTITIES} {SCRIPT_END} {{{{ 7*7 }}}}"
"""A label that leaves an attribute, hides markup in character references, ends a script
element and holds template braces (written `{{` in a label)."""


def _text_nodes_only(html: str) -> bool:
    """Whether `html`, read as a browser reads it, makes no element at all."""
    return BeautifulSoup(html, "html.parser").find() is None


# -- the version selector -----------------------------------------------------------------


def test_a_draft_title_from_a_label_is_text_in_the_version_selector(tmp_path: Path) -> None:
    """Material's version selector writes each title of versions.json into the page as
    HTML; a company's label for the draft's title is the pull request's text."""
    editions = []
    for label in ("1.0.0", "draft"):
        (tmp_path / label).mkdir()
        (tmp_path / label / "index.html").write_text("<p>edition</p>", encoding="utf-8")
        editions.append((label, tmp_path / label, label == "draft"))
    labels = labels_for("en", {"en": {"versions.draft_title": f"{LABEL} {{version}}"}})
    lay_out_like_mike(tmp_path / "site", editions, newest="1.0.0", labels=labels)
    versions = json.loads((tmp_path / "site" / "versions.json").read_text(encoding="utf-8"))
    title = next(v["title"] for v in versions if v["version"] == "draft")
    assert _text_nodes_only(title)
    shown = BeautifulSoup(title, "html.parser").get_text()
    assert "<img src=x onerror=alert(1)>" in shown and "draft" in shown


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A versioned site whose working copy (the draft) renames the draft's title."""
    root = tmp_path_factory.mktemp("drafted") / "acme"
    create_repository(root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.name=a", "-c", "user.email=a@example.com", "add", "-A")
    _git(root, "-c", "user.name=a", "-c", "user.email=a@example.com", "commit", "-qm", "first")
    version = yaml.safe_load((root / "vmv.yaml").read_text(encoding="utf-8"))["edition"]["version"]
    _git(root, "tag", f"v{version}")
    with (root / "vmv.yaml").open("a", encoding="utf-8") as file:
        file.write(yaml.safe_dump({"labels": {"en": {"versions.draft_title": f"{LABEL} {{version}}"}}}))
    build_all_versions(root, root / "out", include_draft=True)
    return root / "out"


@pytest.mark.browser
def test_no_script_runs_from_the_version_selector(drafted: Path, page) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    with static_server(drafted) as url:
        page.goto(url + "latest/")
        selector = page.locator(".md-version__list")
        selector.wait_for(state="attached")
        assert "<img src=x onerror=alert(1)>" in selector.text_content()
        assert page.locator(".md-version img").count() == 0
        page.wait_for_load_state("networkidle")  # an image's error would have fired by now
        assert page.evaluate("typeof window.__xss") == "undefined"
    assert fired == []
