"""vmv writes the engine's configuration from the typed site settings.

MkDocs must accept it without a warning, text settings must reach pages as
text, and a file of allowed settings builds the same site as when MkDocs read
it itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import without_translations
from tests.unit.editions.test_editions import git
from vmv.app.editions import build_all_versions
from vmv.app.pipeline import build_site, check
from vmv.engine.mkdocs import build as mkdocs_engine
from vmv.engine.mkdocs.config import SLUG_STYLES
from vmv.engine.mkdocs.theme_labels import made_with


def test_tagged_editions_bring_the_files_their_settings_name(starter: Path) -> None:
    (starter / "brand").mkdir()
    (starter / "brand" / "site.css").write_text(".md-header { color: red }\n")
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text() + "extra_css: [brand/site.css]\n")
    git(starter, "init", "-q", "-b", "main")
    git(starter, "add", "-A")
    git(starter, "commit", "-qm", "first edition")
    git(starter, "tag", "v1.0.0")
    (starter / "brand" / "site.css").unlink()  # the edition's copy comes from the tag
    build_all_versions(starter, starter / "out")
    assert (starter / "out" / "1.0.0" / "brand" / "site.css").read_text() == ".md-header { color: red }\n"


# -- the engine's configuration ---------------------------------------------------------

KITCHEN_SINK = """\
site_name: Acme & Sons <b>values</b>
site_description: 'How we "work"'
site_author: Dana <dana@example.com>
site_url: https://handbook.example.com/
copyright: © Acme <i>2026</i>
repo_url: https://git.example.com/acme/vmv
repo_name: acme/<vmv>
edit_uri: edit/trunk/
theme:
  name: material
  language: de
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: blue grey
      accent: deep orange
      toggle: {icon: material/weather-night, name: 'Dark <img src=x onerror=alert(1)>'}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Light}
  features: [navigation.tabs, content.code.copy, search.suggest]
  font: {text: Inter, code: JetBrains Mono}
  icon:
    repo: fontawesome/brands/git-alt
    admonition: {note: octicons/tag-16}
extra:
  social:
    - {icon: fontawesome/brands/github, link: https://github.com/acme, name: '<script>x</script>'}
  generator: false
markdown_extensions:
  - def_list
  - footnotes: {UNIQUE_IDS: true}
  - toc: {permalink: "#", slugify: unicode, toc_depth: 2-4}
  - pymdownx.details
  - pymdownx.emoji: {emoji_index: material, emoji_generator: material}
  - pymdownx.highlight: {anchor_linenums: true}
  - pymdownx.inlinehilite
  - pymdownx.superfences:
      custom_fences: [{name: mermaid, class: mermaid, format: code}]
  - pymdownx.tabbed: {alternate_style: true, slugify: github}
  - pymdownx.tasklist: {custom_checkbox: true}
plugins:
  - search: {lang: [de, en]}
"""


def test_the_written_configuration_passes_mkdocs_own_checks(
    starter: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (starter / "mkdocs.yml").write_text(KITCHEN_SINK)
    _, rendered = check(starter)
    (tmp_path / "docs").mkdir()
    with caplog.at_level(logging.DEBUG, logger="mkdocs"):
        config = mkdocs_engine.load_engine_config(rendered, tmp_path / "docs", tmp_path / "site")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert config.theme.custom_dir == str(mkdocs_engine.THEME)
    assert config.config_file_path == str(tmp_path / mkdocs_engine.ENGINE_CONFIG)
    assert (tmp_path / mkdocs_engine.ENGINE_CONFIG).read_text() == "{}\n"
    assert config.site_name == "Acme &amp; Sons &lt;b&gt;values&lt;/b&gt;"
    assert config.mdx_configs["toc"]["slugify"] is SLUG_STYLES["unicode"]
    assert config.mdx_configs["pymdownx.tabbed"]["slugify"] is SLUG_STYLES["github"]
    assert callable(config.mdx_configs["pymdownx.superfences"]["custom_fences"][0]["format"])
    assert set(mkdocs_engine.REQUIRED_EXTENSIONS) <= set(config.markdown_extensions)
    assert "pymdownx.details" in config.markdown_extensions
    assert list(config.plugins) == ["material/search"]


def test_text_settings_reach_the_page_as_text(starter: Path) -> None:
    (starter / "mkdocs.yml").write_text(KITCHEN_SINK)
    build_site(starter, starter / "site")
    soup = BeautifulSoup((starter / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.title.get_text() == "Acme & Sons <b>values</b>"
    assert (
        soup.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == "Acme & Sons <b>values</b>"
    )
    assert soup.find("meta", attrs={"name": "description"})["content"] == 'How we "work"'
    assert soup.find("meta", attrs={"name": "author"})["content"] == "Dana <dana@example.com>"
    assert soup.select_one(".md-source__repository").get_text(strip=True) == "acme/<vmv>"
    assert soup.select_one("label[for=__palette_1]")["title"] == "Dark <img src=x onerror=alert(1)>"
    assert (
        soup.select_one(".md-copyright__highlight").get_text(" ", strip=True).endswith("© Acme <i>2026</i>")
    )
    assert soup.select_one(".md-social__link")["title"] == "<script>x</script>"
    assert soup.find("img", src="x") is None and soup.find("b") is None and soup.find("i") is None
    assert not [s for s in soup.find_all("script") if s.string and "x</script>" in s.string]
    assert soup.find("html")["lang"] == "de"


def _mkdocs_reads_the_file(root: Path) -> Callable[..., Any]:
    """The engine's configuration as it was made before vmv owned the settings: MkDocs
    read mkdocs.yml itself (safe here: the example's and the starter's own files)."""

    def load(rendered: Any, docs_dir: Path, site_dir: Path, edition: Any = None) -> Any:
        from mkdocs.config import load_config

        company = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        return load_config(
            config_file=str(root / "mkdocs.yml"),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            strict=True,
            nav=rendered.nav,
            markdown_extensions=[{n: o} if o else n for n, o in mkdocs_engine.REQUIRED_EXTENSIONS.items()],
            extra_css=[f"{mkdocs_engine.ASSETS_TARGET}/vmv.css"],
            extra_javascript=[f"{mkdocs_engine.ASSETS_TARGET}/vmv.js"],
            copyright=rendered.footer_html,
            validation=mkdocs_engine.LINK_VALIDATION,
            edit_uri="",
            theme={
                "font": False,
                **company["theme"],
                "custom_dir": str(mkdocs_engine.THEME),
                "features": [*company["theme"].get("features", []), *mkdocs_engine.REQUIRED_FEATURES],
            },
            extra={"vmv": {}, "vmv_made_with": made_with(rendered.labels)},
        )

    return load


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("which", ["example", "starter"])
def test_allowed_settings_build_the_same_site_as_when_mkdocs_read_them(
    which: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Settings only: a translated site adds its languages' own (its selector, its words).
    root: Path = without_translations(request.getfixturevalue(which))
    build_site(root, root / "ours")
    monkeypatch.setattr(mkdocs_engine, "load_engine_config", _mkdocs_reads_the_file(root))
    build_site(root, root / "theirs")
    ours, theirs = _files(root / "ours"), _files(root / "theirs")
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []
