import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutAtWord, cutToJsonBytes, jsonByteLength, normaliseWhitespace, pickContext } from '../background/text.js';

test('normaliseWhitespace collapses every kind of space and drops invisible characters', () => {
  assert.equal(normaliseWhitespace('  Innovation\n\thas\u00a0to\u2003become \u200ba dis\u00adtributed  '), 'Innovation has to become a distributed');
  assert.equal(normaliseWhitespace(null), '');
  assert.equal(normaliseWhitespace('\n \n'), '');
});

test('normaliseWhitespace drops half of a split surrogate pair but keeps whole ones', () => {
  assert.equal(normaliseWhitespace('ok 😀'), 'ok 😀');
  assert.equal(normaliseWhitespace('cut \ud83d'), 'cut');
  assert.equal(normaliseWhitespace('\ude00 tail'), 'tail');
});

test('cutAtWord cuts at a space and marks the cut', () => {
  assert.equal(cutAtWord('short', 10), 'short');
  assert.equal(cutAtWord('one two three four', 12), 'one two…');
  const cut = cutAtWord('x'.repeat(50), 10);
  assert.equal(cut.length, 10);
  assert.ok(cut.endsWith('…'));
  // Never leaves half an emoji behind.
  assert.doesNotMatch(cutAtWord(`${'a'.repeat(8)}😀😀😀`, 10), /[\ud800-\udbff](?![\udc00-\udfff])/);
});

test('pickContext returns the paragraph that holds the selection', () => {
  const block = 'First paragraph here.\n\nThe quote is in  this\u00a0one, with more.\nLast one.';
  assert.equal(pickContext(block, 'quote is in this', 500), 'The quote is in this one, with more.');
});

test('pickContext joins the paragraphs a selection spans', () => {
  const block = 'Alpha beta.\nGamma delta.\nEpsilon.';
  assert.equal(pickContext(block, 'beta. Gamma', 500), 'Alpha beta. Gamma delta.');
});

test('pickContext gives null rather than an unrelated paragraph', () => {
  assert.equal(pickContext('Something else entirely.', 'not there', 500), null);
  assert.equal(pickContext('', 'anything', 500), null);
  assert.equal(pickContext('text', '   ', 500), null);
});

test('pickContext keeps a window around the selection in a long paragraph', () => {
  const before = 'word '.repeat(400);
  const after = ' more'.repeat(400);
  const context = pickContext(`${before}THE QUOTE${after}`, 'THE QUOTE', 200);
  assert.ok(context.length <= 200, `length ${context.length}`);
  assert.ok(context.includes('THE QUOTE'));
  assert.ok(context.startsWith('…') && context.endsWith('…'));
});

test('cutToJsonBytes keeps the JSON form of the text within the byte budget', () => {
  const samples = ['plain ascii '.repeat(50), 'é"\\\n\u0001'.repeat(40), '😀漢字'.repeat(60), 'a\ud83db'.repeat(30)];
  for (const text of samples) {
    for (const budget of [0, 1, 7, 64, 333, 1000]) {
      const cut = cutToJsonBytes(text, budget);
      assert.ok(text.startsWith(cut));
      assert.ok(jsonByteLength(cut) - 2 <= budget, `${jsonByteLength(cut) - 2} > ${budget}`);
      // Longest such prefix: one more code unit would not fit (or would split a pair).
      if (cut.length < text.length) {
        const next = text.slice(0, cut.length + 1);
        const pairStart = /[\ud800-\udbff]$/.test(next) && /^[\udc00-\udfff]/.test(text.slice(cut.length + 1));
        if (!pairStart) assert.ok(jsonByteLength(next) - 2 > budget);
      }
    }
  }
});

test('cutToJsonBytes never splits a surrogate pair', () => {
  const cut = cutToJsonBytes('😀'.repeat(100), 10);
  assert.equal(cut, '😀😀');
});

test('cutToJsonBytes leaves short text alone without counting', () => {
  assert.equal(cutToJsonBytes('abc', 18), 'abc');
});
