import * as assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator, type SeedPage } from '../../server/src/sim/index';
import { basicAuth, RecordingClient } from './recording-client';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 0);

function manyPages(n: number): SeedPage[] {
  const pages: SeedPage[] = [{ title: 'Home', spaceKey: 'ENG', body: '<p>home</p>', representation: 'storage' }];
  for (let i = 1; i <= n; i++) pages.push({ title: `Page ${i}`, spaceKey: 'ENG', parentTitle: 'Home', body: `<p>page ${i}</p>`, representation: 'storage' });
  return pages;
}

describe('simulator: Data Center', () => {
  let sim: RunningSimulator;
  let now = T0;
  let api: RecordingClient;

  before(async () => {
    sim = await startSimulator({
      flavor: 'dc',
      contextPath: '/confluence',
      clock: () => now,
      seed: {
        spaces: [{ key: 'ENG', name: 'Engineering' }, { key: 'PUB', name: 'Public', anonymousRead: true }],
        pages: [
          ...manyPages(230),
          { title: 'Child', spaceKey: 'ENG', parentTitle: 'Page 1', body: '<p>child</p>', representation: 'storage' },
          { title: 'Welcome', spaceKey: 'PUB', body: '<p>public</p>', representation: 'storage' },
        ],
      },
    });
    api = new RecordingClient('dc', sim.baseUrl, basicAuth('admin', 'admin'));
  });

  after(async () => {
    await sim.close();
    assert.deepEqual(api.violations(), []);
  });

  const idOf = (title: string, space = 'ENG') => {
    for (const p of sim.state.store.pages.values()) if (p.spaceKey === space && sim.state.store.current(p).title === title) return p.id;
    throw new Error(title);
  };

  it('serves under the context path, with small numeric ids', async () => {
    assert.match(sim.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/confluence$/);
    const id = idOf('Home');
    assert.ok(Number(id) < 2 ** 32);
    const res = await api.call('GET', `/rest/api/content/${id}`, { query: { expand: 'body.storage,version,space,ancestors' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, id);
    assert.equal(res.body.body.storage.value, '<p>home</p>');
    assert.equal(res.body.body.storage.representation, 'storage');
    assert.equal(res.body.version.number, 1);
    assert.equal(res.body.space.key, 'ENG');
    assert.deepEqual(res.body.ancestors, []);
    const child = await api.call('GET', `/rest/api/content/${idOf('Child')}`, { query: { expand: 'ancestors' } });
    assert.deepEqual(child.body.ancestors.map((a: { title: string }) => a.title), ['Home', 'Page 1']);
    const latest = await api.call('GET', `/rest/api/latest/content/${id}`);
    assert.equal(latest.status, 200);
    assert.ok(latest.body.version && latest.body.space, 'default expansion is history,space,version');
  });

  it('caps the page size and walks every page through _links.next', async () => {
    const seen: string[] = [];
    let next: string | undefined = '/rest/api/content?spaceKey=ENG&type=page&limit=500';
    let rounds = 0;
    while (next) {
      const res = await api.call('GET', next);
      assert.equal(res.status, 200);
      assert.equal(res.body.limit, 100, 'requested 500, server caps at 100');
      assert.equal(res.body.size, res.body.results.length);
      seen.push(...res.body.results.map((r: { id: string }) => r.id));
      // `next` is relative to `_links.base` (which includes the context path).
      next = res.body._links.next;
      assert.equal(res.body._links.base, sim.baseUrl);
      assert.equal(res.body._links.context, '/confluence');
      rounds++;
    }
    assert.equal(rounds, 3);
    assert.equal(seen.length, 232);
    assert.equal(new Set(seen).size, 232);
  });

  it('pages children with start/limit', async () => {
    const first = await api.call('GET', `/rest/api/content/${idOf('Home')}/child/page`, { query: { limit: '200' } });
    assert.equal(first.body.size, 100);
    assert.equal(first.body._links.next, '/rest/api/content/' + idOf('Home') + '/child/page?limit=100&start=100');
    const last = await api.call('GET', `/rest/api/content/${idOf('Home')}/child/page`, { query: { start: '200', limit: '100' } });
    assert.equal(last.body.size, 30);
    assert.equal(last.body._links.next, undefined);
    assert.ok(last.body._links.prev);
  });

  it('updates with version+1, answers a stale version with the exact 409 and leaves the page unchanged', async () => {
    const id = idOf('Page 7');
    now = T0 + 60_000;
    const put = (n: number, value: string) =>
      api.call('PUT', `/rest/api/content/${id}`, {
        json: { id, type: 'page', title: 'Page 7', status: 'current', version: { number: n }, body: { storage: { value, representation: 'storage' } } },
      });
    const ok = await put(2, '<p>v2</p>');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version.number, 2);
    const stale = await put(2, '<p>other writer</p>');
    assert.equal(stale.status, 409);
    assert.deepEqual(stale.body, {
      statusCode: 409,
      data: { authorized: false, valid: true, errors: [], successful: false },
      message: 'com.atlassian.confluence.api.service.exceptions.ConflictException: Version must be incremented on update. Current version is: 2',
      reason: 'Conflict',
    });
    const skip = await put(4, '<p>skipped a version</p>');
    assert.equal(skip.status, 409);
    const after = await api.call('GET', `/rest/api/content/${id}`, { query: { expand: 'body.storage,version' } });
    assert.equal(after.body.version.number, 2);
    assert.equal(after.body.body.storage.value, '<p>v2</p>');
    const v1 = await api.call('GET', `/rest/api/content/${id}`, { query: { expand: 'body.storage,version', version: '1' } });
    assert.equal(v1.body.body.storage.value, '<p>page 7</p>');
    assert.equal(v1.body.status, 'historical');
    assert.deepEqual(sim.state.store.pages.get(id)?.versions.map((v) => v.number), [1, 2]);
  });

  it('rejects malformed storage with 400 and changes nothing', async () => {
    const id = idOf('Page 8');
    const res = await api.call('PUT', `/rest/api/content/${id}`, {
      json: { id, type: 'page', title: 'Page 8', version: { number: 2 }, body: { storage: { value: '<p>a<br>b</p>', representation: 'storage' } } },
    });
    assert.equal(res.status, 400);
    assert.equal(sim.state.store.pages.get(id)?.versions.length, 1);
  });

  it('creates with 200 and refuses a duplicate title with the observed 400', async () => {
    const created = await api.call('POST', '/rest/api/content', {
      json: { type: 'page', title: 'Fresh', space: { key: 'ENG' }, ancestors: [{ id: idOf('Home') }], body: { storage: { value: '<p>new</p>', representation: 'storage' } } },
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.title, 'Fresh');
    assert.equal(created.body.version.number, 1);
    assert.equal(created.body.ancestors.at(-1).id, idOf('Home'));
    const dup = await api.call('POST', '/rest/api/content', {
      json: { type: 'page', title: 'Fresh', space: { key: 'ENG' }, body: { storage: { value: '<p>again</p>', representation: 'storage' } } },
    });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.statusCode, 400);
    assert.equal(dup.body.message, 'A page with this title already exists: A page already exists with the title Fresh in the space with key ENG');
  });

  it('answers CQL: space, type, id, lastmodified, AND; bad CQL is 404', async () => {
    const byId = await api.call('GET', '/rest/api/content/search', { query: { cql: `id = ${idOf('Page 3')}` } });
    assert.deepEqual(byId.body.results.map((r: { title: string }) => r.title), ['Page 3']);
    const recent = await api.call('GET', '/rest/api/content/search', { query: { cql: 'space = ENG AND type = page AND lastmodified > "2026-01-02 03:04"', limit: '50' } });
    assert.deepEqual(recent.body.results.map((r: { title: string }) => r.title).sort(), ['Fresh', 'Page 7']);
    const pub = await api.call('GET', '/rest/api/content/search', { query: { cql: 'space = "PUB" and type = page' } });
    assert.deepEqual(pub.body.results.map((r: { title: string }) => r.title), ['Welcome']);
    const all = await api.call('GET', '/rest/api/content/search', { query: { cql: 'space = ENG', limit: '1000' } });
    assert.equal(all.body.limit, 100);
    assert.ok(all.body._links.next.includes('start=100'));
    const bad = await api.call('GET', '/rest/api/content/search', { query: { cql: 'space === ENG' } });
    assert.equal(bad.status, 404);
  });

  it('uploads attachments only with X-Atlassian-Token: nocheck, then lists them', async () => {
    const id = idOf('Page 2');
    const blocked = await api.call('POST', `/rest/api/content/${id}/child/attachment`, { multipart: { files: [{ name: 'a.txt', data: 'hello' }] } });
    assert.equal(blocked.status, 403);
    const up = await api.call('POST', `/rest/api/content/${id}/child/attachment`, {
      headers: { 'X-Atlassian-Token': 'nocheck' },
      multipart: { files: [{ name: 'a.txt', data: 'hello' }], fields: { comment: 'first' } },
    });
    assert.equal(up.status, 200);
    assert.equal(up.body.results[0].title, 'a.txt');
    assert.equal(up.body.results[0].extensions.fileSize, 5);
    const list = await api.call('GET', `/rest/api/content/${id}/child/attachment`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.results.map((a: { title: string }) => a.title), ['a.txt']);
    const data = await fetch(new URL(list.body._links.base + list.body.results[0]._links.download), { headers: { Authorization: basicAuth('admin', 'admin') } });
    assert.equal(await data.text(), 'hello');
  });

  it('lists spaces and the current user', async () => {
    const spaces = await api.call('GET', '/rest/api/space');
    assert.deepEqual(spaces.body.results.map((s: { key: string }) => s.key), ['ENG', 'PUB']);
    const one = await api.call('GET', '/rest/api/space/ENG');
    assert.equal(one.body.name, 'Engineering');
    const me = await api.call('GET', '/rest/api/user/current');
    assert.equal(me.body.username, 'admin');
    assert.equal(me.body.type, 'known');
  });

  it('401s a wrong password but runs an invalid PAT as anonymous (CONFSERVER-98199)', async () => {
    const wrong = await api.call('GET', '/rest/api/space', { auth: basicAuth('admin', 'nope') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED');
    const badPat = await api.call('GET', '/rest/api/user/current', { auth: 'Bearer not-a-token' });
    assert.equal(badPat.status, 200);
    assert.equal(badPat.body.type, 'anonymous');
    const anonList = await api.call('GET', '/rest/api/content', { auth: 'Bearer not-a-token' });
    assert.deepEqual(anonList.body.results.map((r: { title: string }) => r.title), ['Welcome']);
    const hidden = await api.call('GET', `/rest/api/content/${idOf('Home')}`, { auth: 'Bearer not-a-token' });
    assert.equal(hidden.status, 404);
    const goodPat = await api.call('GET', '/rest/api/user/current', { auth: 'Bearer sim-pat-admin' });
    assert.equal(goodPat.body.username, 'admin');
  });

  it('refuses to listen beyond loopback', async () => {
    await assert.rejects(startSimulator({ flavor: 'dc', host: '0.0.0.0' }), Error);
  });

  it('401s an invalid PAT when anonymous access is off', async () => {
    const closed = await startSimulator({ flavor: 'dc', anonymousAccess: false, seed: { pages: [] } });
    try {
      const c = new RecordingClient('dc', closed.baseUrl, 'Bearer not-a-token');
      assert.equal((await c.call('GET', '/rest/api/user/current')).status, 401);
      assert.equal((await c.call('GET', '/rest/api/user/current', { auth: null })).status, 401);
      assert.deepEqual(c.violations(), []);
    } finally {
      await closed.close();
    }
  });
});
