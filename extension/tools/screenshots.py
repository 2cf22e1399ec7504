"""Take the screenshots in docs/: the options page and the popup, with a real server behind them.

Run from the repository root with the project's virtualenv:

    .venv/bin/python extension/tools/screenshots.py

It starts `quotebank serve` on a free loopback port with a throwaway data folder, loads the
extension in headless Chromium, fills the options page as a user would, puts two example
captures in the "waiting" and "refused" lists and three in the popup's recent list, and writes
docs/screenshots/extension-options.png and extension-popup.png.
"""

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

EXAMPLES = """async () => {
  const hour = 3600 * 1000;
  const at = (ago) => new Date(Date.now() - ago).toISOString();
  const entry = (id, text, url, attempts, lastError) => ({
    id, text, url, title: null, context: null, createdAt: at(attempts * hour),
    attempts, lastError, lastTriedAt: at(0),
  });
  await chrome.storage.local.set({
    queue: [entry('0b7c6a62-4c1e-4d8e-9b43-2f0c1d2e3a41',
      'The best way to predict the future is to invent it.',
      'https://example.org/talks/alan-kay', 3,
      'server not reachable at http://127.0.0.1:8765: will retry')],
    failed: [entry('5d0e9f7a-8a55-4f0e-a0a4-1b6f8f9c2b10',
      'All work and no play makes a very long quote. All work and no play makes a very long quote.',
      'https://example.org/long-read', 1,
      'text: is 12,220 characters; the limit is 10,000 (HTTP 400)')],
    recent: [
      { id: 'a', text: 'Innovation has to become a distributed activity',
        url: 'https://gigaom.example/2013/05/14/distributed-innovation-manifesto/',
        label: 'Stowe Boyd (Gigaom Research)', savedAt: at(0.2 * hour) },
      { id: 'b', text: 'Simple things should be simple, complex things should be possible.',
        url: 'https://example.org/alan-kay', label: 'Alan Kay', savedAt: at(5 * hour) },
      { id: 'c', text: 'Make it work, make it right, make it fast.',
        url: 'https://wiki.example/MakeItWorkMakeItRightMakeItFast', label: 'wiki.example',
        savedAt: at(30 * hour) },
    ],
  });
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "server", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--data-dir", str(folder)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/health", timeout=1).ok:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"quotebank serve did not start on {url}")


def wait_for_options_tab(context, worker):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for page in context.pages:
            if page.url.endswith("/options/options.html"):
                page.wait_for_load_state()
                return page
        # Playwright's sync API takes in browser events only while one of its calls runs.
        worker.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")
    raise SystemExit("the extension did not open its options page on install")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        process, url = start_server(Path(temp) / "data")
        token = (Path(temp) / "data" / "token").read_text().strip()
        try:
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(temp) / "profile"),
                    executable_path=CHROMIUM,
                    headless=True,
                    viewport={"width": 820, "height": 720},
                    args=[
                        "--no-sandbox",
                        f"--disable-extensions-except={EXTENSION}",
                        f"--load-extension={EXTENSION}",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--disable-sync",
                    ],
                )
                worker = context.service_workers[0] if context.service_workers else None
                worker = worker or context.wait_for_event("serviceworker")
                base = worker.url.rsplit("/background/", 1)[0]
                # The worker opens the options page on install; wait for that tab and use it,
                # so two navigations to it cannot race.
                page = wait_for_options_tab(context, worker)
                page.fill("#server", url)
                page.fill("#token", token)
                page.click("#save")
                expect(page.locator("#status")).to_contain_text("Saved")
                # After Save: saving sends what waits, and these examples must stay listed.
                worker.evaluate(EXAMPLES)
                page.click("#test")
                expect(page.locator("#status")).to_contain_text("Connected")
                page.screenshot(path=str(OUT / "extension-options.png"), full_page=True)

                popup = context.new_page()
                popup.set_viewport_size({"width": 380, "height": 420})
                popup.goto(f"{base}/popup/popup.html")
                expect(popup.locator("#recent li")).to_have_count(3)
                popup.locator("main").screenshot(path=str(OUT / "extension-popup.png"))
                context.close()
        finally:
            process.terminate()
            process.wait(30)
    print(f"wrote {OUT / 'extension-options.png'} and {OUT / 'extension-popup.png'}")


if __name__ == "__main__":
    main()
