"""Read-only views of vmv's data, the only objects templates are given.

Templates come from pull requests. A pydantic model or a dataclass carries
methods and library internals (`parse_file`, `copy`, `schema`, `__fields__`, ...)
that a template could reach through attribute lookup, and any upgrade of a
library may add more. At the render boundary every model and dataclass becomes a
`View`: exactly the fields its class declares, and its public properties, read
once. Lists become tuples of views; text, numbers, dates and enum members stay
as they are. The sandbox lets a template read a view's fields and nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

_PLAIN = (str, int, float, datetime.date, enum.Enum)
"""Values that stay as they are: text (Markup included), numbers, yes/no, dates, enum members."""

MISSING = object()
"""What `read_field` gives for a name that is not a field."""


class View:
    """The fields of one model or dataclass, read-only, under its class's name.

    It has no public attribute of its own, so every name a template can read on
    it is one of the data's fields.
    """

    __slots__ = ("_fields", "_kind")

    def __init__(self, kind: str, fields: dict[str, Any]) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_fields", fields)

    def __getattr__(self, name: str) -> Any:
        # Filters written in Python read fields as attributes (`story.date`).
        if not name.startswith("_") and name in self._fields:
            return self._fields[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._kind} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._kind} is read-only")

    def __repr__(self) -> str:
        return f"<{self._kind}>"


def read_field(view: View, name: Any) -> Any:
    """The field `name` of `view`, or `MISSING`."""
    fields: dict[str, Any] = view._fields
    return fields.get(name, MISSING) if isinstance(name, str) else MISSING


def describe(view: View) -> tuple[str, list[str]]:
    """The name of the view's class and its fields, for "did you mean" messages."""
    return view._kind, list(view._fields)


def _public_properties(kind: type) -> list[str]:
    """Properties declared by vmv's classes, not by pydantic's or Python's base classes."""
    names: list[str] = []
    for owner in reversed(kind.__mro__):
        if owner is object or (issubclass(BaseModel, owner)):
            continue
        for name, attribute in vars(owner).items():
            readable = isinstance(attribute, (property, functools.cached_property))
            if readable and not name.startswith("_") and name not in names:
                names.append(name)
    return names


@functools.cache
def _exposed(kind: Any) -> tuple[tuple[str, str], ...]:
    """(name templates use, attribute) for each field and public property of a class."""
    if issubclass(kind, BaseModel):
        # A field is named as the YAML spells it: `schema`, not the attribute `schema_`.
        fields = [(field.alias or name, name) for name, field in kind.model_fields.items()]
        fields += [(name, name) for name in kind.model_computed_fields]
    else:
        fields = [(field.name, field.name) for field in dataclasses.fields(kind)]
    fields += [(name, name) for name in _public_properties(kind)]
    return tuple((shown, name) for shown, name in fields if not shown.startswith("_"))


class Viewer:
    """Makes views, once per object: the same page or value reaches many templates."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[Any, Any]] = {}
        """id of the original -> (the original, kept alive so its id stays unique; its view)."""

    def view(self, value: Any) -> Any:
        """`value` as data a template may hold; a `TypeError` for anything else."""
        if value is None or isinstance(value, _PLAIN):
            return value
        made = self._made.get(id(value))
        if made is not None:
            return made[1]
        view: Any
        if isinstance(value, (list, tuple)):
            view = tuple(self.view(item) for item in value)
        elif isinstance(value, dict):
            view = {key: self.view(item) for key, item in value.items()}
        elif isinstance(value, BaseModel) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        ):
            view = View(type(value).__name__, self._fields(value))
        else:
            raise TypeError(f"templates are given data, not {type(value).__name__}")
        self._made[id(value)] = (value, view)
        return view

    def _fields(self, value: Any) -> dict[str, Any]:
        fields = {}
        kind: Any = type(value)
        for shown, name in _exposed(kind):
            field = getattr(value, name)
            # A path is where the repository sits on this machine: never shown on a page.
            if not isinstance(field, PurePath):
                fields[shown] = self.view(field)
        return fields
