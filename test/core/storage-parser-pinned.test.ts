/**
 * Pins everything the storage parser produces for the real corpus, our fixtures and examples,
 * and seeded random mutations of each (broken markup, cuts, control characters, references),
 * so a change to how the parser scans cannot change the tree or the syntax problems unnoticed.
 *
 * Each input's output is serialised (elements with offsets, flags, ancestry and attributes;
 * child nodes with values; `elementsNamed`; problems by range and severity, not prose) and
 * hashed; one digest per base file covers the file and its mutations. A fixture edited since
 * the digests were recorded is skipped (its input hash no longer matches), not failed. The digests were
 * recorded from the parser before its scanning was rewritten. To re-record after an intended
 * change in output: `PIN_PARSER=write npx mocha test/core/storage-parser-pinned.test.ts`.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseStorage } from '../../server/src/core/storage/parser';
import type { XmlElement } from '../../server/src/core/storage/tree';
import { prng } from '../helpers/prng';
import { CORPUS } from '../helpers/shared';

const REPO = join(__dirname, '../..');
const PINS = join(__dirname, 'storage-parser-pinned.json');
const MUTATIONS = 40;

/** Storage files under `dir`, recursively, sorted. */
function storageFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...storageFiles(path));
    else if (name.endsWith('.xhtml')) out.push(path);
  }
  return out;
}

const SNIPPETS = [
  '<', '>', '&', '&amp;', '&nbsp;', '&bogus;', '&#0;', '&#x110000;', '&#65;', '"', "'", '=', '/>', '</', '</p>', '<p>', '<p',
  ' a=b', ' a="x&lt;y"', ' a="<"', ' b', ' x="1" x="2"', '<br>', '</br>', '<!--', '-->', '<![CDATA[', ']]>', '<?pi', '?>',
  '<!DOCTYPE x [<!ENTITY a "b">]>', '<!doctype html>', '\x01', '\x0B', '\uFFFD', '\uFFFE', '\u00e9', '\t\n',
  '<ac:structured-macro ac:name="code">', '</ac:structured-macro>', '<ac:adf-fallback>', '</ac:adf-fallback>', '<1', '< p>',
];

function mutate(text: string, next: () => number): string {
  const ops = 1 + Math.floor(next() * 4);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(next() * (text.length + 1));
    const op = next();
    if (op < 0.6) text = text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
    else if (op < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 40)));
    else if (op < 0.9) text = text.slice(0, at);
    else text = text.slice(0, at) + text.slice(Math.max(0, at - 30), at) + text.slice(at);
  }
  return text;
}

/** Everything observable about the parse of `text`, one line per fact. */
function serialise(text: string): string {
  const doc = parseStorage(text);
  // A second parse whose elements never list their attributes: `attribute()` takes its own path there.
  const fresh = parseStorage(text);
  const out: string[] = [`count ${doc.elementCount}`];
  for (const e of doc.errors) out.push(`problem ${e.start} ${e.end} ${e.severity}`);
  const names = new Set<string>();
  for (let i = 0; i <= doc.elementCount; i++) {
    const el = doc.elementAt(i);
    names.add(el.name);
    out.push(
      `el ${i} ${el.name} ${el.start} ${el.startTagEnd} ${el.endTagStart} ${el.end} ${el.selfClosing} ${el.closed} ` +
        `${doc.parentOf(i)} ${doc.subtreeEndOf(i)} ${doc.startOf(i)} ${doc.endOf(i)} ${doc.nameOf(i)}`,
    );
    for (const a of el.attributes) {
      out.push(`attr ${JSON.stringify(a.name)} ${JSON.stringify(a.value)} ${a.nameStart} ${a.valueStart} ${a.valueEnd}`);
    }
    const unlisted = fresh.elementAt(i);
    for (const a of el.attributes) out.push(`lookup ${JSON.stringify(unlisted.attribute(a.name))}`);
    out.push(`lookup-missing ${JSON.stringify(unlisted.attribute('no-such'))}`);
    for (const c of el.children) {
      if (c.kind === 'element') out.push(`child element ${doc.indexOf(c)}`);
      else if (c.kind === 'cdata') out.push(`child cdata ${c.start} ${c.end} ${c.valueStart} ${JSON.stringify(c.value)}`);
      else out.push(`child ${c.kind} ${c.start} ${c.end} ${JSON.stringify(c.value)} ${c.parent === el}`);
    }
    out.push(`elements ${el.elements.map((c: XmlElement) => doc.indexOf(c)).join(',')}`);
  }
  for (const name of [...names].sort()) out.push(`named ${name} ${doc.elementsNamed(name).map((e) => doc.indexOf(e)).join(',')}`);
  return out.join('\n');
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** The digest of a base file's output and its mutations' outputs; the seed comes from the file's key. */
function digest(key: string, text: string): string {
  const hash = createHash('sha256').update(serialise(text));
  const next = prng(parseInt(sha(key).slice(0, 8), 16));
  for (let m = 0; m < MUTATIONS; m++) hash.update('\0').update(serialise(mutate(text, next)));
  return hash.digest('hex').slice(0, 20);
}

interface Pin {
  /** The input's hash: a fixture edited since the pins were recorded is skipped, not failed. */
  readonly input: string;
  readonly output: string;
}

describe('storage parser output, pinned over corpus, fixtures and mutations', () => {
  const bases = [
    ...storageFiles(join(CORPUS, 'storage')).map((p) => ({ key: `corpus/${relative(join(CORPUS, 'storage'), p)}`, path: p })),
    ...storageFiles(join(REPO, 'test/fixtures')).map((p) => ({ key: relative(REPO, p), path: p })),
    ...storageFiles(join(REPO, 'examples')).map((p) => ({ key: relative(REPO, p), path: p })),
  ];

  it('produces the pinned tree and problems for every unchanged base file and its mutations', () => {
    if (process.env.PIN_PARSER === 'write') {
      const pins: Record<string, Pin> = {};
      for (const b of bases) {
        const text = readFileSync(b.path, 'utf8');
        pins[b.key] = { input: sha(text), output: digest(b.key, text) };
      }
      writeFileSync(PINS, `${JSON.stringify(pins, null, 1)}\n`);
    }
    const pins = JSON.parse(readFileSync(PINS, 'utf8')) as Record<string, Pin>;
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const b of bases) {
      const pin = pins[b.key];
      const text = readFileSync(b.path, 'utf8');
      if (pin === undefined || pin.input !== sha(text)) continue;
      expected[b.key] = pin.output;
      actual[b.key] = digest(b.key, text);
    }
    assert.deepEqual(actual, expected);
    // The corpus is read-only, so it is always checked in full.
    assert.equal(Object.keys(actual).filter((k) => k.startsWith('corpus/')).length, 70);
  });
});
