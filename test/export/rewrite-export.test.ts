import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yauzl from 'yauzl';
import { ExportError, rewriteExport } from '../../server/src/export';
import { CORPUS, bodyContent, entities, fingerprint, makeTempDir, page, patchBytes, readAll, space, zipBuffer } from './helpers';

const XML = entities([
  space('50', 'S', 'Space'),
  page({ id: '1', title: 'Links', spaceId: '50', status: 'current' }),
  bodyContent({ id: '9', pageId: '1', body: '<p><a href="https://wiki.example.com/x/AQ">old</a></p>' }),
  page({ id: '2', title: 'Other', spaceId: '50', status: 'current' }),
  bodyContent({ id: '10', pageId: '2', body: '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a]]></ac:plain-text-body></ac:structured-macro>' }),
  page({ id: '3', title: 'Links', spaceId: '50', status: 'current', originalVersion: '1' }),
  bodyContent({ id: '11', pageId: '3', body: '<p><a href="https://wiki.example.com/x/AQ">old</a></p>' }),
]);

/** Every entry of a zip: name → [contents, mtime, compression method]. */
async function zipEntries(path: string): Promise<Array<[string, string, number, number]>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z))));
  const out: Array<[string, string, number, number]> = [];
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        out.push([entry.fileName, '', entry.getLastModDate().getTime(), entry.compressionMethod]);
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return rej(err);
        const parts: Buffer[] = [];
        stream.on('data', (c: Buffer) => parts.push(c));
        stream.on('end', () => {
          out.push([entry.fileName, Buffer.concat(parts).toString('latin1'), entry.getLastModDate().getTime(), entry.compressionMethod]);
          zip.readEntry();
        });
      });
    });
    zip.on('end', res);
    zip.on('error', rej);
    zip.readEntry();
  });
  zip.close();
  return out;
}

/** Checks that a and b differ only inside [start, endA) of a / [start, endB) of b. */
function assertOnlyRangeChanged(a: Buffer, b: Buffer, start: number, endA: number): void {
  const tail = a.length - endA;
  assert.ok(a.subarray(0, start).equals(b.subarray(0, start)), 'bytes before the body changed');
  assert.ok(a.subarray(endA).equals(b.subarray(b.length - tail)), 'bytes after the body changed');
}

describe('export/rewrite-export', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  const write = (name: string, content: Buffer | string): string => tmp.write(name, content);

  it('identity rewrite of every real export is byte-identical', async () => {
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.xml'))) {
      const input = join(CORPUS, file);
      const out = join(tmp.dir, file);
      const seen: string[] = [];
      const result = await rewriteExport(input, out, (p) => {
        seen.push(p.pageId);
        return p.body;
      });
      assert.ok(readFileSync(out).equals(readFileSync(input)), file);
      assert.equal(result.bodiesRewritten, 0);
      assert.equal(result.bodiesOffered, seen.length);
    }
  });

  it('rewrites one body and changes nothing else, escaping "]]>" the Confluence way', async () => {
    const input = write('entities.xml', XML);
    const before = fingerprint(input);
    const out = join(tmp.dir, 'entities.rewritten.xml');
    const newBody = '<p><ac:link><ri:page ri:content-title="Links" ri:space-key="S" /></ac:link> and ]]> and é😀</p>';
    const result = await rewriteExport(input, out, (p) => (p.pageId === '1' ? newBody : undefined));
    assert.deepEqual([result.bodiesOffered, result.bodiesRewritten], [2, 1]);
    assert.deepEqual(fingerprint(input), before);

    const a = Buffer.from(XML);
    const b = readFileSync(out);
    const start = a.indexOf('<![CDATA[<p><a href');
    const end = a.indexOf('</property>', start);
    assertOnlyRangeChanged(a, b, start, end);
    assert.equal(b.subarray(start, b.length - (a.length - end)).toString(), `<![CDATA[${newBody.replace(']]>', ']] >')}]]>`);

    const { pages } = await readAll(out);
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [
      ['1', newBody],
      ['2', '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a]]></ac:plain-text-body></ac:structured-macro>'],
    ]);
    // The historical version keeps its old body.
    assert.ok(b.includes('<![CDATA[<p><a href="https://wiki.example.com/x/AQ">old</a></p>]]>'));
  });

  it('rewrites a zip: entities.xml spliced, every other entry copied with name, date and method', async () => {
    const zip = await zipBuffer([
      ['exportDescriptor.properties', 'spaceKey=S\n'],
      ['entities.xml', XML],
      ['attachments/', ''],
      ['attachments/1/77/1', Buffer.from([0, 1, 2, 255, 0x50, 0x4b])],
    ]);
    const input = write('export.zip', zip);
    const before = fingerprint(input);

    const same = join(tmp.dir, 'same.zip');
    await rewriteExport(input, same, () => undefined);
    assert.deepEqual(await zipEntries(same), await zipEntries(input));

    const changed = join(tmp.dir, 'changed.zip');
    const result = await rewriteExport(input, changed, (p) => (p.pageId === '2' ? '<p>new</p>' : p.body));
    assert.equal(result.bodiesRewritten, 1);
    const original = await zipEntries(input);
    const rewritten = await zipEntries(changed);
    assert.deepEqual(rewritten.map((e) => e[0]), original.map((e) => e[0]));
    for (let i = 0; i < original.length; i++) {
      if (original[i][0] === 'entities.xml') continue;
      assert.deepEqual(rewritten[i], original[i]);
    }
    const { pages } = await readAll(changed);
    assert.deepEqual(pages.map((p) => p.body), ['<p><a href="https://wiki.example.com/x/AQ">old</a></p>', '<p>new</p>']);
    assert.deepEqual(fingerprint(input), before);
  });

  it('leaves zip-slip entries out of the rewritten zip', async () => {
    const built = await zipBuffer([['zz/evil.txt', 'pwned'], ['entities.xml', XML]]);
    const input = write('export.zip', patchBytes(built, 'zz/evil.txt', '../evil.txt'));
    const out = join(tmp.dir, 'clean.zip');
    const result = await rewriteExport(input, out, () => undefined);
    assert.deepEqual(result.summary.problems.map((p) => p.code), ['zip-slip']);
    assert.deepEqual((await zipEntries(out)).map((e) => e[0]), ['entities.xml']);
  });

  it('refuses to write over its input', async () => {
    const input = write('entities.xml', XML);
    await assert.rejects(rewriteExport(input, input, () => 'x'), (err: unknown) => err instanceof ExportError && err.code === 'same-path');
    assert.equal(readFileSync(input, 'utf8'), XML);
  });

  it('refuses a truncated input and leaves no partial output', async () => {
    const input = write('entities.xml', XML.slice(0, XML.length - 200));
    const out = join(tmp.dir, 'out.xml');
    await assert.rejects(rewriteExport(input, out, () => 'x'), (err: unknown) => err instanceof ExportError && err.code === 'incomplete-input');
    assert.deepEqual(readdirSync(tmp.dir), ['entities.xml']);
  });

  it('fails a zip rewrite when an attachment is a zip bomb, leaving no partial output', async () => {
    const zip = await zipBuffer([
      ['entities.xml', XML],
      ['attachments/1/77/1', Buffer.alloc(30 * 1024 * 1024, 0x41)],
    ]);
    const input = write('export.zip', zip);
    const out = join(tmp.dir, 'out.zip');
    await assert.rejects(rewriteExport(input, out, () => undefined, { maxCompressionRatio: 100, ratioGraceBytes: 1024 * 1024 }), /100 times/);
    assert.deepEqual(readdirSync(tmp.dir), ['export.zip']);
  });
});
