import { strict as assert } from 'node:assert';
import { getNodeValue, parseTree } from 'jsonc-parser';
import { MAX_JSON_DEPTH, parseAdf } from '../../../server/src/core/adf/parser';
import { scanJsonOffsets } from '../../../server/src/core/adf/json-offsets';
import { walkAdf } from '../../../server/src/core/adf/locate';
import type { AdfNode } from '../../../server/src/core/adf/tree';
import { adfText, doc, em, p, panel, text } from '../../helpers/adf-builder';

/** The source text of a node's range. */
const slice = (t: string, n: { start: number; end: number }) => t.slice(n.start, n.end);

describe('adf/parser', () => {
  it('gives every node the exact range of its JSON object, its path and its parent', () => {
    const t = adfText(doc(p('hi ', em('x')), panel('info', p('in'))));
    const d = parseAdf(t);
    assert.deepEqual(d.errors, []);
    const root = d.root!;
    assert.equal(root.start, 0);
    assert.equal(root.end, t.length);
    const nodes: AdfNode[] = [];
    walkAdf(root, (n) => nodes.push(n));
    assert.deepEqual(nodes.map((n) => n.type), ['doc', 'paragraph', 'text', 'text', 'panel', 'paragraph', 'text']);
    for (const n of nodes) {
      // Each range parses back to exactly the JSON value at the node's path.
      let expected: unknown = d.json;
      for (const k of n.path) expected = (expected as Record<string | number, unknown>)[k];
      assert.deepEqual(JSON.parse(slice(t, n)), expected);
      if (n !== root) assert.equal(n.parent!.content!.includes(n), true);
    }
    const em1 = nodes[3];
    assert.deepEqual(em1.path, ['content', 0, 'content', 1]);
    assert.equal(em1.text, 'x');
    assert.equal(em1.marks![0].type, 'em');
    assert.deepEqual(em1.marks![0].path, ['content', 0, 'content', 1, 'marks', 0]);
    assert.equal(slice(t, em1.marks![0]), '{\n              "type": "em"\n            }');
    assert.deepEqual(nodes[4].attrs, { panelType: 'info' });
  });

  it('counts offsets in UTF-16 code units', () => {
    const t = '{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"😀é"}]},{"type":"rule"}]}';
    const d = parseAdf(t);
    const ruleNode = d.root!.content![1];
    assert.equal(slice(t, ruleNode), '{"type":"rule"}');
    assert.equal(ruleNode.start, t.indexOf('{"type":"rule"}'));
  });

  it('skips content entries that are not nodes but keeps their indexes in paths', () => {
    const t = '{"type":"doc","version":1,"content":[42,{"type":"rule"},{"no":"type"}]}';
    const d = parseAdf(t);
    assert.deepEqual(d.root!.content!.map((n) => n.path), [['content', 1]]);
  });

  it('handles escapes in strings and keys, numbers and literals in arrays', () => {
    const t =
      '{"type":"doc","version":1,"x":[1,-2.5e3,true,null,"a\\\\",{"k":"]}\\""}],' +
      '"con\\u0074ent":[{"type":"text","text":"q\\"}{[","marks":[{"type":"em"}]}, {"type":"rule"}]}';
    const d = parseAdf(t);
    assert.deepEqual(d.errors, []);
    assert.deepEqual(d.root!.content!.map((n) => slice(t, n)), [
      '{"type":"text","text":"q\\"}{[","marks":[{"type":"em"}]}',
      '{"type":"rule"}',
    ]);
    assert.equal(slice(t, d.root!.content![0].marks![0]), '{"type":"em"}');
  });

  it('uses the last duplicate key, like JSON.parse', () => {
    const t = '{"type":"doc","version":1,"content":[{"type":"rule"}],"content":[{"type":"paragraph"}]}';
    const d = parseAdf(t);
    assert.equal(d.root!.content![0].type, 'paragraph');
    assert.equal(d.root!.content![0].start, t.lastIndexOf('{"type":"paragraph"}'));
  });

  it('reports invalid JSON at its exact offset and still recovers the tree', () => {
    const t = '{"type":"doc","version":1,"content":[{"type":"rule"},]}';
    const d = parseAdf(t);
    assert.equal(d.json, undefined);
    assert.equal(d.errors.length, 1);
    assert.equal(d.errors[0].start, t.indexOf(']'));
    assert.equal(d.root!.content![0].type, 'rule');
  });

  it('recovers from broken JSON exactly as jsonc-parser\'s own tree would', () => {
    const broken = [
      '{"type":"doc","version":1,"content":[{"type":"rule"},]}',
      '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]',
      '{"type":"doc","content":[{"type" "rule"}, 1, true, null, {"a":}]}',
      '{"type":"doc","a":1 "b":2, "content":[[],{}]}',
      '[1,,2]',
    ];
    for (const t of broken) {
      const tree = parseTree(t, [], { disallowComments: true, allowTrailingComma: false });
      // getNodeValue makes null-prototype objects; ours are plain, like JSON.parse's.
      const expected: unknown = tree ? JSON.parse(JSON.stringify(getNodeValue(tree))) : undefined;
      assert.deepEqual(scanJsonOffsets(t).value, expected, t);
    }
  });

  it('keeps "__proto__" an ordinary property in recovered values, as JSON.parse does', () => {
    const { value } = scanJsonOffsets('{"__proto__":{"polluted":true},"type":"doc",}');
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value as object), ['__proto__', 'type']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects comments (strict JSON)', () => {
    const t = '{"type":"doc", /* c */ "version":1,"content":[]}';
    const d = parseAdf(t);
    assert.equal(d.errors[0].start, t.indexOf('/*'));
  });

  it('reports an unterminated document at the end', () => {
    const t = '{"type":"doc","version":1,"content":[';
    const d = parseAdf(t);
    assert.ok(d.errors.length > 0);
    assert.ok(d.errors.every((e) => e.start >= t.indexOf('[') && e.end <= t.length + 1));
  });

  it('gives one clear error for JSON that is not ADF', () => {
    for (const t of ['[1,2]', '"doc"', '{"type":"paragraph","content":[]}', '{"version":1}', '42']) {
      const d = parseAdf(t);
      assert.equal(d.root, undefined, t);
      assert.deepEqual(d.errors.map((e) => [e.start, e.end]), [[0, t.length]], t);
      assert.deepEqual(d.json, JSON.parse(t));
    }
  });

  it('accepts a byte-order mark and keeps offsets in the text as given', () => {
    const t = '\ufeff{"type":"doc","version":1,"content":[{"type":"rule"}]}';
    const d = parseAdf(t);
    assert.deepEqual(d.errors, []);
    assert.equal(d.root!.start, 1);
    assert.equal(slice(t, d.root!.content![0]), '{"type":"rule"}');
  });

  it('reports empty text without throwing', () => {
    const d = parseAdf('');
    assert.equal(d.root, undefined);
    assert.equal(d.errors.length, 1);
  });

  it('refuses a nesting bomb before any recursive parser sees it', () => {
    const valid = '{"type":"doc","content":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const atLimit = '{"type":"doc","content":' + '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH) + '}';
    for (const t of ['['.repeat(100_000), '{"a":'.repeat(100_000), valid, atLimit]) {
      const d = parseAdf(t);
      assert.equal(d.root, undefined);
      assert.equal(d.errors.length, 1);
      assert.equal(d.errors[0].start, firstTooDeep(t));
    }
  });

  it('accepts nesting right at the limit, and brackets inside strings do not count', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1);
    const t = `{"type":"doc","version":1,"content":[],"x":${deep},"s":"${'['.repeat(5000)}\\"["}`;
    const d = parseAdf(t);
    assert.deepEqual(d.errors, []);
    assert.equal(d.root!.type, 'doc');
  });

  it('parses a big document (2 MB) with every node located', () => {
    const paras = Array.from({ length: 12_000 }, (_, i) => p(`para ${i} `, text('bold', 'strong')));
    const t = adfText(doc(...paras));
    const d = parseAdf(t);
    assert.deepEqual(d.errors, []);
    assert.equal(d.root!.content!.length, 12_000);
    const last = d.root!.content![11_999];
    assert.deepEqual(JSON.parse(slice(t, last)), paras[11_999]);
  });
});

/** Offset of the first bracket past MAX_JSON_DEPTH (a plain reference scan; the bombs hold no strings). */
function firstTooDeep(t: string): number {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '[' || t[i] === '{') {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (t[i] === ']' || t[i] === '}') depth--;
  }
  return -1;
}
