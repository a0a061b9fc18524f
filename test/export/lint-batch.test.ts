import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { BatchBuilder, batchLinter, transferList } from '../../server/src/export/lint-batch';

const NAVMAP = '<ac:structured-macro ac:name="navmap" ac:schema-version="1" />';
const cdata = (text: string): Buffer => Buffer.from(`<![CDATA[${text}]]>`);

describe('export/lint-batch', () => {
  const lint = batchLinter({ config: DEFAULT_CONFIG, knownPages: [], only: ['legacy-macro'] });

  it('lints storage bodies of a batch in order, measures every body, lints no wiki body, flags illegal characters', () => {
    const builder = new BatchBuilder<string>(1024);
    builder.add('storage', [cdata(`<p>é</p>\n${NAVMAP}`)], true);
    builder.add('empty', [], true);
    builder.add('wiki', [cdata(NAVMAP)], false);
    // Split in pieces, as a zip's stream hands them over, with a control character.
    const raw = cdata(`<p>a\u0008</p>${NAVMAP}`);
    builder.add('pieces', [raw.subarray(0, 7), raw.subarray(7)], true);
    const { batch, items } = builder.take();
    assert.deepEqual(items, ['storage', 'empty', 'wiki', 'pieces']);
    assert.equal(builder.pages, 0);
    const out = lint(batch);
    assert.deepEqual(
      out.map((o) => [o.findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`), o.chars, o.utf8Bytes, o.illegal]),
      [
        [['legacy-macro@2:1'], 9 + NAVMAP.length, 10 + NAVMAP.length, false],
        [[], 0, 0, false],
        [[], NAVMAP.length, NAVMAP.length, false],
        [['legacy-macro@1:10'], 9 + NAVMAP.length, 9 + NAVMAP.length, true],
      ],
    );
  });

  it('starts a new buffer when a body does not fit, gives a larger body a buffer of its own, and owns what it transfers', () => {
    const builder = new BatchBuilder<number>(64);
    const small = cdata('<p>0123456789012345678901234567890123456789</p>');
    builder.add(1, [small], true);
    assert.equal(builder.fits(small.length), false);
    const first = builder.take();
    assert.equal(builder.fits(1000), true);
    const big = cdata(`<p>${'x'.repeat(500)}</p>`);
    builder.add(2, [big], true);
    const second = builder.take();
    assert.equal(second.batch.bytes.byteLength, big.length);
    assert.deepEqual(Array.from(second.batch.ends), [big.length]);
    // Each batch has its own ArrayBuffers (a transfer must not detach anyone else's memory).
    const buffers = [...transferList(first.batch), ...transferList(second.batch)];
    assert.equal(new Set(buffers).size, buffers.length);
    assert.ok(buffers.every((b) => b.byteLength <= Math.max(64, big.length)));
  });
});
