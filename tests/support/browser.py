"""Headless Chromium for the browser tests: where it is, how it is started, and what happens
when it is missing (skipped on a developer machine, a failure in CI)."""

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root
    # The machine has no network but the package registries: these stop Chromium's own calls.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def unavailable(reason: str) -> None:
    """Skip on a developer machine without the browser; in CI a missing browser is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI, but {reason}")
    pytest.skip(reason)


def require_chromium() -> Any:
    """Playwright's sync API, once Chromium and Playwright are known to be there."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    return sync_api


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


def launch_with_extension(playwright: Any, profile: Path, extension: Path) -> Any:
    """A persistent context (extensions need one) with the unpacked extension loaded."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            f"--disable-extensions-except={extension}",
            f"--load-extension={extension}",
        ],
    )
