#!/usr/bin/env python3
"""The README's screenshots, made again from the example company in this repository.

Builds the example (vmv.yaml, playbook/, recognition/, mkdocs.yml at the root) into
a temporary folder, serves it on a free local port and photographs it with Debian's
chromium through Playwright:

- docs/screenshot-desktop.png: the home page at 1400x900, with the section tabs;
- docs/screenshot-phone.png: the first onboarding path at 390x844 (as a phone with
  a 2x screen shows it), two steps ticked.

Run it after a change a reader can see: `.venv/bin/python scripts/screenshots.py`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from tests.conftest import static_server  # noqa: E402

from vmv.app.pipeline import build_site  # noqa: E402


def take(output: Path, chromium: str) -> list[Path]:
    """Build the example and write both screenshots into `output`."""
    desktop, phone = output / "screenshot-desktop.png", output / "screenshot-phone.png"
    with tempfile.TemporaryDirectory(prefix="vmv-screenshots-") as folder:
        site = Path(folder) / "site"
        build_site(REPOSITORY, site)
        with static_server(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900}, color_scheme="light")
            page.goto(url)
            page.screenshot(path=str(desktop))
            page.context.close()
            page = browser.new_page(
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                color_scheme="light",
            )
            page.goto(url + "onboarding/day-one/")
            ticks = page.locator("input.vmv-tick")
            for number in range(2):
                ticks.nth(number).check()
            page.evaluate("window.scrollTo(0, document.querySelector('.vmv-progress').offsetTop - 120)")
            # The header swaps the site's name for the page's title with an animation.
            page.wait_for_timeout(1000)
            page.screenshot(path=str(phone))
            browser.close()
    return [desktop, phone]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=REPOSITORY / "docs", help="folder for the PNG files")
    arguments = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("screenshots: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    for path in take(arguments.output, chromium):
        print(f"wrote {path.relative_to(REPOSITORY) if path.is_relative_to(REPOSITORY) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
