"""The company's templates/ folder, read once by the loader: rendering gets the texts as
data and reads no file itself."""

from __future__ import annotations

from pathlib import Path

from vmv.core.boundary import RefusedPath, files_under
from vmv.core.inputs import TEMPLATES_DIR
from vmv.errors import Location, Problem, ProblemCode

CompanyTemplates = dict[str, str]
"""Template name as Jinja knows it (`home.md.j2`, `partials/card.md.j2`) -> its text."""


def load_templates(root: Path) -> tuple[CompanyTemplates, list[Problem]]:
    """Every template in templates/ (dotfiles left out: editors' backups), and a problem
    for each file that cannot be one: a link out of the repository, a special file, text
    that is not UTF-8."""
    files, problems = files_under(root, TEMPLATES_DIR, include=lambda name: not name.startswith("."))
    templates: CompanyTemplates = {}
    for file in files:
        try:
            text = file.read().decode("utf-8")
        except RefusedPath as refused:
            problems.append(refused.problem())
            continue
        except UnicodeDecodeError:
            message = "the file is not valid UTF-8; save it with UTF-8 encoding"
            problems.append(Problem(Location(file.name), message, code=ProblemCode.FILE_NOT_UTF8))
            continue
        templates[file.name.removeprefix(f"{TEMPLATES_DIR}/")] = text
    return templates, problems
