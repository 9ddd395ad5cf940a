"""A stranger's pull request that aims at readers' browsers (issue #13): markup variants a
denylist would miss, with every Markdown extension the site settings allow turned on.

One site is built for the module and read with an HTML parser and in Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import static_server
from tests.hostile import handlers_and_script_addresses
from vmv.app.pipeline import build_site

EXTENSIONS = """
markdown_extensions:
  - abbr
  - attr_list
  - md_in_html
  - footnotes
  - def_list
  - tables
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed
  - pymdownx.magiclink
  - pymdownx.critic
  - pymdownx.emoji
  - pymdownx.arithmatex: {generic: true}
  - pymdownx.tasklist
  - pymdownx.keys
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.caret
  - pymdownx.mark
  - pymdownx.tilde
"""

VARIANTS = r"""---
title: Variants
---
Intro { onclick="alert(1)" autofocus onfocus="alert(2)" tabindex=1 }

![image](x.png){ onerror="alert(3)" } ![scheme](javascript:alert(4))
[link](javascript:alert(5)){ onmouseover="alert(6)" } [sp]( javascript:alert(7))
[a][r1] [b][r2] [c][r3] [d][r4] [e][r5] <javascript:alert(8)> <data:text/html,x>

[r1]: javascript:alert(9)
[r2]: &#106;avascript:alert(10)
[r3]: JaVaScRiPt:alert(11)
[r4]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=
[r5]: vbscript:alert(13)

| cell { onclick="alert(14)" } | b |
|---|---|
| c | d |
{ onclick="alert(15)" }

- item
{ onclick="alert(16)" }

*[HTML]: Hyper "><img src=x onerror=alert(17)>
Footnote[^1].

[^1]: Note <img src=x onerror=alert(18)>

<div markdown="1" onclick="alert(19)">**md** <svg><animate onbegin=alert(20) attributeName=x dur=1s></svg></div>
<details open ontoggle="alert(21)"><summary>s</summary>x</details>
<math><maction actiontype="statusline" xlink:href="javascript:alert(22)">m</maction></math>
<svg><a xlink:href="javascript:alert(23)"><text x="20" y="20">svg link</text></a></svg>
<a href="jav&#x0A;ascript:alert(24)">nl</a> <a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(25)">hex</a>
<a href=" &#14;javascript:alert(26)">ctl</a> <a href="javascript&colon;alert(27)">named</a>
<img src="x.png" srcset="javascript:alert(28)"> <input type="image" src="x" onerror="alert(29)">
<noscript><p title="</noscript><img src=x onerror=alert(30)>"></noscript>
<template><img src=x onerror=alert(31)></template> <textarea><img src=x onerror=alert(32)></textarea>
<a id="__config">clobber</a> <form action="https://evil.example/"><button formaction="javascript:alert(33)">go</button></form>
<object data="javascript:alert(34)"></object> <embed src="javascript:alert(35)"> <iframe srcdoc="x"></iframe>
<meta http-equiv="refresh" content="0;url=javascript:alert(36)"> <base href="javascript:alert(37)//">
<svg><foreignObject><img src=x onerror=alert(38)></foreignObject></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(39)></style></mglyph></table></mtext></math>

```{ .python onclick="alert(40)" }
code
```

==mark { onclick=alert(41) }== ++ctrl+alt++ {++ <img src=x onerror=alert(42)> ++}

- [x] task <img src=x onerror=alert(43)>

$x<img src=x onerror=alert(44)>$

??? note "Title <img src=x onerror=alert(45)>"
    body

=== "Tab <img src=x onerror=alert(46)>"
    tab

https://example.com/"onmouseover="alert(47) `#!js alert(48)`

Term <img src=x onerror=alert(49)>
:   Definition
"""

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
PAYLOAD = (
    '"><img src=x onerror=alert(50)>[l](javascript:alert(51)){ onclick=alert(52) } <javascript:alert(53)>'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from vmv.app.scaffold import create_repository

    root = tmp_path_factory.mktemp("variants") / "acme"
    create_repository(root)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as settings:
        settings.write(EXTENSIONS)
    (root / "playbook" / "variants.md").write_text(VARIANTS, encoding="utf-8")
    (root / "playbook" / "x.png").write_bytes(PNG)
    document = yaml.safe_load((root / "vmv.yaml").read_text(encoding="utf-8"))
    document["glossary"] += [
        {"term": 'T"x', "definition": PAYLOAD},
        {"term": "onerror", "definition": PAYLOAD},
        {"term": "Hyper*[", "definition": PAYLOAD},
    ]
    document["values"][0]["why"] = f"Why {PAYLOAD}\n\n[ref][z]\n\n[z]: javascript:alert(54)"
    document["values"][0]["examples"] = [PAYLOAD]
    (root / "vmv.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    build_site(root, root / "site")
    yield root / "site"


def test_no_variant_leaves_a_handler_a_script_address_or_a_frame(site: Path) -> None:
    page = BeautifulSoup((site / "playbook/variants/index.html").read_text("utf-8"), "html.parser")
    assert page.select_one("article img[src='x.png']"), "the page was built with its content"
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert handlers_and_script_addresses(str(soup)) == [], path
        assert not soup.find(["iframe", "object", "embed", "base", "frame", "template", "noscript"]), path
        assert not soup.find(attrs={"srcset": True}) and not soup.find("form", action=True), path
        assert not soup.find("meta", attrs={"http-equiv": True}), path
        assert len(soup.select("#__config")) <= 1, path
        article = soup.select_one("article")
        assert article is None or not article.find("script"), path


@pytest.mark.browser
def test_no_variant_runs_in_a_browser(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    with static_server(site) as url:
        for path in ("playbook/variants/", "values/customer-first/", "glossary/"):
            page.goto(url + path)
            for element in page.locator("article [title]:visible, article a:visible").element_handles()[:30]:
                try:
                    element.hover(timeout=500)
                except Exception:  # covered by another element: the others still run the check
                    continue
            page.wait_for_timeout(300)
            assert page.url.startswith(url), path
    assert fired == []
