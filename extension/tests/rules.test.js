// The house rules the code relies on, checked on the source itself so they stay true.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('..', import.meta.url).pathname;
const sources = (folder) =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ path: `${folder}/${name}`, code: readFileSync(join(ROOT, folder, name), 'utf8') }));
const ALL = ['background', 'options', 'popup', 'ui'].flatMap(sources);
// Comments may mention chrome.storage; code may not call it.
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

test('only background/browser.js touches the extension API', () => {
  const offenders = ALL.filter(({ path, code: text }) => path !== 'background/browser.js' && /(?<![\w/.'\"-])(chrome|browser)\s*\.\s*[a-z]/.test(code(text)));
  assert.deepEqual(offenders.map(({ path }) => path), []);
});

test('the background code keeps no mutable state at module level (the worker can be stopped at any time)', () => {
  for (const { path, code: text } of sources('background')) {
    const body = code(text);
    assert.doesNotMatch(body, /^(let|var)\s/m, `${path}: top-level let/var`);
    assert.doesNotMatch(body, /^const \w+ = (\[|new (Map|Set|Array|WeakMap)\b)/m, `${path}: top-level mutable collection`);
    assert.doesNotMatch(body, /^const \w+ = \{/m, `${path}: top-level object (use Object.freeze)`);
  }
});

test('the injected page probe is self-contained (the browser serialises it)', () => {
  const probe = readFileSync(join(ROOT, 'background/probe.js'), 'utf8');
  assert.doesNotMatch(code(probe), /^import /m);
});
