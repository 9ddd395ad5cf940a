"""Material's navigation, rendered once for all the pages that see it the same way.

MkDocs + Material render the whole navigation into every page, so a build's
time grows with the square of the number of pages. `NavFragments` caches each
part of the navigation that is not on the current page's path and reuses the
HTML, which is exactly what Material would have rendered (`_reusable` says why).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import jinja2
from mkdocs.plugins import BasePlugin

NAV_ITEM_TEMPLATE = "partials/nav-item.html"
# Material's macro that renders one navigation item and, recursively, its children.
_MATERIAL_RENDER = "{% macro render(nav_item, path, level, parent) %}"
# The same macro under another name, and a `render` that asks the cache first.
# Material's recursive calls to `render` then reach the cache at every level.
_CACHED_RENDER = (
    "{% macro render(nav_item, path, level, parent) %}"
    "{{ vmv_nav_fragment(vmv_uncached_render, nav_item, path, level, parent, page) }}"
    "{% endmacro %}"
)
_CONTEXTS_KEPT = 8


def _parts(url: str) -> tuple[str, ...]:
    return tuple(part for part in url.split("/") if part and part != ".")


def _common_length(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    length = 0
    while length < min(len(first), len(second)) and first[length] == second[length]:
        length += 1
    return length


def _addresses(item: Any) -> list[str]:
    """The address of `item` and of everything under it in the navigation."""
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        url = getattr(current, "url", None)
        if isinstance(url, str):
            found.append(url)
        stack.extend(getattr(current, "children", None) or ())
    return found


class NavFragments:
    """Rendered navigation items, reused across the pages of one build."""

    def __init__(self) -> None:
        self._html: OrderedDict[tuple[Any, ...], dict[tuple[Any, ...], Any]] = OrderedDict()
        self._prefixes: dict[int, frozenset[tuple[str, ...]]] = {}
        self._roots: dict[int, tuple[str, ...] | None] = {}
        self.hits = 0

    def install(self, env: jinja2.Environment) -> bool:
        """Route Material's navigation through the cache; False if the template is unknown."""
        try:
            source, _, _ = env.loader.get_source(env, NAV_ITEM_TEMPLATE)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            return False
        if source.count(_MATERIAL_RENDER) != 1 or "vmv_uncached_render" in source:
            return False
        patched = source.replace(_MATERIAL_RENDER, _MATERIAL_RENDER.replace("render", "vmv_uncached_render"))
        env.loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({NAV_ITEM_TEMPLATE: patched + _CACHED_RENDER}), env.loader]  # type: ignore[list-item]
        )
        env.globals["vmv_nav_fragment"] = self.fragment
        return True

    def _url_prefixes(self, item: Any) -> frozenset[tuple[str, ...]]:
        """Every leading part of every address under `item`, as path segments."""
        known = self._prefixes.get(id(item))
        if known is None:
            found: set[tuple[str, ...]] = {()}
            for url in _addresses(item):
                parts = _parts(url)
                found.update(parts[:n] for n in range(len(parts) + 1))
            known = self._prefixes[id(item)] = frozenset(found)
        return known

    def _url_root(self, item: Any) -> tuple[str, ...] | None:
        """The segments every address under `item` starts with; None when an address is
        not a plain path inside the site (a scheme, '/' or '..')."""
        if id(item) not in self._roots:
            addresses = _addresses(item)
            root: tuple[str, ...] | None = None
            if addresses and not any(":" in a or a.startswith(("/", "..")) for a in addresses):
                paths = [_parts(a) for a in addresses]
                root = paths[0]
                for parts in paths[1:]:
                    root = root[: _common_length(root, parts)]
            self._roots[id(item)] = root
        return self._roots[id(item)]

    def _reusable(self, item: Any, page: Any) -> tuple[Any, ...] | None:
        """The cache slot of `item`'s HTML as seen from `page`, or None to render afresh.

        Outside the current page's path, Material's output depends on the page only
        through links, which MkDocs makes relative to the page's folder `other`:
        '..' for each of its segments past the common prefix, then the rest of the
        target. For two pages `x/a/` and `x/b/` in folder `x`, every link comes out
        the same unless its target lies in `x/a/` or `x/b/` themselves; so the HTML
        is shared by the pages of one folder when no address under `item` starts
        with the page's own segments, and otherwise only by pages of the same `other`.

        Better still, when every address under `item` starts with segments `root`
        that the page's own segments leave after `common` of them, every link is
        '..' times (len(own) - common), then the target past `common`: pages of any
        folder at the same depth and with the same `common` share the HTML (the
        pages of section 7 see section 3 the same way as those of section 5 do).
        """
        if item.active or getattr(item, "pages", None) or not hasattr(page, "url"):
            return None
        other = page.url
        folder, _, name = other.rpartition("/")
        if "." in name:
            other = folder
        own = _parts(other)
        root = self._url_root(item)
        if root is not None:
            common = _common_length(own, root)
            if common < len(root):
                return ("depth", len(own), common)
        if own in self._url_prefixes(item):
            return ("page", own)
        return ("folder", own[:-1])

    def fragment(
        self, render: Callable[..., Any], item: Any, path: str, level: int, parent: Any, page: Any
    ) -> Any:
        context = self._reusable(item, page)
        if context is None:
            return render(item, path, level, parent)
        # Material's top level passes no parent: Jinja hands over an Undefined for it.
        parent_active = not isinstance(parent, jinja2.Undefined) and bool(parent.active)
        key = (id(item), path, level, parent_active)

        stored = self._html.get(context)
        if stored is not None:
            self._html.move_to_end(context)
            html = stored.get(key)
            if html is not None:
                self.hits += 1
                return html
        else:
            stored = self._html[context] = {}
            if len(self._html) > _CONTEXTS_KEPT:
                self._html.popitem(last=False)
        html = stored[key] = render(item, path, level, parent)
        return html


class NavFragmentsPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # MkDocs' generic is untyped
    """Installs `NavFragments` into MkDocs' own build, for sites built that way."""

    def on_env(self, env: jinja2.Environment, /, *, config: Any, files: Any) -> jinja2.Environment:
        NavFragments().install(env)
        return env
