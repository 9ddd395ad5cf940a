"""The text of a Markdown heading of the first level (`# Title`, `# Title ##`), read in
one pass.

A page's opening heading is its title, and a translated page's too. The regular
expression that read it, `#\\s+(.+?)\\s*#*\\s*`, backtracks: a heading line of `# a`, 3,000
spaces and a letter took 30 s to read, and one of 2 MB far longer, in the process that
reads the repository, where no limit of time applies.
"""

from __future__ import annotations


def heading_text(line: str) -> str | None:
    """The text of `line` when it is a heading of the first level, else None: what
    `re.fullmatch(r"#\\s+(.+?)\\s*#*\\s*", line).group(1)` gives, in time linear in the line."""
    if len(line) < 3 or line[0] != "#" or not line[1].isspace():
        return None
    text = line[1:].lstrip()
    if not text:
        return line[-1]  # nothing but spaces after '#': the pattern's text is the last one
    end = len(text.rstrip())
    end = len(text[:end].rstrip("#"))
    end = len(text[:end].rstrip())
    return text[: max(1, end)]
