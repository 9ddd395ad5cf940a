"""JSON Schema of vmv.yaml, generated from the model that validates it.

Editors with a YAML language server use it for completion and hover help:
the first line of vmv.yaml, `# yaml-language-server: $schema=vmv.schema.json`,
points at it. `make schema` rewrites the committed copy; a test fails when it
is stale.
"""

from __future__ import annotations

import json
from typing import Any

from vmv.core.model.document import Document

SCHEMA_FILE = "vmv.schema.json"


def _schema(model: type[Document], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
    return schema


def document_schema() -> dict[str, Any]:
    """The schema of vmv.yaml."""
    return _schema(Document, "vmv.yaml: a company's Vision, Mission and Values")


def schema_text() -> str:
    """The committed file's exact text."""
    return json.dumps(document_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
