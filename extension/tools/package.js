// `npm run package`: the Chrome and Firefox zip files for the stores, into dist/ at the repo root
// (or the folder given with --out). The unpacked folder itself loads in both browsers; the
// packages only leave out what each store would warn about: Chrome rejects `background.scripts`
// in Manifest V3 and does not know `browser_specific_settings`; Firefox ignores
// `background.service_worker` with a warning.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeZip } from './zip.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// What the browser loads; tests, tools and npm files stay out of the packages.
const SHIPPED = ['background', 'icons', 'options', 'popup', 'ui'];

function walk(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .filter((item) => !item.name.startsWith('.'))
    .flatMap((item) => {
      const path = join(folder, item.name);
      return item.isDirectory() ? walk(path) : [path];
    });
}

/** The shipped files, as [zip name, absolute path], sorted so the archives are reproducible. */
export function shippedFiles(root = ROOT) {
  return SHIPPED.flatMap((folder) => walk(join(root, folder)))
    .map((path) => [relative(root, path).split(sep).join('/'), path])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

export function chromeManifest(manifest) {
  const copy = structuredClone(manifest);
  delete copy.background.scripts;
  delete copy.browser_specific_settings;
  return copy;
}

export function firefoxManifest(manifest) {
  const copy = structuredClone(manifest);
  delete copy.background.service_worker;
  return copy;
}

const VARIANTS = Object.freeze({ chrome: chromeManifest, firefox: firefoxManifest });

/** Every file of one browser's package, its own manifest first: [{name, data}]. */
export function packageEntries(browser, root = ROOT) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const manifestEntry = { name: 'manifest.json', data: `${JSON.stringify(VARIANTS[browser](manifest), null, 2)}\n` };
  const files = shippedFiles(root).map(([name, path]) => ({ name, data: readFileSync(path) }));
  return { version: manifest.version, entries: [manifestEntry, ...files] };
}

/** Write both packages into `outDir`; returns their paths by browser. */
export function buildPackages(outDir, root = ROOT) {
  mkdirSync(outDir, { recursive: true });
  const written = {};
  for (const browser of Object.keys(VARIANTS)) {
    const { version, entries } = packageEntries(browser, root);
    const path = join(outDir, `quotebank-${browser}-${version}.zip`);
    writeFileSync(path, makeZip(entries));
    written[browser] = path;
  }
  return written;
}

/** Lay one browser's package out as a folder (what the linter reads). */
export function stagePackage(browser, folder, root = ROOT) {
  for (const { name, data } of packageEntries(browser, root).entries) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), data);
  }
  return folder;
}

function outDirFromArgs(args) {
  const at = args.indexOf('--out');
  return at >= 0 && args[at + 1] ? resolve(args[at + 1]) : join(ROOT, '..', 'dist');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = buildPackages(outDirFromArgs(process.argv.slice(2)));
  for (const path of Object.values(written)) {
    console.log(`wrote ${relative(process.cwd(), path)} (${statSync(path).size} bytes)`);
  }
}
