"""The Markdown extensions a company may turn on in mkdocs.yml, each with typed options.

MkDocs imports whatever module an extension names, so the name alone could run
code (`os`, `package.module:Class`); options such as a slug function or an emoji
index are Python paths in MkDocs' own format. Here every extension is a field
and every option a value: functions are chosen by name (`slugify: unicode`) and
`mkdocs_config` maps each name to the function.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StringConstraints, Tag

from vmv.core.model.document import Meaning, Strict

SlugStyle = Annotated[
    Literal["default", "unicode", "github"],
    Meaning("a slug style: default (ASCII), unicode (keeps accented letters) or github (GitHub's style)"),
]
CssClass = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_-]{0,60}$"),
    Meaning("a CSS class name such as highlight"),
]
_DEPTH_RANGE = re.compile(r"[1-6]-[1-6]")


def _permalink_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "switch"
    return "symbol" if isinstance(value, str) and value.strip() and "\n" not in value else None


def _depth_kind(value: Any) -> str | None:
    if type(value) is int and 1 <= value <= 6:
        return "level"
    return "range" if isinstance(value, str) and _DEPTH_RANGE.fullmatch(value) else None


Permalink = Annotated[
    Annotated[bool, Tag("switch")] | Annotated[str, Tag("symbol")],
    Discriminator(_permalink_kind),
    Meaning("true, false, or the symbol the link shows, such as #"),
]
TocDepth = Annotated[
    Annotated[int, Tag("level")] | Annotated[str, Tag("range")],
    Discriminator(_depth_kind),
    Meaning("a heading level from 1 to 6, or a range such as 2-4"),
]
Title = Annotated[str, StringConstraints(pattern=r"^[^\n]*\S[^\n]*$", max_length=200)]


class NoOptions(Strict):
    """This extension takes no options."""


class TableOfContents(Strict):
    permalink: Permalink | None = None
    """Add a link to each heading: true (the symbol ¶) or the symbol to show."""
    permalink_title: Title | None = None
    """The tooltip of heading links."""
    permalink_leading: bool | None = None
    """Put heading links before the heading's text."""
    anchorlink: bool | None = None
    """Make each heading a link to itself."""
    baselevel: Annotated[int, Field(ge=1, le=6)] | None = None
    """The level the page's first heading gets."""
    toc_depth: TocDepth | None = None
    """Which heading levels the table of contents lists: a level, or a range such as 2-4."""
    title: Title | None = None
    """The title of a [TOC] marker's table."""
    slugify: SlugStyle | None = None
    """How headings become anchors: default, unicode or github."""
    separator: Literal["-", "_"] | None = None
    """The character between words of an anchor."""


class Footnotes(Strict):
    unique_ids: bool | None = Field(None, alias="UNIQUE_IDS")
    """Make footnote anchors unique when pages are combined."""
    separator: Literal[":", "-", "_"] | None = Field(None, alias="SEPARATOR")
    """The character in footnote anchors (fn:1)."""
    use_definition_order: bool | None = Field(None, alias="USE_DEFINITION_ORDER")
    """Number footnotes in the order they are defined, not referenced."""


class Tables(Strict):
    use_align_attribute: bool | None = None
    """Align cells with the align attribute instead of a style."""


class Smarty(Strict):
    smart_quotes: bool | None = None
    """Curly quotes."""
    smart_angled_quotes: bool | None = None
    """Guillemets from << and >>."""
    smart_dashes: bool | None = None
    """En and em dashes from -- and ---."""
    smart_ellipses: bool | None = None
    """An ellipsis from three dots."""


class Highlight(Strict):
    use_pygments: bool | None = None
    """Highlight code when the site is built (true) or leave it to a script."""
    guess_lang: bool | None = None
    """Guess the language of code blocks that name none."""
    css_class: CssClass | None = None
    """The class of highlighted blocks."""
    linenums: bool | None = None
    """Number the lines of every code block."""
    linenums_style: Literal["table", "inline", "pymdownx-inline"] | None = None
    """How line numbers are laid out."""
    anchor_linenums: bool | None = None
    """Make each line number a link."""
    line_spans: CssClass | None = None
    """Wrap each line in a span with this class."""
    pygments_lang_class: bool | None = None
    """Add the language as a class."""
    auto_title: bool | None = None
    """Title each block with its language."""
    default_lang: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+#._-]{1,40}$")] | None = None
    """The language of code blocks that name none."""


class InlineHighlight(Strict):
    style_plain_text: bool | None = None
    """Style inline code without a language like highlighted code."""
    css_class: CssClass | None = None
    """The class of highlighted inline code."""


class CustomFence(Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_+-]{1,40}$")]
    """The fence's language name, such as mermaid."""
    class_: CssClass = Field(alias="class")
    """The class of the element the content goes into."""
    format: Literal["code", "div"] = "code"
    """Put the content in a code block (code) or a div (div), escaped either way."""


class SuperFences(Strict):
    custom_fences: list[CustomFence] | None = None
    """Fences kept as they are for a script to draw, such as mermaid diagrams."""
    disable_indented_code_blocks: bool | None = None
    """Only fenced code is code; indented text is not."""
    preserve_tabs: bool | None = None
    """Keep tab characters in fences."""
    css_class: CssClass | None = None
    """The class of fenced blocks."""


class Tabbed(Strict):
    alternate_style: bool | None = None
    """Material's tab style (recommended)."""
    combine_header_slug: bool | None = None
    """Start tab anchors with the heading's anchor."""
    slugify: SlugStyle | None = None
    """How tab titles become anchors: default, unicode or github."""
    separator: Literal["-", "_"] | None = None
    """The character between words of an anchor."""


class TaskList(Strict):
    custom_checkbox: bool | None = None
    """Material's checkbox style."""
    clickable_checkbox: bool | None = None
    """Let readers tick the boxes (not saved)."""


class Emoji(Strict):
    emoji_index: Literal["material", "twemoji", "gemoji", "emojione"] | None = None
    """Which emoji names exist: material (Twemoji and Material's icons), twemoji, gemoji or emojione."""
    emoji_generator: Literal["material", "svg", "png", "alt"] | None = None
    """How an emoji is written: material (inline SVG), svg or png (images from a CDN) or alt
    (the Unicode character)."""


class Caret(Strict):
    smart_insert: bool | None = None
    """Only ^^ around words inserts."""
    insert: bool | None = None
    """^^text^^ marks inserted text."""
    superscript: bool | None = None
    """^text^ is a superscript."""


class Mark(Strict):
    smart_mark: bool | None = None
    """Only == around words marks."""


class Tilde(Strict):
    smart_delete: bool | None = None
    """Only ~~ around words deletes."""
    delete: bool | None = None
    """~~text~~ marks deleted text."""
    subscript: bool | None = None
    """~text~ is a subscript."""


class Keys(Strict):
    strict: bool | None = None
    """Use the kbd element the way HTML5 defines it."""
    camel_case: bool | None = None
    """Allow key names in camel case."""


class SmartSymbols(Strict):
    trademark: bool | None = None
    """(tm) becomes ™."""
    copyright: bool | None = None
    """(c) becomes ©."""
    registered: bool | None = None
    """(r) becomes ®."""
    care_of: bool | None = None
    """c/o becomes ℅."""
    plusminus: bool | None = None
    """+/- becomes ±."""
    arrows: bool | None = None
    """--> becomes →."""
    notequal: bool | None = None
    """=/= becomes ≠."""
    fractions: bool | None = None
    """1/4 becomes ¼."""
    ordinal_numbers: bool | None = None
    """1st becomes 1<sup>st</sup>."""


class BetterEmphasis(Strict):
    smart_enable: Literal["all", "asterisk", "underscore", "none"] | None = None
    """Which emphasis markers must surround whole words."""


class Critic(Strict):
    mode: Literal["view", "accept", "reject"] | None = None
    """Show proposed edits (view), or apply (accept) or drop (reject) them."""


class Arithmatex(Strict):
    generic: bool | None = None
    """Write mathematics for any renderer script (recommended with Material)."""


class EscapeAll(Strict):
    hardbreak: bool | None = None
    """An escaped new line is a line break."""
    nbsp: bool | None = None
    """An escaped space is a non-breaking space."""


AccountName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,100}$")]


class MagicLink(Strict):
    hide_protocol: bool | None = None
    """Show links without https://."""
    repo_url_shortener: bool | None = None
    """Shorten links to repositories, issues and commits."""
    repo_url_shorthand: bool | None = None
    """Turn #123 and user/repo#123 into links."""
    social_url_shortener: bool | None = None
    """Shorten links to social profiles."""
    social_url_shorthand: bool | None = None
    """Turn @user into links."""
    normalize_issue_symbols: bool | None = None
    """Write issues, pull requests and discussions with #."""
    provider: Literal["github", "gitlab", "bitbucket"] | None = None
    """Where shorthand links lead."""
    user: AccountName | None = None
    """The user or organisation of shorthand links."""
    repo: AccountName | None = None
    """The repository of shorthand links."""


class MarkdownExtensions(Strict):
    """Each extension listed is turned on; its options, if any, are typed."""

    abbr: NoOptions | None = None
    """Abbreviations with a hover definition (*[HTML]: Hyper Text Markup Language)."""
    admonition: NoOptions | None = None
    """Call-out boxes: !!! note."""
    attr_list: NoOptions | None = None
    """Classes and ids on elements: { .class #id }."""
    def_list: NoOptions | None = None
    """Definition lists."""
    footnotes: Footnotes | None = None
    """Footnotes: [^1]."""
    md_in_html: NoOptions | None = None
    """Markdown inside HTML blocks marked markdown."""
    tables: Tables | None = None
    """Tables."""
    toc: TableOfContents | None = None
    """Anchors on headings and the table of contents."""
    sane_lists: NoOptions | None = None
    """Lists that do not mix numbered and bulleted items."""
    smarty: Smarty | None = None
    """Curly quotes, dashes and ellipses."""
    nl2br: NoOptions | None = None
    """Every new line is a line break."""
    arithmatex: Arithmatex | None = Field(None, alias="pymdownx.arithmatex")
    """Mathematics for a renderer script."""
    betterem: BetterEmphasis | None = Field(None, alias="pymdownx.betterem")
    """Better handling of emphasis markers."""
    caret: Caret | None = Field(None, alias="pymdownx.caret")
    """Inserted text and superscripts."""
    critic: Critic | None = Field(None, alias="pymdownx.critic")
    """Proposed edits in CriticMarkup."""
    details: NoOptions | None = Field(None, alias="pymdownx.details")
    """Collapsible call-out boxes: ??? note."""
    emoji: Emoji | None = Field(None, alias="pymdownx.emoji")
    """Emoji and icons by name: :smile:."""
    escapeall: EscapeAll | None = Field(None, alias="pymdownx.escapeall")
    """A backslash escapes any character."""
    highlight: Highlight | None = Field(None, alias="pymdownx.highlight")
    """Syntax highlighting of code blocks."""
    inlinehilite: InlineHighlight | None = Field(None, alias="pymdownx.inlinehilite")
    """Syntax highlighting of inline code."""
    keys: Keys | None = Field(None, alias="pymdownx.keys")
    """Keyboard keys: ++ctrl+alt+del++."""
    magiclink: MagicLink | None = Field(None, alias="pymdownx.magiclink")
    """Web addresses become links."""
    mark: Mark | None = Field(None, alias="pymdownx.mark")
    """Highlighted text: ==text==."""
    saneheaders: NoOptions | None = Field(None, alias="pymdownx.saneheaders")
    """Headings need a space after #."""
    smartsymbols: SmartSymbols | None = Field(None, alias="pymdownx.smartsymbols")
    """Symbols such as ™, ± and → from plain text."""
    superfences: SuperFences | None = Field(None, alias="pymdownx.superfences")
    """Fenced code anywhere, also inside lists and tabs."""
    tabbed: Tabbed | None = Field(None, alias="pymdownx.tabbed")
    """Content tabs: === "Tab"."""
    tasklist: TaskList | None = Field(None, alias="pymdownx.tasklist")
    """Task lists: - [x] done."""
    tilde: Tilde | None = Field(None, alias="pymdownx.tilde")
    """Deleted text and subscripts."""

    def enabled(self) -> dict[str, Strict]:
        """The extensions turned on, by the name MkDocs knows them by, with their options."""
        found = {}
        for name, field in type(self).model_fields.items():
            options = getattr(self, name)
            if options is not None:
                found[field.alias or name] = options
        return found
