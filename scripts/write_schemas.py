"""Write vmv.schema.json and vmv-site.schema.json from the models, and
docs/problem-codes.md from the table of problem codes (`make schema`).

Editors point their YAML support at the schemas for completion and checks; the
tests fail when a committed file differs from what the code says.
"""

from __future__ import annotations

from pathlib import Path

from vmv import problem_codes
from vmv.core.model import schema as document_schema
from vmv.core.site import schema as site_schema

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for name, text in (
        ("vmv.schema.json", document_schema.schema_text()),
        ("vmv-site.schema.json", site_schema.schema_text()),
        ("docs/problem-codes.md", problem_codes.table_text()),
    ):
        (ROOT / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
