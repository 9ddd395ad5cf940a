"""mkdocs.yml is read into typed site settings: only the allowlist passes.

MkDocs' configuration can run code and read the machine, and a pull request can
change mkdocs.yml. Every refusal is one positioned line with what to do instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPOSITORY
from vmv.app.pipeline import build_site, check
from vmv.core.site import refusals as site_refusals
from vmv.core.site.load import load_site
from vmv.core.site.schema import SITE_SCHEMA_FILE, schema_text, site_schema
from vmv.errors import InvalidInput, sort_problems


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
    (starter / "brand" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (starter / "mkdocs.yml").write_text(
        "site_name: Acme\nextra_css: [brand/site.css]\nextra_javascript: [brand/site.js]\n"
        "theme:\n  name: material\n  logo: brand/logo.png\n  favicon: brand/logo.png\n"
    )
    build_site(starter, starter / "site")
    site = starter / "site"
    for name in ("site.css", "site.js", "logo.png"):
        assert (site / "brand" / name).read_bytes() == (starter / "brand" / name).read_bytes()
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="stylesheet", href="brand/site.css") is not None
    assert soup.find("script", src="brand/site.js") is not None
    assert soup.select_one(".md-header__button.md-logo img")["src"] == "brand/logo.png"


def test_an_svg_logo_is_refused_because_it_can_carry_a_script(starter: Path) -> None:
    (starter / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n')
    (starter / "mkdocs.yml").write_text("site_name: Acme\ntheme:\n  name: material\n  logo: logo.svg\n")
    with pytest.raises(InvalidInput) as caught:
        check(starter)
    (problem,) = caught.value.problems
    assert str(problem).startswith("mkdocs.yml:4:9: error: theme.logo: expected a .png")


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
