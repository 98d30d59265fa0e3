"""Chromium for browser tests, driven by Playwright (Debian's `chromium`, never a download).

`make test` runs scripts/ensure-chromium first, which installs the package when it can. The
fixtures below fail, never skip, when no Chromium is found, saying what to install. Any test
can use them: tests/conftest.py makes `chromium_path` and `chromium` (a launched browser,
one per test module) available everywhere.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

# The names Debian's and Ubuntu's packages give the binary.
CHROMIUM_NAMES = ("chromium", "chromium-browser")

INSTALL_HINT = (
    "install Chromium for the browser tests: run scripts/ensure-chromium (as root it runs "
    "apt-get install chromium), or set KB_CHROMIUM to a Chromium binary"
)


def find_chromium(environ: dict[str, str] | None = None) -> str | None:
    """KB_CHROMIUM if set (it must be executable), else the first Chromium on PATH."""
    env = os.environ if environ is None else environ
    named = env.get("KB_CHROMIUM")
    if named:
        return named if os.access(named, os.X_OK) else None
    path = env.get("PATH")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = find_chromium()
    if found is None:
        pytest.fail(f"no Chromium found: {INSTALL_HINT}", pytrace=False)
    return found


# Per module, not per run: while Playwright's sync API is open, its event loop runs in the main
# thread, and a later test's asyncio.run() would refuse to start.
@pytest.fixture(scope="module")
def chromium(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path)
        try:
            yield browser
        finally:
            browser.close()
