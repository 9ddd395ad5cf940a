"""vmv: docs-as-code for a company's Vision, Mission and Values playbook."""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildReport, build_site, check
from .errors import BuildFailed, InvalidInput, Location, Problem, Severity, UsageError, VmvError
from .load import Page, Project, load_project
from .model import Document, PageMeta
from .render import render_site
from .rendered_site import RenderedSite

__all__ = [
    "BuildFailed",
    "BuildReport",
    "Document",
    "InvalidInput",
    "Location",
    "Page",
    "PageMeta",
    "Problem",
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
