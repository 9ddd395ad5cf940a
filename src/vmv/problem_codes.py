"""The one table of the kinds of problem vmv reports, each with a stable code.

A code names a kind of mistake, never its wording: messages may be reworded in
any release, codes are API (tools filter on them, `--format json` carries them,
docs/problem-codes.md lists them). Each code is `family-detail` in lowercase
words: the family says which input or step found it, and a family is a heading
in the documented table. A new kind of problem is one line in its family here;
a new family is one line in `FAMILIES` too. `make schema` rewrites the table.
"""

from __future__ import annotations

import enum
from typing import Self

FAMILIES = {
    "file": "Files of the repository",
    "yaml": "YAML text (vmv.yaml, front matter, mkdocs.yml, recognition/)",
    "field": "Fields checked against their format",
    "id": "Ids and the references between items",
    "onboarding": "Onboarding paths and scenarios in vmv.yaml",
    "page": "Playbook pages and the files beside them",
    "decision": "Decision records in decisions/",
    "template": "Templates, and Jinja in pages",
    "site": "Site settings in mkdocs.yml",
    "engine": "The site engine (MkDocs and Material)",
    "edition": "Editions read from git tags",
    "git": "Files read from a git revision",
    "codeowners": "Who approves a change (CODEOWNERS)",
    "translation": "Translations (translations/ and translated playbook pages)",
    "label": "Labels: vmv's words on the site (labels: in vmv.yaml, the site's language)",
}
"""Each family of codes (the words before the code's first hyphen) and its heading."""


@enum.unique
class ProblemCode(enum.StrEnum):
    """What kind of problem a `Problem` is; its value is the code users see."""

    meaning: str
    """One sentence for the documented table."""

    def __new__(cls, code: str, meaning: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.meaning = meaning
        return member

    # fmt: off
    # A table: one line per code, however long its meaning, so that adding one is one line.
    FILE_NOT_FOUND = "file-not-found", "A file or folder vmv needs is missing, or a link to it leads nowhere."
    FILE_OUTSIDE = "file-outside", "The path leads out of the repository or into .git, or is no plain file."
    FILE_TOO_LARGE = "file-too-large", "The file is larger than vmv reads."
    FILE_UNREADABLE = "file-unreadable", "The file or folder cannot be read (its permissions, a disk error)."
    FILE_IS_FOLDER = "file-is-folder", "A folder stands where a file belongs."
    FILE_IS_LINK = "file-is-link", "A link stands where vmv writes a file of its own."
    FILE_NOT_UTF8 = "file-not-utf8", "The file is not UTF-8 text."
    FILE_EMPTY = "file-empty", "The file is empty, or holds only comments."

    YAML_SYNTAX = "yaml-syntax", "The text is not valid YAML; reading stops at the first such mistake."
    YAML_CONTROL_CHARACTER = "yaml-control-character", "The text holds a control character YAML forbids."
    YAML_DUPLICATE_KEY = "yaml-duplicate-key", "A mapping has the same key twice."
    YAML_COMPLEX_KEY = "yaml-complex-key", "A key is a list or a mapping instead of text."
    YAML_TAG = "yaml-tag", "A YAML tag (!!python/..., !ENV) asks for something vmv does not do."
    YAML_MERGE_KEY = "yaml-merge-key", "A YAML merge key ('<<') brings in settings from elsewhere."
    YAML_TOO_LARGE = "yaml-too-large", "The document has more parts than vmv reads (aliases count each time)."
    YAML_TOO_DEEP = "yaml-too-deep", "Mappings and lists nest deeper than vmv reads."
    YAML_CURLY_QUOTES = "yaml-curly-quotes", "A text is in curly quotes, which stay part of it (a warning)."

    FIELD_MISSING = "field-missing", "A required key is missing."
    FIELD_UNKNOWN = "field-unknown", "A key the format does not have: misspelt, or in the wrong place."
    FIELD_WRONG_TYPE = "field-wrong-type", "A value of the wrong kind, such as text where a list belongs."
    FIELD_INVALID = "field-invalid", "A value of the right kind but not an allowed form (an id, a date)."
    FIELD_TOO_MANY = "field-too-many", "A list has more items than allowed."
    FIELD_TOO_FEW = "field-too-few", "A list has fewer items than required, or none."

    ID_DUPLICATE = "id-duplicate", "An id, term or period that must be unique is used twice."
    ID_UNKNOWN = "id-unknown", "A reference names an id or a page that does not exist."

    ONBOARDING_STEP_TARGET = "onboarding-step-target", "A step points at none, or several, of its targets."
    ONBOARDING_BEST_ANSWER = "onboarding-best-answer", "A scenario has no answer, or several, marked best."
    ONBOARDING_NO_GLOSSARY = "onboarding-no-glossary", "A step points at the glossary while it is empty."

    PAGE_FRONT_MATTER = "page-front-matter", "A page's front matter has no closing '---' line."
    PAGE_NAME = "page-name", "A page's or folder's name cannot be part of a web address."
    PAGE_NAME_CASE = "page-name-case", "Two pages' names differ only in letter case."
    PAGE_TOO_DEEP = "page-too-deep", "A page is more folders deep than allowed."
    PAGE_LEFT_OUT = "page-left-out", "A file or folder in playbook/ is not published (a warning)."
    PAGE_SCRIPT = "page-script", "A page holds a <script> tag, which vmv removes (a warning)."
    PAGE_SECOND_HEADING = "page-second-heading", "A page has a second top-level heading (a warning)."
    PAGE_TITLE_HEADING = "page-title-heading", "A page opens with a heading other than its title (a warning)."

    DECISION_NAME = "decision-name", "A record's file name is not its date and a short name, or the date is no day."
    DECISION_NAME_CASE = "decision-name-case", "Two records' names differ only in letter case or in how a letter is encoded."
    DECISION_SUBFOLDER = "decision-subfolder", "A record lies in a subfolder of decisions/, which vmv does not read."
    DECISION_FRONT_MATTER = "decision-front-matter", "A record has no front matter."
    DECISION_DATE = "decision-date", "The date in a record's front matter differs from its file name's."
    DECISION_UNANSWERED = "decision-unanswered", "A decision taken (accepted, rejected, superseded) leaves a question unanswered."
    DECISION_NO_REASON = "decision-no-reason", "An answer says only 'n/a', without why the question does not apply."
    DECISION_DECIDED_BY = "decision-decided-by", "A decision taken does not name who decided it."
    DECISION_SUCCESSOR = "decision-successor", "status: superseded and superseded_by disagree, or records replace themselves."

    TEMPLATE_SYNTAX = "template-syntax", "A page or template is not valid Jinja, such as an unclosed tag."
    TEMPLATE_UNDEFINED = "template-undefined", "A template asks for data that does not exist."
    TEMPLATE_SANDBOX = "template-sandbox", "A template tried something the sandbox blocks."
    TEMPLATE_LIMIT = "template-limit", "Rendering went past a limit of time, memory or nesting."
    TEMPLATE_NOT_FOUND = "template-not-found", "A template names one that does not exist."
    TEMPLATE_ERROR = "template-error", "A template failed while rendering, for another reason."
    TEMPLATE_UNUSED = "template-unused", "A page template in templates/ replaces none of vmv's (a warning)."

    SITE_NOT_ALLOWED = "site-not-allowed", "mkdocs.yml holds a setting, extension or plugin vmv refuses."
    SITE_UNKNOWN_EXTENSION = "site-unknown-extension", "mkdocs.yml names a Markdown extension vmv lacks."
    SITE_UNKNOWN_PLUGIN = "site-unknown-plugin", "mkdocs.yml names a plugin vmv does not run."
    SITE_LISTED_TWICE = "site-listed-twice", "An extension or plugin is listed twice."
    SITE_RESERVED_FOLDER = "site-reserved-folder", "A file mkdocs.yml names is in vmv's own folder."
    SITE_UNKNOWN_ICON = "site-unknown-icon", "Material has no icon of that name."
    SITE_UNKNOWN_LANGUAGE = "site-unknown-language", "Material has no translation for that language."

    ENGINE_PAGE = "engine-page", "The site engine found a mistake in a page, such as a broken link."
    ENGINE_SITE = "engine-site", "The site engine could not build with the site's settings."

    EDITION_NO_FILE = "edition-no-file", "A tag's commit has no vmv.yaml."
    EDITION_TAG_MISMATCH = "edition-tag-mismatch", "A tag's version differs from its edition.version."
    EDITION_TAG_MALFORMED = "edition-tag-malformed", "A tag meant as a version is not one, such as v1.2."
    EDITION_TAG_SKIPPED = "edition-tag-skipped", "A tag matches the pattern but names no version (a warning)."
    EDITION_DUPLICATE = "edition-duplicate", "Two tags name the same edition."
    EDITION_BUILD_FAILED = "edition-build-failed", "An edition could not be built."

    GIT_UNSAFE_PATH = "git-unsafe-path", "A commit holds a path git never makes (out of its folder)."
    GIT_EXPORT_FAILED = "git-export-failed", "A file of a commit could not be written out to be read."

    CODEOWNERS_NO_RULE = "codeowners-no-rule", "CODEOWNERS names nobody to approve a file of the VMV."
    CODEOWNERS_MISMATCH = "codeowners-mismatch", "CODEOWNERS names others than the VMV's owners."

    TRANSLATION_FILE_NAME = "translation-file-name", "A file in translations/ is not named by a language tag (a warning)."
    TRANSLATION_LANGUAGE = "translation-language", "A translation's language differs from its file's name."
    TRANSLATION_SOURCE_LANGUAGE = "translation-source-language", "A translation is into the site's own language."
    TRANSLATION_UNSUPPORTED_LANGUAGE = "translation-unsupported-language", "Material has no translation for the language."
    TRANSLATION_UNKNOWN_PATH = "translation-unknown-path", "A translation names an item or page the source does not have (a warning)."
    TRANSLATION_PAGE_IN_ITEMS = "translation-page-in-items", "A page's body is listed under items: (it is translated in a file of its own)."
    TRANSLATION_NO_SOURCE = "translation-no-source", "A translated page has no source fingerprint (a warning)."
    TRANSLATION_LIST_LENGTH = "translation-list-length", "A translated list has more or fewer texts than its source (a warning)."
    TRANSLATION_TOO_MANY = "translation-too-many", "translations/ holds more translations than there are languages to build sites in."

    LABEL_UNKNOWN = "label-unknown", "labels: in vmv.yaml names a label vmv does not have."
    LABEL_PLACEHOLDERS = "label-placeholders", "A label's placeholders differ from those of vmv's label, or one is used more than twice."
    LABEL_LANGUAGE = "label-language", "A key under labels: in vmv.yaml is not a language tag."
    LABEL_NO_CATALOGUE = "label-no-catalogue", "vmv has no labels in the site's language (a warning)."
    # fmt: on

    @property
    def family(self) -> str:
        """The family the code belongs to: its first word."""
        return self.value.split("-", 1)[0]


def table_text() -> str:
    """docs/problem-codes.md: every code, by family, with its meaning."""
    lines = [
        "# Problem codes",
        "",
        "<!-- Written by `make schema` from src/vmv/problem_codes.py; edit that file, not this one. -->",
        "",
        "Every problem vmv reports has a code that names its kind. `vmv validate --format json`",
        "gives it as `code`, beside `expected`, `found`, `suggestion` and `hint` where they apply.",
        "A code stays the same across releases; the wording of a message may change.",
    ]
    for family, heading in FAMILIES.items():
        lines += ["", f"## {heading}", "", "| code | meaning |", "|---|---|"]
        lines += [f"| `{code}` | {code.meaning} |" for code in ProblemCode if code.family == family]
    return "\n".join(lines) + "\n"
