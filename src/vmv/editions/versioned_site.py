"""Every edition in one versioned site, in mike's layout (`vmv build --all-versions`).

An edition is a git tag (`v2.1.0`); its label is the `edition.version` of
vmv.yaml at that commit. Each edition is built from its own commit (vmv.yaml,
playbook, templates and mkdocs.yml) with the current vmv. Built editions are
kept in a cache keyed by their content, the previous edition's content (for
"What changed") and the versions of vmv, MkDocs and Material, so adding one
edition costs one edition's build. The site is laid out as mike lays out its
branch, with copies instead of symlinks for aliases (hard links to the cache
where the file system allows); the user's repository, branches and working
tree are never touched.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import html
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import jinja2

from vmv.core.load.project import Project, load_project
from vmv.core.render.labels import Labels, english, labels_for, text
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.site.load import load_site
from vmv.core.translations.languages import is_language_tag
from vmv.editions.tags import (
    TaggedEdition,
    find_editions,
    load_edition,
    named_by_tag,
)
from vmv.engine.mkdocs import build as mkdocs_engine
from vmv.errors import InvalidInput, Location, Problem, ProblemCode, UsageError, VmvError
from vmv.repo.git import DEFAULT_TAGS, Git
from vmv.repo.output import folder_inside, refuse_links, remove_tree, replace_when_done

LATEST = "latest"
DRAFT = "draft"
CACHE_DIR = ".vmv-cache"


Check = Callable[..., tuple[Project, RenderedSite]]
"""Loads and renders a working copy (the app's pipeline): handed in, so that editions sit
below the app layer that composes them."""


@dataclass(frozen=True)
class EditionJob:
    """One edition to build: its sources, the edition before it, where the site goes."""

    source: Path
    previous: Path | None
    label: str
    draft: bool
    output: Path
    previous_from_tags: bool = False
    """Find the previous edition among the repository's tags (the working copy's case)."""
    tag: str | None = None
    """The git tag the edition comes from; None for the working copy."""
    check: Check = field(kw_only=True)


@dataclass(frozen=True)
class VersionedReport:
    """What `vmv build --all-versions` did."""

    destination: Path
    editions: tuple[str, ...]
    built: tuple[str, ...]
    """The editions that were built this time; the others came from the cache."""
    warnings: tuple[Problem, ...] = ()
    """Such as tags that match the pattern but name no version, which are skipped."""


def _engine_versions() -> str:
    versions = []
    for package in ("mkdocs", "mkdocs-material", "mike"):
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return ",".join(versions)


def cache_key(edition: TaggedEdition, previous: TaggedEdition | None) -> str:
    """Same inputs, same key: the edition's tree, the one before it, and the tools."""
    parts = [
        metadata.version("vmv"),
        _engine_versions(),
        edition.label,
        edition.tree,
        previous.tree if previous else "",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def build_edition(job: EditionJob) -> list[Problem]:
    """Build one edition's site into `job.output`; the problems, if it could not.

    Runs in a worker process, so it returns problems instead of raising.
    """
    try:
        if job.previous_from_tags:
            _, rendered = job.check(job.source, translated=True)
        else:
            previous = load_project(job.previous) if job.previous else None
            _, rendered = job.check(job.source, previous=previous, translated=True)
        with tempfile.TemporaryDirectory(prefix="vmv-edition-") as folder:
            docs = Path(folder) / "docs"
            docs.mkdir()
            mkdocs_engine.build_with_engine(
                rendered,
                job.source,
                docs,
                job.output,
                edition=mkdocs_engine.Edition(job.label, draft=job.draft),
            )
    except InvalidInput as error:
        return named_by_tag(job.tag, error.problems)
    except VmvError as error:
        return [Problem(Location(job.tag or job.label), str(error), code=ProblemCode.EDITION_BUILD_FAILED)]
    return []


def _build_all(jobs: Sequence[EditionJob]) -> list[Problem]:
    if len(jobs) <= 1:
        return [p for job in jobs for p in build_edition(job)]
    workers = min(len(jobs), os.cpu_count() or 1)
    # fork: each worker starts with vmv imported, and MkDocs' global state stays per process.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        return [p for problems in pool.map(build_edition, jobs) for p in problems]


ROOT_404 = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>{title}</h1>
<p>{text} <a href="{base}latest/">{latest}</a>.</p>
<script>
// Under an edition's folder, show that edition's own page-not-found page.
fetch("{base}versions.json").then(r => r.json()).then(versions => {{
  const first = location.pathname.slice("{base}".length).split("/")[0];
  const names = versions.flatMap(v => [v.version, ...v.aliases]);
  if (names.includes(first)) location.replace("{base}" + first + "/404.html");
}}).catch(() => {{}});
</script>
</body></html>
"""


def _root_404(base: str, labels: Labels) -> str:
    """vmv's page for an address outside every edition, in the site's language."""
    words = {key: text(labels, f"not_found.{key}") for key in ("title", "text", "latest_link")}
    language = html.escape(labels.language)
    return ROOT_404.format(
        base=base, language=language, title=words["title"], text=words["text"], latest=words["latest_link"]
    )


def _site_labels(root: Path) -> Labels:
    """The labels of the working copy's site language, for the pages of the site as a whole."""
    site, _ = load_site(root, check_files=False)
    return labels_for(site.settings.theme.language if site else None)


def _read_only(folder: Path) -> None:
    """Cached editions are linked into every output (`_link_tree`); read-only, an edit
    to an output file in place fails instead of changing the cache behind it."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o444)


def _link_tree(source: Path, target: Path) -> None:
    """`source` copied to `target` as hard links, or as copies across file systems: an
    edition's folder of thousands of pages takes milliseconds, not a copy of each.
    GNU cp does it fastest (`cp -al`); where it cannot, Python does."""
    try:
        subprocess.run(["cp", "-al", "--", str(source), str(target)], check=True, capture_output=True)
        return
    except (OSError, subprocess.CalledProcessError):
        remove_tree(target)

    def link(from_path: str, to_path: str) -> None:
        try:
            os.link(from_path, to_path)
        except OSError:
            shutil.copy2(from_path, to_path)

    shutil.copytree(source, target, copy_function=link)


def lay_out_like_mike(
    site: Path, editions: Sequence[tuple[str, Path, bool]], *, newest: str, labels: Labels | None = None
) -> None:
    """Write into `site` what `mike deploy --alias-type=copy` of each edition (label, built
    folder, draft), in order, then `mike set-default latest` would put on the site branch;
    a draft's title in the version selector is in the language of `labels`.

    mike writes its branch through git, which costs the size of every edition each time;
    this costs one link per file. `versions.json` comes from mike's own `Versions`.
    """
    from mike import commands
    from mike.versions import Versions

    versions = Versions()
    for label, folder, draft in editions:
        aliases = [LATEST] if label == newest else []
        # Material's version selector writes a title into the page as HTML: escaped, as a label is.
        title = str(text(labels or english(), "versions.draft_title", version=label)) if draft else label
        versions.add(label, title, aliases, update_aliases=True)
        _link_tree(folder, site / label)
    _link_tree(next(folder for label, folder, _ in editions if label == newest), site / LATEST)
    (site / commands.versions_file).write_text(versions.dumps() + "\n", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    redirect = resources.files("mike").joinpath("templates/redirect.html").read_text("utf-8")
    page = jinja2.Template(redirect, autoescape=True, keep_trailing_newline=True)
    (site / "index.html").write_text(page.render(href=f"{LATEST}/"), encoding="utf-8")
    _lay_out_languages(site, editions, newest)


def language_sites(folder: Path) -> list[str]:
    """The languages an edition's site was built in besides its source: its folders named
    by a language tag that hold a site (`de/index.html`)."""
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.is_dir() and is_language_tag(entry.name) and (entry / "index.html").is_file()
    )


def _lay_out_languages(site: Path, editions: Sequence[tuple[str, Path, bool]], newest: str) -> None:
    """Each translation's editions in a folder of their own, `de/2.1.0/`, laid out as the
    source's are (mike with a prefix): Material's version selector and the outdated banner
    find `versions.json` and `latest/` beside the edition in every language. An edition
    built with translations holds them in its folder (`2.1.0/de/`), which moves out."""
    built_in = {language for _, folder, _ in editions for language in language_sites(folder)}
    for language in sorted(built_in):
        having = [
            (label, folder / language, draft)
            for label, folder, draft in editions
            if (folder / language).is_dir()
        ]
        tagged = [label for label, _, draft in having if not draft]
        latest = newest if newest in tagged else (tagged or [having[-1][0]])[-1]
        lay_out_like_mike(site / language, having, newest=latest, labels=labels_for(language))
        for label in (*(label for label, _, _ in editions), LATEST):
            remove_tree(site / label / language)


def build_all_versions(
    root: Path,
    destination: Path,
    *,
    pattern: str = DEFAULT_TAGS,
    include_draft: bool = False,
    clear_cache: bool = False,
    base_path: str = "/",
    check: Check,
) -> VersionedReport:
    """Build every tagged edition (and the working copy as `draft`) into one site, each
    loaded and rendered by `check`."""
    refuse_links(destination, protected=root)
    # mike works in its own folder: every path handed to it must be absolute.
    root, destination = root.resolve(), destination.resolve()
    _refuse_committed_cache(root)
    cache = folder_inside(root, f"{CACHE_DIR}/editions")
    if clear_cache:
        shutil.rmtree(cache, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="vmv-editions-") as folder:
        workspace = Path(folder)
        editions, skipped = find_editions(root, workspace, pattern)
        missing = [
            index
            for index, edition in enumerate(editions)
            if not (
                cache / cache_key(edition, editions[index - 1] if index else None) / "index.html"
            ).is_file()
        ]
        # A cached edition was valid when it was built; the others, the editions their
        # "What changed" compares with, and the draft's, are loaded and checked, all at once.
        needed = sorted(
            {*missing, *(i - 1 for i in missing if i), *([len(editions) - 1] if include_draft else [])}
        )
        projects: dict[int, Project] = {}
        problems: list[Problem] = []
        for index in needed:
            try:
                projects[index] = load_edition(editions[index])
            except InvalidInput as error:
                problems += error.problems
        if problems:
            raise InvalidInput(problems)
        draft: Project | None = None
        site_labels = _site_labels(root)
        if include_draft:
            draft, rendered = check(root, previous=projects[len(editions) - 1])
            site_labels = rendered.labels
        jobs, sites, built = [], [], []
        for index, edition in enumerate(editions):
            previous = editions[index - 1] if index else None
            site = cache / cache_key(edition, previous)
            sites.append((edition.label, site, False))
            if index in missing:
                jobs.append(
                    EditionJob(
                        edition.folder,
                        previous.folder if previous else None,
                        edition.label,
                        False,
                        workspace / f"site-{index}",
                        tag=edition.tag,
                        check=check,
                    )
                )
                built.append(edition.label)
        if draft is not None:
            draft_site = workspace / "draft-site"
            jobs.append(EditionJob(root, editions[-1].folder, DRAFT, True, draft_site, check=check))
            sites.append((DRAFT, draft_site, True))
            built.append(DRAFT)
        problems = _build_all(jobs)
        if problems:
            raise InvalidInput(problems)
        for job in jobs:
            if not job.draft:
                target = cache / cache_key(*_edition_and_previous(editions, job.label))
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.rmtree(target, ignore_errors=True)
                _read_only(job.output)
                shutil.move(job.output, target)
        with replace_when_done(destination, protected=root) as output:
            lay_out_like_mike(output.site, sites, newest=editions[-1].label, labels=site_labels)
            (output.site / "404.html").write_text(_root_404(base_path, site_labels), encoding="utf-8")
    labels = tuple(label for label, _, _ in sites)
    return VersionedReport(destination, labels, tuple(built), tuple(skipped))


def _edition_and_previous(
    editions: Sequence[TaggedEdition], label: str
) -> tuple[TaggedEdition, TaggedEdition | None]:
    index = next(i for i, e in enumerate(editions) if e.label == label)
    return editions[index], editions[index - 1] if index else None


def _refuse_committed_cache(root: Path) -> None:
    """A cached edition is trusted as built: one that came with a pull request could
    publish any page under an approved edition's name. Only builds make the cache."""
    if Git(root).output("ls-files", "--", CACHE_DIR).strip():
        raise UsageError(
            f"{CACHE_DIR}/ is committed to the repository, but only builds may fill it; remove it "
            f"with: git rm -r --cached {CACHE_DIR} && echo {CACHE_DIR}/ >> .gitignore"
        )
