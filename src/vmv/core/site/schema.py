"""JSON Schema of mkdocs.yml, generated from the model of the site settings.

Editors with a YAML language server use it for completion and hover help when
mkdocs.yml starts with `# yaml-language-server: $schema=vmv-site.schema.json`.
The model holds one form per setting; the other forms `site_load` reads (as
MkDocs does) are added here: `theme: material`, one palette instead of a list,
`font: false`, extensions and plugins listed by name, search languages as one
name. `make schema` rewrites the committed copy; a test fails when it is stale.
"""

from __future__ import annotations

import json
from typing import Any

from vmv.core.site.settings import SiteSettings

SITE_SCHEMA_FILE = "vmv-site.schema.json"


def _either(short: dict[str, Any], full: dict[str, Any]) -> dict[str, Any]:
    """A property written in its full form or a short one (one palette for a list of
    them), described as the full form is."""
    described: dict[str, Any] = {key: full.pop(key) for key in ("description", "default") if key in full}
    return {"anyOf": [short, full], **described}


def _named(mapping: dict[str, Any]) -> dict[str, Any]:
    """Names with their options (a mapping), or a list of names, each alone or with its options."""
    described: dict[str, Any] = {
        key: mapping.pop(key) for key in ("description", "default") if key in mapping
    }
    properties = mapping["properties"]
    listed = {
        "type": "array",
        "items": {
            "anyOf": [
                {"enum": sorted(properties)},
                {
                    "type": "object",
                    "properties": properties,
                    "additionalProperties": False,
                    "minProperties": 1,
                    "maxProperties": 1,
                },
            ]
        },
    }
    return {"anyOf": [listed, mapping], **described}


def site_schema() -> dict[str, Any]:
    """The schema of mkdocs.yml as vmv reads it."""
    schema = SiteSettings.model_json_schema(by_alias=True)
    definitions = schema["$defs"]
    properties = schema["properties"]
    properties["theme"] = _either({"const": "material"}, properties["theme"])
    theme = definitions["Theme"]["properties"]
    theme["palette"] = _either({"$ref": "#/$defs/Palette"}, theme["palette"])
    theme["font"] = {
        "anyOf": [{"const": False}, {"$ref": "#/$defs/Font"}],
        "description": theme["font"]["description"],
        "default": False,
    }
    for name in ("MarkdownExtensions", "Plugins"):
        definitions[name] = _named(definitions[name])
    search = definitions["SearchOptions"]["properties"]
    search["lang"]["anyOf"].insert(0, search["lang"]["anyOf"][0]["items"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "mkdocs.yml: the site settings vmv allows",
    }


def schema_text() -> str:
    """The committed file's exact text."""
    return json.dumps(site_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
