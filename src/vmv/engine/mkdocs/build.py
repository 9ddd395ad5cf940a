"""The thin adapter that turns rendered pages into a site with MkDocs + Material.

The only module that imports MkDocs. Everything before it (load, validate,
render) is engine-neutral, so that a second adapter stays cheap. It writes the
staging docs folder, hands MkDocs the configuration vmv writes from the typed
site settings (`mkdocs_config`: MkDocs never opens the company's mkdocs.yml),
runs the build in strict mode and turns MkDocs' warnings into the contract's
problem lines.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markdown.extensions.toc

from vmv.core.boundary import MAX_MEDIA_BYTES, RefusedPath, is_present, read_inside
from vmv.core.inputs import PLAYBOOK_DIR, SITE_FILE, VMV_FILE
from vmv.core.load.playbook_files import playbook_media
from vmv.core.render.labels import Labels
from vmv.core.render.rendered_site import RenderedSite
from vmv.engine.mkdocs.config import company_extensions, copy_site_files, engine_settings
from vmv.engine.mkdocs.languages import alternates, language_docs, language_of
from vmv.engine.mkdocs.theme_labels import edition_banners, made_with, permalink_title, script_labels
from vmv.errors import BuildFailed, InvalidInput, Location, Problem, ProblemCode, Severity

if TYPE_CHECKING:
    from vmv.engine.mkdocs.live_site import LiveSite


ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
"""vmv's additions to Material's templates, in every build."""
ENGINE_CONFIG = "vmv-engine.yml"
"""The empty file MkDocs starts from, in the staging folder: every setting is an override."""

ASSETS_TARGET = "assets/vmv"

# Extensions the built-in templates rely on; merged with the company's own.
REQUIRED_EXTENSIONS: dict[str, Any] = {
    "abbr": {},
    "vmv.core.markdown.abbreviations": {},  # after abbr: glossary terms found in any script
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    # Headings in Japanese, Greek or Arabic need anchors links can use; Markdown's default
    # keeps only ASCII letters, which leaves them none.
    "toc": {"permalink": True, "slugify": markdown.extensions.toc.slugify_unicode},
    "vmv.core.markdown.sanitize": {},
}

# Features the generated pages rely on, added to the company's own. Tabs put every section
# one click away from the first screen of every page, the home page included, where a long
# sidebar leaves the last sections below the fold (decision 0015).
REQUIRED_FEATURES = ("navigation.tabs",)

# Every broken link or anchor is a warning, and strict mode makes it an error.
LINK_VALIDATION = {
    "omitted_files": "warn",
    "absolute_links": "warn",
    "unrecognized_links": "warn",
    "anchors": "warn",
}


def write_docs(rendered: RenderedSite, root: Path, docs_dir: Path) -> None:
    """Make `docs_dir` hold exactly the rendered pages, the playbook's other files
    (images) and vmv's assets; files whose bytes are unchanged are not rewritten,
    so that `vmv serve` rebuilds only what changed."""
    wanted: dict[str, bytes] = {p: t.encode("utf-8") for p, t in rendered.pages.items()}
    media, problems = playbook_media(root)
    # Files left out are warnings that validation reported; refused ones stop the build.
    refused = [p for p in problems if p.severity is Severity.ERROR]
    try:
        wanted.update((file.name, file.read(MAX_MEDIA_BYTES)) for file in media)
    except RefusedPath as error:
        refused.append(error.problem())
    if refused:
        raise InvalidInput(refused)
    for path in sorted(ASSETS.iterdir()):
        wanted[f"{ASSETS_TARGET}/{path.name}"] = path.read_bytes()
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        relative = existing.relative_to(docs_dir).as_posix()
        if existing.is_file() and relative not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    for relative, content in wanted.items():
        target = docs_dir / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for translated in rendered.translations:
        write_docs(translated, root, language_docs(docs_dir, language_of(translated)))


def _extensions(company: dict[str, Any], labels: Labels) -> list[Any]:
    merged = dict(company)
    required = dict(REQUIRED_EXTENSIONS)
    required["toc"] = {**required["toc"], "permalink_title": permalink_title(labels)}
    for name, options in required.items():
        # The company's options win; vmv's fill in what it left out.
        merged[name] = {**options, **(merged.get(name) or {})}
    return [{name: options} if options else name for name, options in merged.items()]


@dataclass(frozen=True)
class Edition:
    """How one edition of a versioned site is built."""

    label: str
    """The version's name in the site: `2.1.0`, or `draft`."""
    draft: bool = False


def _versioned(overrides: dict[str, Any], edition: Edition, labels: Labels) -> dict[str, Any]:
    """Overrides for one edition of a versioned site: Material's version selector reads
    mike's versions.json, and vmv's theme additions show the outdated or draft banner."""
    extra = dict(overrides["extra"])
    extra["version"] = {"provider": "mike", "default": "latest"}
    banners = edition_banners(labels, edition.label)
    extra["vmv"] = {"edition": edition.label, "draft": edition.draft, "banners": banners}
    return {
        "extra": extra,
        "extra_javascript": [*overrides["extra_javascript"], f"{ASSETS_TARGET}/vmv-editions.js"],
    }


def load_engine_config(
    rendered: RenderedSite,
    docs_dir: Path,
    site_dir: Path,
    edition: Edition | None = None,
    alternate: list[dict[str, Any]] | None = None,
) -> Any:
    """MkDocs' configuration, all of it written by vmv: the company's settings
    (`rendered.site`, checked) and what vmv decides, on an empty file of vmv's own."""
    from mkdocs.config import load_config

    site = rendered.site
    company = engine_settings(site, site_name=rendered.site_name, footer_html=rendered.footer_html)
    overrides: dict[str, Any] = {
        **company,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "strict": True,
        "nav": rendered.nav,
        "markdown_extensions": _extensions(company_extensions(site), rendered.labels),
        "extra_css": [*company["extra_css"], f"{ASSETS_TARGET}/vmv.css"],
        "extra_javascript": [*company["extra_javascript"], f"{ASSETS_TARGET}/vmv.js"],
        "validation": LINK_VALIDATION,
        # vmv writes its own "edit this page" links, to the file each page comes from.
        "edit_uri": "",
        "theme": {
            **company["theme"],
            "custom_dir": str(THEME),
            "features": list(dict.fromkeys([*company["theme"].get("features", []), *REQUIRED_FEATURES])),
        },
        # vmv's theme additions read extra.vmv; set for every build, filled for editions.
        "extra": {
            **company["extra"],
            "vmv": {},
            "vmv_script_labels": script_labels(rendered.labels),
            "vmv_made_with": made_with(rendered.labels),
        },
    }
    if alternate:
        overrides["extra"]["alternate"] = alternate  # the language selector (languages.py)
    if edition is not None:
        overrides.update(_versioned(overrides, edition, rendered.labels))
    config_file = docs_dir.parent / ENGINE_CONFIG
    config_file.write_text("{}\n", encoding="utf-8")
    return load_config(config_file=str(config_file), **overrides)


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings and errors so they can be reported as problems."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _environment(**settings: str) -> Iterator[None]:
    """Set environment variables for the engine's run, and put back what was there."""
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _quiet_engine(source_date: int) -> Iterator[_Collector]:
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.handlers = [collector]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    # Material prints an end-of-life notice on every build; the README explains it once.
    # The sitemap's dates follow the edition, unless the user chose SOURCE_DATE_EPOCH.
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(source_date)
    try:
        with _environment(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=epoch):
            yield collector
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


_DOC_FILE = re.compile(r"Doc file '([^']+)'")
_HANDBOOK = "handbook.md"
"""The generated page that repeats every playbook page."""
_QUOTED = re.compile(r"'([^']+)'")


def _record_text(record: logging.LogRecord, docs_dir: Path) -> str:
    """The engine's message on one line, without the staging folder's path."""
    message = record.getMessage().replace(str(docs_dir) + os.sep, "").replace(str(docs_dir), "docs")
    return " ".join(message.split())


def _page_of(message: str) -> str | None:
    """The docs path of the page the engine's message is about, if any."""
    page = _DOC_FILE.search(message)
    return page.group(1) if page else None


def _problem_from_record(
    record: logging.LogRecord, root: Path, docs_dir: Path, files: Mapping[str, str]
) -> Problem:
    message = _record_text(record, docs_dir)
    page = _DOC_FILE.search(message)
    if not page:
        return Problem(Location(SITE_FILE), f"site build: {message}", code=ProblemCode.ENGINE_SITE)
    docs_path = page.group(1)
    source = files.get(docs_path, docs_path) if docs_path.startswith(f"{PLAYBOOK_DIR}/") else VMV_FILE
    line, column = 1, 1
    quoted = [q for q in _QUOTED.findall(message) if q != docs_path]
    try:
        # Only a line number is taken from the file; it is read through the boundary.
        lines = read_inside(root, source).decode("utf-8", "replace").split("\n") if quoted else []
    except RefusedPath:
        lines = []
    for number, text in enumerate(lines, start=1):
        if quoted[0] in text:
            line, column = number, text.index(quoted[0]) + 1
            break
    detail = _DOC_FILE.sub("the page", message, count=1).replace("but the doc ", "but the page ")
    left_out = [q for q in quoted[1:] if q.startswith(f"{PLAYBOOK_DIR}/") and is_present(root, q)]
    if "is not found" in message and left_out:
        # The file is there, but not published (an SVG, a backup): its own warning says why.
        detail = f"the page links to '{left_out[0]}', which is left out of the site (see its warning)"
    if source == VMV_FILE:
        detail += f" (in the generated page {docs_path})"
    return Problem(Location(source, line, column), detail, code=ProblemCode.ENGINE_PAGE)


def _run_engine(
    root: Path,
    docs_dir: Path,
    source_date: int,
    action: Callable[[Callable[[], bool]], Any],
    files: Mapping[str, str] | None = None,
) -> Any:
    """Run `action` against MkDocs; its warnings and errors become the contract's problems.

    `action` gets a function that tells whether MkDocs has complained so far. `files` names
    the file a page's text comes from when it is not the page's own (a translated page).
    """
    from mkdocs.exceptions import MkDocsException

    with _quiet_engine(source_date) as collector:
        try:
            result = action(lambda: bool(collector.records))
            failed: BaseException | None = None
        except MkDocsException as error:
            failed = error
        except SystemExit as error:
            failed = error
        except jinja2.TemplateError as error:
            # The theme's templates fail on settings they cannot use, such as an empty icon name.
            failed = MkDocsException(
                f"the theme could not render a page ({type(error).__name__}: {error}); "
                "check the theme settings in mkdocs.yml"
            )

    # MkDocs' own summary of its warnings ("Aborted with 2 warnings") is no problem of its own.
    records = [r for r in collector.records if "Aborted with" not in _record_text(r, docs_dir)]
    # The handbook repeats every page: a broken link there is the same one, reported at its page.
    own = [r for r in records if _page_of(_record_text(r, docs_dir)) != _HANDBOOK]
    problems = [_problem_from_record(r, root, docs_dir, files or {}) for r in own or records]

    if failed is not None and not problems and isinstance(failed, MkDocsException):
        # Such as a configuration MkDocs cannot read at all: it belongs to mkdocs.yml.
        message = " ".join(str(failed).split())
        problems = [Problem(Location(SITE_FILE), f"site build: {message}", code=ProblemCode.ENGINE_SITE)]
    if problems:
        raise InvalidInput(problems)
    if failed is not None:
        raise BuildFailed(f"the site engine failed: {failed}")
    return result


def build_with_engine(
    rendered: RenderedSite,
    root: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    serve_url: str | None = None,
    edition: Edition | None = None,
    staged: bool = False,
) -> LiveSite | None:
    """Write the staging docs (unless `staged`: written already) and build them into
    `site_dir` (which is replaced).

    Returns the site kept in memory for `update_with_engine`, when the engine can do that.
    """
    if not staged:
        write_docs(rendered, root, docs_dir)
    copy_site_files(rendered.site, root, docs_dir)

    def run(_: Callable[[], bool]) -> LiveSite | None:
        # With translations, the language selector on every page (languages.py).
        selector = alternates(rendered, language_of(rendered), edition.label if edition else None)
        languages = {"alternate": selector} if rendered.translations else {}
        config = load_engine_config(rendered, docs_dir, site_dir, edition, **languages)
        if serve_url:
            config.site_url = serve_url
        from vmv.engine.mkdocs.fast import build as fast_build

        return fast_build(config, serve_url=serve_url)

    live: LiveSite | None = _run_engine(root, docs_dir, rendered.source_date, run)
    if edition is not None and not rendered.site.site_url:
        _write_sitemap(site_dir, edition.label)
    if rendered.translations:
        from vmv.engine.mkdocs.translated_build import build_translations

        build_translations(rendered, root, docs_dir, site_dir, edition)
    return live


def update_with_engine(live: LiveSite, rendered: RenderedSite, root: Path, paths: list[str]) -> bool:
    """Rebuild only the pages at `paths` (docs paths) of a site built before; False when
    the change reaches other pages too and the whole site must be built."""
    texts = {path: rendered.pages[path] for path in paths}
    docs_dir = Path(live.config.docs_dir)
    return bool(_run_engine(root, docs_dir, rendered.source_date, lambda failed: live.update(texts, failed)))


PLACEHOLDER_HOST = "https://vmv.invalid/"
"""Base of sitemap addresses when mkdocs.yml sets no site_url (a reserved, unreal host)."""


def _write_sitemap(site_dir: Path, label: str) -> None:
    """Material's version selector keeps the reader on the same page only if the other
    edition's sitemap lists it; MkDocs writes an empty one without `site_url`, and a made-up
    `site_url` would also put made-up canonical links in every page. So vmv writes it."""
    pages = sorted(
        "" if p.parent == site_dir else p.parent.relative_to(site_dir).as_posix() + "/"
        for p in site_dir.rglob("index.html")
    )
    entries = "".join(f"  <url><loc>{PLACEHOLDER_HOST}{label}/{page}</loc></url>\n" for page in pages)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    ).encode("utf-8")
    (site_dir / "sitemap.xml").write_bytes(xml)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))
