import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../tools/crc32.js';
import { buildPackages } from '../tools/package.js';
import { makeZip } from '../tools/zip.js';

/** Read a zip through its central directory, checking sizes and CRCs: {name: Buffer}. */
function readZip(zip) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i += 1) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const length = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    assert.equal(zip.readUInt32LE(local), 0x04034b50, name);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(stored) : Buffer.from(stored);
    assert.ok(method === 0 || method === 8, `${name}: method ${method}`);
    assert.equal(data.length, length, name);
    assert.equal(crc32(data), crc, name);
    files[name] = data;
    at += 46 + skip;
  }
  return files;
}

const out = mkdtempSync(join(tmpdir(), 'quotebank-package-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('makeZip round-trips text, binary and empty files, compressed or stored', () => {
  const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251));
  const files = readZip(
    makeZip([
      { name: 'a.txt', data: 'hello '.repeat(500) },
      { name: 'dir/bin.dat', data: random },
      { name: 'empty', data: '' },
      { name: 'ünï.txt', data: 'x' },
    ]),
  );
  assert.equal(files['a.txt'].toString(), 'hello '.repeat(500));
  assert.deepEqual(files['dir/bin.dat'], random);
  assert.equal(files.empty.length, 0);
  assert.equal(files['ünï.txt'].toString(), 'x');
  assert.throws(() => makeZip([{ name: '../evil', data: 'x' }]), /bad entry name/);
});

test('the same sources give the same archive, byte for byte', () => {
  const entries = [{ name: 'a', data: 'same' }];
  assert.deepEqual(makeZip(entries), makeZip(entries));
});

test('npm run package writes a Chrome and a Firefox zip with the right manifest each', () => {
  const written = buildPackages(out);
  const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url)));
  assert.deepEqual(Object.keys(written), ['chrome', 'firefox']);
  assert.match(written.chrome, /quotebank-chrome-\d+\.\d+\.\d+\.zip$/);

  const chrome = readZip(readFileSync(written.chrome));
  const firefox = readZip(readFileSync(written.firefox));
  const chromeManifest = JSON.parse(chrome['manifest.json']);
  const firefoxManifest = JSON.parse(firefox['manifest.json']);
  assert.deepEqual(chromeManifest.background, { service_worker: 'background/worker.js', type: 'module' });
  assert.equal(chromeManifest.browser_specific_settings, undefined);
  assert.deepEqual(firefoxManifest.background, { scripts: ['background/worker.js'], type: 'module' });
  assert.deepEqual(firefoxManifest.browser_specific_settings, manifest.browser_specific_settings);
  assert.equal(chromeManifest.version, manifest.version);

  for (const files of [chrome, firefox]) {
    const names = Object.keys(files);
    assert.ok(names.includes('background/worker.js') && names.includes('options/options.html') && names.includes('icons/icon-128.png'));
    assert.deepEqual(names.filter((name) => /^(tests|tools|node_modules)\/|^package/.test(name)), []);
    assert.deepEqual(files['background/worker.js'], readFileSync(new URL('../background/worker.js', import.meta.url)));
  }
});
