import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAdf, checkAdfDocument, isValidAdf } from '../../../server/src/core/adf/schema-check';
import { checkWithProseMirror } from '../../../server/src/core/adf/pm-check';
import { checkWithJsonSchema } from '../../../server/src/core/adf/json-schema-check';
import { parseAdf, MAX_JSON_DEPTH } from '../../../server/src/core/adf/parser';
import { codeBlock, doc, expand, li, node, p, panel, table, td, text, tr, ul } from '../../helpers/adf-builder';
import { CORPUS as SHARED_CORPUS } from '../../helpers/shared';

const CORPUS = join(SHARED_CORPUS, 'adf');

/** [source, path] of each issue: what the tests pin down (never the prose). */
const where = (json: unknown) => checkAdf(json).map((i) => [i.source, i.path.join('/')]);

describe('adf/schema-check', () => {
  it('accepts valid documents', () => {
    assert.deepEqual(where(doc(p('ok'), panel('info', p('x'), codeBlock('y')), expand('t', table(tr(td(p('c'))))))), []);
  });

  it('locates a panel inside a panel on the inner panel, by both schemas', () => {
    assert.deepEqual(where(doc(panel('info', panel('info', p('x'))))), [
      ['prosemirror', 'content/0/content/0'],
      ['json-schema', 'content/0/content/0'],
    ]);
  });

  it('locates a table in a table cell on the inner table', () => {
    const inner = table(tr(td(p('z'))));
    assert.deepEqual(where(doc(table(tr(td(inner))))), [
      ['prosemirror', 'content/0/content/0/content/0/content/0'],
      ['json-schema', 'content/0/content/0/content/0/content/0'],
    ]);
  });

  it('reports a bad attribute value on the attribute (JSON schema only: ProseMirror does not check it)', () => {
    assert.deepEqual(where(doc(p('a'), panel('purple', p('x')))), [['json-schema', 'content/1/attrs/panelType']]);
  });

  it('reports unknown node and mark types where they are', () => {
    assert.deepEqual(where(doc(p('a'), node('foo'))), [
      ['prosemirror', 'content/1'],
      ['json-schema', 'content/1'],
    ]);
    const blink = { type: 'text', text: 'x', marks: [{ type: 'blink' }] };
    assert.deepEqual(where(doc({ type: 'paragraph', content: [blink] })), [
      ['prosemirror', 'content/0/content/0/marks/0'],
      ['json-schema', 'content/0/content/0/marks/0'],
    ]);
  });

  it('reports marks a parent forbids, empty text, empty containers, missing version, unknown properties', () => {
    assert.deepEqual(where(doc(node('codeBlock', undefined, text('x', 'strong')))), [
      ['prosemirror', 'content/0/content/0'],
      ['json-schema', 'content/0/content/0/marks'],
    ]);
    assert.deepEqual(where(doc({ type: 'paragraph', content: [{ type: 'text', text: '' }] })), [
      ['prosemirror', 'content/0/content/0'],
      ['json-schema', 'content/0/content/0/text'],
    ]);
    assert.deepEqual(where(doc(node('panel', { panelType: 'info' }))), [
      ['prosemirror', 'content/0'],
      ['json-schema', 'content/0'],
    ]);
    assert.deepEqual(where({ type: 'doc', content: [p('a')] }), [['json-schema', '']]);
    assert.deepEqual(where(doc({ type: 'paragraph', foo: 1, content: [] } as never)), [['json-schema', 'content/0']]);
  });

  it('reports every independent ProseMirror failure, innermost each', () => {
    assert.deepEqual(
      where(doc(panel('info', panel('info', p('x'))), p('fine'), ul(li(p('a'), table(tr(td(p('b')))))))).filter(([s]) => s === 'prosemirror'),
      [
        ['prosemirror', 'content/0/content/0'],
        ['prosemirror', 'content/2/content/0/content/1'],
      ],
    );
  });

  it('needs both schemas: each catches what the other lets through', () => {
    const marked = (...marks: { type: string; attrs?: Record<string, unknown> }[]) =>
      doc({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks }] });
    // Duplicate marks: only ProseMirror's mark-set rules reject them.
    assert.deepEqual(where(marked({ type: 'strong' }, { type: 'strong' })), [['prosemirror', 'content/0/content/0']]);
    assert.deepEqual(where(marked({ type: 'link', attrs: { href: 'a' } }, { type: 'link', attrs: { href: 'b' } })), [
      ['prosemirror', 'content/0/content/0'],
    ]);
    // Attribute values and required attributes: only the JSON schema checks them.
    assert.deepEqual(where(doc(node('heading', { level: 9 }, text('x')))), [['json-schema', 'content/0/attrs/level']]);
    assert.deepEqual(where(doc(node('taskList', {}, node('taskItem', { state: 'TODO' })))), [['json-schema', 'content/0/attrs']]);
  });

  describe('block by block', () => {
    const SAMPLES = [
      doc(p('ok'), panel('info', p('x'))),
      doc(panel('info', panel('info', p('x'))), p('fine'), ul(li(p('a'), table(tr(td(p('b'))))))),
      doc(p('a'), panel('purple', p('x')), node('heading', { level: 9 }, text('h'))),
      doc(node('tableRow', undefined, td(p('row at the root')))),
      doc(),
      { type: 'doc', content: [p('no version')] },
      { version: 1, type: 'doc', content: [p('extra')], extra: true },
      doc(p('a'), node('layoutColumn', { width: 50 }, p('column at the root'))),
    ];

    it('gives the verdict and the ProseMirror issues of a whole-document check', () => {
      for (const json of SAMPLES) {
        const blockwise = checkAdf(json);
        const whole = [...checkWithProseMirror(json), ...checkWithJsonSchema(json)];
        assert.equal(blockwise.length === 0, whole.length === 0, JSON.stringify(json));
        assert.deepEqual(blockwise.filter((i) => i.source === 'prosemirror'), checkWithProseMirror(json), JSON.stringify(json));
        // The whole-document JSON-schema issue (ajv stops at the first) is among the blockwise ones.
        const first = checkWithJsonSchema(json)[0];
        if (first) assert.ok(blockwise.some((i) => i.source === 'json-schema' && i.path.join('/') === first.path.join('/')), JSON.stringify(json));
      }
    });

    it('re-checks an edited document to the same result as a fresh check', () => {
      const before = doc(p('one'), panel('info', p('two')), p('three'));
      const after = doc(p('one'), panel('info', panel('note', p('two'))), p('three'));
      const first = parseAdf(JSON.stringify(before, null, 2));
      assert.deepEqual(checkAdfDocument(first), []);
      const second = parseAdf(JSON.stringify(after, null, 2));
      assert.deepEqual(
        checkAdfDocument(second).map((i) => [i.source, i.path.join('/')]),
        [
          ['prosemirror', 'content/1/content/0'],
          ['json-schema', 'content/1/content/0'],
        ],
      );
      assert.deepEqual(checkAdfDocument(parseAdf(JSON.stringify(before, null, 2))), []);
    });

    it('reports the first JSON-schema issue of every invalid block', () => {
      assert.deepEqual(where(doc(panel('purple', p('x')), p('ok'), node('heading', { level: 9 }, text('h')))), [
        ['json-schema', 'content/0/attrs/panelType'],
        ['json-schema', 'content/2/attrs/level'],
      ]);
    });
  });

  it('never throws, whatever the input', () => {
    for (const v of [undefined, null, 42, 'doc', [], {}, { type: 'doc' }, { type: 'doc', content: 'x' }]) {
      assert.ok(checkAdf(v).length > 0);
    }
  });

  it('checks a document nested right up to the parser limit without overflowing', () => {
    let list = ul(li(p('leaf')));
    // ul > li > ul … : 4 JSON levels per list level, under the depth limit.
    for (let i = 0; i < (MAX_JSON_DEPTH - 8) / 4 - 1; i++) list = ul(li(p(`level ${i}`), list));
    const text = JSON.stringify(doc(list));
    const parsed = parseAdf(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(where(parsed.json), []);
  });

  describe('real Cloud exports (shared/corpus/adf)', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
    it('has the 25 pages we recorded', () => assert.equal(files.length, 25));
    // Recorded on 2026-11-22: every one of them passes both schemas of @atlaskit/adf-schema 57.7.22,
    // including the "unimplemented model" and draw.io extension pages.
    for (const f of files) {
      it(`${f} is valid ADF`, () => {
        const parsed = parseAdf(readFileSync(join(CORPUS, f), 'utf8'));
        assert.deepEqual(parsed.errors, []);
        assert.deepEqual(where(parsed.json), []);
        assert.equal(isValidAdf(parsed.json), true);
        // And as one whole document, by each schema.
        assert.deepEqual([...checkWithProseMirror(parsed.json), ...checkWithJsonSchema(parsed.json)], []);
      });
    }
  });
});
