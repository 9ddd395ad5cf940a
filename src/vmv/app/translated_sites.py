"""The site in each language a repository is translated into, rendered as the source is.

Each translation is rendered from the project in its language (translated.py), in the
same capped child process and sandbox, with vmv's words in that language. Its settings
are the source's with the theme's language changed: Material then writes
`<html lang>`, its own words and the search index in that language.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence

from vmv.app.isolation import render_isolated
from vmv.core.changes import Diff
from vmv.core.load.project import Project
from vmv.core.render.labels import labels_for
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.site.settings import SiteSettings
from vmv.core.translations.languages import DEFAULT_LANGUAGE
from vmv.core.translations.translated import translated_project
from vmv.errors import InvalidInput, Problem


def source_language(settings: SiteSettings) -> str:
    """The language the source is written in: the theme's (Material's default, English)."""
    return settings.theme.language or DEFAULT_LANGUAGE


def language_settings(settings: SiteSettings, language: str) -> SiteSettings:
    """The source's settings for the site in `language`: the theme's words, `<html lang>` and
    the search index's language follow the theme's language (the company's choice of search
    languages was for the source)."""
    theme = settings.theme.model_copy(update={"language": language})
    plugins = settings.plugins
    if plugins.search is not None:
        search = plugins.search.model_copy(update={"lang": None})
        plugins = plugins.model_copy(update={"search": search})
    return settings.model_copy(update={"theme": theme, "plugins": plugins})


def _in_files(problems: Sequence[Problem], files: Mapping[str, str]) -> list[Problem]:
    """A problem at a page whose body came from its translation is at the translation."""
    return [
        dataclasses.replace(p, location=dataclasses.replace(p.location, file=files[p.location.file]))
        if p.location.file in files
        else p
        for p in problems
    ]


def render_translations(
    project: Project,
    changes: Diff | None,
    settings: SiteSettings,
    *,
    last_changed: dict[str, datetime.date] | None = None,
    edit_base: str | None = None,
) -> tuple[RenderedSite, ...]:
    """The site in each language of `project.translations`; `InvalidInput` with every
    problem of every language."""
    sites, problems = [], []
    for translation in project.translations:
        labels = labels_for(translation.language, project.document.labels)
        shown, files = translated_project(project, translation, source_language(settings), labels)
        try:
            rendered = render_isolated(
                shown,
                changes,
                last_changed=last_changed,
                edit_base=edit_base,
                labels=labels,
                text_language=source_language(settings),
            )
        except InvalidInput as error:
            problems += _in_files(error.problems, files)
            continue
        settings_in_language = language_settings(settings, translation.language)
        sites.append(dataclasses.replace(rendered, site=settings_in_language, page_files=dict(files)))
    if problems:
        raise InvalidInput(problems)
    return tuple(sites)
