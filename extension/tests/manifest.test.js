import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('Manifest V3, one version for the manifest and package.json', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.version, packageJson.version);
});

test('the same background code for Chrome (service worker) and Firefox (event page)', () => {
  assert.equal(manifest.background.service_worker, 'background/worker.js');
  assert.deepEqual(manifest.background.scripts, ['background/worker.js']);
  assert.equal(manifest.background.type, 'module');
  assert.ok(manifest.browser_specific_settings.gecko.id);
});

test('the permissions the features need, and loopback host access', () => {
  for (const permission of ['activeTab', 'alarms', 'contextMenus', 'notifications', 'scripting', 'storage', 'unlimitedStorage']) {
    assert.ok(manifest.permissions.includes(permission), permission);
  }
  assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*']);
  assert.equal(manifest.commands['save-quote'].suggested_key.default, 'Alt+Shift+Q');
});

test('extension pages send plain http to the server: no upgrade-insecure-requests', () => {
  // Firefox's default policy for Manifest V3 pages upgrades every http request to https, so a
  // server at any address but 127.0.0.1 or localhost would be unreachable. Chrome requires
  // script-src and object-src to stay at 'self'.
  const policy = manifest.content_security_policy.extension_pages;
  assert.doesNotMatch(policy, /upgrade-insecure-requests/);
  assert.deepEqual(policy.split(';').map((part) => part.trim()).filter(Boolean), ["script-src 'self'", "object-src 'self'"]);
});

function referencedFiles() {
  const files = [
    manifest.background.service_worker,
    ...manifest.background.scripts,
    manifest.options_ui.page,
    manifest.action.default_popup,
    ...Object.values(manifest.icons),
    ...Object.values(manifest.action.default_icon),
  ];
  // Scripts and styles the pages load, and the modules those import, followed recursively.
  const queue = [manifest.options_ui.page, manifest.action.default_popup, manifest.background.service_worker];
  const seen = new Set();
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !existsSync(join(ROOT, file))) continue;
    seen.add(file);
    const text = readFileSync(join(ROOT, file), 'utf8');
    const refs = [...text.matchAll(/(?:src|href)="([^"#:]+)"|from '([^']+)'|import\('([^']+)'\)/g)]
      .map((match) => match[1] ?? match[2] ?? match[3]);
    for (const ref of refs) {
      const resolved = new URL(ref, `file:///${file}`).pathname.slice(1);
      files.push(resolved);
      if (/\.(js|html)$/.test(resolved)) queue.push(resolved);
    }
  }
  return files;
}

test('every file the manifest, the pages and the modules refer to exists', () => {
  const files = referencedFiles();
  assert.ok(files.length > 20, `only ${files.length} references found`);
  assert.deepEqual(files.filter((file) => !existsSync(join(ROOT, file))), []);
});

test('the icons are PNG files of the size their names say', () => {
  for (const [size, file] of Object.entries(manifest.icons)) {
    const png = readFileSync(join(ROOT, file));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], file);
  }
});
