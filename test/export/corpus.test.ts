// The reader over the 9 real exports in the shared corpus, checked against an independent DOM
// reading of the same files with fast-xml-parser (the files are small enough to load whole).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { buildPageIndex } from '../../server/src/export';
import { CORPUS, codes, fingerprint, readAll } from './helpers';

type Node = Record<string, unknown>;

function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node !== 'object') return String(node);
  const n = node as Node;
  if (n.__cdata !== undefined) return Array.isArray(n.__cdata) ? n.__cdata.join('') : String(n.__cdata);
  return n['#text'] === undefined ? '' : String(n['#text']);
}

/** Current pages per the rules of storage-format.md §7.1, computed from a whole-document parse. */
function reference(file: string): Map<string, { title: string; spaceKey: string; body: string | null }> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    cdataPropName: '__cdata',
    parseTagValue: false,
    trimValues: false,
    isArray: (name: string) => ['object', 'property', 'collection', 'element'].includes(name),
  });
  const doc = parser.parse(readFileSync(file, 'utf8')) as Node;
  const objects = (doc['hibernate-generic'] as Node).object as Node[];
  const props = (o: Node): Map<string, Node> => new Map(((o.property as Node[] | undefined) ?? []).map((p) => [String(p['@_name']), p]));
  const spaces = new Map<string, string>();
  const bodies = new Map<string, string>();
  const pages: Array<{ id: string; title: string; spaceId: string }> = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const p = props(o);
    const id = text(o.id).trim();
    if (o['@_class'] === 'Space') spaces.set(id, text(p.get('key')));
    if (o['@_class'] === 'BodyContent') {
      const content = p.get('content');
      const target = text(content?.id).trim();
      if (content && ['Page', 'BlogPost'].includes(String(content['@_class'])) && !bodies.has(target)) {
        bodies.set(target, text(p.get('body')).replaceAll(']] >', ']]>').replace(/[\u2028\u2029]/g, '\n'));
      }
    }
    if (o['@_class'] === 'Page' || o['@_class'] === 'BlogPost') {
      if (seen.has(id)) continue;
      seen.add(id);
      const status = text(p.get('contentStatus')).trim() || 'current';
      if (status === 'current' && !p.has('originalVersion')) {
        pages.push({ id, title: text(p.get('title')), spaceId: text(p.get('space')?.id).trim() });
      }
    }
  }
  return new Map(pages.map((pg) => [pg.id, { title: pg.title, spaceKey: spaces.get(pg.spaceId) ?? '', body: bodies.get(pg.id) ?? null }]));
}

/** Counts per file: [Page+BlogPost objects, current, historical, drafts, blog posts]. */
const EXPECTED: Record<string, [number, number, number, number, number]> = {
  'hallowelt-multisource-alpha-entities.xml': [9, 9, 0, 0, 0],
  'hallowelt-multisource-beta-entities.xml': [9, 9, 0, 0, 0],
  'hallowelt-singlesource-entities.xml': [8, 8, 0, 0, 1],
  'hallowelt-titlebuilder-entities.xml': [6, 5, 1, 0, 0],
  'xwiki-asciichar28-entities.xml': [2, 1, 0, 1, 0],
  'xwiki-codett-entities.xml': [1, 1, 0, 0, 0],
  'xwiki-confluence8.5.6-entities.xml': [6, 3, 0, 3, 0],
  'xwiki-confluence80tags-entities.xml': [9, 4, 1, 4, 0],
  'xwiki-jira-entities.xml': [1, 1, 0, 0, 0],
};

describe('export/corpus: the 9 real exports', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).sort();

  it('has the 9 files this suite expects', () => {
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    it(`${file}: counts, pages and bodies match an independent parse`, async () => {
      const path = join(CORPUS, file);
      const before = fingerprint(path);
      const { pages, summary } = await readAll(path);
      assert.deepEqual(fingerprint(path), before);
      assert.equal(summary.complete, true);
      const { pages: total, currentPages, historicalVersions, drafts, blogPosts } = summary;
      assert.deepEqual([total, currentPages, historicalVersions, drafts, blogPosts], EXPECTED[file]);
      assert.equal(pages.length, currentPages);
      const ref = reference(path);
      const mine = new Map(pages.map((p) => [p.pageId, { title: p.title, spaceKey: p.spaceKey, body: p.bodyType === null ? null : p.body }]));
      assert.deepEqual(mine, ref);
      const index = await buildPageIndex(path);
      assert.deepEqual([...index.pages.keys()].sort(), pages.map((p) => p.pageId).sort());
      for (const p of pages) assert.deepEqual(index.pages.get(p.pageId), { id: p.pageId, spaceKey: p.spaceKey, title: p.title });
    });
  }

  it('every file reads the same in 7-byte and 64 KB chunks as in the default 1 MB', async () => {
    for (const file of files) {
      const path = join(CORPUS, file);
      const reference = await readAll(path);
      assert.deepEqual(await readAll(path, { chunkBytes: 7 }), reference, file);
      assert.deepEqual(await readAll(path, { chunkBytes: 65536 }), reference, file);
    }
  });

  it('xwiki-codett: the "]] >" escapes inside the body come back as "]]>"', async () => {
    const { pages } = await readAll(join(CORPUS, 'xwiki-codett-entities.xml'));
    const body = pages[0].body;
    assert.equal(body.includes(']] >'), false);
    assert.equal(body.split(']]></ac:plain-text-body>').length - 1, 3);
  });

  it('xwiki-asciichar28: the U+0008 is tolerated and reported on the page that has it', async () => {
    const { pages, summary } = await readAll(join(CORPUS, 'xwiki-asciichar28-entities.xml'));
    assert.deepEqual(pages.map((p) => p.pageId), ['45809845']);
    assert.deepEqual(summary.problems.map((p) => [p.code, p.pageId]), [
      ['control-characters', '45809846'],
      ['missing-body', '45809845'],
    ]);
  });

  it('hallowelt-singlesource: spaces across one file and the blog post', async () => {
    const { pages } = await readAll(join(CORPUS, 'hallowelt-singlesource-entities.xml'));
    assert.deepEqual([...new Set(pages.map((p) => p.spaceKey))].sort(), ['CON', 'SEC', 'THRD']);
    assert.deepEqual(pages.filter((p) => p.contentType === 'blogpost').map((p) => p.title), ['My Blog Post']);
  });

  it('xwiki-confluence8.5.6: drafts are counted, not yielded, and the parent is resolved', async () => {
    const { pages, summary } = await readAll(join(CORPUS, 'xwiki-confluence8.5.6-entities.xml'));
    assert.deepEqual(pages.map((p) => [p.pageId, p.parentId]), [['98361', null], ['98371', null], ['1048577', '98361']]);
    assert.deepEqual(codes(summary), ['missing-body']);
  });
});
