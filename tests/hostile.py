"""Hostile text in the text fields of a company's repository, for the XSS tests.

Which fields take text is found by trying: every string of vmv.yaml, of each
playbook page's front matter and of each recognition file is replaced, and
those vmv refuses (ids, references, versions) are put back until the
repository loads. A field added to the model later is covered without a change.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from vmv.core.load.project import load_project
from vmv.errors import InvalidInput

PAYLOAD = '"><img src=x onerror=alert(1)>{ onmouseover=alert(2) }</title><script>window.__xss=1</script>'
"""Breaks out of an attribute, a title element and a Markdown block; each part runs script if it gets through."""

Field = tuple[str, tuple[str | int, ...]]
"""A file of the repository, and the path of a text in it."""

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _path(text: str) -> tuple[str | int, ...]:
    """`values[1].name` as a path: ('values', 1, 'name')."""
    return tuple(int(index) if index else name for name, index in _STEP.findall(text))


def _strings(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(node, str):
        return [path]
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in _strings(value, (*path, key))]
    if isinstance(node, list):
        return [found for index, value in enumerate(node) for found in _strings(value, (*path, index))]
    return []


class Documents:
    """vmv.yaml, the front matter of each playbook page and each recognition file, as data."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data: dict[str, Any] = {"vmv.yaml": yaml.safe_load((root / "vmv.yaml").read_text("utf-8"))}
        self.bodies: dict[str, str] = {}
        for page in sorted((root / "playbook").rglob("*.md")):
            name = page.relative_to(root).as_posix()
            _, front, self.bodies[name] = page.read_text("utf-8").split("---\n", 2)
            self.data[name] = yaml.safe_load(front)
        for stories in sorted((root / "recognition").glob("*.yaml")):
            self.data[stories.relative_to(root).as_posix()] = yaml.safe_load(stories.read_text("utf-8"))

    def texts(self) -> list[Field]:
        return [(file, path) for file, node in self.data.items() for path in _strings(node)]

    def get(self, field: Field) -> Any:
        file, path = field
        node = self.data[file]
        for step in path:
            node = node[step]
        return node

    def set(self, field: Field, value: str) -> None:
        file, path = field
        parent = self.get((file, path[:-1]))
        parent[path[-1]] = value

    def write(self) -> None:
        for file, node in self.data.items():
            text = yaml.safe_dump(node, sort_keys=False, allow_unicode=True, width=1000)
            if file in self.bodies:
                text = f"---\n{text}---\n{self.bodies[file]}"
            (self.root / file).write_text(text, encoding="utf-8")


def refused_fields(root: Path) -> set[Field]:
    """The fields vmv's checks name in `root`, or none when it loads."""
    try:
        load_project(root)
    except InvalidInput as error:
        return {(problem.location.file, _path(problem.path)) for problem in error.problems}
    return set()


def fill(root: Path, text: str = PAYLOAD) -> list[Field]:
    """Put `text` (numbered, since names must differ) into every field that takes any text,
    write the files, and return those fields."""
    documents = Documents(root)
    original = {field: documents.get(field) for field in documents.texts()}
    for number, field in enumerate(original):
        documents.set(field, f"{text} {number}")
    for _ in range(10):
        documents.write()
        refused = refused_fields(root)
        if not refused:
            return [field for field, value in original.items() if documents.get(field) != value]
        for field, value in original.items():
            if any(field[0] == file and field[1][: len(path)] == path for file, path in refused):
                documents.set(field, value)
    raise AssertionError(f"vmv still refuses {sorted(refused)}")


def _runs_script(address: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20]", "", address).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


def handlers_and_script_addresses(html: str) -> list[str]:
    """Each event handler attribute, and each address that runs script, in `html`."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        found += [f"{element.name} {name}" for name in element.attrs if name.lower().startswith("on")]
        for name in ("href", "src", "action", "formaction", "xlink:href", "data"):
            value = element.get(name)
            if isinstance(value, str) and _runs_script(value):
                found.append(f"{element.name} {name}={value}")
    return found
