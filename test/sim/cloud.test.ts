import * as assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator, type SeedPage } from '../../server/src/sim/index';
import { basicAuth, RecordingClient } from './recording-client';

const ADF = (text: string) => JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/** Parses `Link: <url>; rel="next", <base>; rel="base"`. */
function linkRel(header: string | null, rel: string): string | undefined {
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (m && m[2] === rel) return m[1];
  }
  return undefined;
}

describe('simulator: Cloud', () => {
  let sim: RunningSimulator;
  let api: RecordingClient;

  before(async () => {
    const pages: SeedPage[] = [{ title: 'Home', spaceKey: 'ENG', body: '<p>home</p>', representation: 'storage' }];
    for (let i = 1; i <= 60; i++) pages.push({ title: `Page ${i}`, spaceKey: 'ENG', parentTitle: 'Home', body: `<p>page ${i}</p>`, representation: 'storage' });
    pages.push({ title: 'Modern', spaceKey: 'ENG', parentTitle: 'Home', body: ADF('modern text'), representation: 'atlas_doc_format', properties: { editor: 'v2' } });
    for (let i = 1; i <= 3; i++) pages.push({ title: `Other ${i}`, spaceKey: `S${i}`, body: '<p>x</p>', representation: 'storage' });
    sim = await startSimulator({ flavor: 'cloud', seed: { pages } });
    api = new RecordingClient('cloud', sim.baseUrl, basicAuth('admin@example.com', 'sim-api-token'));
  });

  after(async () => {
    await sim.close();
    assert.deepEqual(api.violations(), []);
  });

  const pageId = (title: string) => {
    for (const p of sim.state.store.pages.values()) if (sim.state.store.current(p).title === title) return p.id;
    throw new Error(title);
  };
  const spaceId = (key: string) => sim.state.store.spaces.get(key)?.id as string;

  it('uses large numeric ids and resolves spaces by key with cursor paging', async () => {
    assert.ok(Number(pageId('Home')) > 2 ** 32);
    const one = await api.call('GET', '/wiki/api/v2/spaces', { query: { keys: 'ENG' } });
    assert.deepEqual(one.body.results.map((s: { key: string; id: string }) => [s.key, s.id]), [['ENG', spaceId('ENG')]]);
    const keys: string[] = [];
    let next: string | undefined = '/wiki/api/v2/spaces?limit=2';
    while (next) {
      const res = await api.call('GET', next);
      keys.push(...res.body.results.map((s: { key: string }) => s.key));
      next = res.body._links.next;
    }
    assert.deepEqual(keys, ['ENG', 'S1', 'S2', 'S3']);
  });

  it('walks all pages of a space through the Link header, matching _links.next', async () => {
    const titles: string[] = [];
    let url: string | undefined = `/wiki/api/v2/spaces/${spaceId('ENG')}/pages?limit=25&body-format=storage`;
    let rounds = 0;
    while (url) {
      const res = await api.call('GET', url);
      assert.equal(res.status, 200);
      titles.push(...res.body.results.map((p: { title: string }) => p.title));
      const fromHeader = linkRel(res.headers.get('link'), 'next');
      assert.equal(fromHeader, res.body._links.next);
      assert.equal(res.body._links.base, `${sim.baseUrl}/wiki`);
      if (fromHeader) assert.equal(linkRel(res.headers.get('link'), 'base'), `${sim.baseUrl}/wiki`);
      url = fromHeader;
      rounds++;
    }
    assert.equal(rounds, 3);
    assert.equal(titles.length, 62);
    assert.equal(new Set(titles).size, 62);
  });

  it('caps /pages at 250 per page and filters by space-id and title', async () => {
    const res = await api.call('GET', '/wiki/api/v2/pages', { query: { 'space-id': spaceId('S2'), title: 'Other 2' } });
    assert.deepEqual(res.body.results.map((p: { title: string }) => p.title), ['Other 2']);
    const all = await api.call('GET', '/wiki/api/v2/pages', { query: { limit: '250' } });
    assert.equal(all.body.results.length, 65);
    assert.equal(all.body._links.next, undefined);
    assert.equal(all.headers.get('link'), null);
  });

  it('returns the written representation verbatim and a text-only conversion of the other', async () => {
    const id = pageId('Modern');
    const adf = await api.call('GET', `/wiki/api/v2/pages/${id}`, { query: { 'body-format': 'atlas_doc_format' } });
    assert.equal(adf.body.body.atlas_doc_format.representation, 'atlas_doc_format');
    assert.equal(typeof adf.body.body.atlas_doc_format.value, 'string', 'ADF comes as a JSON string');
    assert.equal(adf.body.body.atlas_doc_format.value, ADF('modern text'));
    const storage = await api.call('GET', `/wiki/api/v2/pages/${id}`, { query: { 'body-format': 'storage' } });
    assert.equal(storage.body.body.storage.value, '<p>modern text</p>');
    const fromStorage = await api.call('GET', `/wiki/api/v2/pages/${pageId('Page 1')}`, { query: { 'body-format': 'atlas_doc_format' } });
    assert.deepEqual(JSON.parse(fromStorage.body.body.atlas_doc_format.value), JSON.parse(ADF('page 1')));
  });

  it('creates pages with 200 under the space homepage; a duplicate title is 400', async () => {
    const created = await api.call('POST', '/wiki/api/v2/pages', {
      json: { spaceId: spaceId('ENG'), status: 'current', title: 'New ADF page', body: { representation: 'atlas_doc_format', value: ADF('fresh') } },
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.parentId, pageId('Home'));
    assert.equal(created.body.version.number, 1);
    assert.equal(created.body.body.atlas_doc_format.value, ADF('fresh'));
    const dup = await api.call('POST', '/wiki/api/v2/pages', {
      json: { spaceId: spaceId('ENG'), title: 'New ADF page', body: { storage: { representation: 'storage', value: '<p>x</p>' } } },
    });
    assert.equal(dup.status, 400);
    assert.match(dup.body.errors[0].title, /A page with this title already exists/);
    const notAdf = await api.call('POST', '/wiki/api/v2/pages', {
      json: { spaceId: spaceId('ENG'), title: 'Broken', body: { representation: 'atlas_doc_format', value: '{"type":"paragraph"}' } },
    });
    assert.equal(notAdf.status, 400);
    assert.equal(notAdf.body.errors[0].title, 'Error converting ADF to storage format');
  });

  it('updates with version+1; a stale version gets the exact 409 and the page stays unchanged', async () => {
    const id = pageId('Page 5');
    const body = (n: number, text: string) => ({
      id,
      status: 'current',
      title: 'Page 5',
      spaceId: spaceId('ENG'),
      body: { representation: 'atlas_doc_format', value: ADF(text) },
      version: { number: n, message: 'sim test' },
    });
    const ok = await api.call('PUT', `/wiki/api/v2/pages/${id}`, { json: body(2, 'second') });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version.number, 2);
    const stale = await api.call('PUT', `/wiki/api/v2/pages/${id}`, { json: body(2, 'lost update') });
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.body, {
      errors: [{ status: 409, code: 'CONFLICT', title: 'Version must be incremented when updating a page. Current Version: [2]. Provided version: [2]', detail: null }],
    });
    const missing = await api.call('PUT', `/wiki/api/v2/pages/${id}`, {
      json: { id, status: 'current', title: 'Page 5', body: body(3, 'x').body },
      invalidRequest: true,
    });
    assert.equal(missing.status, 400);
    const now = await api.call('GET', `/wiki/api/v2/pages/${id}`, { query: { 'body-format': 'atlas_doc_format' } });
    assert.equal(now.body.version.number, 2);
    assert.equal(now.body.body.atlas_doc_format.value, ADF('second'));
    const old = await api.call('GET', `/wiki/api/v2/pages/${id}`, { query: { 'body-format': 'storage', version: '1' } });
    assert.equal(old.body.body.storage.value, '<p>page 5</p>');
    const versions = await api.call('GET', `/wiki/api/v2/pages/${id}/versions`);
    assert.deepEqual(versions.body.results.map((v: { number: number }) => v.number), [2, 1]);
  });

  it('lists children (children and direct-children)', async () => {
    const kids = await api.call('GET', `/wiki/api/v2/pages/${pageId('Home')}/children`, { query: { limit: '250' } });
    assert.equal(kids.body.results.length, 62);
    const direct = await api.call('GET', `/wiki/api/v2/pages/${pageId('Home')}/direct-children`, { query: { limit: '10' } });
    assert.equal(direct.body.results.length, 10);
    assert.equal(direct.body.results[0].type, 'page');
    assert.ok(direct.headers.get('link')?.includes('rel="next"'));
  });

  it('round-trips the editor property with version+1 rules', async () => {
    const id = pageId('Page 9');
    const none = await api.call('GET', `/wiki/api/v2/pages/${id}/properties`, { query: { key: 'editor' } });
    assert.deepEqual(none.body.results, []);
    const created = await api.call('POST', `/wiki/api/v2/pages/${id}/properties`, { json: { key: 'editor', value: 'v1' } });
    assert.equal(created.status, 200);
    assert.equal(created.body.version.number, 1);
    const propId = created.body.id;
    const stale = await api.call('PUT', `/wiki/api/v2/pages/${id}/properties/${propId}`, { json: { key: 'editor', value: 'v2', version: { number: 1 } } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.errors[0].code, 'CONFLICT');
    const updated = await api.call('PUT', `/wiki/api/v2/pages/${id}/properties/${propId}`, { json: { key: 'editor', value: 'v2', version: { number: 2 } } });
    assert.equal(updated.status, 200);
    const read = await api.call('GET', `/wiki/api/v2/pages/${id}/properties`, { query: { key: 'editor' } });
    assert.deepEqual(read.body.results.map((p: { key: string; value: unknown; version: { number: number } }) => [p.key, p.value, p.version.number]), [['editor', 'v2', 2]]);
    const inline = await api.call('GET', `/wiki/api/v2/pages/${pageId('Modern')}`, { query: { 'include-properties': 'true' } });
    assert.deepEqual(inline.body.properties.results.map((p: { key: string; value: unknown }) => [p.key, p.value]), [['editor', 'v2']]);
  });

  it('uploads attachments through v1 and lists them through v2', async () => {
    const id = pageId('Page 3');
    const up = await api.call('POST', `/wiki/rest/api/content/${id}/child/attachment`, {
      headers: { 'X-Atlassian-Token': 'nocheck' },
      multipart: { files: [{ name: 'diagram.png', data: 'PNGDATA', type: 'image/png' }], fields: { minorEdit: 'true' } },
    });
    assert.equal(up.status, 200);
    assert.equal(up.body.results[0].title, 'diagram.png');
    const again = await api.call('POST', `/wiki/rest/api/content/${id}/child/attachment`, {
      headers: { 'X-Atlassian-Token': 'nocheck' },
      multipart: { files: [{ name: 'diagram.png', data: 'PNGDATA2', type: 'image/png' }], fields: { minorEdit: 'true' } },
    });
    assert.equal(again.status, 400);
    const list = await api.call('GET', `/wiki/api/v2/pages/${id}/attachments`);
    assert.deepEqual(list.body.results.map((a: { title: string; mediaType: string; fileSize: number }) => [a.title, a.mediaType, a.fileSize]), [['diagram.png', 'image/png', 7]]);
  });

  it('answers CQL through v1 search endpoints with cursor paging', async () => {
    const titles: string[] = [];
    let next: string | undefined = '/wiki/rest/api/content/search?cql=space%20%3D%20ENG%20AND%20type%20%3D%20page&limit=20';
    while (next) {
      const res = await api.call('GET', next);
      assert.equal(res.status, 200);
      titles.push(...res.body.results.map((r: { title: string }) => r.title));
      // v1 `next` is relative to `_links.base` (…/wiki).
      next = res.body._links.next ? `/wiki${res.body._links.next}` : undefined;
    }
    assert.equal(titles.length, 63);
    const search = await api.call('GET', '/wiki/rest/api/search', { query: { cql: `id = ${pageId('Page 4')}` } });
    assert.equal(search.body.totalSize, 1);
    assert.equal(search.body.results[0].content.id, pageId('Page 4'));
    const bad = await api.call('GET', '/wiki/rest/api/search', { query: { cql: 'space ==' } });
    assert.equal(bad.status, 400);
  });

  it('answers 410 Gone on the removed v1 content endpoints', async () => {
    const id = pageId('Page 1');
    for (const [method, path] of [
      ['GET', '/wiki/rest/api/content'],
      ['POST', '/wiki/rest/api/content'],
      ['GET', `/wiki/rest/api/content/${id}`],
      ['PUT', `/wiki/rest/api/content/${id}`],
      ['DELETE', `/wiki/rest/api/content/${id}`],
      ['GET', `/wiki/rest/api/content/${id}/child/page`],
      ['GET', `/wiki/rest/api/content/${id}/child/attachment`],
      ['GET', `/wiki/rest/api/content/${id}/property/editor`],
    ]) {
      const res = await api.call(method, path, method === 'POST' || method === 'PUT' ? { json: { type: 'page' } } : {});
      assert.equal(res.status, 410, `${method} ${path}`);
      assert.equal(res.body.statusCode, 410);
      assert.equal(res.body.message, 'com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been removed.');
    }
  });

  it('refuses a create body over 5 MB with 413', async () => {
    const big = `<p>${'x'.repeat(5 * 1024 * 1024)}</p>`;
    const res = await api.call('POST', '/wiki/api/v2/pages', { json: { spaceId: spaceId('ENG'), title: 'Huge', body: { representation: 'storage', value: big } } });
    assert.equal(res.status, 413);
    assert.equal(sim.state.store.findByTitle('ENG', 'Huge'), undefined);
  });

  it('can hide a freshly created page from reads by id for a while (eventual consistency)', async () => {
    const lagging = await startSimulator({ flavor: 'cloud', staleReadsAfterCreate: 2, seed: { pages: [{ title: 'Home', spaceKey: 'ENG', body: '<p/>', representation: 'storage' }] } });
    const c = new RecordingClient('cloud', lagging.baseUrl, basicAuth('admin@example.com', 'sim-api-token'));
    try {
      const sid = lagging.state.store.spaces.get('ENG')?.id as string;
      const created = await c.call('POST', '/wiki/api/v2/pages', { json: { spaceId: sid, title: 'Lagging', body: { representation: 'storage', value: '<p>1</p>' } } });
      assert.equal(created.status, 200);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await c.call('GET', `/wiki/api/v2/pages/${created.body.id}`)).status);
      assert.deepEqual(statuses, [404, 404, 200]);
    } finally {
      await lagging.close();
    }
    assert.deepEqual(c.violations(), []);
  });

  it('identifies the user through v1 and 401s bad credentials', async () => {
    const me = await api.call('GET', '/wiki/rest/api/user/current');
    assert.equal(me.body.email, 'admin@example.com');
    assert.equal(me.body.accountId, '557058:sim-admin');
    const wrong = await api.call('GET', '/wiki/api/v2/spaces', { auth: basicAuth('admin@example.com', 'wrong') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errors[0].status, 401);
    const bearer = await api.call('GET', '/wiki/api/v2/spaces', { auth: 'Bearer sim-api-token' });
    assert.equal(bearer.status, 401);
    const none = await api.call('GET', '/wiki/rest/api/user/current', { auth: null });
    assert.equal(none.status, 401);
  });
});
