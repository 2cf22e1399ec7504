"""Take docs/screenshots/extension-options-firefox.png: the options page in real Firefox.

Run from the repository root with the project's virtualenv, after `cd extension && npm ci`:

    .venv/bin/python extension/tools/screenshot_firefox.py

Like screenshots.py (whose example captures it shows), with a real `quotebank serve` behind the
page, but in headless firefox-esr through the test suite's driver (tests/support/firefox.py).
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from screenshots import EXAMPLES, OUT, start_server  # noqa: E402 (beside this file)

from tests.support.firefox import Firefox, Tab  # noqa: E402

OPTIONS = "options/options.html"


def wait_for_status(tab: Tab, expected: str) -> None:
    deadline = time.monotonic() + 20
    while expected not in (tab.text("#status") or ""):
        if time.monotonic() > deadline:
            raise SystemExit(f"the options page says {tab.text('#status')!r}, not {expected!r}")
        time.sleep(0.1)


def options_tab(firefox: Firefox) -> Tab:
    """The options page the extension opens on install."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for tab in firefox.tabs():
            if tab["url"] == firefox.page_url(OPTIONS):
                return Tab(firefox.driver, tab["context"])
        time.sleep(0.1)
    raise SystemExit("the extension did not open its options page on install")


def main() -> None:
    node = shutil.which("node") or sys.exit("node is missing")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "extension-options-firefox.png"
    with tempfile.TemporaryDirectory() as temp:
        process, url = start_server(Path(temp) / "data")
        token = (Path(temp) / "data" / "token").read_text().strip()
        firefox = Firefox(node, Path(temp) / "firefox.log")
        try:
            tab = options_tab(firefox)
            tab.fill("Server address", url)
            tab.fill("Token", token)
            tab.click("Save")
            wait_for_status(tab, "Connected")
            # After Save: saving sends what waits, and these examples must stay listed.
            firefox.background(EXAMPLES)
            tab.click("Test connection")
            wait_for_status(tab, "Connected")
            tab.screenshot(path)
        finally:
            firefox.close()
            process.terminate()
            process.wait(30)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
