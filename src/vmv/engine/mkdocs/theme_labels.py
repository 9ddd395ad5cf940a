"""vmv's words in Material's theme and in vmv's scripts, in the site's language.

The theme (theme/main.html) prints the banners of a versioned site from `extra.vmv`,
written here as escaped text. The scripts (assets/vmv.js) carry vmv's English
messages; a page in another language, or with a company's own words, carries its
messages as JSON in a `<script type="application/json" id="vmv-labels">` element that
the scripts read. An English page has none, so it stays as it was.
"""

from __future__ import annotations

import html
import json
from typing import Any

from markupsafe import Markup

from vmv.core.render.labels import Labels, english, plain, text

SCRIPT_LABELS = (
    "a11y.search",
    "a11y.table_scrolls",
    "onboarding.tick_label",
    "question_bank.copy_address_bar",
    "question_bank.link_copied",
    "self_check.feedback_best_answer",
    "self_check.feedback_read_more",
    "self_check.pick_first",
    "self_check.verdict_best",
    "self_check.verdict_not_best",
)
"""The labels vmv.js shows; it has vmv's English ones built in. Their placeholders are
filled in the browser, with text nodes."""


def script_labels(labels: Labels) -> Markup | None:
    """The scripts' messages as JSON safe inside a `<script>` element, or None when they
    are vmv's English, which the scripts have built in."""
    wanted = {key: html.unescape(labels[key]) for key in SCRIPT_LABELS}
    if wanted == {key: html.unescape(english()[key]) for key in SCRIPT_LABELS}:
        return None
    data = json.dumps(wanted, ensure_ascii=False, sort_keys=True)
    # No '<' (so no '</script>'), '>' or '&' in the element's text, whatever a label says.
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def edition_banners(labels: Labels, edition: str) -> dict[str, Any]:
    """The texts of a versioned site's banners for the edition labelled `edition`:
    outdated, draft, and the link to the latest edition, escaped."""
    return {
        "outdated": text(labels, "banner.outdated", edition=edition),
        "reading_draft": text(labels, "banner.outdated_draft"),
        "latest_link": text(labels, "banner.latest_link"),
        "draft_label": text(labels, "banner.draft_label"),
        "draft_text": text(labels, "banner.draft_text", edition=edition),
    }


MATERIAL_CREDIT = Markup(
    '<a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">Material for MkDocs</a>'
)


def made_with(labels: Labels) -> Markup:
    """The footer's credit to Material (theme/partials/copyright.html), which Material writes
    in English on every page: in the site's language, the theme's name as a link."""
    return text(labels, "footer.made_with", generator=MATERIAL_CREDIT)


def permalink_title(labels: Labels) -> str:
    """The title of the link beside each heading."""
    return plain(labels, "page.permalink_title")
