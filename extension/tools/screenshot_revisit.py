"""Take docs/screenshots/extension-revisit.png: quotes shown on a page the user comes back to.

Run from the repository root with the project's virtualenv:

    .venv/bin/python extension/tools/screenshot_revisit.py

It starts `quotebank serve` with a throwaway data folder, serves extension/tools/examples/ on
loopback, saves two quotes from the example essay through the API, opens the essay in headless
Chromium with the extension, opens the popup for that tab (its "From this page" list), clicks
"Show on page", and writes the page and the popup side by side into one image.
"""

import base64
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

import requests
from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import CHROMIUM, EXTENSION, OUT, start_server, wait_for_options_tab

EXAMPLES = Path(__file__).resolve().parent / "examples"
SAVED = [
    ("Less, but better is not a plea for emptiness: it asks that each thing that stays earns "
     "its place.", ["design", "principles"]),
    ("The best interface is the one you stop noticing after the first day.", ["design", "ux"]),
]  # fmt: skip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def side_by_side(context, page_png: bytes, popup_png: bytes, path: Path) -> None:
    """One image of the page and the popup next to it, drawn by the browser itself."""
    encode = base64.b64encode
    html = (
        "<body style='margin:0;background:#d9d6cf;display:flex;gap:16px;padding:16px;"
        "align-items:flex-start'>"
        f"<img src='data:image/png;base64,{encode(page_png).decode()}' style='width:760px;"
        "box-shadow:0 2px 8px #0004'>"
        f"<img src='data:image/png;base64,{encode(popup_png).decode()}' style='width:380px;"
        "box-shadow:0 2px 12px #0006;border-radius:6px'></body>"
    )
    sheet = context.new_page()
    sheet.set_viewport_size({"width": 1188, "height": 600})
    sheet.set_content(html)
    sheet.screenshot(path=str(path), full_page=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(EXAMPLES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    essay = f"http://127.0.0.1:{httpd.server_address[1]}/essay.html"
    with tempfile.TemporaryDirectory() as temp:
        process, url = start_server(Path(temp) / "data")
        token = (Path(temp) / "data" / "token").read_text().strip()
        headers = {"Authorization": f"Bearer {token}"}
        try:
            for text, tags in SAVED:
                body = {"text": text, "url": essay, "tags": tags}
                requests.post(f"{url}/api/quotes", json=body, headers=headers, timeout=10)
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(temp) / "profile"),
                    executable_path=CHROMIUM,
                    headless=True,
                    viewport={"width": 760, "height": 560},
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
                options = wait_for_options_tab(context, worker)
                options.fill("#server", url)
                options.fill("#token", token)
                options.click("#save")
                expect(options.locator("#status")).to_contain_text("Connected")

                page = context.new_page()
                page.goto(essay)
                tab_id = worker.evaluate(
                    "async (url) => (await chrome.tabs.query({ url }))[0].id", essay
                )
                popup = context.new_page()
                popup.set_viewport_size({"width": 380, "height": 560})
                popup.goto(f"{base}/popup/popup.html?tab={tab_id}")
                expect(popup.locator("#page-quotes li")).to_have_count(2)
                popup.click("#show-on-page")
                expect(popup.locator("#page-status")).to_contain_text("highlighted")
                popup_png = popup.locator("main").screenshot()
                page.bring_to_front()
                page.evaluate("scrollTo(0, 0)")
                side_by_side(context, page.screenshot(), popup_png, OUT / "extension-revisit.png")
                context.close()
        finally:
            process.terminate()
            process.wait(30)
            httpd.shutdown()
    print(f"wrote {OUT / 'extension-revisit.png'}")


if __name__ == "__main__":
    main()
