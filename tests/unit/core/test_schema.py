"""The committed JSON Schema is generated from the model that validates vmv.yaml."""

from __future__ import annotations

import json

from tests.conftest import REPOSITORY
from vmv.core.model.schema import SCHEMA_FILE, document_schema, schema_text


def test_committed_schema_is_current() -> None:
    committed = (REPOSITORY / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run 'make schema' and commit vmv.schema.json"


def test_schema_forbids_unknown_keys_and_describes_fields() -> None:
    schema = document_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "schema",
        "organization",
        "edition",
        "owners",
        "vision",
        "mission",
        "values",
    }
    value = schema["$defs"]["Value"]
    assert value["additionalProperties"] is False
    assert value["properties"]["id"]["pattern"] == "^[a-z][a-z0-9-]{0,62}$"
    assert all("description" in field for field in value["properties"].values())
    assert schema["properties"]["values"]["maxItems"] == 30


def test_example_declares_the_schema_for_editors() -> None:
    first_line = (REPOSITORY / "vmv.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    json.loads((REPOSITORY / SCHEMA_FILE).read_text(encoding="utf-8"))
