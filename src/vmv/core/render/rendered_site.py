"""What rendering hands the engine: pages as Markdown, the navigation and the settings,
all of it data vmv owns, so that another engine can take the same."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from markupsafe import Markup

from vmv.core.render.labels import Labels, english
from vmv.core.render.site_map import NavItem
from vmv.core.site.settings import SiteSettings


@dataclass(frozen=True)
class RenderedSite:
    """The Markdown of every page, by path inside the docs folder, and the navigation."""

    pages: dict[str, str]
    nav: list[NavItem]
    site_name: str
    footer_html: str
    """One line for the page footer: edition, date and approvers, already escaped."""
    source_date: int
    """The edition's date in seconds since 1970: the same input builds the same bytes."""
    inputs: str = ""
    """Everything the pages depend on except playbook page bodies, for `render_site(previous=)`."""
    bodies: dict[str, str] = field(default_factory=dict)
    """The playbook page bodies, by source path."""
    sections: dict[str, Markup] = field(default_factory=dict)
    """The pages as sections of the handbook, by docs path."""
    site: SiteSettings = field(default_factory=SiteSettings)
    """The settings of mkdocs.yml, from which the engine's configuration is written."""
    labels: Labels = field(default_factory=english)
    """The words vmv writes, in the site's language: the theme's banners and the scripts'
    messages come from them too."""
    translations: tuple[RenderedSite, ...] = ()
    """The site in each language it is translated into, built beside it (`de/`)."""
    page_files: dict[str, str] = field(default_factory=dict)
    """In a translated site, the file each translated page's text comes from, by the page's
    path (`playbook/hiring.md` -> `playbook/hiring.de.md`): a problem in it is at that file."""

    def without_pages(self) -> RenderedSite:
        """The site's settings (navigation, name, footer, date) without its pages' text."""
        translations = tuple(t.without_pages() for t in self.translations)
        return replace(self, pages={}, bodies={}, sections={}, translations=translations)
