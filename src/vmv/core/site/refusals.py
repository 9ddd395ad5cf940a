"""What mkdocs.yml may not hold, and what to write instead.

The site settings are an allowlist (`site_settings`): anything not in the model
is an error anyway. These tables only give the settings MkDocs knows, and that
people copy from MkDocs' and Material's documentation, a reason and a remedy
an editor can act on.
"""

from __future__ import annotations

_EXTRA_TEMPLATES = (
    "MkDocs renders these templates without vmv's sandbox, so a pull request could run code in CI; "
    "write pages in playbook/, or override vmv's pages in templates/"
)
_OUTPUT = "vmv writes the pages itself; choose where the site goes with 'vmv build -d DIR'"
_PAGES = "vmv builds every page of playbook/ and the pages it generates; move a page out of playbook/ to leave it out"
_STRICT = "vmv always builds strictly: every broken link is an error"
_TRACKING = (
    "analytics load scripts from another site in every reader's browser; vmv sites make no requests elsewhere"
)
_PUBLISH = "'vmv publish' deploys with mike; choose with its --branch and --remote options"

SETTINGS = {
    "nav": "the navigation is generated from vmv.yaml and playbook/; order pages with 'order:' in their front matter",
    "docs_dir": _OUTPUT,
    "site_dir": _OUTPUT,
    "hooks": "hooks run Python files from the repository in every build, so a pull request could run code "
    "in CI; change pages with templates/ instead",
    "INHERIT": "INHERIT reads settings from another file that vmv does not check; write them in mkdocs.yml itself",
    "extra_templates": _EXTRA_TEMPLATES,
    "strict": _STRICT,
    "validation": _STRICT,
    "watch": "'vmv serve' watches vmv.yaml, playbook/, templates/ and mkdocs.yml itself",
    "dev_addr": "choose the address with 'vmv serve --dev-addr HOST:PORT'",
    "use_directory_urls": "vmv's links, editions and version selector need page addresses that end in /",
    "remote_branch": _PUBLISH,
    "remote_name": _PUBLISH,
    "exclude_docs": _PAGES,
    "not_in_nav": _PAGES,
    "draft_docs": _PAGES,
    "edit_uri_template": "vmv writes edit links from repo_url and edit_uri",
    "google_analytics": _TRACKING,
    "theme.custom_dir": "theme templates run without vmv's sandbox, so a pull request could run code in CI; "
    "override pages with templates/ and style them with extra_css",
    "theme.static_templates": _EXTRA_TEMPLATES,
    "extra.polyfills": "polyfills load scripts from other sites; put scripts in the repository and list "
    "them under extra_javascript",
    "extra.analytics": _TRACKING,
    "extra.consent": _TRACKING,
    "extra.version": "'vmv build --all-versions' sets up the version selector itself",
    "extra.vmv": "vmv sets extra.vmv itself",
}
"""Settings refused, by dotted path (at the top, under theme: or under extra:): why, and what
to do instead."""

_GENERATED = "vmv generates the pages and their details from vmv.yaml and playbook/"

PLUGINS = {
    "offline": "it turns off the page addresses vmv's links rely on and loads a script from unpkg.com; "
    "vmv sites already work without internet",
    "privacy": "it downloads files from other sites during the build; vmv sites make no requests elsewhere",
    "social": "it downloads fonts and draws images during the build",
    "optimize": "it runs image tools installed on the build machine",
    "blog": _GENERATED,
    "tags": _GENERATED,
    "meta": _GENERATED,
    "macros": "use Jinja in playbook pages: vmv renders it in a sandbox",
}
"""Plugins people ask for, by name (without `material/`): why vmv does not run them."""

EXTENSIONS = {
    "pymdownx.snippets": "it copies any file, even from outside the repository, into pages; write the text "
    "in the page, or keep shared text in vmv.yaml and reach it with Jinja",
    "pymdownx.b64": "it reads image files by path, even from outside the repository; put images in "
    "playbook/ and link to them",
    "meta": "vmv reads front matter itself",
    "fenced_code": "use pymdownx.superfences",
    "codehilite": "use pymdownx.highlight",
}
"""Markdown extensions people ask for: why vmv does not turn them on, or what to use."""

PYTHON_NAMES = {
    "material.extensions.emoji.twemoji": "emoji_index: material",
    "materialx.emoji.twemoji": "emoji_index: material",
    "material.extensions.emoji.to_svg": "emoji_generator: material",
    "materialx.emoji.to_svg": "emoji_generator: material",
    "pymdownx.emoji.twemoji": "emoji_index: twemoji",
    "pymdownx.emoji.gemoji": "emoji_index: gemoji",
    "pymdownx.emoji.emojione": "emoji_index: emojione",
    "pymdownx.emoji.to_svg": "emoji_generator: svg",
    "pymdownx.emoji.to_png": "emoji_generator: png",
    "pymdownx.emoji.to_alt": "emoji_generator: alt",
    "pymdownx.superfences.fence_code_format": "format: code",
    "pymdownx.superfences.fence_div_format": "format: div",
    "markdown.extensions.toc.slugify": "slugify: default",
    "markdown.extensions.toc.slugify_unicode": "slugify: unicode",
    "pymdownx.slugs.uslugify": "slugify: unicode",
    "pymdownx.slugs.slugify": "slugify: github",
}
"""Python names MkDocs' documentation puts in tags, and the setting vmv takes instead."""


def tag_message(tag: str) -> str:
    """Why a YAML tag is refused, and what to write instead."""
    name = tag.split(":", 1)[1] if tag.startswith("!!python/") and ":" in tag else ""
    if tag == "!ENV":
        reason = "it copies an environment variable (in CI, perhaps a secret) into the site"
    elif tag == "!relative":
        reason = "it names a folder of the build machine"
    elif tag.startswith("!!python/"):
        reason = "it runs Python code during the build"
    else:
        reason = "mkdocs.yml holds plain values only"
    remedy = f"write '{PYTHON_NAMES[name]}'" if name in PYTHON_NAMES else "write the value itself"
    return f"the YAML tag '{tag}' is not allowed in mkdocs.yml: {reason}; {remedy}"


MERGE_KEY = (
    "YAML merge keys ('<<') are not allowed in mkdocs.yml: they bring in settings that are not written "
    "where they take effect; write each setting out"
)
