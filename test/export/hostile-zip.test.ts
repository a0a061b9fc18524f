import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ExportError, buildPageIndex } from '../../server/src/export';
import { bodyContent, codes, entities, fingerprint, makeTempDir, page, patchBytes, readAll, space, zipBuffer } from './helpers';

const SMALL = entities([
  space('50', 'S', 'Space'),
  page({ id: '1', title: 'First', spaceId: '50', status: 'current' }),
  bodyContent({ id: '9', pageId: '1', body: '<p>first body</p>' }),
  page({ id: '2', title: 'Second', spaceId: '50', status: 'current' }),
  bodyContent({ id: '10', pageId: '2', body: '<p>second body</p>' }),
]);

/** An export whose second body is `size` bytes of one letter: it deflates about 1000:1. */
function bombEntities(size: number): Buffer {
  const head = entities([
    space('50', 'S', 'Space'),
    page({ id: '1', title: 'First', spaceId: '50', status: 'current' }),
    bodyContent({ id: '9', pageId: '1', body: '<p>first body</p>' }),
    page({ id: '2', title: 'Bomb', spaceId: '50', status: 'current' }),
    bodyContent({ id: '10', pageId: '2', body: 'BOMB' }),
  ]);
  const [before, after] = head.split('BOMB');
  return Buffer.concat([Buffer.from(before), Buffer.alloc(size, 0x41), Buffer.from(after)]);
}

/** Deterministic text that deflates poorly (about 1.3:1), so only the size limit can stop it. */
function noisyEntities(bytes: number): string {
  let seed = 42;
  let body = '';
  while (body.length < bytes) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    body += seed.toString(36);
  }
  return entities([
    space('50', 'S', 'Space'),
    page({ id: '1', title: 'Noise', spaceId: '50', status: 'current' }),
    bodyContent({ id: '9', pageId: '1', body }),
  ]);
}

/** Sets the uncompressed size that the headers of the first entry declare. */
function lieAboutSize(zip: Buffer, declared: number): Buffer {
  const out = Buffer.from(zip);
  assert.equal(out.readUInt32LE(0), 0x04034b50);
  out.writeUInt32LE(declared, 22);
  const cd = out.readUInt32LE(out.length - 22 + 16);
  assert.equal(out.readUInt32LE(cd), 0x02014b50);
  out.writeUInt32LE(declared, cd + 24);
  return out;
}

describe('export/hostile zips', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  const write = (name: string, content: Buffer | string): string => tmp.write(name, content);

  /** Reads `path` and checks that the input file is untouched afterwards. */
  async function readUntouched(path: string, options = {}): ReturnType<typeof readAll> {
    const before = fingerprint(path);
    try {
      return await readAll(path, options);
    } finally {
      assert.deepEqual(fingerprint(path), before, 'input changed');
    }
  }

  it('reads a zip the same as its bare entities.xml', async () => {
    const zip = await zipBuffer([
      ['entities.xml', SMALL],
      ['exportDescriptor.properties', 'spaceKey=S\nexportType=space\n'],
      ['attachments/', ''],
      ['attachments/1/77/1', Buffer.from([0, 1, 2, 255])],
    ]);
    const fromZip = await readUntouched(write('export.zip', zip));
    const fromXml = await readUntouched(write('entities.xml', SMALL));
    assert.deepEqual(fromZip, fromXml);
    assert.deepEqual(fromZip.pages.map((p) => p.body), ['<p>first body</p>', '<p>second body</p>']);
    assert.deepEqual(await buildPageIndex(join(tmp.dir, 'export.zip')), await buildPageIndex(join(tmp.dir, 'entities.xml')));
    // Stored (uncompressed) entries read the same.
    const stored = await readUntouched(write('stored.zip', await zipBuffer([['entities.xml', SMALL]], false)));
    assert.deepEqual(stored, fromXml);
  });

  it('rejects zip-slip entry names, never writes them, and reads the rest', async () => {
    const built = await zipBuffer([
      ['zz/evil.txt', 'pwned'],
      ['Xabs.txt', 'pwned'],
      ['zz-win.txt', 'pwned'],
      ['entities.xml', SMALL],
    ]);
    const zip = patchBytes(patchBytes(patchBytes(built, 'zz/evil.txt', '../evil.txt'), 'Xabs.txt', '/abs.txt'), 'zz-win.txt', '..\\win.txt');
    const path = write('export.zip', zip);
    const { pages, summary } = await readUntouched(path);
    assert.deepEqual(pages.map((p) => p.pageId), ['1', '2']);
    assert.deepEqual(codes(summary), ['zip-slip', 'zip-slip', 'zip-slip']);
    assert.equal(existsSync(join(dirname(tmp.dir), 'evil.txt')), false);
    assert.deepEqual(readdirSync(tmp.dir), ['export.zip']);
  });

  it('stops a zip bomb by compression ratio, keeping what came before', async () => {
    const path = write('bomb.zip', await zipBuffer([['entities.xml', bombEntities(24 * 1024 * 1024)]]));
    const { pages, summary } = await readUntouched(path, { maxCompressionRatio: 100, ratioGraceBytes: 1024 * 1024 });
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [['1', '<p>first body</p>'], ['2', '']]);
    assert.deepEqual(codes(summary), ['zip-bomb-ratio', 'missing-body']);
    assert.equal(summary.complete, false);
    // 24 MiB of one letter deflates to about 24 KiB, so ratio 100 allows about 2.4 MiB.
    assert.ok(summary.bytesRead < 3 * 1024 * 1024, `inflated ${summary.bytesRead} bytes`);
  });

  it('stops the same bomb with the default limits', async () => {
    const path = write('bomb.zip', await zipBuffer([['entities.xml', bombEntities(24 * 1024 * 1024)]]));
    const { summary } = await readUntouched(path);
    assert.deepEqual(codes(summary), ['zip-bomb-ratio', 'missing-body']);
    // Stopped at the 16 MiB grace, before the 24 MiB body ends.
    assert.ok(summary.bytesRead < 17 * 1024 * 1024, `inflated ${summary.bytesRead} bytes`);
  });

  it('counts inflated bytes itself: a header that understates the size does not help a bomb', async () => {
    const zip = lieAboutSize(await zipBuffer([['entities.xml', bombEntities(24 * 1024 * 1024)]]), 1000);
    const { pages, summary } = await readUntouched(write('liar.zip', zip), { maxCompressionRatio: 100, ratioGraceBytes: 1024 * 1024 });
    assert.equal(pages[0].body, '<p>first body</p>');
    assert.deepEqual(codes(summary), ['zip-bomb-ratio', 'missing-body']);
  });

  it('stops an entry that inflates past the absolute size limit', async () => {
    const xml = noisyEntities(300 * 1024);
    const path = write('big.zip', await zipBuffer([['entities.xml', xml]]));
    const { pages, summary } = await readUntouched(path, { maxUncompressedBytes: 64 * 1024 });
    assert.deepEqual(codes(summary), ['zip-bomb-size', 'missing-body']);
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [['1', '']]);
    assert.ok(summary.bytesRead <= 64 * 1024);
    // The same zip reads fine under the default limits.
    const ok = await readUntouched(path);
    assert.deepEqual(codes(ok.summary), []);
    assert.equal(ok.pages[0].body.length > 300 * 1024, true);
  });

  it('fails clearly on a truncated zip', async () => {
    const zip = await zipBuffer([['entities.xml', noisyEntities(20 * 1024)], ['exportDescriptor.properties', 'x=1\n']]);
    const path = write('cut.zip', zip.subarray(0, Math.floor(zip.length / 2)));
    const before = fingerprint(path);
    await assert.rejects(readAll(path), (err: unknown) => err instanceof ExportError && err.code === 'truncated-zip');
    assert.deepEqual(fingerprint(path), before);
  });

  it('reports corrupt compressed data as zip-corrupt and keeps what was inflated before it', async () => {
    const zip = await zipBuffer([['entities.xml', noisyEntities(200 * 1024)]]);
    const broken = Buffer.from(zip);
    // Garble the middle of the deflate stream; the central directory stays intact.
    for (let i = 0; i < 64; i++) broken[Math.floor(zip.length / 2) + i] ^= 0xff;
    const { summary } = await readUntouched(write('broken.zip', broken));
    assert.equal(summary.complete, false);
    assert.ok(codes(summary).includes('zip-corrupt'), JSON.stringify(summary.problems));
    assert.ok(summary.bytesRead > 0);
  });

  it('fails clearly on a zip without entities.xml', async () => {
    const path = write('other.zip', await zipBuffer([['readme.txt', 'hello']]));
    await assert.rejects(readAll(path), (err: unknown) => err instanceof ExportError && err.code === 'no-entities-xml');
  });
});
