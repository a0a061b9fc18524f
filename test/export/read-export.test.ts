import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildPageIndex, readExport } from '../../server/src/export';
import { bodyContent, codes, entities, fingerprint, makeTempDir, page, readAll, space } from './helpers';

describe('export/read-export', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  const write = (name: string, content: Buffer | string): string => tmp.write(name, content);

  const MIXED = entities([
    // Bodies before and after their pages; historical version, draft, deleted page and a blog post.
    bodyContent({ id: '900', pageId: '2', body: '<p>child body</p>' }),
    space('50', 'DOC', 'Documentation'),
    page({ id: '1', title: 'Home', spaceId: '50', status: 'current', version: 3 }),
    page({ id: '2', title: 'Child', spaceId: '50', status: 'current', version: 1, parentId: '1' }),
    page({ id: '3', title: 'Home', spaceId: '50', status: 'current', version: 2, originalVersion: '1' }),
    page({ id: '4', title: 'Home', spaceId: '50', status: 'draft', version: 1, originalVersion: '1' }),
    page({ id: '5', title: 'Unpublished', spaceId: '50', status: 'draft' }),
    page({ id: '6', title: 'Gone', spaceId: '50', status: 'deleted' }),
    page({ id: '7', title: 'News', spaceId: '50', status: 'current', cls: 'BlogPost' }),
    bodyContent({ id: '901', pageId: '1', body: '<p>home v3</p>' }),
    bodyContent({ id: '902', pageId: '3', body: '<p>home v2</p>' }),
    bodyContent({ id: '903', pageId: '4', body: '<p>draft</p>' }),
    bodyContent({ id: '904', pageId: '7', body: '<p>news</p>', contentClass: 'BlogPost' }),
    bodyContent({ id: '905', pageId: '1', body: '<p>comment</p>', contentClass: 'Comment' }),
  ]);

  it('joins bodies to current pages in any order, and counts the rest', async () => {
    const { pages, summary } = await readAll(write('entities.xml', MIXED));
    const byId = new Map(pages.map((p) => [p.pageId, p]));
    assert.deepEqual([...byId.keys()].sort(), ['1', '2', '7']);
    assert.deepEqual(byId.get('2'), {
      contentType: 'page',
      spaceKey: 'DOC',
      spaceName: 'Documentation',
      pageId: '2',
      title: 'Child',
      version: 1,
      parentId: '1',
      bodyType: 2,
      body: '<p>child body</p>',
      bodyContentId: '900',
    });
    assert.equal(byId.get('1')!.body, '<p>home v3</p>');
    assert.equal(byId.get('1')!.version, 3);
    assert.equal(byId.get('7')!.contentType, 'blogpost');
    assert.equal(byId.get('7')!.body, '<p>news</p>');
    const { problems, ...counts } = summary;
    assert.deepEqual(problems, []);
    assert.deepEqual(counts, {
      pages: 7,
      currentPages: 3,
      blogPosts: 1,
      historicalVersions: 1,
      drafts: 2,
      deleted: 1,
      wikiMarkupBodies: 0,
      duplicatePageIds: 0,
      complete: true,
      bytesRead: Buffer.byteLength(MIXED),
    });
  });

  it('gives identical pages and summaries in 1-byte, 7-byte and 64 KB reads', async () => {
    const path = write('entities.xml', MIXED.replace('child body', 'chïld bödy 😀 ]] > 中文'));
    const reference = await readAll(path, { chunkBytes: 65536 });
    assert.equal(reference.pages.find((p) => p.pageId === '2')!.body, '<p>chïld bödy 😀 ]]> 中文</p>');
    assert.deepEqual(await readAll(path, { chunkBytes: 1 }), reference);
    assert.deepEqual(await readAll(path, { chunkBytes: 7 }), reference);
  });

  it('undoes the "]] >" escape and turns U+2028/U+2029 into newlines', async () => {
    const raw = '<![CDATA[<ac:plain-text-body><![CDATA[x]] ></ac:plain-text-body>a\u2028b\u2029c]]>';
    const path = write('entities.xml', entities([space('50', 'S', 'S'), page({ id: '1', title: 'T', spaceId: '50' }), bodyContent({ id: '9', pageId: '1', raw })]));
    const { pages } = await readAll(path);
    assert.equal(pages[0].body, '<ac:plain-text-body><![CDATA[x]]></ac:plain-text-body>a\nb\nc');
  });

  it('reads bodies written as escaped text instead of CDATA', async () => {
    const raw = '&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;';
    const path = write('entities.xml', entities([space('50', 'S', 'S'), page({ id: '1', title: 'T', spaceId: '50' }), bodyContent({ id: '9', pageId: '1', raw })]));
    assert.equal((await readAll(path)).pages[0].body, '<p>Tom &amp; Jerry</p>');
  });

  it('treats a page without contentStatus as current (old exports)', async () => {
    const path = write('entities.xml', entities([space('50', 'S', 'S'), page({ id: '1', title: 'Old', spaceId: '50' }), bodyContent({ id: '9', pageId: '1', body: 'x' })]));
    const { pages, summary } = await readAll(path);
    assert.deepEqual(pages.map((p) => p.pageId), ['1']);
    assert.equal(summary.currentPages, 1);
  });

  it('reports wiki-markup bodies and yields them with bodyType 0, unparsed', async () => {
    const path = write(
      'entities.xml',
      entities([
        space('50', 'S', 'S'),
        page({ id: '1', title: 'Wiki', spaceId: '50', status: 'current' }),
        page({ id: '2', title: 'Storage', spaceId: '50', status: 'current' }),
        bodyContent({ id: '9', pageId: '1', body: 'h1. Title\n{code}x{code}', bodyType: 0 }),
        bodyContent({ id: '10', pageId: '2', body: '<p>fine</p>' }),
      ]),
    );
    const before = fingerprint(path);
    const { pages, summary } = await readAll(path);
    assert.deepEqual(fingerprint(path), before);
    assert.deepEqual(pages.map((p) => [p.pageId, p.bodyType]), [['1', 0], ['2', 2]]);
    assert.equal(pages[0].body, 'h1. Title\n{code}x{code}');
    assert.equal(summary.wikiMarkupBodies, 1);
    assert.deepEqual(summary.problems.map((p) => [p.code, p.pageId]), [['wiki-markup-body', '1']]);
  });

  it('reports duplicate page ids, keeps the first and processes the rest', async () => {
    const path = write(
      'entities.xml',
      entities([
        space('50', 'S', 'S'),
        page({ id: '1', title: 'First', spaceId: '50', status: 'current' }),
        page({ id: '1', title: 'Second', spaceId: '50', status: 'current' }),
        page({ id: '2', title: 'Other', spaceId: '50', status: 'current' }),
        bodyContent({ id: '9', pageId: '1', body: 'one' }),
        bodyContent({ id: '10', pageId: '2', body: 'two' }),
      ]),
    );
    const before = fingerprint(path);
    const { pages, summary } = await readAll(path);
    assert.deepEqual(fingerprint(path), before);
    assert.deepEqual(pages.map((p) => [p.pageId, p.title, p.body]), [['1', 'First', 'one'], ['2', 'Other', 'two']]);
    assert.equal(summary.duplicatePageIds, 1);
    assert.deepEqual(summary.problems.map((p) => [p.code, p.pageId]), [['duplicate-page-id', '1']]);
    assert.equal(summary.pages, 3);
  });

  it('delivers everything before a truncation and says where it stopped', async () => {
    const full = entities([
      space('50', 'S', 'S'),
      page({ id: '1', title: 'A', spaceId: '50', status: 'current' }),
      bodyContent({ id: '9', pageId: '1', body: '<p>complete</p>' }),
      page({ id: '2', title: 'B', spaceId: '50', status: 'current' }),
      bodyContent({ id: '10', pageId: '2', body: '<p>this body is cut in the middle</p>' }),
    ]);
    const cut = full.slice(0, full.indexOf('cut in the middle'));
    const path = write('entities.xml', cut);
    const before = fingerprint(path);
    const { pages, summary } = await readAll(path);
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [['1', '<p>complete</p>'], ['2', '']]);
    assert.equal(summary.complete, false);
    assert.deepEqual(codes(summary), ['truncated-xml', 'missing-body']);
    assert.equal(summary.problems[0].offset, Buffer.byteLength(cut));
    assert.deepEqual(fingerprint(path), before);
  });

  it('tolerates control characters illegal in XML 1.0 and reports them', async () => {
    const path = write(
      'entities.xml',
      entities([
        space('50', 'S', 'S'),
        page({ id: '1', title: '\u0008Alex', spaceId: '50', status: 'current' }),
        bodyContent({ id: '9', pageId: '1', body: '<p>bell\u0007 and backspace\u0008</p>' }),
        page({ id: '2', title: 'Clean', spaceId: '50', status: 'current' }),
        bodyContent({ id: '10', pageId: '2', body: '<p>clean</p>' }),
      ]),
    );
    const before = fingerprint(path);
    const { pages, summary } = await readAll(path);
    assert.deepEqual(pages.map((p) => [p.pageId, p.title, p.body]), [
      ['1', '\u0008Alex', '<p>bell\u0007 and backspace\u0008</p>'],
      ['2', 'Clean', '<p>clean</p>'],
    ]);
    assert.deepEqual(summary.problems.map((p) => [p.code, p.pageId]), [['control-characters', '1'], ['control-characters', '1']]);
    assert.deepEqual(fingerprint(path), before);
  });

  it('never expands DTD entities (billion laughs), reports the DOCTYPE and reads on', async () => {
    let decl = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) decl += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const path = write(
      'entities.xml',
      entities(
        [
          space('50', 'S', 'S'),
          '  <object class="Page" package="p"><id name="id">1</id><property name="title">&lol9; &amp; co</property><property name="contentStatus">current</property><property name="space" class="Space" package="p"><id name="id">50</id></property></object>\n',
          bodyContent({ id: '9', pageId: '1', raw: '&lt;p&gt;&lol9;&lt;/p&gt;' }),
        ],
        `<!DOCTYPE hibernate-generic [${decl}]>\n`,
      ),
    );
    const before = fingerprint(path);
    const { pages, summary } = await readAll(path);
    assert.deepEqual(fingerprint(path), before);
    assert.deepEqual(pages.map((p) => [p.title, p.body]), [['&lol9; & co', '<p>&lol9;</p>']]);
    assert.deepEqual(codes(summary), ['doctype-ignored']);
  });

  it('stops at a tag that never closes (markup-too-long), keeping the pages before it', async () => {
    const good = entities([space('50', 'S', 'S'), page({ id: '1', title: 'T', spaceId: '50', status: 'current' }), bodyContent({ id: '9', pageId: '1', body: 'kept' })]);
    const path = write('entities.xml', good.replace('</hibernate-generic>', `<object class="Page" junk="${'x'.repeat(5000)}`));
    const { pages, summary } = await readAll(path, { maxMarkupBytes: 1000 });
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [['1', 'kept']]);
    assert.deepEqual(codes(summary), ['markup-too-long']);
    assert.equal(summary.complete, false);
  });

  it('reports a page whose space is missing and a file that is not an export', async () => {
    const path = write('entities.xml', entities([page({ id: '1', title: 'T', spaceId: '77', status: 'current' }), bodyContent({ id: '9', pageId: '1', body: 'x' })]));
    const { pages, summary } = await readAll(path);
    assert.deepEqual(pages.map((p) => [p.spaceKey, p.body]), [['', 'x']]);
    assert.deepEqual(codes(summary), ['missing-space']);
    const other = await readAll(write('other.xml', '<html><body>hi</body></html>'));
    assert.deepEqual(other.pages, []);
    assert.deepEqual(codes(other.summary), ['not-an-export']);
  });

  it('skips and reports a body over maxBodyBytes, and reads the others', async () => {
    const path = write(
      'entities.xml',
      entities([
        space('50', 'S', 'S'),
        page({ id: '1', title: 'Huge', spaceId: '50', status: 'current' }),
        bodyContent({ id: '9', pageId: '1', body: `<p>${'x'.repeat(5000)}</p>` }),
        page({ id: '2', title: 'Small', spaceId: '50', status: 'current' }),
        bodyContent({ id: '10', pageId: '2', body: '<p>small</p>' }),
      ]),
    );
    const { pages, summary } = await readAll(path, { maxBodyBytes: 1000 });
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [['2', '<p>small</p>']]);
    assert.deepEqual(summary.problems.map((p) => [p.code, p.pageId]), [['body-too-large', '1']]);
  });

  it('builds the page index from metadata alone', async () => {
    const path = write('entities.xml', MIXED);
    const index = await buildPageIndex(path);
    assert.deepEqual([...index.pages.entries()], [
      ['1', { id: '1', spaceKey: 'DOC', title: 'Home' }],
      ['2', { id: '2', spaceKey: 'DOC', title: 'Child' }],
      ['7', { id: '7', spaceKey: 'DOC', title: 'News' }],
    ]);
    assert.equal(index.summary.currentPages, 3);
  });

  it('keeps the summary meaningful when the caller stops early, and refuses a second iteration', async () => {
    const reading = readExport(write('entities.xml', MIXED));
    for await (const p of reading) {
      assert.ok(p.pageId);
      break;
    }
    assert.equal(reading.summary.currentPages, 3);
    assert.throws(() => reading[Symbol.asyncIterator]());
  });

  it('throws ExportError not-found for a missing file', async () => {
    await assert.rejects(readAll(join(tmp.dir, 'nope.zip')), (err: Error & { code?: string }) => err.code === 'not-found');
  });
});
