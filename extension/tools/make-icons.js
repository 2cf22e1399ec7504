// Draws the toolbar icons (a white closing quote mark on a blue rounded square) into icons/.
// Run with `npm run icons`; the PNGs are committed, so loading the extension needs no build.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.js';

const SIZES = [16, 32, 48, 128];
const BLUE = [47, 93, 158];
const WHITE = [255, 255, 255];
const SUBSAMPLES = 4; // per axis: smooth edges without a vector library

function insideRoundedSquare(x, y) {
  const margin = 0.03;
  const radius = 0.2;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insideTriangle(x, y, [a, b, c]) {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** One comma-shaped mark: a round head and a tail sweeping down to the left. */
function insideMark(x, y, cx, cy) {
  const r = 0.12;
  if ((x - cx) ** 2 + (y - cy) ** 2 <= r ** 2) return true;
  const tail = [
    [cx + r * 0.98, cy + r * 0.2],
    [cx - r * 0.55, cy + r * 0.85],
    [cx - r * 0.7, cy + r * 2.3],
  ];
  return insideTriangle(x, y, tail);
}

function colourAt(x, y) {
  if (!insideRoundedSquare(x, y)) return null;
  return insideMark(x, y, 0.35, 0.4) || insideMark(x, y, 0.67, 0.4) ? WHITE : BLUE;
}

function drawIcon(size) {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy += 1) {
        for (let sx = 0; sx < SUBSAMPLES; sx += 1) {
          const colour = colourAt((px + (sx + 0.5) / SUBSAMPLES) / size, (py + (sy + 0.5) / SUBSAMPLES) / size);
          if (!colour) continue;
          covered += 1;
          colour.forEach((value, index) => (sum[index] += value));
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      rgba.set(sum.map((value) => Math.round(value / covered)), at);
      rgba[at + 3] = Math.round((255 * covered) / SUBSAMPLES ** 2);
    }
  }
  return encodePng(size, size, rgba);
}

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');
mkdirSync(folder, { recursive: true });
for (const size of SIZES) writeFileSync(join(folder, `icon-${size}.png`), drawIcon(size));
console.log(`wrote ${SIZES.length} icons to ${folder}`);
