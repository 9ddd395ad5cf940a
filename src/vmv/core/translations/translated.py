"""A project in another language: each text replaced by its translation, or marked.

The translated project is rendered as the source is, with the same templates and the
same sandbox: translated text is escaped and sanitized as any text of vmv.yaml, and a
translated page is a page (its Jinja runs in the sandbox too). A current translation
stands in for its source; an outdated one stands in with a notice; an item not yet
translated shows its source text, marked with the source's language (marking.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from vmv.core.load.headings import heading_text
from vmv.core.model.decision import folded
from vmv.core.render.handbook import relative_path
from vmv.core.render.labels import Labels, text
from vmv.core.translations.items import ItemText, SourceItem, replace_texts
from vmv.core.translations.languages import language_name
from vmv.core.translations.marking import STATUS_PAGE, outdated, untranslated
from vmv.core.translations.status import ItemState, Translation

if TYPE_CHECKING:
    from vmv.core.load.project import Page, Project


def status_anchor(language: str, path: str) -> str:
    """The anchor of an item on the Translations page (paths hold characters no anchor may)."""
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"t-{language}-{digest}"


def _without_comments(text: str) -> str:
    """`text` without its HTML comments, in one pass (`<!--.*?-->` searched again from
    every `<!--` of a record made of 2 MB of them took an hour); one left open stays."""
    kept, start = [], 0
    while (opening := text.find("<!--", start)) != -1 and (closing := text.find("-->", opening + 4)) != -1:
        kept.append(text[start:opening])
        start = closing + 3
    return "".join([*kept, text[start:]])


def _opening_heading(body: str) -> tuple[str | None, str]:
    """(the text of the heading that opens `body`, the body without it); the line is left
    blank, so that line numbers still match the file."""
    lines = body.split("\n")
    first = next((number for number, line in enumerate(lines) if line.strip()), None)
    heading = heading_text(lines[first]) if first is not None else None
    if heading is None or first is None:
        return None, body
    lines[first] = ""
    return heading, "\n".join(lines)


def _with_notice(body: str, notice: Markup) -> str:
    """`body` with `notice` on its first blank line (the front matter's, in a translated
    page), so that line numbers still match the file; before the body when it has none."""
    lines = body.split("\n")
    for number, line in enumerate(lines[:-1]):
        if (
            not line.strip()
            and number > 0
            and not lines[number - 1].strip()
            and not lines[number + 1].strip()
        ):
            lines[number] = str(notice)
            return "\n".join(lines)
    return f"{notice}\n\n{body}"


class _Translator:
    def __init__(self, translation: Translation, source_language: str, labels: Labels) -> None:
        self.translation = translation
        self.source_language = source_language
        self.labels = labels
        self.states = {status.path: status.state for status in translation.statuses}

    def text(self, item: SourceItem) -> ItemText:
        """What stands in for one item of vmv.yaml or of front matter."""
        if item.page:
            return item.text  # pages are made whole (page), once their titles are known
        state = self.states[item.path]
        entry = self.translation.file.entries.get(item.path)
        written = entry.text if entry is not None else None
        if written is None or state is ItemState.MISSING:
            return self.source(item.text)
        if isinstance(item.text, tuple) and item.ordered and len(written) != len(item.text):
            # Answers pair with their feedback and the best one by position: a list that
            # does not match cannot stand in.
            return self.source(item.text)
        if state is ItemState.CURRENT:
            return written
        if isinstance(item.text, tuple) and item.ordered:
            return self.source(item.text)  # its positions may no longer be the source's
        anchor = status_anchor(self.translation.language, item.path)
        if isinstance(written, tuple):
            return tuple(outdated(part, anchor) for part in written)
        return outdated(written, anchor)

    def source(self, shown: ItemText) -> ItemText:
        if isinstance(shown, tuple):
            return tuple(untranslated(part, self.source_language) for part in shown)
        return untranslated(shown, self.source_language)

    def page(self, source: Page, page: Page) -> tuple[Page, str | None]:
        """`page` (with its front matter translated) with its body in the language, and the
        file the body comes from when it is a translation."""
        translated = self.translation.file.pages.get(page.source)
        state = self.states[page.source]
        if translated is None or state is ItemState.MISSING:
            heading, body = _opening_heading(source.body)
            title = page.meta.title or untranslated(heading or source.title, self.source_language)
            source_name = language_name(self.source_language, self.translation.language, title=False)
            notice = text(self.labels, "translations.untranslated_page", language=source_name)
            wrapped = (
                f'<p class="vmv-untranslated-notice" markdown="span">{notice}</p>\n\n'
                f'<div lang="{escape(self.source_language)}" markdown="1">\n{body}\n\n</div>\n'
            )
            return dataclasses.replace(
                page, meta=page.meta.model_copy(update={"title": title}), body=wrapped
            ), None
        heading, body = _opening_heading(translated.body)
        title = heading or page.meta.title or untranslated(source.title, self.source_language)
        if state is ItemState.STALE:
            link = relative_path(STATUS_PAGE, posixpath.dirname(page.output_path) or ".")
            anchor = status_anchor(self.translation.language, page.source)
            source_name = language_name(self.source_language, self.translation.language, title=False)
            said = text(self.labels, "translations.stale_notice", language=source_name)
            words = text(self.labels, "translations.stale_link")
            paragraph = (
                f'<p class="vmv-outdated-notice" markdown="span">{said} [{words}]({link}#{anchor})</p>'
            )
            body = _with_notice(body, Markup(paragraph))
        update: dict[str, Any] = {"title": title}
        if translated.template is not None:
            update["template"] = translated.template  # a translation may quote braces its source does not
        meta = page.meta.model_copy(update=update)
        return dataclasses.replace(page, meta=meta, body=body), translated.file


def _areas(source: Sequence[Page], shown: Sequence[Page]) -> dict[str, str]:
    """Each question area of the source (its words folded) -> as the translated site names it."""
    return {
        folded(asked.area): in_language.area
        for page, translated in zip(source, shown, strict=True)
        for asked, in_language in zip(page.meta.questions, translated.meta.questions, strict=True)
    }


def _untranslatable(project: Project, language: str, areas: Mapping[str, str]) -> dict[str, Any]:
    """Stories and decision records, which have no translation (they are no part of
    vmv.yaml or of a page's front matter): shown as written, marked with their language.
    A record's area is the question bank's, so it is shown as the translated bank names it."""
    stories = tuple(
        story.model_copy(
            update={"who": untranslated(story.who, language), "what": untranslated(story.what, language)}
        )
        for story in project.stories
    )
    decisions = []
    for decision in project.decisions:
        answers = {
            question: answered.model_copy(
                update={
                    "question": untranslated(answered.question, language),
                    "answer": untranslated(answered.answer, language) if answered.answer else answered.answer,
                }
            )
            for question, answered in decision.meta.answers.items()
        }
        area, affected = decision.meta.area, decision.meta.customers_affected
        update = {
            "title": untranslated(decision.meta.title, language),
            "answers": answers,
            "area": area and (areas.get(folded(area)) or untranslated(area, language)),
            "customers_affected": untranslated(affected, language) if isinstance(affected, str) else affected,
        }
        meta = decision.meta.model_copy(update=update)
        body = decision.body.strip("\n")
        if _without_comments(body).strip():  # `vmv decide` leaves a comment only, shown as nothing
            body = f'<div lang="{escape(language)}" markdown="1">\n\n{body}\n\n</div>'
        decisions.append(dataclasses.replace(decision, meta=meta, body=body))
    return {"stories": stories, "decisions": tuple(decisions)}


def translated_project(
    project: Project, translation: Translation, source_language: str, labels: Labels
) -> tuple[Project, Mapping[str, str]]:
    """`project` in the language of `translation`, and the translated page files by the
    page they translate (a problem in one names the file it is in)."""
    translator = _Translator(translation, source_language, labels)
    document, pages = replace_texts(project.document, project.pages, translator.text)
    # The Translations page quotes the source's texts: in the source's language.
    translations = tuple(
        dataclasses.replace(
            t,
            statuses=tuple(
                dataclasses.replace(s, item=dataclasses.replace(s.item, text=translator.source(s.item.text)))
                for s in t.statuses
            ),
        )
        for t in project.translations
    )
    shown, files = [], {}
    for source, page in zip(project.pages, pages, strict=True):
        made, file = translator.page(source, page)
        shown.append(made)
        if file is not None:
            files[page.source] = file
    untranslatable = _untranslatable(project, source_language, _areas(project.pages, shown))
    in_language = dataclasses.replace(
        project, document=document, pages=tuple(shown), translations=translations, **untranslatable
    )
    return in_language, files
