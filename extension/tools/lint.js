// `npm run lint`: Mozilla's add-on linter (through web-ext) over exactly what the Firefox
// package holds, with warnings counted as errors. Linting the source folder instead would
// always warn that Firefox ignores `background.service_worker`, and a lint that always warns
// gets ignored. Works offline.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webExt from 'web-ext';
import { stagePackage } from './package.js';

const folder = stagePackage('firefox', mkdtempSync(join(tmpdir(), 'quotebank-lint-')));
try {
  const result = await webExt.cmd.lint(
    { sourceDir: folder, warningsAsErrors: true, output: 'text', boring: true },
    { shouldExitProgram: false },
  );
  const { errors, warnings } = result.summary;
  if (errors + warnings > 0) {
    process.exitCode = 1;
    console.error(`web-ext lint: ${errors} errors, ${warnings} warnings`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
