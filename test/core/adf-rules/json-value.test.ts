/**
 * The JSON helpers the ADF rules stand on: locating a value inside a node's object, and the
 * offset map of a decoded JSON string.
 */
import { strict as assert } from 'node:assert';
import { jsonStringText } from '../../../server/src/core/adf/json-string-text';
import { jsonStringAt, jsonValueAt } from '../../../server/src/core/adf/json-value';
import { sourceRange } from '../../../server/src/core/jql/mapped-text';

describe('ADF JSON values', () => {
  const text = 'x {"type":"a","content":[{"attrs":{"url":"no"}}],"attrs":{"n":1,"url":"u\\"1","o":{"k":"v"}},"attrs":{"url":"last"}}';
  const at = text.indexOf('{');

  it('finds a value down a path, skipping nested objects, the last duplicate winning', () => {
    const v = jsonValueAt(text, at, ['attrs', 'url'])!;
    assert.equal(text.slice(v.start, v.end), '"last"');
    assert.equal(v.string, 'last');
    assert.equal(jsonValueAt(text, at, ['type'])!.string, 'a');
    const content = jsonValueAt(text, at, ['content'])!;
    assert.equal(text.slice(content.start, content.end), '[{"attrs":{"url":"no"}}]');
    assert.equal(content.string, undefined);
  });

  it('checks the decoded value against the one the tree holds', () => {
    assert.ok(jsonStringAt(text, at, ['attrs', 'url'], 'last'));
    assert.equal(jsonStringAt(text, at, ['attrs', 'url'], 'u"1'), undefined);
  });

  it('returns undefined for missing paths, non-objects and broken JSON, without throwing', () => {
    assert.equal(jsonValueAt(text, at, ['attrs', 'missing']), undefined);
    assert.equal(jsonValueAt(text, at, ['type', 'x']), undefined);
    assert.equal(jsonValueAt(text, 0, ['type']), undefined);
    assert.equal(jsonValueAt('{"a": {"b": "c"', 0, ['a', 'b']), undefined);
    assert.equal(jsonValueAt('{"a": "unterminated', 0, ['a']), undefined);
    assert.equal(jsonValueAt('{"a" "b"}', 0, ['a']), undefined);
    assert.equal(jsonValueAt('{}', 0, []), undefined);
  });

  it('jumps over a node\'s children when told where the last one ends', () => {
    const node = '{"content": [{"type": "p"}, {"type": "q"}], "type": "panel"}';
    const lastChildEnd = node.indexOf('}]') + 1;
    const v = jsonStringAt(node, 0, ['type'], 'panel', lastChildEnd)!;
    assert.equal(node.slice(v.start, v.end), '"panel"');
    // A wrong end (not just before the array's `]`) gives no range rather than a wrong one.
    assert.equal(jsonValueAt(node, 0, ['type'], node.indexOf('{"type": "q"}')), undefined);
  });

  it('maps each decoded unit to the characters that wrote it', () => {
    const src = 'k: "a\\"b\\u00e9\\ud83d\\ude00\\n/\\/z"';
    const s = src.indexOf('"');
    const m = jsonStringText(src, s, src.length);
    assert.equal(m.value, 'a"bé😀\n//z');
    const pieces = [...m.value].map((_, i) => src.slice(m.starts[i], m.ends[i]));
    assert.deepEqual(pieces.slice(0, 4), ['a', '\\"', 'b', '\\u00e9']);
    const emoji = sourceRange(m, 4, 6);
    assert.equal(src.slice(emoji.start, emoji.end), '\\ud83d\\ude00');
    const end = sourceRange(m, m.value.length, m.value.length);
    assert.equal(end.start, src.length - 1);
    assert.equal(m.encode('x"y\n', 0, 1), 'x\\"y\\n');
  });

  it('keeps a broken escape as written', () => {
    const src = '"a\\qb\\u12"';
    const m = jsonStringText(src, 0, src.length);
    assert.equal(m.value, 'a\\qb\\u12');
    assert.equal(m.starts.length, m.value.length + 1);
  });
});
