"""mkdocs.yml is read into typed site settings, and vmv writes the engine's configuration.

MkDocs' configuration can run code and read the machine; a pull request can
change mkdocs.yml. These tests show that only the allowlist passes, that every
refusal is one positioned line with a remedy, that a corpus of attacks on this
boundary has the safe outcome, and that a file of allowed settings builds the
same site as when MkDocs read it itself.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vmv import mkdocs_engine, site_refusals
from vmv.build import build_site, check
from vmv.errors import InvalidInput, sort_problems
from vmv.mkdocs_config import SLUG_STYLES
from vmv.site_load import load_site
from vmv.site_schema import SITE_SCHEMA_FILE, schema_text, site_schema

from .conftest import REPOSITORY, Outcome
from .mutations import mutate, problems_are_well_formed


def _problems(root: Path, text: str) -> list[str]:
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    site, problems = load_site(root)
    assert (site is None) == bool(problems)
    return [str(p) for p in sort_problems(problems)]


# -- what may be set ------------------------------------------------------------------


def test_example_and_starter_settings_load(starter: Path) -> None:
    example, problems = load_site(REPOSITORY)
    assert problems == [] and example is not None
    assert example.settings.theme.palette[1].toggle is not None
    assert example.settings.theme.palette[1].toggle.name == "Switch to light mode"
    assert example.settings.theme.font is None  # `font: false`: no web fonts
    assert example.settings.plugins.search is not None
    site, problems = load_site(starter)
    assert problems == [] and site is not None
    assert site.settings.site_name == "Acme Company values"


def test_no_mkdocs_yml_means_the_defaults(starter: Path) -> None:
    (starter / "mkdocs.yml").unlink()
    site, problems = load_site(starter)
    assert problems == [] and site is not None
    assert site.settings.theme.features == ["content.tooltips"]
    assert site.settings.plugins.search is not None
    assert site.settings.edit_base() is None


def test_short_forms_mean_the_same_as_long_ones(starter: Path) -> None:
    short = "theme: material\nmarkdown_extensions: [toc, pymdownx.details]\nplugins: [search]\n"
    long = (
        "theme: {name: material}\nmarkdown_extensions: {markdown.extensions.toc: {}, pymdownx.details: null}\n"
        "plugins: {material/search: {}}\n"
    )
    assert _problems(starter, short) == []
    first = load_site(starter)[0]
    assert _problems(starter, long) == []
    second = load_site(starter)[0]
    assert first is not None and second is not None
    assert first.settings == second.settings
    assert first.settings.theme.features == []  # a theme of its own has no default features


@pytest.mark.parametrize("key", sorted(site_refusals.SETTINGS))
def test_each_refused_setting_is_one_line_at_its_key_with_a_remedy(starter: Path, key: str) -> None:
    parent, _, name = key.rpartition(".")
    if parent:
        text, where = f"site_name: Acme\n{parent}:\n  {name}: x\n", "3:3"
    else:
        text, where = f"site_name: Acme\n{name}: x\n", "2:1"
    assert _problems(starter, text) == [
        f"mkdocs.yml:{where}: error: {key}: not allowed: {site_refusals.SETTINGS[key]}"
    ]


@pytest.mark.parametrize(
    ("key", "remedy"),
    [
        ("nav", "order pages with 'order:' in their front matter"),
        ("theme.custom_dir", "override pages with templates/ and style them with extra_css"),
        ("docs_dir", "'vmv build -d DIR'"),
        ("site_dir", "'vmv build -d DIR'"),
        ("hooks", "change pages with templates/ instead"),
        ("dev_addr", "'vmv serve --dev-addr HOST:PORT'"),
    ],
)
def test_remedies_name_what_to_use_instead(key: str, remedy: str) -> None:
    assert site_refusals.SETTINGS[key].endswith(remedy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site_nme: Acme\n", "mkdocs.yml:1:1: error: unknown key 'site_nme' (did you mean 'site_name'?)"),
        (
            "theme:\n  name: material\n  featurs: [toc.follow]\n",
            "mkdocs.yml:3:3: error: theme: unknown key 'featurs' (did you mean 'features'?)",
        ),
        (
            "theme:\n  features: [navigation.tab]\n",
            "mkdocs.yml:2:14: error: theme.features[0]: expected a feature of Material for MkDocs, such as "
            "navigation.tabs, found 'navigation.tab' (did you mean 'navigation.tabs'?)",
        ),
        (
            "theme:\n  palette: {primary: deep-orange}\n",
            "mkdocs.yml:2:22: error: theme.palette[0].primary: expected a colour of Material's palette, such "
            "as indigo or deep orange, found 'deep-orange' (did you mean 'deep orange'?)",
        ),
        (
            "markdown_extensions:\n  - tables: {use_align: true}\n",
            "mkdocs.yml:2:14: error: markdown_extensions.tables: unknown key 'use_align' "
            "(did you mean 'use_align_attribute'?)",
        ),
        (
            "markdown_extensions:\n  - toc: {permalink: 3}\n",
            "mkdocs.yml:2:22: error: markdown_extensions.toc.permalink: expected true, false, or the "
            "symbol the link shows, such as #, found a number (3)",
        ),
        (
            "markdown_extensions:\n  - pymdownx.detials\n",
            "mkdocs.yml:2:5: error: markdown_extensions: 'pymdownx.detials' is not a Markdown extension vmv "
            "can turn on (did you mean 'pymdownx.details'?); the ones it can are listed in "
            "vmv-site.schema.json",
        ),
        (
            "plugins: [serch]\n",
            "mkdocs.yml:1:11: error: plugins: vmv runs only the plugins it configures itself (search), not "
            "'serch' (did you mean 'search'?); remove it",
        ),
        (
            "markdown_extensions: [toc, markdown.extensions.toc]\n",
            "mkdocs.yml:1:28: error: markdown_extensions: 'markdown.extensions.toc' is listed twice; list it once",
        ),
    ],
)
def test_mistakes_are_positioned_and_suggest_the_nearest_setting(
    starter: Path, text: str, expected: str
) -> None:
    assert _problems(starter, text) == [expected]


# -- tags and merge keys ----------------------------------------------------------------

_PYTHON = "it runs Python code during the build"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "site_name: !ENV VMV_SECRET\n",
            "1:12: error: site_name: the YAML tag '!ENV' is not allowed in mkdocs.yml: it copies an "
            "environment variable (in CI, perhaps a secret) into the site; write the value itself",
        ),
        (
            "site_name: &name !ENV [VMV_SECRET, Acme]\n",
            "1:12: error: site_name: the YAML tag '!ENV' is not allowed in mkdocs.yml: it copies an "
            "environment variable (in CI, perhaps a secret) into the site; write the value itself",
        ),
        (
            "theme:\n  logo: !relative $config_dir/logo.png\n",
            "2:9: error: theme.logo: the YAML tag '!relative' is not allowed in mkdocs.yml: it names a folder "
            "of the build machine; write the value itself",
        ),
        (
            "site_name: !!python/object/apply:os.system [id]\n",
            f"1:12: error: site_name: the YAML tag '!!python/object/apply:os.system' is not allowed in "
            f"mkdocs.yml: {_PYTHON}; write the value itself",
        ),
        (
            "markdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.uslugify\n",
            "3:16: error: markdown_extensions[0].toc.slugify: the YAML tag '!!python/name:pymdownx.slugs."
            f"uslugify' is not allowed in mkdocs.yml: {_PYTHON}; write 'slugify: unicode'",
        ),
        (
            "site_name: !!str Acme\n",
            "1:12: error: site_name: the YAML tag '!!str' is not allowed in mkdocs.yml: mkdocs.yml holds "
            "plain values only; write the value itself",
        ),
        (
            "site_name: !<tag:yaml.org,2002:str> Acme\n",
            "1:12: error: site_name: the YAML tag '!<tag:yaml.org,2002:str>' is not allowed in mkdocs.yml: "
            "mkdocs.yml holds plain values only; write the value itself",
        ),
        (
            "? !!python/name:os.system\n: Acme\n",
            f"1:3: error: the YAML tag '!!python/name:os.system' is not allowed in mkdocs.yml: {_PYTHON}; "
            "write the value itself",
        ),
        (
            "<<: {hooks: [hooks.py]}\n",
            "1:1: error: YAML merge keys ('<<') are not allowed in mkdocs.yml: they bring in settings that "
            "are not written where they take effect; write each setting out",
        ),
        (
            "theme:\n  name: material\n  <<: {custom_dir: overrides}\n",
            "3:3: error: theme: YAML merge keys ('<<') are not allowed in mkdocs.yml: they bring in settings "
            "that are not written where they take effect; write each setting out",
        ),
    ],
)
def test_every_tag_and_merge_key_is_refused_at_its_position(starter: Path, text: str, expected: str) -> None:
    assert _problems(starter, text) == [f"mkdocs.yml:{expected}"]


def test_mkdocs_yml_problems_come_with_the_other_problems(starter: Path) -> None:
    (starter / "mkdocs.yml").write_text("site_name: Acme\nnav: [index.md]\n")
    vmv_yaml = starter / "vmv.yaml"
    vmv_yaml.write_text(vmv_yaml.read_text().replace("schema: 1", "schema: 1\nunknown: x", 1))
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    files = sorted({p.location.file for p in caught.value.problems})
    assert files == ["mkdocs.yml", "vmv.yaml"]


# -- files the settings name -----------------------------------------------------------


def test_named_files_must_be_ordinary_files_inside_the_repository(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.css"
    outside.write_text("body { background: url(outside-token-5521) }")
    (starter / "styles").mkdir()
    (starter / "styles" / "linked.css").symlink_to(outside)
    text = "extra_css: [styles/linked.css, styles/missing.css, assets/vmv/vmv.css]\n"
    assert _problems(starter, text) == [
        "mkdocs.yml:1:13: error: extra_css[0]: 'styles/linked.css': the file is a link to a place outside "
        "the repository; copy the file in instead",
        "mkdocs.yml:1:32: error: extra_css[1]: 'styles/missing.css': not found",
        "mkdocs.yml:1:52: error: extra_css[2]: 'assets/vmv/' holds vmv's own files; put yours in another folder",
    ]


def test_stylesheets_scripts_and_images_are_copied_into_the_site(starter: Path) -> None:
    (starter / "brand").mkdir()
    (starter / "brand" / "site.css").write_text(".md-header { color: red }\n")
    (starter / "brand" / "site.js").write_text("window.brand = 1;\n")
    (starter / "brand" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (starter / "mkdocs.yml").write_text(
        "site_name: Acme\nextra_css: [brand/site.css]\nextra_javascript: [brand/site.js]\n"
        "theme:\n  name: material\n  logo: brand/logo.svg\n  favicon: brand/logo.svg\n"
    )
    build_site(starter, starter / "site")
    site = starter / "site"
    for name in ("site.css", "site.js", "logo.svg"):
        assert (site / "brand" / name).read_bytes() == (starter / "brand" / name).read_bytes()
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="stylesheet", href="brand/site.css") is not None
    assert soup.find("script", src="brand/site.js") is not None
    assert soup.select_one(".md-header__button.md-logo img")["src"] == "brand/logo.svg"


def test_tagged_editions_bring_the_files_their_settings_name(starter: Path) -> None:
    from vmv.editions import build_all_versions

    from .test_editions import git

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
            theme={"font": False, **company["theme"], "custom_dir": str(mkdocs_engine.THEME)},
            extra={"vmv": {}},
        )

    return load


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("which", ["example", "starter"])
def test_allowed_settings_build_the_same_site_as_when_mkdocs_read_them(
    which: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    root: Path = request.getfixturevalue(which)
    build_site(root, root / "ours")
    monkeypatch.setattr(mkdocs_engine, "load_engine_config", _mkdocs_reads_the_file(root))
    build_site(root, root / "theirs")
    ours, theirs = _files(root / "ours"), _files(root / "theirs")
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []


# -- the schema for editors -------------------------------------------------------------


def test_committed_site_schema_is_current() -> None:
    committed = (REPOSITORY / SITE_SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run 'make schema' and commit vmv-site.schema.json"


def test_site_schema_describes_the_forms_mkdocs_yml_takes() -> None:
    schema = site_schema()
    assert schema["additionalProperties"] is False
    assert {"const": "material"} in schema["properties"]["theme"]["anyOf"]
    theme = schema["$defs"]["Theme"]
    assert theme["additionalProperties"] is False
    assert {"const": False} in theme["properties"]["font"]["anyOf"]
    assert {"$ref": "#/$defs/Palette"} in theme["properties"]["palette"]["anyOf"]
    extensions = schema["$defs"]["MarkdownExtensions"]["anyOf"]
    assert "pymdownx.superfences" in extensions[0]["items"]["anyOf"][0]["enum"]
    assert "pymdownx.snippets" not in json.dumps(schema)
    assert all("description" in field for field in theme["properties"].values())


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
