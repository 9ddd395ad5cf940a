"""The Jinja environment that renders untrusted pages and templates.

Anyone in a company may open a pull request, and CI renders it. Templates hold
views of vmv's data (views.py), and the sandbox lets them read a view's fields
and, of any other type, only the attributes listed here. The limits below stop,
with the template's line, the operations that would exhaust memory or time; the
rendering process's own limits (isolation.py) stop those no check here can see.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import enum
import operator
import os
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, pass_eval_context
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.filters import do_indent, do_replace
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Namespace
from markupsafe import Markup

from vmv.core.render.views import MISSING, View, describe, read_field
from vmv.errors import did_you_mean

MAX_TEXT = 1_000_000
"""Longest string or list one expression may build (characters or items)."""
MAX_PAGE_OUTPUT = 20_000_000
"""Most characters one template may write."""
MAX_RANGE = 100_000
"""Most items `range()` may produce."""
MAX_EXPONENT = 1_000
_WIDE_FORMAT = re.compile(r"(?:%[-+ #0]*|\{[^{}]*:[^{}]*?)\d{5,}")


class RenderTimeout(BaseException):
    """Raised inside a rendering thread that ran past its time budget.

    A BaseException, so that a template cannot swallow it with a broad handler.
    """


def _sized(value: Any) -> Any:
    if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_TEXT:
        raise SecurityError(f"the result would hold {len(value):,} items; the limit is {MAX_TEXT:,}")
    return value


def _repeat(left: Any, right: Any) -> Any:
    for sequence, count in ((left, right), (right, left)):
        repeats = isinstance(sequence, (str, list, tuple)) and isinstance(count, int)
        if repeats and len(sequence) * count > MAX_TEXT:
            raise SecurityError(
                f"repeating text {count:,} times is over the limit of {MAX_TEXT:,} characters"
            )
    return operator.mul(left, right)


def _power(left: Any, right: Any) -> Any:
    if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
        raise SecurityError(f"exponents above {MAX_EXPONENT} are not allowed")
    return operator.pow(left, right)


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _WIDE_FORMAT.search(text):
        raise SecurityError("format widths of 10,000 or more are not allowed")


def _check_sizes(*arguments: Any) -> None:
    """Numbers a string method or format would use as a width or a count."""
    for argument in arguments:
        if isinstance(argument, int) and not isinstance(argument, bool) and abs(argument) > MAX_TEXT:
            raise SecurityError(f"widths and counts above {MAX_TEXT:,} are not allowed")


def _modulo(left: Any, right: Any) -> Any:
    _check_format(left)
    if isinstance(left, str) and "*" in left:  # '%*s': the width comes from the arguments
        _check_sizes(*(right if isinstance(right, tuple) else (right,)))
    return _sized(operator.mod(left, right))


_WIDENING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


def _center(value: Any, width: int = 80) -> str:
    _check_sizes(width)
    return str(value).center(width)


def _indent(value: Any, width: Any = 4, first: bool = False, blank: bool = False) -> Any:
    if isinstance(width, int):
        _check_sizes(width * (str(value).count("\n") + 1))
    elif isinstance(width, str):
        _sized(width * (str(value).count("\n") + 1))
    return do_indent(value, width, first, blank)


@pass_eval_context
def _replace(eval_context: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
    text, old, new = str(value), str(old), str(new)
    growth = (len(new) - len(old)) * (text.count(old) if old else len(text) + 1)
    _check_sizes(len(text) + max(growth, 0))
    return do_replace(eval_context, value, old, new, count)


def _format_filter(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_format(value)
    formatted: str = _sized(str(value) % (kwargs or args))
    return formatted


def _bounded_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() may produce at most {MAX_RANGE:,} items")
    return iter(numbers)


class _Undefined(StrictUndefined):
    """StrictUndefined whose message suggests the field the author probably meant."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        name = self._undefined_name
        if isinstance(owner, View) and isinstance(name, str):
            kind, fields = describe(owner)
            hint = did_you_mean(name, fields) or f" (it has: {', '.join(fields)})"
            return f"{kind} has no field '{name}'{hint}"
        if isinstance(owner, dict) and isinstance(name, str):
            return f"no entry '{name}'{did_you_mean(name, [str(k) for k in owner])}"
        return str(super()._undefined_message)


_TEXT_METHODS = frozenset(
    {
        *("capitalize", "casefold", "center", "count", "endswith", "expandtabs", "find", "format"),
        *("index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier"),
        *("islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust"),
        *("lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind"),
        *("rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines"),
        *("startswith", "strip", "swapcase", "title", "upper", "zfill"),
    }
)
"""What text offers templates: none changes anything, `format` is checked by the sandbox."""

_LOOP = frozenset({"changed", "cycle", "depth", "depth0", "first", "index", "index0", "last", "length"})
_ALLOWED_ATTRIBUTES: tuple[tuple[type, frozenset[str]], ...] = (
    (str, _TEXT_METHODS),
    (Markup, frozenset({"striptags", "unescape"})),
    (tuple, frozenset({"count", "index"})),
    (list, frozenset({"count", "index"})),
    (dict, frozenset({"get", "items", "keys", "values"})),
    (datetime.date, frozenset({"year", "month", "day", "isoformat"})),
    (enum.Enum, frozenset({"name", "value"})),
    (LoopContext, _LOOP | {"nextitem", "previtem", "revindex", "revindex0"}),
    (Cycler, frozenset({"current", "next", "reset"})),
    (Macro, frozenset({"name", "arguments", "catch_kwargs", "catch_varargs", "caller"})),
    (BlockReference, frozenset({"super"})),
)
"""Every attribute a template may read, by type; nothing else, whatever a library adds.
A view's fields are allowed per view (`Sandbox.is_safe_attribute`)."""
_TEMPLATE_DEFINED = (Namespace, TemplateModule)
"""What a template defined itself (`namespace()`, an imported template): its public names
are the template's own values and macros."""


def _allowed_attributes(kind: type) -> frozenset[str]:
    return frozenset().union(*(names for base, names in _ALLOWED_ATTRIBUTES if issubclass(kind, base)))


def _too_nested(name: str | None, filename: str | None) -> TemplateSyntaxError:
    message = "brackets or tags nest too deeply for vmv to read; simplify the template"
    return TemplateSyntaxError(message, 1, name, filename)


class Sandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox with `StrictUndefined` and limits on size and time."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        # StrictUndefined: a misspelt variable is an error, not an empty string.
        # keep_trailing_newline: Markdown output keeps the author's last line break.
        # trim_blocks, lstrip_blocks: a line holding only {% ... %} leaves no blank
        # line behind, which in Markdown would split a table or loosen a list.
        super().__init__(
            undefined=_Undefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            **options,
        )
        self.globals["range"] = _bounded_range
        self.filters["format"] = _format_filter
        self.filters["center"] = _center
        self.filters["indent"] = _indent
        self.filters["replace"] = _replace
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    def parse(self, source: str, name: str | None = None, filename: str | None = None) -> Any:
        try:
            return super().parse(source, name, filename)
        except RecursionError:
            raise _too_nested(name, filename) from None

    def compile(  # Jinja's overloads, all passed through as they are
        self, source: Any, name: str | None = None, filename: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        # Jinja's parser and Python's compiler recurse once per level of brackets and tags.
        try:
            return super().compile(source, name, filename, *args, **kwargs)
        except RecursionError:
            raise _too_nested(name, filename) from None

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            return _repeat(left, right)
        if operator_name == "**":
            return _power(left, right)
        if operator_name == "%":
            return _modulo(left, right)
        return _sized(operator.add(left, right))

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)

        def checked(*args: Any, **kwargs: Any) -> Any:
            _check_sizes(*args, *kwargs.values())  # '{:>{}}'.format('x', width)
            return _sized(wrapped(*args, **kwargs))

        return checked

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            isinstance(getattr(__obj, "__self__", None), str)
            and getattr(__obj, "__name__", "") in _WIDENING_METHODS
        ):
            _check_sizes(*args, *kwargs.values())
        return _sized(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is View:
            return self._field(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        # Filters such as sort(attribute=...) and map(attribute=...) look fields up as items.
        if type(obj) is View:
            return self._field(obj, argument)
        return super().getitem(obj, argument)

    def _field(self, view: View, name: Any) -> Any:
        value = read_field(view, name)
        return self.undefined(obj=view, name=name) if value is MISSING else value

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if type(obj) is View:
            return read_field(obj, attr) is not MISSING
        # Jinja's rules look only at the object's type and the name, and templates read the
        # same few names thousands of times: the answer is kept per type and name.
        key = (type(obj), attr)
        known = self._safe_attributes.get(key)
        if known is None:
            own = isinstance(obj, _TEMPLATE_DEFINED) and not attr.startswith("_")
            listed = own or attr in _allowed_attributes(type(obj))
            known = listed and super().is_safe_attribute(obj, attr, value)
            self._safe_attributes[key] = known
        return known


def bounded_output(chunks: Iterator[str]) -> str:
    """Join a template's output, refusing to go past `MAX_PAGE_OUTPUT` characters."""
    parts, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_PAGE_OUTPUT:
            raise SecurityError(f"the page would be longer than {MAX_PAGE_OUTPUT:,} characters")
        parts.append(chunk)
    return "".join(parts)


class _Watchdog:
    """One thread that interrupts rendering threads past their deadline.

    Signals only reach the main thread and `vmv serve` renders in another one, so
    the watchdog raises the exception asynchronously in the rendering thread. One
    long-lived thread, not one per page: a site of 2,000 pages renders 4,000 times.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._deadlines: dict[object, tuple[float, int]] = {}
        self._fired: set[object] = set()
        self._thread: threading.Thread | None = None

    def start(self, seconds: float) -> object:
        token = object()
        with self._condition:
            self._deadlines[token] = (time.monotonic() + seconds, threading.get_ident())
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._watch, daemon=True, name="vmv-render-timer")
                self._thread.start()
            self._condition.notify()
        return token

    def stop(self, token: object) -> bool:
        """End the watch; True if the deadline passed and the exception was sent."""
        with self._condition:
            self._deadlines.pop(token, None)
            if token in self._fired:
                self._fired.discard(token)
                return True
            return False

    def _watch(self) -> None:
        with self._condition:
            while True:
                now = time.monotonic()
                for token, (deadline, thread) in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[token]
                        self._fired.add(token)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(thread), ctypes.py_object(RenderTimeout)
                        )
                earliest = min((d for d, _ in self._deadlines.values()), default=None)
                self._condition.wait(None if earliest is None else max(earliest - now, 0.001))


_watchdog = _Watchdog()
# A forked child has no watchdog thread, and may have copied the lock while held.
os.register_at_fork(after_in_child=lambda: _Watchdog.__init__(_watchdog))


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `RenderTimeout` in this thread if the block runs longer than `seconds`."""
    token = _watchdog.start(seconds)
    try:
        yield
    finally:
        if _watchdog.stop(token):
            # The exception may still be pending if the block ended in the same instant.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)
