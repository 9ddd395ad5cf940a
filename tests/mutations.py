"""A mutation fuzzer for vmv's inputs: the hardening tests and scripts/fuzz.py share it.

Each mutation is what a hurried editor or a hostile pull request might do to a
file: delete, duplicate or swap lines, truncate, inject bytes, swap a value's
type, re-indent, nest deeply.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

LINE_FORMAT = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (error|warning): .+$")

VALUES = [
    "[]",
    "{}",
    "123",
    "1.5",
    "yes",
    "no",
    "null",
    "~",
    "2026-13-45",
    '"x"',
    "[a, [b]]",
    "{a: 1}",
    "!!python/object/apply:os.system [id]",
    "*nowhere",
    "&anchor x",
    "'{{ 7 * 7 }}'",
    "|",
    ">-",
]
BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\t",
    b"\r",
    b"\x1b[31m",
    b"\xe2\x80\xae",
    b"---\n",
    b"...\n",
    b"{{",
    b"{%",
    b"<script>",
    b"\n- ",
    b": ",
    b"#",
    b"&a",
    b"*a",
    b"%TAG ! x\n",
    b'"',
    b"'",
]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return b"\n".join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def inject_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(BYTES) + data[at:]


def swap_value_type(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line or line.strip().startswith(b"- ")]
    if not candidates:
        return data
    index = rng.choice(candidates)
    line = lines[index]
    head = line.split(b": ", 1)[0] + b": " if b": " in line else line[: line.index(b"- ") + 2]
    lines[index] = head + rng.choice(VALUES).encode()
    return b"\n".join(lines)


def reindent(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    lines[index] = (
        (b" " * rng.choice([1, 2, 3, 8]) + lines[index]) if rng.random() < 0.5 else lines[index].lstrip()
    )
    return b"\n".join(lines)


def nest_deeply(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([50, 150, 5000])
    lines = _lines(data)
    index = rng.randrange(len(lines))
    lines.insert(index, b"deep: " + b"[" * depth + b"]" * depth)
    return b"\n".join(lines)


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    delete_line,
    duplicate_line,
    swap_lines,
    truncate,
    inject_bytes,
    swap_value_type,
    reindent,
    nest_deeply,
]


def mutate(data: bytes, rng: random.Random, rounds: int = 1) -> bytes:
    """Apply `rounds` random mutations."""
    for _ in range(rounds):
        data = rng.choice(MUTATIONS)(data, rng) if data else data
    return data


def problems_are_well_formed(lines: list[str], files: dict[str, bytes]) -> list[str]:
    """Lines that break the contract's format, or point outside their file."""
    wrong = []
    for line in lines:
        match = LINE_FORMAT.match(line)
        if not match:
            wrong.append(f"not in the contract's format: {line!r}")
            continue
        content = files.get(match.group("file"))
        if content is None:
            continue  # a template or mkdocs.yml: not mutated here
        last = content.count(b"\n") + 1
        if not 1 <= int(match.group("line")) <= last + 1:
            wrong.append(f"line outside the file ({last} lines): {line!r}")
    return wrong
