"""Checks of the company's mkdocs.yml before the engine reads it.

MkDocs reads mkdocs.yml with a loader that can import any Python name and
runs `hooks:` files from the repository; a pull request that changes
mkdocs.yml could therefore run code in CI. vmv allows only names from the
Markdown, pymdownx and Material packages, refuses hooks, and reports syntax
errors at their position, all before MkDocs sees the file.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Location, Problem
from .yaml_reader import MAX_DEPTH, ReadError, compose_tagged, decode

SITE_CONFIG = "mkdocs.yml"
PYTHON_TAG = "tag:yaml.org,2002:python/"
ALLOWED_NAMES = ("markdown.", "pymdownx.", "material.")
"""Modules whose functions mkdocs.yml may name (emoji indexes, code fences)."""


def _walk(node: yaml.Node) -> list[tuple[yaml.Node, int]]:
    """Every node once, with its depth; iterative, so a deep file cannot exhaust the stack."""
    found: list[tuple[yaml.Node, int]] = []
    stack, seen = [(node, 0)], set()
    while stack:
        current, depth = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        found.append((current, depth))
        if isinstance(current, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in current.value]
    return found


REFUSED = {
    "hooks": "hooks run Python files from the repository in every build, so anyone who can open a pull "
    "request could run code in CI; vmv does not allow them",
    "INHERIT": "INHERIT reads another file that vmv does not check; put the settings in mkdocs.yml itself",
}
"""Top-level settings a pull request could use to run code or read files outside vmv's checks."""
LISTS = ("extra_css", "extra_javascript")
REFUSED_EXTENSIONS = {
    "pymdownx.snippets": "pymdownx.snippets includes any file, even outside the repository, into pages",
}


def _at(node: yaml.Node) -> Location:
    return Location(SITE_CONFIG, node.start_mark.line + 1, node.start_mark.column + 1)


def _is_list_of_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.SequenceNode) and all(isinstance(i, yaml.ScalarNode) for i in node.value)


def _extension_problems(node: yaml.Node) -> list[Problem]:
    if not isinstance(node, yaml.SequenceNode):
        return [Problem(_at(node), "expected a list of extensions", "markdown_extensions")]
    problems = []
    for item in node.value:
        if isinstance(item, yaml.ScalarNode):
            name = item.value
        elif (
            isinstance(item, yaml.MappingNode)
            and len(item.value) == 1
            and isinstance(item.value[0][0], yaml.ScalarNode)
        ):
            name = item.value[0][0].value
        else:
            problems.append(
                Problem(
                    _at(item),
                    "expected an extension name, or one name with its options",
                    "markdown_extensions",
                )
            )
            continue
        if name in REFUSED_EXTENSIONS:
            problems.append(
                Problem(
                    _at(item), f"{REFUSED_EXTENSIONS[name]}; vmv does not allow it", "markdown_extensions"
                )
            )
    return problems


def _theme_problems(node: yaml.Node) -> list[Problem]:
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return []
    if not isinstance(node, yaml.MappingNode):
        return [Problem(_at(node), "expected a theme name or a mapping of theme settings", "theme")]
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "custom_dir":
            return [
                Problem(
                    _at(key),
                    "custom_dir templates run without vmv's sandbox, so a pull request could run code in CI; "
                    "change pages with vmv's templates/ folder instead",
                    "theme.custom_dir",
                )
            ]
    return []


def check_site_config(root: Path) -> list[Problem]:
    """Problems in mkdocs.yml that vmv reports itself, instead of MkDocs."""
    path = root / SITE_CONFIG
    if not path.is_file():
        return []
    try:
        node = compose_tagged(decode(path.read_bytes(), SITE_CONFIG), SITE_CONFIG)
    except ReadError as error:
        return [error.problem]
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        return [
            Problem(
                Location(SITE_CONFIG), "mkdocs.yml must be a mapping of settings, such as 'site_name: ...'"
            )
        ]
    problems = []

    for current, depth in _walk(node):
        at = Location(SITE_CONFIG, current.start_mark.line + 1, current.start_mark.column + 1)
        if depth > MAX_DEPTH:
            # MkDocs reads the file again with a recursive loader, which a deep file would crash.
            return [Problem(at, f"the file nests more than {MAX_DEPTH} levels deep")]
        if current.tag.startswith(PYTHON_TAG):
            kind, _, name = current.tag.removeprefix(PYTHON_TAG).partition(":")
            if kind != "name" or not name.startswith(ALLOWED_NAMES):
                problems.append(
                    Problem(
                        at,
                        f"'!!python/{kind}:{name}' could run any code during the build; mkdocs.yml may "
                        f"only name functions of {', '.join(n.rstrip('.') for n in ALLOWED_NAMES)}",
                    )
                )
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        at = Location(SITE_CONFIG, key.start_mark.line + 1, key.start_mark.column + 1)
        if key.value in REFUSED:
            problems.append(Problem(at, REFUSED[key.value], key.value))
        elif key.value in LISTS and not _is_list_of_text(value):
            problems.append(Problem(at, "expected a list of file names", key.value))
        elif key.value == "markdown_extensions":
            problems += _extension_problems(value)
        elif key.value == "theme":
            problems += _theme_problems(value)
    return problems


def edit_base(root: Path) -> str | None:
    """Where 'edit this page' links start: repo_url and edit_uri of mkdocs.yml
    (edit/main/ when only repo_url is set); None without repo_url."""
    path = root / SITE_CONFIG
    if not path.is_file():
        return None
    try:
        node = compose_tagged(decode(path.read_bytes(), SITE_CONFIG), SITE_CONFIG)
    except ReadError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    settings = {
        key.value: value.value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }
    repository = settings.get("repo_url")
    if not repository or not str(repository).startswith(("https://", "http://")):
        return None
    edit = str(settings.get("edit_uri") or "edit/main/").strip("/")
    return f"{str(repository).rstrip('/')}/{edit}/"
