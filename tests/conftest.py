"""Shared fixtures: the example repository, fresh starter repositories, the CLI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from vmv.cli import main
from vmv.scaffold import create_repository

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run() -> Callable[..., Outcome]:
    """Run `vmv ARGS` in-process and return its exit code and both streams."""

    def invoke(*args: str | os.PathLike[str]) -> Outcome:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A new company repository made by `vmv init`."""
    root = tmp_path / "acme"
    create_repository(root)
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example company's repository (vmv.yaml, playbook/, mkdocs.yml)."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("vmv.yaml", "mkdocs.yml"):
        shutil.copy(REPOSITORY / name, root / name)
    for folder in ("playbook", "templates"):
        if (REPOSITORY / folder).is_dir():
            shutil.copytree(REPOSITORY / folder, root / folder)
    return root


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="Rewrite expected output files.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
