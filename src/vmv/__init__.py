"""vmv: docs-as-code for a company's Vision, Mission and Values playbook."""

from __future__ import annotations

from importlib import metadata

# One declaration of the version: pyproject.toml's, as the installed package records it.
__version__ = metadata.version("vmv")

from vmv.app.pipeline import BuildReport, build_site, check
from vmv.core.load.project import Page, Project, load_project
from vmv.core.model.document import Document, PageMeta
from vmv.core.render.rendered_site import RenderedSite
from vmv.core.render.site import render_site
from vmv.errors import (
    BuildFailed,
    InvalidInput,
    Location,
    Problem,
    ProblemCode,
    Severity,
    UsageError,
    VmvError,
)

__all__ = [
    "BuildFailed",
    "BuildReport",
    "Document",
    "InvalidInput",
    "Location",
    "Page",
    "PageMeta",
    "Problem",
    "ProblemCode",
    "Project",
    "RenderedSite",
    "Severity",
    "UsageError",
    "VmvError",
    "__version__",
    "build_site",
    "check",
    "load_project",
    "render_site",
]
