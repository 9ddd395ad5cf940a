"""The typed model of what a company may set in mkdocs.yml.

MkDocs' own configuration can import Python names, run hook files, read other
files and render templates without a sandbox, so vmv never hands it the
company's file. This model is the allowlist: every setting a company may
change, each with a type narrow enough that no value can carry code, markup or
a path out of the repository. `site_load` reads mkdocs.yml into it and
`mkdocs_config` writes the engine's configuration from it. Field docstrings
become the descriptions editors show on hover (vmv-site.schema.json).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from vmv.core.model.document import ONE_LINE_PATTERN, Meaning, Strict
from vmv.core.site.extensions import MarkdownExtensions
from vmv.core.translations.languages import LANGUAGE_TAG

Text = Annotated[str, StringConstraints(pattern=ONE_LINE_PATTERN, max_length=300)]
"""Plain text on one line; vmv escapes it, so markup shows as typed."""

WebAddress = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s\"'<>\\`]*)?$", max_length=500),
    Meaning("a web address starting with https:// or http://"),
]
LinkAddress = Annotated[
    str,
    StringConstraints(
        pattern=r"^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s\"'<>\\`]*)?|mailto:[^\s\"'<>\\`]+)$"
    ),
    Meaning("a web address starting with https:// or http://, or mailto: and an e-mail address"),
]
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9._-]*"
_FOLDERS = rf"({_SEGMENT}/)*"
StylesheetFile = Annotated[
    str,
    StringConstraints(pattern=rf"^{_FOLDERS}{_SEGMENT}\.css$", max_length=300),
    Meaning("a .css file in the repository, such as stylesheets/extra.css (no web address)"),
]
ScriptFile = Annotated[
    str,
    StringConstraints(pattern=rf"^{_FOLDERS}{_SEGMENT}\.m?js$", max_length=300),
    Meaning("a .js file in the repository, such as javascripts/extra.js (no web address)"),
]
ImageFile = Annotated[
    str,
    # Not SVG: an SVG file can carry a script that runs on the site's own address when a page
    # links to it; theme.icon.logo draws one of Material's icons instead.
    StringConstraints(pattern=rf"^{_FOLDERS}{_SEGMENT}\.(png|jpg|jpeg|gif|webp|ico)$", max_length=300),
    Meaning(
        "a .png, .jpg, .gif, .webp or .ico file in the repository, such as images/logo.png (no web "
        "address; not SVG, which can carry scripts: for a drawn logo use theme.icon.logo)"
    ),
]
Icon = Annotated[
    str,
    StringConstraints(pattern=r"^(material|octicons|simple|fontawesome/(brands|regular|solid))/[a-z0-9-]+$"),
    Meaning("an icon name such as material/book or fontawesome/brands/github"),
]
Language = Annotated[
    str,
    StringConstraints(pattern=f"^{LANGUAGE_TAG.pattern}$"),
    Meaning("a language tag such as en, de or pt-BR"),
]
FontName = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ]{0,59}$"),
    Meaning("a Google Fonts name of letters, digits and spaces, such as Roboto Mono"),
]
EditPath = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9._~/?=&%-]*$", max_length=300),
    Meaning("a path such as edit/main/"),
]

_COLOURS = Literal[
    "red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green",
    "light green", "lime", "yellow", "amber", "orange", "deep orange",
]  # fmt: skip
PrimaryColour = Annotated[
    Literal[_COLOURS, "brown", "grey", "blue grey", "black", "white", "custom"],
    Meaning("a colour of Material's palette, such as indigo or deep orange"),
]
AccentColour = Annotated[
    Literal[_COLOURS, "custom"],
    Meaning("an accent colour of Material's palette, such as indigo or deep orange"),
]
Feature = Annotated[
    Literal[
        "announce.dismiss", "content.action.edit", "content.action.view", "content.code.annotate",
        "content.code.copy", "content.code.select", "content.footnote.tooltips", "content.lazy",
        "content.tabs.link", "content.tooltips", "header.autohide", "navigation.expand",
        "navigation.footer", "navigation.indexes", "navigation.instant", "navigation.instant.prefetch",
        "navigation.instant.preview", "navigation.instant.progress", "navigation.path", "navigation.prune",
        "navigation.sections", "navigation.tabs", "navigation.tabs.sticky", "navigation.top",
        "navigation.tracking", "search.highlight", "search.share", "search.suggest", "toc.follow",
        "toc.integrate",
    ],
    Meaning("a feature of Material for MkDocs, such as navigation.tabs"),
]  # fmt: skip
AdmonitionKind = Literal[
    "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug",
    "example", "quote",
]  # fmt: skip


class Toggle(Strict):
    icon: Icon
    """The icon of the button that switches to the next palette, such as material/weather-night."""
    name: Text
    """The button's label, read out by screen readers, such as Switch to dark mode."""


class Palette(Strict):
    scheme: Literal["default", "slate"] | None = None
    """default (light) or slate (dark)."""
    primary: PrimaryColour | None = None
    """The colour of the header and links, such as indigo or deep orange."""
    accent: AccentColour | None = None
    """The colour of hovered links and buttons."""
    media: (
        Literal["(prefers-color-scheme)", "(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"]
        | None
    ) = None
    """When the reader's system preference selects this palette."""
    toggle: Toggle | None = None
    """The button that switches to the next palette (with two palettes or more)."""


class Font(Strict):
    text: FontName | None = None
    """The font of the text, loaded from Google Fonts by every reader's browser."""
    code: FontName | None = None
    """The font of code, loaded from Google Fonts by every reader's browser."""


class Icons(Strict):
    logo: Icon | None = None
    """The icon in the header when there is no logo image."""
    repo: Icon | None = None
    """The icon beside the repository link."""
    edit: Icon | None = None
    """The icon of the edit button."""
    view: Icon | None = None
    """The icon of the view-source button."""
    menu: Icon | None = None
    """The icon that opens the navigation on small screens."""
    alternate: Icon | None = None
    """The icon of the language selector."""
    search: Icon | None = None
    """The icon of the search field."""
    share: Icon | None = None
    """The icon that shares a search."""
    close: Icon | None = None
    """The icon that closes search or a banner."""
    top: Icon | None = None
    """The icon of the back-to-top button."""
    previous: Icon | None = None
    """The icon of the link to the previous page."""
    next: Icon | None = None
    """The icon of the link to the next page."""
    annotation: Icon | None = None
    """The icon of code annotations."""
    admonition: dict[AdmonitionKind, Icon] | None = None
    """Icons of admonitions by kind, such as note: material/pencil."""


class Theme(Strict):
    name: Literal["material"] = "material"
    """The theme: vmv builds with Material for MkDocs."""
    language: Language | None = None
    """The language of the theme's own words and of the source text (default en)."""
    palette: list[Palette] = Field(default_factory=list)
    """One colour palette, or several that readers switch between with their toggles."""
    features: list[Feature] = Field(default_factory=list)
    """Material features to turn on, such as navigation.tabs or search.suggest."""
    font: Font | None = None
    """false (the default): the system's fonts, no request to Google; or text and code font names."""
    logo: ImageFile | None = None
    """An image file in the repository shown in the header."""
    favicon: ImageFile | None = None
    """An image file in the repository shown in the browser's tab."""
    icon: Icons | None = None
    """Icons of the theme, by what they are for."""


class SocialLink(Strict):
    icon: Icon
    """The icon of the link, such as fontawesome/brands/github."""
    link: LinkAddress
    """Where it leads: a web address or mailto:."""
    name: Text | None = None
    """The link's title (default: the site's host name)."""


class Extra(Strict):
    social: list[SocialLink] = Field(default_factory=list)
    """Links shown as icons in the footer."""
    generator: bool = True
    """Whether the footer says 'Made with Material for MkDocs'."""


class SearchOptions(Strict):
    lang: list[Language] | None = None
    """Languages the search index stems words for (default: the theme's language)."""
    separator: Annotated[str, StringConstraints(max_length=200)] | None = None
    """A regular expression of what separates words in the index."""
    pipeline: list[Literal["stemmer", "stopWordFilter", "trimmer"]] | None = None
    """Steps applied to words when indexing."""


class Plugins(Strict):
    search: SearchOptions | None = None
    """Material's search: listed, the site has a search field."""


DEFAULT_FEATURES: list[Feature] = ["content.tooltips"]
"""Without a theme in mkdocs.yml, glossary terms still show their definition on hover."""


class SiteSettings(Strict):
    site_name: Text | None = None
    """The site's name in the header and the browser's tab (default: the organization's name)."""
    site_description: Text | None = None
    """One line that search engines show."""
    site_author: Text | None = None
    """Who wrote the site, for search engines."""
    site_url: WebAddress | None = None
    """Where the site is published, such as https://handbook.example.com/."""
    copyright: Text | None = None
    """A line shown under vmv's edition line in every page's footer."""
    repo_url: WebAddress | None = None
    """The repository's web address: the header links to it, and pages get edit links."""
    repo_name: Text | None = None
    """The name shown beside the repository link (default: from repo_url)."""
    edit_uri: EditPath | None = None
    """Where files are edited, relative to repo_url (default edit/main/)."""
    theme: Theme = Field(default_factory=lambda: Theme(features=DEFAULT_FEATURES))
    """Material's settings: colours, features, logo, icons and language."""
    extra_css: list[StylesheetFile] = Field(default_factory=list)
    """Stylesheets in the repository, added to every page (before vmv's own)."""
    extra_javascript: list[ScriptFile] = Field(default_factory=list)
    """Scripts in the repository, added to every page: they run in every reader's browser."""
    markdown_extensions: MarkdownExtensions = MarkdownExtensions()
    """Markdown extensions to turn on, with their options."""
    plugins: Plugins = Field(default_factory=lambda: Plugins(search=SearchOptions()))
    """Plugins, from those vmv configures itself (search)."""
    extra: Extra = Extra()
    """Footer links and the generator notice."""

    def repository_files(self) -> list[str]:
        """Files of the repository the site uses: stylesheets, scripts, logo and favicon."""
        images = [name for name in (self.theme.logo, self.theme.favicon) if name]
        return [*self.extra_css, *self.extra_javascript, *images]

    def edit_base(self) -> str | None:
        """Where 'edit this page' links start (edit/main/ under repo_url when edit_uri is not
        set); None without repo_url."""
        if self.repo_url is None:
            return None
        edit = (self.edit_uri or "edit/main/").strip("/")
        return f"{self.repo_url.rstrip('/')}/{edit}/"
