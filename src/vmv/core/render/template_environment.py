"""The Jinja environment pages and templates render in, and its problems in the
contract's words: the sandbox, the company's templates/, compiled templates kept
between renderings, and what a page's author must do when braces are misread."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.exceptions import SecurityError

from vmv.core.inputs import TEMPLATES_DIR
from vmv.core.load.playbook_files import split_front_matter
from vmv.core.load.templates import CompanyTemplates
from vmv.core.render.charts import format_number
from vmv.core.render.labels import Labels, english, template_helpers
from vmv.core.render.sandbox import RenderTimeout, Sandbox
from vmv.core.render.template_filters import (
    cell,
    indent_block,
    link,
    plain_text,
    quote,
    shuffled,
    site_relative_links,
)
from vmv.core.yaml_reader import ReadError
from vmv.errors import Location, Problem, ProblemCode, Severity, closest

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
SECONDS_PER_PAGE = 10.0
"""Time budget of one page; only a runaway loop comes near it."""


class _CompanyLoader(jinja2.BaseLoader):
    """The company's templates, as the loader read them through the repository's boundary."""

    def __init__(self, templates: CompanyTemplates) -> None:
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        name = "/".join(jinja2.loaders.split_template_path(template))
        if name not in self.templates:
            raise jinja2.TemplateNotFound(template)
        # A new environment renders each time, so a template is never stale.
        return self.templates[name], f"{TEMPLATES_DIR}/{name}", lambda: True


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the life of the process: `vmv serve` renders again after
    every edit, and compiling vmv's templates costs more than rendering a small site.

    Jinja keys each entry by template name and file, and checks the source's checksum;
    every environment sharing it is built by `template_environment`, with the same settings.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self._code) > 1000:
            self._code.clear()
        self._code[bucket.key] = bucket.bytecode_to_string()

    def names(self) -> frozenset[str]:
        """The keys of the templates compiled so far."""
        return frozenset(self._code)

    def added_since(self, names: frozenset[str]) -> dict[str, bytes]:
        """The templates compiled since `names` were: a rendering process hands them back."""
        return {name: code for name, code in self._code.items() if name not in names}

    def add(self, compiled: dict[str, bytes]) -> None:
        self._code.update(compiled)


COMPILED_TEMPLATES = _CompiledTemplates()


def make_environment(templates: CompanyTemplates, labels: Labels | None = None) -> Sandbox:
    """The sandbox pages render in: the company's `templates` first, then vmv's own, with
    the site's `labels` (English when None)."""
    loaders = [_CompanyLoader(templates), jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))]
    # autoescape: every value from vmv.yaml reaches the page as text, never as markup.
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=site_relative_links,
        bytecode_cache=COMPILED_TEMPLATES,
    )

    env.filters.update(shuffled=shuffled, number=format_number, cell=cell, quote=quote)
    env.filters.update(indent_block=indent_block, plain=plain_text)
    # Labels, dates and durations in the site's language (labels.py).
    label_globals, label_filters = template_helpers(labels or english())
    env.filters.update(label_filters)
    env.globals.update(label_globals, link=link)
    return env


def display_name(filename: str | None) -> str:
    """A template's file as a problem line names it: as written in the repository, or
    `<vmv>/templates/...` for vmv's own."""
    if not filename:
        return "<template>"
    path = Path(filename)
    if not path.is_absolute():
        return filename
    try:
        return "<vmv>/templates/" + path.resolve().relative_to(BUILTIN_TEMPLATES.resolve()).as_posix()
    except ValueError:
        return path.name


def template_line(error: BaseException, filename: str | None) -> int:
    """The template line that was running, from the traceback Jinja rewrites."""
    line = getattr(error, "lineno", None) or 1
    traceback = error.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if filename and frame.f_code.co_filename == filename:
            # A frame Jinja did not rewrite (the time limit's exception is no Exception) counts
            # lines of the Python the template became; the template knows which line that was.
            template = frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(traceback.tb_lineno) if template else traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def explain(error: BaseException) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template syntax error: {error.message}"
    if isinstance(error, SecurityError):
        return f"blocked by the template sandbox: {error}"
    if isinstance(error, RenderTimeout):
        return f"the page took longer than {SECONDS_PER_PAGE:g} seconds to render; look for a runaway loop"
    if isinstance(error, RecursionError):
        return "templates call themselves too deeply; look for a macro that calls itself"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template '{error.name}' not found in {TEMPLATES_DIR}/ or vmv's built-in templates"
    if isinstance(error, jinja2.UndefinedError):
        return f"template error: {error.message}"
    return f"template error: {error}"


_CODES: tuple[tuple[type[BaseException], ProblemCode], ...] = (
    (jinja2.TemplateSyntaxError, ProblemCode.TEMPLATE_SYNTAX),
    (SecurityError, ProblemCode.TEMPLATE_SANDBOX),
    (RenderTimeout, ProblemCode.TEMPLATE_LIMIT),
    (RecursionError, ProblemCode.TEMPLATE_LIMIT),
    (jinja2.TemplateNotFound, ProblemCode.TEMPLATE_NOT_FOUND),
    (jinja2.UndefinedError, ProblemCode.TEMPLATE_UNDEFINED),
    (UnicodeDecodeError, ProblemCode.FILE_NOT_UTF8),
)


def template_code(error: BaseException) -> ProblemCode:
    """The kind of problem a template's error is, as `explain` words it."""
    return next((code for kind, code in _CODES if isinstance(error, kind)), ProblemCode.TEMPLATE_ERROR)


TEMPLATE_ERRORS = (Exception, RenderTimeout)
"""Anything a template raises is the template's problem; RenderTimeout is a BaseException."""


LITERAL_BRACES_HINT = (
    "if the braces are meant as text, add 'template: false' to the page's front matter "
    "(or put the text between {% raw %} and {% endraw %})"
)
"""Said with every template problem of a playbook page: its author may not know Jinja."""


_BRACES = re.compile(r"\{[{%#].*?(?:[}%#]\}|$)")
_UNCLOSED = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_PARSER = jinja2.Environment()
"""Only parses single placeholders to find the one that is not Jinja; renders nothing."""


def culprit_braces(text: str, name: str | None = None) -> re.Match[str] | None:
    """The braces on a line that Jinja could not read: the first group holding `name`, or
    the first that does not parse alone, or else the first group."""
    groups = list(_BRACES.finditer(text))
    for group in groups:
        if name is not None and name in group.group(0):
            return group
    if name is None:
        for group in groups:
            try:
                _PARSER.parse(group.group(0) if group.group(0).startswith("{{") else "")
            except jinja2.TemplateSyntaxError:
                return group
    return groups[0] if groups else None


def page_syntax_problem(error: jinja2.TemplateSyntaxError, source: str, body: str) -> Problem:
    """A playbook page's template syntax error, in words for its author: which braces on
    the line were taken for a placeholder, and how to write them as text."""
    line = max(error.lineno or 1, 1)
    lines = body.split("\n")
    unclosed = _UNCLOSED.search(error.message or "")
    if unclosed:
        tag = unclosed.group(1)
        opening = next(
            (n for n, text in enumerate(lines) if re.search(r"\{%-?\s*" + tag + r"\b", text)), None
        )
        if opening is not None:
            found = re.search(r"\{%-?\s*" + tag + r"\b", lines[opening])
            column = found.start() + 1 if found else 1
            message = f"'{{% {tag} %}}' is never closed: add '{{% end{tag} %}}' where it ends"
            return Problem(
                Location(source, opening + 1, column),
                message,
                code=ProblemCode.TEMPLATE_SYNTAX,
                hint=LITERAL_BRACES_HINT,
            )
    found = culprit_braces(lines[line - 1]) if line <= len(lines) else None
    column = found.start() + 1 if found else 1
    what = f"'{found.group(0)}' is read as a placeholder for VMV data but is not one" if found else None
    message = what or explain(error).rstrip(".")
    return Problem(
        Location(source, line, column), message, code=ProblemCode.TEMPLATE_SYNTAX, hint=LITERAL_BRACES_HINT
    )


def syntax_problem(error: jinja2.TemplateSyntaxError, shown: str | None = None) -> Problem:
    name = shown or display_name(error.filename)
    return Problem(
        Location(name, max(error.lineno or 1, 1), 1), explain(error), code=ProblemCode.TEMPLATE_SYNTAX
    )


def company_template_problems(env: Sandbox, templates: CompanyTemplates) -> list[Problem]:
    """Compile every company template, so that a broken one is reported even when unused."""
    problems = []
    for name in sorted(templates):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            problems.append(syntax_problem(error))
    return problems


def unknown_page_templates(templates: CompanyTemplates) -> list[Problem]:
    """A warning for each page template in templates/ that replaces none of vmv's
    (`hom.md.j2`): it is used only if another template includes it, which is rare."""
    built_in = sorted(p.name for p in BUILTIN_TEMPLATES.glob("*.md.j2"))
    names = sorted(name for name in templates if "/" not in name and name.endswith(".md.j2"))
    return [
        Problem(
            Location(f"{TEMPLATES_DIR}/{name}"),
            f"'{name}' replaces none of vmv's page templates",
            severity=Severity.WARNING,
            code=ProblemCode.TEMPLATE_UNUSED,
            suggestion=closest(name, built_in),
            hint="name it as the template it should replace",
        )
        for name in names
        if name not in built_in
    ]


_NOT_A_TEMPLATE = re.compile(r"^template:\s*false\s*(#.*)?$", re.MULTILINE)
"""`template: false` in front matter that could not be loaded as a whole."""


def template_syntax_problems(templates: CompanyTemplates, pages: list[tuple[str, str]]) -> list[Problem]:
    """Syntax errors in templates and in playbook `pages` (source, text), found even when
    vmv.yaml is invalid."""
    env = make_environment(templates)
    problems = company_template_problems(env, templates)
    for source, text in pages:
        try:
            front, body, _ = split_front_matter(text, source)
            if front is None or not _NOT_A_TEMPLATE.search(front):
                env.parse(body, name=source, filename=source)
        except jinja2.TemplateSyntaxError as error:
            problems.append(page_syntax_problem(error, source, body))
        except ReadError:
            continue  # reported by the loader
    return problems
