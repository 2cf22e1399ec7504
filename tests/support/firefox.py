"""Headless Firefox for the browser tests, through extension/tests/firefox/driver.js.

The driver is a Node process (Puppeteer over WebDriver BiDi) that takes one JSON command a
line; this module starts it, sends commands, and gives the tests the extension's pages, its
background page and Firefox's own context menu and keyboard. Missing Firefox, Node or
Puppeteer skips the tests on a developer machine and fails them in CI (support.browser).
"""

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

from tests.support.browser import unavailable

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
DRIVER = EXTENSION / "tests" / "firefox" / "driver.js"
FIREFOX = Path("/usr/bin/firefox-esr")
PUPPETEER = EXTENSION / "node_modules" / "puppeteer-core"
# The extension's moz-extension:// address is random per profile unless a preference fixes it.
EXTENSION_UUID = "6d1c3b1e-51a5-4f0b-9c3e-0b1f7a1c2e44"
PREFS = {
    # No first-run pages, update checks or telemetry: the machine has no network.
    "app.update.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
    # An optional host permission the extension asks for is granted, as a user clicking Allow.
    "extensions.webextOptionalPermissionPrompts": False,
}
CALL_TIMEOUT = 60.0


def require_firefox() -> str:
    """The node executable, once Firefox, Node and Puppeteer are known to be there."""
    if not FIREFOX.exists():
        unavailable(f"{FIREFOX} is missing (apt-get install firefox-esr)")
    node = shutil.which("node")
    if node is None:
        unavailable("node is missing (apt-get install nodejs npm)")
    if not PUPPETEER.exists():
        unavailable("puppeteer-core is not installed (cd extension && npm ci)")
    return node


class DriverError(RuntimeError):
    pass


class Driver:
    """One Firefox, one driver process; `call` sends a command and waits for its answer."""

    def __init__(self, node: str, log: Path) -> None:
        self._log = log.open("ab")
        self._process = subprocess.Popen(
            [node, str(DRIVER)],
            cwd=EXTENSION,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            bufsize=1,
        )
        self._answers: queue.Queue = queue.Queue()
        self._next = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self._process.stdout:
            self._answers.put(json.loads(line))
        self._answers.put(None)  # the driver exited

    def call(self, command: str, timeout: float = CALL_TIMEOUT, **params: Any) -> Any:
        self._next += 1
        self._process.stdin.write(json.dumps({"id": self._next, "command": command, **params}))
        self._process.stdin.write("\n")
        self._process.stdin.flush()
        try:
            answer = self._answers.get(timeout=timeout)
        except queue.Empty:
            raise DriverError(f"{command}: no answer from Firefox in {timeout} s") from None
        if answer is None:
            raise DriverError(f"{command}: the Firefox driver exited (see {self._log.name})")
        if answer["id"] != self._next:
            raise DriverError(f"{command}: answer {answer['id']} out of order")
        if not answer["ok"]:
            raise DriverError(f"{command}: {answer['error']}")
        return answer["value"]

    def close(self) -> None:
        try:
            if self._process.poll() is None:
                self.call("quit", timeout=30)
        except DriverError:
            pass  # it is killed below either way
        finally:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(10)
            self._log.close()


class Tab:
    """One tab, named by its BiDi context id."""

    def __init__(self, driver: Driver, context: str) -> None:
        self.driver = driver
        self.context = context

    def evaluate(self, fn: str, arg: Any = None) -> Any:
        """Run `fn`, a JavaScript function of one JSON argument, in the page."""
        return self.driver.call("evaluate", context=self.context, fn=fn, arg=arg)

    def text(self, selector: str) -> str:
        return self.evaluate(
            "(s) => document.querySelector(s)?.textContent.replace(/\\s+/g, ' ').trim() ?? null",
            selector,
        )

    def fill(self, label: str, value: str) -> str:
        return self.driver.call("fill", context=self.context, label=label, value=value)

    def click(self, label: str) -> None:
        self.driver.call("click", context=self.context, label=label)

    def right_click(self, selector: str) -> None:
        self.driver.call("rightClick", context=self.context, selector=selector)

    def front(self) -> None:
        self.driver.call("front", context=self.context)

    def close(self) -> None:
        self.driver.call("close", context=self.context)

    def screenshot(self, path: Path) -> None:
        self.driver.call("screenshot", context=self.context, path=str(path))


class Firefox:
    """Firefox with the extension installed from extension/ (as about:debugging would)."""

    def __init__(self, node: str, log: Path, prefs: dict[str, Any] | None = None) -> None:
        self.driver = Driver(node, log)
        launched = self.driver.call(
            "launch",
            timeout=90,
            executable=str(FIREFOX),
            extension=str(EXTENSION),
            uuid=EXTENSION_UUID,
            prefs={**PREFS, **(prefs or {})},
        )
        self.base: str = launched["base"]
        self.version: str = launched["version"]
        self._console: Tab | None = None
        self._used = False

    def fresh_extension(self) -> None:
        """The extension as just installed: reinstalled unless nothing used it yet."""
        if self._used:
            self.driver.call("reinstall", extension=str(EXTENSION))
            self._console = None  # closed with the old extension
        self._used = True

    def tabs(self) -> list[dict[str, str]]:
        return self.driver.call("tabs")

    def open(self, url: str) -> Tab:
        return Tab(self.driver, self.driver.call("open", url=url))

    def page_url(self, name: str) -> str:
        """The address of one of the extension's pages: "options/options.html"."""
        return f"{self.base}/{name}"

    def background(self, fn: str, arg: Any = None) -> Any:
        """Run `fn(arg, bg)` in an extension page, `bg` being the background page's window."""
        if self._console is None:
            # A tab of its own, opened once: extension pages may reach the background page.
            self._console = self.open(self.page_url("popup/popup.html"))
        return self.driver.call("background", context=self._console.context, fn=fn, arg=arg)

    def choose_menu_item(self, label: str) -> dict[str, Any]:
        return self.driver.call("chooseMenuItem", label=label)

    def type_shortcut(self, keys: str) -> None:
        self.driver.call("typeShortcut", keys=keys)

    def close(self) -> None:
        self.driver.close()
