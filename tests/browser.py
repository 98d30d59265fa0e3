"""The system's Chromium for the browser tests (Playwright drives it; nothing is downloaded)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser")


def chromium_path() -> Path:
    """KB_CHROMIUM if set, else Debian's `chromium` on the PATH; the run fails, in one line,
    when there is none (browser tests never skip)."""
    configured = os.environ.get("KB_CHROMIUM")
    if configured:
        if not Path(configured).is_file():
            pytest.fail(f"KB_CHROMIUM={configured}: no such file", pytrace=False)
        return Path(configured)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    pytest.fail(
        "the browser tests need Chromium: install Debian's package (apt-get install chromium) "
        "or set KB_CHROMIUM to a Chromium executable",
        pytrace=False,
    )
