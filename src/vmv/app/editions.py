"""Editions built with this app's pipeline: the editions layer takes the way to load and
render a working copy as an argument, and this module hands it `pipeline.check`."""

from __future__ import annotations

import functools

from vmv.app.pipeline import check
from vmv.editions import publish as publishing
from vmv.editions import versioned_site

build_all_versions = functools.partial(versioned_site.build_all_versions, check=check)
"""Every tagged edition (and the draft) into one versioned site."""

publish = functools.partial(publishing.publish, check=check)
"""The working copy's edition deployed with mike to the site branch."""
