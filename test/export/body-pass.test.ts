import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { decodeBody, decodeSizedBody, hasIllegalCharacters, pickBodies, type BodyJob } from '../../server/src/export/body-pass';
import type { PageMeta } from '../../server/src/export/metadata-pass';
import { CORPUS } from './helpers';

function chunked(buf: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
  return Readable.from(chunks);
}

const meta = (id: string): PageMeta => ({ id, contentType: 'page', title: id, version: 1, spaceId: null, parentId: null, body: null });

describe('export/body-pass', () => {
  it('picks the same ranges whatever the chunk size (1, 7, 64 KB), and stops after the last', async () => {
    const input = readFileSync(join(CORPUS, 'xwiki-confluence80tags-entities.xml'));
    const jobs: BodyJob[] = [];
    let at = 0;
    for (let i = 0; i < 5; i++) {
      const start = input.indexOf('<property name="body">', at) + '<property name="body">'.length;
      const end = input.indexOf('</property>', start);
      jobs.push({ page: meta(String(i)), start, end });
      at = end;
    }
    const expected = jobs.map((j) => decodeBody([input.subarray(j.start, j.end)]));
    assert.ok(expected.some((b) => b.length > 1000));
    for (const size of [1, 7, 65536]) {
      const got: string[] = [];
      const stream = chunked(input, size);
      for await (const { pieces } of pickBodies(stream, jobs)) got.push(decodeBody(pieces));
      assert.deepEqual(got, expected, `chunk size ${size}`);
      assert.ok(stream.destroyed, 'stream left open after the last body');
    }
  });

  it('decodes mixed CDATA and text runs, undoing "]] >" only inside CDATA', () => {
    const raw = Buffer.from('<![CDATA[a]] >b]]>&lt;x]] &gt;&amp;<![CDATA[\u2028é]]>');
    assert.equal(decodeBody([raw.subarray(0, 5), raw.subarray(5, 31), raw.subarray(31)]), 'a]]>b<x]] >&\né');
  });
});

describe('export/body-pass: decoding a whole-CDATA body', () => {
  const cdata = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from('<![CDATA['), bytes, Buffer.from(']]>')]);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  it('gives what TextDecoder gives: ASCII, multi-byte, invalid UTF-8, surrogates; a leading byte order mark is kept', () => {
    const cases = [
      Buffer.from('<p>plain ASCII</p>'),
      Buffer.from('<p>é ü 中文 😀 \u00ff</p>'),
      Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0x61, 0xe2, 0x82, 0x62, 0xf0, 0x9f, 0x98, 0x3c]),
      Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]),
      Buffer.from('\ufeff<p>BOM</p>'),
      Buffer.from('<p>\ufeff inside</p>'),
    ];
    for (const bytes of cases) assert.equal(decodeBody([cdata(bytes)]), decoder.decode(bytes), bytes.toString('hex'));
    assert.equal(decodeBody([cdata(Buffer.from('\ufeff<p>x</p>'))]), '\ufeff<p>x</p>');
    // Mixed runs (the streaming path) keep it too.
    assert.equal(decodeBody([Buffer.from('<![CDATA[\ufeffa]]>&lt;')]), '\ufeffa<');
  });

  it('undoes "]] >" and line separators found in the bytes, and measures the text', () => {
    const bytes = Buffer.from('<p>a]] >b\u2028c\u2029é</p>');
    assert.equal(decodeBody([cdata(bytes)]), '<p>a]]>b\nc\né</p>');
    assert.equal(decodeSizedBody([cdata(bytes)]).utf8Bytes, Buffer.byteLength('<p>a]]>b\nc\né</p>'));
    assert.equal(decodeSizedBody([cdata(Buffer.from('<p>é</p>'))]).utf8Bytes, Buffer.byteLength('<p>é</p>'));
    // U+2800 then a space is 00 28 20 00 in UTF-16LE: "28 20" across two units is no separator.
    const tricky = Buffer.from('<p>\u2800 x\u2028y\u2029z ]] > \u2800</p>');
    assert.equal(decodeBody([cdata(tricky)]), '<p>\u2800 x\ny\nz ]]> \u2800</p>');
    assert.equal(decodeSizedBody([cdata(tricky)]).utf8Bytes, Buffer.byteLength('<p>\u2800 x\ny\nz ]]> \u2800</p>'));
    // Invalid UTF-8 (TextDecoder path) with a separator.
    assert.equal(decodeBody([cdata(Buffer.concat([Buffer.from('a\u2028'), Buffer.from([0xff])]))]), 'a\n\ufffd');
  });
});

describe('export/body-pass: illegal characters', () => {
  it('finds every XML-illegal character at every alignment, and nothing in legal text', () => {
    const legal = Buffer.from('tab\there\nnew line\r\n é ü 中文 😀 \u00ef\u00bf \uffef \ufffd end', 'utf8');
    const bad = ['\u0000', '\u0008', '\u000b', '\u000c', '\u001f', '\ufffe', '\uffff'];
    for (let pad = 0; pad < 8; pad++) {
      const host = Buffer.alloc(pad + legal.length + 16);
      legal.copy(host, pad);
      assert.equal(hasIllegalCharacters([host.subarray(pad, pad + legal.length)]), false, `legal at ${pad}`);
      for (const ch of bad) {
        for (const at of [0, 5, legal.length]) {
          const text = Buffer.concat([legal.subarray(0, at), Buffer.from(ch, 'utf8'), legal.subarray(at)]);
          const h = Buffer.alloc(pad + text.length);
          text.copy(h, pad);
          assert.equal(hasIllegalCharacters([h.subarray(pad)]), true, `U+${ch.codePointAt(0)!.toString(16)} at ${at}, pad ${pad}`);
        }
      }
    }
  });
});
