"""YAML text -> plain data plus the position of every key and item.

Plain YAML loaders drop positions, keep the last of two duplicate keys and
expand aliases without limit. We compose the node tree ourselves so that every
problem can point at its line and column, duplicate keys are errors, and a
file that expands through aliases into millions of nodes is refused early.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from vmv.errors import Location, Problem, ProblemCode, Severity

MAX_NODES = 50_000
"""How many nodes a document may expand to (aliases count each time they are used)."""

MAX_DEPTH = 100
"""How deeply mappings and lists may nest; a VMV needs about six levels."""

PathKey = tuple[str | int, ...]


@dataclass
class ParsedYaml:
    """Data as plain Python values, with the position of every part of it."""

    data: Any
    values: dict[PathKey, Location] = field(default_factory=dict)
    """Where the value at a path starts."""
    keys: dict[PathKey, Location] = field(default_factory=dict)
    """Where the key of a mapping entry at a path starts."""
    problems: list[Problem] = field(default_factory=list)
    """Problems that did not stop the reading, such as duplicate keys."""

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Location("?", 1, 1))


class _ReadFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def decode(raw: bytes, file: str) -> str:
    """UTF-8 bytes to text; a bad byte becomes a problem at its position."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start : error.start + 1].hex()
        raise ReadError(
            Problem(
                Location(file, line, column),
                f"the file is not valid UTF-8 (byte 0x{byte}); save it with UTF-8 encoding",
                code=ProblemCode.FILE_NOT_UTF8,
            )
        ) from None
    return text.removeprefix(codecs.BOM_UTF8.decode("utf-8"))


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap"}


class _Loader(yaml.SafeLoader):
    """Safe constructors only: a YAML tag can never build a Python object."""


class _Converter:
    def __init__(self, file: str, line_offset: int) -> None:
        self.file = file
        self.line_offset = line_offset
        self.loader = _Loader("")
        self.nodes_seen = 0
        self.result = ParsedYaml(None)

    def location(self, mark: yaml.Mark | None) -> Location:
        if mark is None:
            return Location(self.file, 1 + self.line_offset, 1)
        return Location(self.file, mark.line + 1 + self.line_offset, mark.column + 1)

    def fail(self, node: yaml.Node, message: str, code: ProblemCode) -> _ReadFailed:
        return _ReadFailed(Problem(self.location(node.start_mark), message, code=code))

    def convert(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise self.fail(
                node,
                f"the document expands to more than {MAX_NODES:,} YAML nodes "
                "(aliases count each time they are used); split it or remove aliases",
                ProblemCode.YAML_TOO_LARGE,
            )
        if depth > MAX_DEPTH:  # aliases can nest a document deeper than its text
            raise _ReadFailed(_too_deep(self.location(node.start_mark)))
        self.result.values[path] = self.location(node.start_mark)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            self.result.problems.append(self.unsupported_tag(node, path))
        if isinstance(node, yaml.MappingNode):
            return self.convert_mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and not node.style and _curly_quoted(node.value):
            self.result.problems.append(
                Problem(
                    self.location(node.start_mark),
                    "the text is wrapped in curly quotes, which stay part of the text (a word processor "
                    'typed them); use straight quotes "..." or none',
                    format_path(path),
                    severity=Severity.WARNING,
                    code=ProblemCode.YAML_CURLY_QUOTES,
                )
            )
        return self.convert_scalar(node, path)

    def convert_scalar(self, node: yaml.Node, path: PathKey = ()) -> Any:
        try:  # an int of 1,000 digits (0x..., 1:2:3:...) takes long to compute, and cannot be printed
            if node.tag == "tag:yaml.org,2002:int" and len(node.value) > 1_000:
                raise ValueError
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self.result.problems.append(self.unsupported_tag(node, path))
        except ValueError:
            pass  # such as 2026-13-45: kept as text, so the model says what it expected
        return node.value

    def unsupported_tag(self, node: yaml.Node, path: PathKey) -> Problem:
        return Problem(
            self.location(node.start_mark),
            f"unsupported YAML tag {node.tag!r}",
            format_path(path),
            code=ProblemCode.YAML_TAG,
        )

    def convert_mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> Any:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                message = "a key must be plain text, not a list or mapping"
                raise self.fail(key_node, message, ProblemCode.YAML_COMPLEX_KEY)
            key = self.convert_scalar(key_node)
            key = key if isinstance(key, str) else str(key).lower() if isinstance(key, bool) else str(key)
            child = (*path, key)
            if key in mapping:
                first = self.result.keys[child]
                self.result.problems.append(
                    Problem(
                        self.location(key_node.start_mark),
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        format_path(child),
                        code=ProblemCode.YAML_DUPLICATE_KEY,
                        hint="remove one of them",
                    )
                )
                continue
            self.result.keys[child] = self.location(key_node.start_mark)
            mapping[key] = self.convert(value_node, child, depth + 1)
        return mapping


_CURLY_PAIRS = ("\u201c\u201d", "\u2018\u2019", "\u201e\u201c", "\u00ab\u00bb")
"""“English”, ‘single’, „German“ and «French» quotation marks."""


def _curly_quoted(text: str) -> bool:
    return len(text) > 1 and any(text[0] == pair[0] and text[-1] == pair[1] for pair in _CURLY_PAIRS)


def format_path(path: PathKey) -> str:
    """`values[1].behaviors.do` for ('values', 1, 'behaviors', 'do')."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# PyYAML's wording, in words a person who edits the file can act on.
_PLAIN_WORDS = {
    "<block end>": "the end of an indented block",
    "<block mapping start>": "a new key",
    "<block sequence start>": "a new list",
    "<stream end>": "the end of the file",
    "<document start>": "'---'",
    "<scalar>": "a value",
}


def _plain(text: str) -> str:
    for jargon, words in _PLAIN_WORDS.items():
        text = text.replace(f"'{jargon}'", words).replace(jargon, words)
    return text


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1]


def _reader_problem(error: yaml.reader.ReaderError, file: str, line_offset: int, text: str) -> Problem:
    before = text[: error.position]
    line = before.count("\n") + 1 + line_offset
    column = error.position - (before.rfind("\n") + 1) + 1
    character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
    return Problem(
        Location(file, line, column),
        f"the file contains the control character {character}, which YAML does not allow",
        code=ProblemCode.YAML_CONTROL_CHARACTER,
        hint="remove it",
    )


_KEY = re.compile(r"^(\s*+(?:-\s+)*+)([^\s#'\"][^:#]*?):(?:\s|$)")
"""The key starting a line such as `  - name: Customer First`, and its indentation (dashes taken whole)."""


def _indentation(line: str) -> int:
    """Where the line's key starts: after its spaces and any list dashes."""
    match = _KEY.match(line)
    return len(match.group(1)) if match else len(line) - len(line.lstrip(" "))


def _starts_with_wide_space(text: str, mark: yaml.Mark) -> bool:
    """Whether the line the parser stopped at, or the one before, is indented with U+3000,
    which Japanese and Chinese keyboards type for a space."""
    lines = text.split("\n")
    nearby = lines[max(mark.line - 1, 0) : mark.line + 1]
    return any(line.lstrip(" ").startswith("\u3000") for line in nearby)


def _at_column(mark: yaml.Mark, column: int | None) -> yaml.Mark:
    if column is None:
        return mark
    return yaml.Mark(mark.name, mark.index, mark.line, column, mark.buffer, mark.pointer)


def _misaligned(lines: list[str], line_number: int, line_offset: int) -> str | None:
    """When the line's key or dash starts elsewhere than the one above it, say so."""
    here = _indentation(lines[line_number])
    for number in range(line_number - 1, -1, -1):
        above = lines[number]
        if above.strip() and not above.lstrip().startswith("#"):
            there = _indentation(above)
            if there == here:
                return None
            return (
                f"this line starts at column {here + 1}, but line {number + 1 + line_offset} above it "
                f"at column {there + 1}; the keys and list items of one block must start in the same "
                "column (indent with the same number of spaces)"
            )
    return None


def _stray_colon(lines: list[str], mark: yaml.Mark, line_offset: int) -> tuple[str, int | None]:
    """PyYAML's "mapping values are not allowed" in the words of the two mistakes behind it:
    text holding ': ' that needs quotes, or a key indented unlike the keys around it;
    with the column to point at."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    key = _KEY.match(line)
    if key and len(key.group(0).rstrip()) - 1 < mark.column:
        name = key.group(2).strip()
        value = line[key.end() :].strip()
        if _curly_quoted(value):
            value = value[1:-1]  # the quotes a word processor typed: straight ones replace them
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        return (
            f"the text after '{name}:' holds ': ', which YAML reads as another key; "
            f'put the whole text in double quotes: {name}: "{quoted}"'
        ), None
    misaligned = _misaligned(lines, mark.line, line_offset)
    if misaligned:
        return misaligned, _indentation(line)
    return "a ':' YAML did not expect; put text that holds ': ' in double quotes", None


def _syntax_problem(error: yaml.YAMLError, file: str, line_offset: int, text: str) -> Problem:
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    if problem_mark is not None and _starts_with_wide_space(text, problem_mark):
        mark = _at_column(problem_mark, 0)
        message = "the line starts with full-width spaces (　); indent with ordinary spaces only"
    elif "could not find expected ':'" in problem and context_mark is not None:
        # PyYAML notices the missing colon on the next line; the mistake is on this one.
        mark = context_mark
        message = "a key needs a ':' after it (or the line is indented too far)"
    elif "'\\t'" in problem or _character_at(text, problem_mark) == "\t":
        message = "a tab character; indent with spaces only"
    elif "mapping values are not allowed" in problem and problem_mark is not None:
        message, column = _stray_colon(text.split("\n"), problem_mark, line_offset)
        mark = _at_column(problem_mark, column)
    elif "expected '-' indicator" in problem and problem_mark is not None:
        lines = text.split("\n")
        message = _misaligned(lines, problem_mark.line, line_offset) or _plain(problem)
        mark = _at_column(problem_mark, _indentation(lines[problem_mark.line]))
    else:
        message = _plain(problem) + (f" ({_plain(context)})" if context else "")
    line = mark.line + 1 + line_offset if mark else 1 + line_offset
    column = mark.column + 1 if mark else 1
    where = Location(file, line, column)
    return Problem(where, f"YAML syntax error: {message}", code=ProblemCode.YAML_SYNTAX)


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it: faster, and it nests without Python recursion."""

MAX_EVENTS = 2 * MAX_NODES
"""Parser events a document may have before it is refused without being composed."""

_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _too_deep(location: Location) -> Problem:
    return Problem(
        location, f"the file nests more than {MAX_DEPTH} levels deep", code=ProblemCode.YAML_TOO_DEEP
    )


def _refuse_early(text: str, file: str, line_offset: int) -> None:
    """Refuse a document that is far too large or too deep from its parser events alone.

    libyaml parses without recursion, but composing the node tree recurses once per
    level in C: tens of thousands of '[' crash the process before any check on the
    tree could run. The events come first, so the depth is counted there.
    """
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=_FAST_LOADER)):
        if isinstance(event, _OPENING):
            depth += 1
        elif isinstance(event, _CLOSING):
            depth -= 1
        if count > MAX_EVENTS or depth > MAX_DEPTH:
            mark = event.start_mark
            line, column = (mark.line, mark.column) if mark else (0, 0)
            where = Location(file, line + 1 + line_offset, column + 1)
            if depth > MAX_DEPTH:
                raise ReadError(_too_deep(where))
            message = (
                f"the document has more than {MAX_NODES:,} parts; a VMV needs far fewer, "
                "so vmv stops reading here"
            )
            raise ReadError(Problem(where, message, code=ProblemCode.YAML_TOO_LARGE))


def _compose(text: str, file: str, line_offset: int = 0) -> yaml.Node | None:
    """The node tree of one YAML document, refused early when it is far too large or deep."""
    try:
        _refuse_early(text, file, line_offset)
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.reader.ReaderError as error:
        raise ReadError(_reader_problem(error, file, line_offset, text)) from None
    except yaml.YAMLError as error:
        raise ReadError(_syntax_problem(error, file, line_offset, text)) from None
    except RecursionError:
        # Only PyYAML's pure-Python parser recurses; the depth check above comes first.
        raise ReadError(_too_deep(Location(file, 1 + line_offset, 1))) from None


def parse_yaml(text: str, file: str, *, line_offset: int = 0) -> ParsedYaml:
    """Parse one YAML document; raise `ReadError` with the first problem."""
    converter = _Converter(file, line_offset)
    root = _compose(text, file, line_offset)
    if root is None:
        empty = Problem(Location(file, 1 + line_offset, 1), "the file is empty", code=ProblemCode.FILE_EMPTY)
        raise ReadError(empty)
    try:
        converter.result.data = converter.convert(root, (), 0)
    except _ReadFailed as failure:
        raise ReadError(failure.problem) from None
    return converter.result


class ReadError(Exception):
    """A file could not be read as YAML at all; carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
