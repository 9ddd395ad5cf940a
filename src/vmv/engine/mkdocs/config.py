"""The engine's configuration, written by vmv from the typed site settings.

Part of the MkDocs adapter (with mkdocs_engine.py). MkDocs never opens the
company's mkdocs.yml: every setting reaches it as data made here. Functions
MkDocs' documentation names by Python path (slug styles, emoji indexes, fence
formats) are chosen by name in the settings and looked up here. Material
prints most text settings into pages without escaping them, so each one is
handed over as escaped `Markup`, which Material's own `| e` leaves as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown.extensions.toc
import material
import pymdownx.emoji
import pymdownx.slugs
import pymdownx.superfences
from markupsafe import Markup, escape
from material.extensions import emoji as material_emoji

from vmv.core.boundary import RefusedPath, read_inside
from vmv.core.inputs import SITE_FILE
from vmv.core.site.load import SiteFile
from vmv.core.site.settings import Palette, SiteSettings
from vmv.core.yaml_reader import PathKey, format_path
from vmv.errors import InvalidInput, Location, Problem, ProblemCode, closest

SLUG_STYLES: dict[str, Callable[..., str]] = {
    "default": markdown.extensions.toc.slugify,
    "unicode": markdown.extensions.toc.slugify_unicode,
    "github": pymdownx.slugs.slugify(case="lower"),
}
EMOJI_INDEXES: dict[str, Callable[..., Any]] = {
    "material": material_emoji.twemoji,
    "twemoji": pymdownx.emoji.twemoji,
    "gemoji": pymdownx.emoji.gemoji,
    "emojione": pymdownx.emoji.emojione,
}
EMOJI_GENERATORS: dict[str, Callable[..., Any]] = {
    "material": material_emoji.to_svg,
    "svg": pymdownx.emoji.to_svg,
    "png": pymdownx.emoji.to_png,
    "alt": pymdownx.emoji.to_alt,
}
FENCE_FORMATS: dict[str, Callable[..., str]] = {
    "code": pymdownx.superfences.fence_code_format,
    "div": pymdownx.superfences.fence_div_format,
}
_FUNCTION_OPTIONS = {
    "slugify": SLUG_STYLES,
    "emoji_index": EMOJI_INDEXES,
    "emoji_generator": EMOJI_GENERATORS,
}

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def _text(value: str) -> Markup:
    """Text for a template that prints it as it is: escaped, and marked so."""
    return Markup(escape(value))


def company_extensions(settings: SiteSettings) -> dict[str, dict[str, Any]]:
    """The Markdown extensions mkdocs.yml turns on, with their options as MkDocs takes them."""
    extensions = {}
    for name, chosen in settings.markdown_extensions.enabled().items():
        options = chosen.model_dump(by_alias=True, exclude_none=True)
        for option, functions in _FUNCTION_OPTIONS.items():
            if option in options:
                options[option] = functions[options[option]]
        for fence in options.get("custom_fences", []):
            fence["format"] = FENCE_FORMATS[fence["format"]]
        extensions[name] = options
    return extensions


def _palette(palettes: list[Palette]) -> dict[str, Any] | list[dict[str, Any]] | None:
    """Material's palette: one mapping for a single palette without a toggle, else a list."""
    written = []
    for palette in palettes:
        entry = palette.model_dump(exclude_none=True)
        if palette.toggle is not None:
            entry["toggle"] = {"icon": palette.toggle.icon, "name": _text(palette.toggle.name)}
        written.append(entry)
    if not written:
        return None
    return written[0] if len(written) == 1 and palettes[0].toggle is None else written


def _theme(settings: SiteSettings) -> dict[str, Any]:
    theme = settings.theme
    written: dict[str, Any] = {"name": theme.name}
    if theme.language is not None:
        written["language"] = theme.language
    palette = _palette(theme.palette)
    if palette is not None:
        written["palette"] = palette
    if theme.features:
        written["features"] = list(theme.features)
    # Intranets have no internet: no web fonts from Google unless mkdocs.yml names them.
    written["font"] = False if theme.font is None else theme.font.model_dump(exclude_none=True)
    for image in ("logo", "favicon"):
        if getattr(theme, image) is not None:
            written[image] = getattr(theme, image)
    if theme.icon is not None:
        written["icon"] = theme.icon.model_dump(exclude_none=True)
    return written


def _extra(settings: SiteSettings) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if settings.extra.social:
        extra["social"] = [
            {"icon": link.icon, "link": link.link, **({"name": _text(link.name)} if link.name else {})}
            for link in settings.extra.social
        ]
    if not settings.extra.generator:
        extra["generator"] = False
    return extra


def engine_settings(settings: SiteSettings, *, site_name: str, footer_html: str) -> dict[str, Any]:
    """MkDocs settings from mkdocs.yml's: what the company chose, as MkDocs takes it.

    `site_name` is the name to use when mkdocs.yml gives none (plain text);
    `footer_html` is vmv's footer line, escaped already.
    """
    copyright_line = footer_html
    if settings.copyright:
        copyright_line = Markup(footer_html) + Markup("<br>") + _text(settings.copyright)
    written: dict[str, Any] = {
        "site_name": _text(settings.site_name or site_name),
        "copyright": copyright_line,
        "theme": _theme(settings),
        "extra": _extra(settings),
        "extra_css": list(settings.extra_css),
        "extra_javascript": list(settings.extra_javascript),
        "plugins": [
            {name: options} for name, options in settings.plugins.model_dump(exclude_none=True).items()
        ],
    }
    for text in ("site_description", "site_author", "repo_name"):
        if getattr(settings, text) is not None:
            written[text] = _text(getattr(settings, text))
    for address in ("site_url", "repo_url"):
        if getattr(settings, address) is not None:
            written[address] = getattr(settings, address)
    return written


def copy_site_files(settings: SiteSettings, root: Path, docs_dir: Path) -> None:
    """Copy the repository's files the settings name (stylesheets, scripts, logo, favicon)
    into the staging docs folder, at the same paths; unchanged files are not rewritten."""
    problems = []
    for name in settings.repository_files():
        try:
            content = read_inside(root, name)
        except RefusedPath as refused:
            problems.append(Problem(Location(SITE_FILE), f"'{name}': {refused.message}", code=refused.code))
            continue
        target = docs_dir / name
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if problems:
        raise InvalidInput(problems)


@functools.cache
def _names(folder: Path, suffix: str) -> frozenset[str]:
    return frozenset(
        p.relative_to(folder).as_posix().removesuffix(suffix) for p in folder.rglob(f"*{suffix}")
    )


def material_languages() -> frozenset[str]:
    """The languages Material has its own words for (`theme.language`)."""
    return _names(MATERIAL_TEMPLATES / "partials" / "languages", ".html")


def theme_problems(site: SiteFile) -> list[Problem]:
    """Icons and a language Material does not have: its templates would fail on each page."""
    settings = site.settings
    icons: list[tuple[PathKey, str]] = []
    for index, palette in enumerate(settings.theme.palette):
        if palette.toggle is not None:
            icons.append((("theme", "palette", index, "toggle", "icon"), palette.toggle.icon))
    if settings.theme.icon is not None:
        for key, value in settings.theme.icon.model_dump(exclude_none=True).items():
            pairs = value.items() if isinstance(value, dict) else [(None, value)]
            icons += [(("theme", "icon", key, *([kind] if kind else [])), name) for kind, name in pairs]
    icons += [(("extra", "social", i, "icon"), link.icon) for i, link in enumerate(settings.extra.social)]
    known = _names(MATERIAL_TEMPLATES / ".icons", ".svg")
    problems = []
    for path, name in icons:
        if name not in known:
            family = [k for k in known if k.rsplit("/", 1)[0] == name.rsplit("/", 1)[0]]
            problems.append(
                Problem(
                    site.locate(path),
                    f"Material has no icon '{name}'",
                    format_path(path),
                    code=ProblemCode.SITE_UNKNOWN_ICON,
                    suggestion=closest(name, family),
                )
            )
    language = settings.theme.language
    languages = _names(MATERIAL_TEMPLATES / "partials" / "languages", ".html")
    if language is not None and language not in languages:
        problems.append(
            Problem(
                site.locate(("theme", "language")),
                f"Material has no translation for '{language}'",
                "theme.language",
                code=ProblemCode.SITE_UNKNOWN_LANGUAGE,
                suggestion=closest(language, languages),
            )
        )
    return problems
