/**
 * The flat offset scan of valid JSON (valid-json-offsets.ts) on every whitespace style editors
 * and exporters write: each node's and mark's range parses back to the value at its path.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAdf } from '../../../server/src/core/adf/parser';
import { walkAdf } from '../../../server/src/core/adf/locate';
import { CORPUS } from '../../helpers/shared';

/** ADF nodes in a JSON value (objects with a string `type`, reached through `content`). */
function nodeCount(json: unknown): number {
  if (typeof json !== 'object' || json === null || typeof (json as { type?: unknown }).type !== 'string') return 0;
  const content = (json as { content?: unknown }).content;
  return 1 + (Array.isArray(content) ? content.reduce<number>((sum, c) => sum + nodeCount(c), 0) : 0);
}

const valueAt = (json: unknown, path: readonly (string | number)[]) =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], json);

describe('adf/valid-json-offsets', () => {
  const pages = readdirSync(join(CORPUS, 'adf')).map((f) => JSON.parse(readFileSync(join(CORPUS, 'adf', f), 'utf8')) as unknown);
  // Escaped property names above a container, containers and scalars mixed in arrays.
  const tricky = { version: 1, type: 'doc', content: [], 'k\\"ey': [1, { a: [true, 'x\\', { '\u0041\n': {} }] }, null, [[]]] };
  const STYLES: [string, (v: unknown) => string][] = [
    ['compact', (v) => JSON.stringify(v)],
    ['two spaces', (v) => JSON.stringify(v, null, 2)],
    ['one space', (v) => JSON.stringify(v, null, 1)],
    ['tabs', (v) => JSON.stringify(v, null, '\t')],
    ['CRLF', (v) => JSON.stringify(v, null, 4).replace(/\n/g, '\r\n')],
    ['space after colons only', (v) => JSON.stringify(v).replace(/":/g, '": ')],
  ];

  for (const [style, print] of STYLES) {
    it(style, () => {
      for (const json of [...pages, tricky]) {
        const text = print(json);
        const d = parseAdf(text);
        assert.deepEqual(d.errors, []);
        let count = 0;
        walkAdf(d.root!, (n) => {
          assert.deepEqual(JSON.parse(text.slice(n.start, n.end)), valueAt(d.json, n.path));
          for (const m of n.marks ?? []) assert.deepEqual(JSON.parse(text.slice(m.start, m.end)), valueAt(d.json, m.path));
          count++;
        });
        assert.equal(count, nodeCount(json));
      }
    });
  }
});
