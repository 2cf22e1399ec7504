// Drives real Firefox (firefox-esr, headless) with the extension installed, for the end-to-end
// tests in tests/test_extension_firefox.py. It reads one JSON command a line on stdin and
// answers one JSON line on stdout ({id, ok, value} or {id, ok: false, error}), so the Python
// tests keep their real server fixtures and only ask the browser to act.
//
// Puppeteer speaks WebDriver BiDi to Firefox (no geckodriver). Where Puppeteer has no word for
// what a user does, raw BiDi commands do it: extension pages are opened with
// browsingContext.navigate (Puppeteer's goto never settles on moz-extension://), and the
// browser window itself (the "chrome" scope, allowed by --remote-allow-system-access) is
// scripted to choose an item of Firefox's own context menu and to type a shortcut.

import { createInterface } from 'node:readline';
import puppeteer from 'puppeteer-core';

const EXTENSION_ID = 'quotebank@quotebank.local';

/** Runs `fn` (a function's source) in a realm with one JSON argument; the answer comes back
 * as JSON too, so nothing depends on how BiDi serialises objects. `extra` is spliced in as
 * the function's second argument (the background page, in extension pages). */
function wrapped(fn, extra = 'undefined') {
  return `async function (json) {
    const answer = await (${fn})(JSON.parse(json), ${extra});
    return JSON.stringify(answer === undefined ? null : answer);
  }`;
}

class Driver {
  constructor() {
    this.browser = null;
    this.uuid = null;
    this.base = null;
  }

  send(method, params) {
    return this.browser.connection.send(method, params).then((reply) => reply.result);
  }

  async callIn(context, fn, arg, extra) {
    const reply = await this.send('script.callFunction', {
      functionDeclaration: wrapped(fn, extra),
      target: { context },
      arguments: [{ type: 'string', value: JSON.stringify(arg ?? null) }],
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (reply.type === 'exception') {
      throw new Error(`${reply.exceptionDetails.text} (in ${fn.slice(0, 80)}…)`);
    }
    return JSON.parse(reply.result.value);
  }

  async launch({ executable, extension, uuid, prefs = {} }) {
    this.browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: executable,
      protocol: 'webDriverBiDi',
      headless: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        // A fixed moz-extension:// address, so the tests know the pages' URLs and origin.
        'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: uuid }),
        ...prefs,
      },
    });
    const id = await this.browser.installExtension(extension);
    this.uuid = uuid;
    this.base = `moz-extension://${uuid}`;
    return { id, base: this.base, version: await this.browser.version() };
  }

  /** A fresh start for the next test: the extension installed anew (its storage and granted
   * permissions go with the old one) and one blank tab. Faster than a new Firefox. */
  async reinstall({ extension }) {
    // The blank tab first: closing the extension's tabs must not close the last window.
    const keep = (await this.browser.newPage()).mainFrame()._id;
    await this.browser.uninstallExtension(EXTENSION_ID);
    // Uninstalling forgets the extension's UUID; the same one again keeps its pages' addresses.
    await this.chrome({
      fn: `(uuids) => Services.prefs.setStringPref('extensions.webextensions.uuids', uuids)`,
      arg: JSON.stringify({ [EXTENSION_ID]: this.uuid }),
    });
    for (const { context } of await this.tabs()) {
      if (context !== keep) await this.close({ context });
    }
    await this.browser.installExtension(extension);
  }

  async tabs() {
    const { contexts } = await this.send('browsingContext.getTree', { maxDepth: 0 });
    return contexts.map(({ context, url }) => ({ context, url }));
  }

  async chromeWindow() {
    const { contexts } = await this.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const window = contexts.find((entry) => entry.url === 'chrome://browser/content/browser.xhtml');
    if (!window) throw new Error('no browser window');
    return window.context;
  }

  async page(context) {
    for (const page of await this.browser.pages()) {
      if (page.mainFrame()._id === context) return page;
    }
    throw new Error(`no tab ${context}`);
  }

  /** A new tab at `url`, loaded; its BiDi context id names it in later commands. */
  async open({ url }) {
    const page = await this.browser.newPage();
    const context = page.mainFrame()._id;
    await this.send('browsingContext.navigate', { context, url, wait: 'complete' });
    await page.bringToFront();
    return context;
  }

  async navigate({ context, url }) {
    await this.send('browsingContext.navigate', { context, url, wait: 'complete' });
    return url;
  }

  async close({ context }) {
    await this.send('browsingContext.close', { context });
  }

  async front({ context }) {
    await (await this.page(context)).bringToFront();
  }

  evaluate({ context, fn, arg }) {
    return this.callIn(context, fn, arg);
  }

  /** In an extension page, with the background page as the function's second argument. */
  background({ context, fn, arg }) {
    return this.callIn(context, fn, arg, 'await browser.runtime.getBackgroundPage()');
  }

  /** In the browser window itself (Firefox's own UI, privileged). */
  async chrome({ fn, arg }) {
    return this.callIn(await this.chromeWindow(), fn, arg);
  }

  /** The element a label names: a <label>'s control, or an element whose aria-label or text it is. */
  async labelled(context, name) {
    const page = await this.page(context);
    const handle = await page.evaluateHandle((wanted) => {
      const words = (node) => node.textContent.replace(/\s+/g, ' ').trim();
      const label = [...document.querySelectorAll('label')].find((item) => words(item).startsWith(wanted));
      if (label?.control) return label.control;
      const named = document.querySelector(`[aria-label="${CSS.escape(wanted)}"]`);
      if (named) return named;
      return [...document.querySelectorAll('button, a')].find((item) => words(item) === wanted) ?? null;
    }, name);
    const element = handle.asElement();
    if (!element) throw new Error(`nothing labelled "${name}" in ${page.url()}`);
    return element;
  }

  /** Replace a field's text by typing, as a user would. */
  async fill({ context, label, value }) {
    const field = await this.labelled(context, label);
    await field.click({ count: 3 });
    await field.evaluate((element) => element.select?.());
    await (await this.page(context)).keyboard.press('Backspace');
    await field.type(value);
    return field.evaluate((element) => element.value);
  }

  async click({ context, label, button = 'left' }) {
    await (await this.labelled(context, label)).click({ button });
  }

  /** A real right-click on the middle of the first element `selector` finds. */
  async rightClick({ context, selector }) {
    const page = await this.page(context);
    const box = await page.$eval(selector, (element) => {
      element.scrollIntoView({ block: 'nearest' });
      // The middle of the part in view (a long element is taller than the window).
      const rect = element.getClientRects()[0];
      const top = Math.max(rect.top, 0);
      const bottom = Math.min(rect.bottom, innerHeight);
      const left = Math.max(rect.left, 0);
      const right = Math.min(rect.right, innerWidth);
      return { x: (left + right) / 2, y: (top + bottom) / 2 };
    });
    await page.mouse.click(box.x, box.y, { button: 'right' });
  }

  /** Choose `label` in Firefox's page context menu once it is open; the items shown if absent. */
  chooseMenuItem({ label }) {
    return this.chrome({
      fn: `async (label) => {
        const menu = document.getElementById('contentAreaContextMenu');
        for (let tries = 0; menu.state !== 'open' && tries < 100; tries += 1) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (menu.state !== 'open') return { chosen: false, state: menu.state, items: [] };
        const items = [...menu.querySelectorAll('menuitem')].filter((item) => !item.hidden);
        const item = items.find((entry) => entry.label === label);
        if (!item) {
          menu.hidePopup();
          return { chosen: false, state: 'open', items: items.map((entry) => entry.label) };
        }
        menu.activateItem(item);
        return { chosen: true, id: item.id };
      }`,
      arg: label,
    });
  }

  /** Type a shortcut such as "Alt+Shift+Q" into the browser window, key by key. */
  typeShortcut({ keys }) {
    return this.chrome({
      fn: `async (keys) => {
        const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
        if (!tip.beginInputTransactionForTests(window)) throw new Error('no input transaction');
        const MODIFIERS = { Alt: 'AltLeft', Shift: 'ShiftLeft', Control: 'ControlLeft', Ctrl: 'ControlLeft' };
        const events = keys.split('+').map((key) => MODIFIERS[key]
          ? new KeyboardEvent('', { key: key === 'Ctrl' ? 'Control' : key, code: MODIFIERS[key] })
          : new KeyboardEvent('', { key, code: 'Key' + key.toUpperCase(), keyCode: key.toUpperCase().charCodeAt(0) }));
        for (const event of events) tip.keydown(event);
        for (const event of [...events].reverse()) tip.keyup(event);
        return keys;
      }`,
      arg: keys,
    });
  }

  async screenshot({ context, path }) {
    const page = await this.page(context);
    await page.setViewport({ width: 820, height: 720 }); // as the Chromium screenshots
    await page.screenshot({ path, fullPage: true });
    return path;
  }

  async quit() {
    await this.browser?.close();
    this.browser = null;
  }
}

async function main() {
  const driver = new Driver();
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { id, command, ...params } = JSON.parse(line);
    let answer;
    try {
      if (typeof driver[command] !== 'function' || command === 'constructor') {
        throw new Error(`unknown command ${command}`);
      }
      answer = { id, ok: true, value: (await driver[command](params)) ?? null };
    } catch (error) {
      answer = { id, ok: false, error: error?.stack || String(error) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    if (command === 'quit') break;
  }
  await driver.quit();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
