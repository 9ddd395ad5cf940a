"""`vmv publish`: the working copy's edition, deployed with mike to the site branch.

mike works on the git repository of the process's current folder. vmv never
changes its own (every thread of the process shares it): mike runs in a child
process working in a throwaway clone, and only the site branch of the user's
repository is updated, fetched back from the clone.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from vmv.core.versions import parse_version
from vmv.editions.tags import EDITION_FILES
from vmv.editions.versioned_site import LATEST, Check, EditionJob, build_edition, language_sites
from vmv.errors import InvalidInput, UsageError
from vmv.repo.git import Git

_Arguments = ParamSpec("_Arguments")
_Result = TypeVar("_Result")


def _in_folder(
    folder: Path, work: Callable[_Arguments, _Result], *args: _Arguments.args, **kwargs: _Arguments.kwargs
) -> _Result:
    """`work` run in a child process whose current folder is `folder`."""
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(
        1, mp_context=context, initializer=os.chdir, initargs=(folder,)
    ) as pool:
        return pool.submit(work, *args, **kwargs).result()


def _published_versions(branch: str) -> list[str]:
    """The editions on `branch` of the repository in the current folder (a child's)."""
    from mike.commands import list_versions

    return [str(version.version) for version in list_versions(branch)]


def _deploy(site: Path, label: str, *, latest: bool, draft: bool, branch: str, prefix: str = "") -> None:
    """mike's deploy of one edition, in the repository in the current folder (a child's);
    a translation's under its language (`prefix`), as the versioned site lays it out."""
    from mike import commands
    from mike.git_utils import GitEmptyCommit, GitError

    aliases = [LATEST] if latest else []
    title = f"{label} (not yet approved)" if draft else label
    config = {"site_dir": str(site), "use_directory_urls": True}
    try:
        with commands.deploy(
            config,
            label,
            title,
            aliases,
            update_aliases=True,
            alias_type=commands.AliasType.copy,
            branch=branch,
            message=f"vmv: edition {label}",
            allow_empty=True,  # publishing the same edition twice is not an error
            deploy_prefix=prefix,
        ):
            pass
        if latest:
            with contextlib.suppress(GitEmptyCommit):  # already the default: nothing to record
                commands.set_default(
                    LATEST, branch=branch, message=f"vmv: {LATEST} is {label}", deploy_prefix=prefix
                )
    except GitError as error:
        raise UsageError(f"mike could not deploy edition {label} to '{branch}': {error}") from None


def deploy_with_mike(
    repository: Path, site: Path, label: str, *, latest: bool, draft: bool, branch: str
) -> None:
    """Add one built edition to `branch` of the git repository in `repository`, and each of
    its translations beside its source's editions (`de/2.1.0/`), as mike does with a prefix."""
    # mike deploys a folder whole: the translations step aside while the source is deployed.
    aside = {language: site.parent / f"{site.name}-{language}" for language in language_sites(site)}
    for language, folder in aside.items():
        shutil.move(site / language, folder)
    try:
        _in_folder(repository, _deploy, site, label, latest=latest, draft=draft, branch=branch)
        for language, folder in aside.items():
            _in_folder(
                repository, _deploy, folder, label, latest=latest, draft=draft, branch=branch, prefix=language
            )
    finally:
        for language, folder in aside.items():
            shutil.move(folder, site / language)


@dataclass(frozen=True)
class PublishReport:
    """What `vmv publish` did."""

    label: str
    branch: str
    pushed_to: str | None


def publish(
    root: Path, *, branch: str = "gh-pages", push: bool = False, remote: str = "origin", check: Check
) -> PublishReport:
    """Deploy the working copy's edition with mike to `branch`, as `latest`, loaded and
    rendered by `check`.

    mike runs in a throwaway clone; only `branch` of the user's repository is
    updated (fetched back from the clone), and pushed to `remote` with `push`.
    """
    root = root.resolve()
    git = Git(root)
    top = git.output("rev-parse", "--show-toplevel").strip()
    if not top:
        raise UsageError(f"{root} is not in a git repository; vmv publish deploys to one of its branches")
    if git.output("symbolic-ref", "--quiet", "--short", "HEAD").strip() == branch:
        raise UsageError(f"'{branch}' is checked out; switch to your main branch to publish")
    changed = git.output("status", "--porcelain", "--", *EDITION_FILES).strip()
    if changed:
        raise UsageError(
            "the VMV has uncommitted changes; commit them (and have them reviewed) before publishing:\n"
            + changed
        )
    project, _ = check(root)
    label = project.document.edition.version

    with tempfile.TemporaryDirectory(prefix="vmv-publish-") as folder:
        workspace = Path(folder)
        site = workspace / "site"
        problems = build_edition(
            EditionJob(root, None, label, False, site, previous_from_tags=True, check=check)
        )
        if problems:
            raise InvalidInput(problems)
        clone = workspace / "clone"
        Git(workspace).run(
            "clone", "-q", "--no-checkout", top, str(clone), failure=f"git could not clone {root}"
        )
        # Start from the site branch as the user has it, or else as their remote has it.
        for source in (f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"):
            if git.succeeds("rev-parse", "--verify", "--quiet", source):
                fetch = ("fetch", "-q", str(root), f"{source}:refs/heads/{branch}")
                Git(clone).run(*fetch, failure=f"git could not read the branch '{branch}'")
                break
        for key, value in (("user.name", "vmv"), ("user.email", "vmv@localhost")):
            if not git.output("config", key).strip():
                Git(clone).run("config", key, value, failure="git could not set up its clone")
        # `latest` stays on the highest edition: publishing an older one only adds it.
        published = [v for v in map(parse_version, _in_folder(clone, _published_versions, branch)) if v]
        newest = not published or (parse_version(label) or (0, 0, 0)) >= max(published)
        deploy_with_mike(clone, site, label, latest=newest, draft=False, branch=branch)
        git.run(
            "fetch", "-q", str(clone), f"{branch}:{branch}", failure=f"could not update the branch '{branch}'"
        )
    if push:
        git.run("push", "-q", remote, branch, failure=f"git could not push '{branch}' to '{remote}'")
    return PublishReport(label, branch, remote if push else None)
