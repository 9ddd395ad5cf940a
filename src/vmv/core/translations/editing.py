"""Edits of a translation file's text that keep everything else as the translator wrote it:
comments, order, quoting and line breaks.

`vmv translate` only ever adds items at the end of `items:` and rewrites one `source:`
value in place. PyYAML's node tree gives the position of every key and value, so each
edit is a splice of the text at a known place; the rest of the file is never written
again (a YAML library that dumps the whole file would lose its comments).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from vmv.core.translations.items import SourceItem
from vmv.core.translations.languages import language_name

HEADER = (
    "# The VMV in {name}: each item translates the source text at its path.\n"
    "# source: the fingerprint of the source text translated; once a text matches its source\n"
    "#   again, run: vmv translate {language} --mark-current PATH\n"
    "# text: the translation, empty while there is none.\n"
    "# vmv translate status {language} lists the items missing or out of date.\n"
)
_INDENT = 2


_NUMBER_LIKE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
"""What some YAML reader takes for a number (YAML 1.2 reads 1e5 as one, PyYAML does not)."""


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when every YAML reader reads it back as the same text,
    else in double quotes (a fingerprint of digits only would be read as a number)."""
    quoted = not text or text[0] in "!&*{}[]|>'\"%@`#,?:-" or any(c in text for c in ":#\n\t")
    quoted = quoted or bool(_NUMBER_LIKE.fullmatch(text))
    if not quoted:
        try:
            quoted = yaml.safe_load(text) != text
        except yaml.YAMLError:
            quoted = True
    return json.dumps(text, ensure_ascii=False) if quoted else text


def _entry(item: SourceItem, indent: int) -> str:
    """A new, untranslated item: its path, its source's fingerprint and an empty text."""
    inner = " " * (indent + _INDENT)
    empty = "[]" if item.is_list else '""'
    return (
        f"{' ' * indent}{json.dumps(item.path, ensure_ascii=False)}:\n"
        f"{inner}source: {_scalar(item.fingerprint)}\n"
        f"{inner}text: {empty}\n"
    )


def new_file(language: str, items: Sequence[SourceItem]) -> str:
    """A translation file with every item untranslated."""
    entries = "".join(_entry(item, _INDENT) for item in items)
    header = HEADER.format(name=language_name(language, "en"), language=language)
    return f"{header}language: {language}\nitems:\n{entries}"


def _root(text: str) -> yaml.MappingNode:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("a translation file is a mapping")  # the loader refused it before
    return node


def _value(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _block_end(lines: list[str], key_line: int, key_column: int) -> int:
    """The index of the line after the last line of content in the block under a key."""
    last = key_line
    for number in range(key_line + 1, len(lines)):
        stripped = lines[number].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[number]) - len(lines[number].lstrip(" ")) <= key_column:
            break
        last = number
    return last + 1


def with_items(text: str, items: Sequence[SourceItem]) -> str:
    """The file `text` with `items` added at the end of its `items:` mapping."""
    if not items:
        return text
    root = _root(text)
    found = _value(root, "items")
    if found is None:
        entries = "".join(_entry(item, _INDENT) for item in items)
        return f"{text.rstrip(chr(10))}\nitems:\n{entries}"
    key, value = found
    if isinstance(value, yaml.MappingNode) and value.flow_style and value.value:
        inline = "".join(
            f", {json.dumps(i.path, ensure_ascii=False)}: "
            f"{{source: {_scalar(i.fingerprint)}, text: {'[]' if i.is_list else chr(34) * 2}}}"
            for i in items
        )
        closing = value.end_mark.index - 1  # the '}'
        return text[:closing] + inline + text[closing:]
    if isinstance(value, yaml.MappingNode) and value.value:
        indent = value.value[0][0].start_mark.column
        lines = text.split("\n")
        end = _block_end(lines, key.start_mark.line, key.start_mark.column)
        added = "".join(_entry(item, indent) for item in items).rstrip("\n").split("\n")
        return "\n".join([*lines[:end], *added, *lines[end:]])
    # `items:` with nothing, null or {}: its value is replaced by a block of entries.
    start, end = value.start_mark.index, value.end_mark.index
    if isinstance(value, yaml.ScalarNode) and value.value == "":
        start = end = key.end_mark.index + 1  # after the ':'
    entries = "".join(_entry(item, key.start_mark.column + _INDENT) for item in items)
    rest = text[end:]
    return text[:start].rstrip(" ") + "\n" + entries + (rest[1:] if rest.startswith("\n") else rest)


def with_sources(text: str, fingerprints: dict[str, str]) -> str:
    """The file `text` with the `source:` of each item at a path of `fingerprints` set to
    its fingerprint. Every path is an item of the file."""
    root = _root(text)
    found = _value(root, "items")
    assert found is not None and isinstance(found[1], yaml.MappingNode)
    splices: list[tuple[int, int, str]] = []
    for key, value in found[1].value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in fingerprints:
            continue
        written = _scalar(fingerprints[key.value])
        if not isinstance(value, yaml.MappingNode):
            # An item with nothing after its key yet.
            splices.append((value.start_mark.index, value.end_mark.index, f" {{source: {written}}}"))
            continue
        source = _value(value, "source")
        if source is not None:
            node = source[1]
            ending = "\n" if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") else ""
            splices.append((node.start_mark.index, node.end_mark.index, written + ending))
        elif value.flow_style:
            opening = value.start_mark.index + 1
            splices.append(
                (opening, opening, f"source: {written}, " if value.value else f"source: {written}")
            )
        else:
            first = value.value[0][0].start_mark
            splices.append((first.index, first.index, f"source: {written}\n{' ' * first.column}"))
    for start, end, replacement in sorted(splices, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def page_with_source(text: str, fingerprint: str) -> str:
    """A translated page's text with `source:` in its front matter set to `fingerprint`."""
    lines = text.split("\n")
    written = _scalar(fingerprint)
    if not lines or lines[0].rstrip() != "---":
        return f"---\nsource: {written}\n---\n{text}"
    closing = next(n for n, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "..."))
    front = "\n".join(lines[1:closing])
    node = yaml.compose(front, Loader=yaml.SafeLoader) if front.strip() else None
    found = _value(node, "source") if isinstance(node, yaml.MappingNode) else None
    if found is None:
        return "\n".join([lines[0], f"source: {written}", *lines[1:]])
    value = found[1]
    front = front[: value.start_mark.index] + written + front[value.end_mark.index :]
    return "\n".join([lines[0], front, *lines[closing:]])
