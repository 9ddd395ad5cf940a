"""The `vmv` command: the only module that prints to the terminal."""

from __future__ import annotations

import datetime
import logging
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from vmv import __version__
from vmv.app.decide import propose_decision
from vmv.app.editions import build_all_versions
from vmv.app.editions import publish as publish_edition
from vmv.app.pipeline import build_site, validate_site
from vmv.app.recognize import record_story
from vmv.app.scaffold import create_repository, start_history
from vmv.app.serve import serve_site
from vmv.app.translate import run_translate
from vmv.core.inputs import VMV_FILE
from vmv.editions.versioned_site import CACHE_DIR
from vmv.errors import FORMATTERS, InvalidInput, Problem, VmvError, count_of, sort_problems, summary_line
from vmv.repo.git import DEFAULT_TAGS, comparable, read_edition
from vmv.review.diff import diff_projects
from vmv.review.report import FORMATS as DIFF_FORMATS
from vmv.review.version_bump import version_problem

FORMATS = click.Choice(sorted(FORMATTERS))


def _report(problems: list[Problem], output_format: str = "text") -> None:
    ordered = sort_problems(problems)
    text = FORMATTERS[output_format](ordered)
    if output_format in ("json", "github"):
        # Machine formats go to stdout: GitHub reads workflow commands from there.
        click.echo(text, nl=False)
        return
    click.echo(text, nl=False, err=True)
    if output_format == "text" and ordered:
        click.echo(f"vmv: {summary_line(ordered)}", err=True)


class _InfoLines(logging.Handler):
    """Shows what the layers below say for the user's information (on vmv's loggers, such as
    the engine's "building with MkDocs' own build"), one line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"vmv: {record.levelname.lower()}: {record.getMessage()}", err=True)


def _show_info_lines() -> None:
    logger = logging.getLogger("vmv")
    logger.setLevel(logging.INFO)
    if not any(isinstance(handler, _InfoLines) for handler in logger.handlers):
        logger.addHandler(_InfoLines())


def _fail(error: VmvError, output_format: str = "text") -> int:
    if isinstance(error, InvalidInput):
        _report(error.problems, output_format)
    else:
        click.echo(f"vmv: error: {error}", err=True)
    return error.exit_code


def _guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Turn a command's return code into the exit code, and any bug into one line."""

    def run(*args: Any, **kwargs: Any) -> None:
        context = click.get_current_context()
        try:
            code = command(*args, **kwargs)
        except VmvError as error:
            chosen = kwargs.get("output_format")
            code = _fail(error, chosen if isinstance(chosen, str) and chosen in FORMATTERS else "text")
        except KeyboardInterrupt:
            code = 130
        except click.ClickException:
            raise  # click prints usage errors itself and exits 2

        except Exception as error:
            if context.find_root().params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"vmv: internal error: {type(error).__name__}: {error} "
                "(this is a bug in vmv; run with --debug for details)",
                err=True,
            )
            code = 3
        context.exit(code)

    run.__name__ = command.__name__
    run.__doc__ = command.__doc__
    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vmv")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The company's repository (the folder holding vmv.yaml).",
)
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def main(context: click.Context, root: Path, debug: bool) -> None:
    """vmv: your company's Vision, Mission and Values, as a reviewed, versioned site.

    Run the commands from the repository that holds vmv.yaml, playbook/,
    templates/ and mkdocs.yml, or pass --root.
    """
    _show_info_lines()
    if not root.is_dir() and context.invoked_subcommand != "init":
        raise click.BadParameter(f"{root} is not a folder", param_hint="--root")
    found = context.get_parameter_source("root") is click.core.ParameterSource.DEFAULT
    if found:
        root = _enclosing_repository(root)
    context.obj = root
    # Paths typed on the command line are where the user is, as in git; with --root, as
    # before, inside that repository.
    context.meta["vmv.paths_from"] = Path.cwd() if found else root


def _enclosing_repository(start: Path) -> Path:
    """The nearest folder at or above `start` that holds vmv.yaml, as git finds its root:
    an editor working in playbook/teams/ should not have to climb back up first."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / VMV_FILE).is_file():
            return start if folder == here else folder
    return start


def _root() -> Path:
    root: Path = click.get_current_context().obj
    return root


@main.command()
@click.option(
    "--format",
    "output_format",
    type=FORMATS,
    default="text",
    show_default=True,
    help="text: one line per problem; json: one object for tools; github: pull-request annotations.",
)
@_guarded
def validate(output_format: str) -> int:
    """Check vmv.yaml, playbook/ and templates/; exit 1 when anything is wrong."""
    project, rendered = validate_site(_root())
    _report(list(project.warnings), output_format)
    if output_format != "json":
        questions = sum(len(p.meta.questions) for p in project.pages)
        standards = sum(len(p.meta.standards) for p in project.pages)
        click.echo(
            f"valid: edition {project.document.edition.version}, {len(project.document.values)} values, "
            f"{count_of(len(project.pages), 'playbook page')}, {count_of(questions, 'question')}, "
            f"{count_of(standards, 'standard')}, "
            f"{len(rendered.pages)} pages to build"
        )
    return 0


@main.command()
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(path_type=Path),
    default="site",
    show_default=True,
    help="Where to write the site; replaced only when the build succeeds.",
)
@click.option(
    "--all-versions",
    is_flag=True,
    help="Build every edition (git tags) into one versioned site, in mike's layout.",
)
@click.option(
    "--tags",
    default=DEFAULT_TAGS,
    show_default=True,
    metavar="PATTERN",
    help="With --all-versions: which git tags are editions.",
)
@click.option(
    "--include-draft",
    is_flag=True,
    help="With --all-versions: add the working copy as the version 'draft'.",
)
@click.option(
    "--clear-cache",
    is_flag=True,
    help=f"With --all-versions: rebuild every edition instead of reusing {CACHE_DIR}/.",
)
@_guarded
def build(site_dir: Path, all_versions: bool, tags: str, include_draft: bool, clear_cache: bool) -> int:
    """Build the site of the working copy, or of every edition with --all-versions."""
    root = _root()
    target = click.get_current_context().meta["vmv.paths_from"] / site_dir
    if not all_versions:
        if include_draft or clear_cache or tags != DEFAULT_TAGS:
            raise click.UsageError("--tags, --include-draft and --clear-cache go with --all-versions")
        report = build_site(root, target)
        _report(list(report.warnings))
        click.echo(f"built {report.pages} pages into {site_dir} in {report.seconds:.1f} s")
        return 0
    started = time.perf_counter()
    versioned = build_all_versions(
        root, target, pattern=tags, include_draft=include_draft, clear_cache=clear_cache
    )
    _report(list(versioned.warnings))
    reused = len(versioned.editions) - len(versioned.built)
    click.echo(
        f"built {count_of(len(versioned.editions), 'edition')} into {site_dir} "
        f"({', '.join(versioned.editions)}; {len(versioned.built)} built, {reused} from the cache) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


@main.command()
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that holds the site.")
@click.option("--push", is_flag=True, help="Push the branch to the remote afterwards.")
@click.option("--remote", default="origin", show_default=True, help="Where --push pushes.")
@_guarded
def publish(branch: str, push: bool, remote: str) -> int:
    """Deploy the working copy's edition with mike to the site branch, as latest."""
    report = publish_edition(_root(), branch=branch, push=push, remote=remote)
    pushed = f", pushed to {report.pushed_to}" if report.pushed_to else " (not pushed; add --push)"
    click.echo(f"published edition {report.label} to branch {report.branch} as latest{pushed}")
    return 0


@main.command()
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve on; port 0 picks a free port, shown when the site is ready.",
)
@_guarded
def serve(dev_addr: str) -> int:
    """Serve the site with live reload on edits to vmv.yaml, playbook/, templates/ or mkdocs.yml."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("expected HOST:PORT, such as 127.0.0.1:8000", param_hint="--dev-addr")

    def on_build(error: VmvError | None, summary: str, url: str) -> None:
        if error is None:
            click.echo(f"vmv: site ready at {url} (Ctrl-C stops): {summary}", err=True)
            return

        _fail(error)
        click.echo("vmv: serving the last good build until the problems above are fixed", err=True)

    serve_site(_root(), host, int(port), on_build)
    return 0


@main.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(DIFF_FORMATS)),
    default="markdown",
    show_default=True,
    help="markdown: a report for a pull-request comment; json: the contract's object.",
)
@click.option(
    "--check-version",
    is_flag=True,
    help="Exit 1 unless NEW's edition.version is raised enough for what changed.",
)
@_guarded
def diff(old: str, new: str, output_format: str, check_version: bool) -> int:
    """Compare two editions: OLD and NEW are git revisions or paths to vmv.yaml files."""
    root = _root()
    before, after = comparable(read_edition(root, old), read_edition(root, new))
    result = diff_projects(before, after)
    click.echo(DIFF_FORMATS[output_format](result), nl=False)
    if check_version and (problem := version_problem(result)):
        click.echo(f"vmv: error: {problem}", err=True)
        return 1
    return 0


@main.command("translate")
@click.argument("words", nargs=-1, required=True, metavar="LANG | status [LANG]...")
@click.option(
    "--mark-current",
    is_flag=True,
    help="The words after LANG are paths of items translated anew: their source becomes today's.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="With status: text for people; json: one object per language, one per line.",
)
@_guarded
def translate_command(words: tuple[str, ...], mark_current: bool, output_format: str) -> int:
    """Translate the VMV: LANG starts or completes translations/LANG.yaml; LANG --mark-current
    PATH... marks items up to date; status [LANG...] says what is current, stale or missing."""
    said = run_translate(_root(), words, mark=mark_current, output_format=output_format)
    _report(list(said.problems))
    click.echo(said.output, nl=False)
    for note in said.notes:
        click.echo(note, err=True)
    return 0


class _IsoDate(click.ParamType[datetime.date, Any]):
    """A day written as 2026-11-01, with a message in words when it is not one."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date like 2026-11-01, found '{value}'", param, ctx)


_DATE = _IsoDate()


@main.command()
@click.option(
    "--value", "value_id", required=True, metavar="ID", help="The id of the value the moment shows."
)
@click.option("--person", required=True, help="Who lived the value, such as 'Sam Patel, Leeds store'.")
@click.option("--story", required=True, help="What happened, in a few sentences.")
@click.option("--by", "recorded_by", help="Who records it (you).")
@click.option(
    "--date",
    "day",
    type=_DATE,
    help="When it happened (YYYY-MM-DD); today when left out.",
)
@_guarded
def recognize(value_id: str, person: str, story: str, recorded_by: str | None, day: Any) -> int:
    """Record a moment when someone lived a value, in recognition/<year>-<month>.yaml."""
    recorded = record_story(_root(), value=value_id, who=person, what=story, by=recorded_by, date=day)
    click.echo(f"recorded in {recorded.file}, line {recorded.line}")
    return 0


@main.command()
@click.argument("title")
@click.option(
    "--area",
    required=True,
    help="The question area, as the playbooks name it (any letter case) or its slug, "
    "such as a-new-product-or-service.",
)
@click.option(
    "--value", "value_ids", multiple=True, metavar="ID", help="A value the decision serves; repeat for more."
)
@_guarded
def decide(title: str, area: str, value_ids: tuple[str, ...]) -> int:
    """Start a decision record in decisions/ with the leader questions of its area to answer."""
    click.echo(propose_decision(_root(), title=title, area=area, values=value_ids).file)
    return 0


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_guarded
def init(directory: Path) -> int:
    """Create a new playbook repository in DIRECTORY with a starter VMV."""
    created = create_repository(directory)
    history = " and a git repository with them as its first commit" if start_history(directory) else ""
    quoted = shlex.quote(str(directory))
    click.echo(f"created {len(created)} files in {directory}{history}; next: cd {quoted} && vmv serve")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
