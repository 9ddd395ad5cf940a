"""The public API is what `vmv.__all__` lists; exception classes and exit codes are part of it."""

from __future__ import annotations

import re
from pathlib import Path

import vmv
from vmv.errors import BuildFailed, InvalidInput, UsageError, VmvError


def test_all_names_exist_and_are_sorted() -> None:
    assert sorted(vmv.__all__) == vmv.__all__
    for name in vmv.__all__:
        assert hasattr(vmv, name), name


def test_exit_codes_follow_the_contract() -> None:
    assert InvalidInput([]).exit_code == 1
    assert BuildFailed("x").exit_code == 1
    assert UsageError("x").exit_code == 2
    assert all(issubclass(c, VmvError) for c in (InvalidInput, BuildFailed, UsageError))


def test_the_core_never_imports_an_engine() -> None:
    """import-linter enforces the layers in `make test`; this also catches an import hidden in a string."""
    core = Path(vmv.__file__).parent / "core"
    modules = sorted(core.rglob("*.py"))
    assert len(modules) > 20
    for module in modules:
        text = module.read_text(encoding="utf-8")
        for engine in ("mkdocs", "material"):
            assert f"import {engine}" not in text and f"from {engine}" not in text, module


def test_only_the_command_line_prints() -> None:
    """Every other layer returns problems and reports; cli.py decides what reaches the terminal."""
    package = Path(vmv.__file__).parent
    printing = re.compile(r"\bprint\(|sys\.std(out|err)\.write|click\.echo")
    found = [
        module.relative_to(package).as_posix()
        for module in sorted(package.rglob("*.py"))
        if module.name != "cli.py" or module.parent != package
        if printing.search(module.read_text(encoding="utf-8"))
    ]
    assert found == []
