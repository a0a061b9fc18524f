import * as assert from 'node:assert/strict';
import { AuthError, CloudClient, ConflictError, DcClient, RateLimiter, collect } from '../../server/src/rest';
import { RunningSimulator, SeedPage, startSimulator } from '../../server/src/sim/index';
import { FakeClock } from './helpers/fake-clock';
import { Recorded, recordingFetch, violationsOf } from './helpers/recording-fetch';

const SPACE = 'ENG';
const ADF = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Pushed as ADF' }] }] };

function seedPages(n: number, representation: 'storage' | 'atlas_doc_format'): SeedPage[] {
  const body = (i: number) => (representation === 'storage'
    ? `<p>Page ${i}</p>`
    : JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `Page ${i}` }] }] }));
  return [
    { title: 'Home', spaceKey: SPACE, body: body(0), representation, attachments: [{ fileName: 'seed.txt', mediaType: 'text/plain', data: new TextEncoder().encode('seeded') }] },
    ...Array.from({ length: n }, (_, i) => ({ title: `Child ${i + 1}`, spaceKey: SPACE, parentTitle: 'Home', body: body(i + 1), representation })),
  ];
}

describe('rest: clients against the simulator, every request checked against the official OpenAPI specs', function () {
  this.timeout(60_000);
  let sim: RunningSimulator | undefined;
  afterEach(async () => sim?.close());

  it('Data Center: every operation, with a context path and a server that caps limit', async () => {
    sim = await startSimulator({ flavor: 'dc', contextPath: '/confluence', maxLimit: 7, seed: { spaces: [{ key: SPACE, name: 'Engineering' }], pages: seedPages(20, 'storage') } });
    const log: Recorded[] = [];
    const client = new DcClient({ baseUrl: sim.baseUrl, credentials: { kind: 'dc-pat', token: 'sim-pat-admin' }, fetch: recordingFetch(log), clock: new FakeClock() });

    assert.equal((await client.whoAmI()).username, 'admin');
    const spaces = await collect(client.listSpaces());
    assert.deepEqual(spaces.map((s) => s.key), [SPACE]);
    assert.equal((await client.getSpace(SPACE)).key, SPACE);

    const pages = await collect(client.listPages(SPACE, { limit: 50 }));
    assert.equal(pages.length, 21, 'all pages although the server serves 7 per request');
    assert.equal(new Set(pages.map((p) => p.id)).size, 21);
    const home = pages.find((p) => p.title === 'Home')!;
    const page = await client.getPage(home.id);
    assert.equal(page.body?.storage?.value, '<p>Page 0</p>');
    assert.equal(page.space?.key, SPACE);
    assert.equal((await collect(client.children(home.id, { limit: 25 }))).length, 20);
    assert.equal((await collect(client.search(`space = ${SPACE} and title ~ "Child"`))).length, 20);

    const created = await client.createPage({ spaceKey: SPACE, title: 'Pushed', storage: '<p>one</p>', parentId: home.id });
    assert.equal(created.version?.number, 1);
    assert.equal(created.ancestors?.at(-1)?.id, home.id);
    const updated = await client.updatePage({ id: created.id, title: 'Pushed', storage: '<p>two</p>', baseVersion: 1, message: 'fix macros' });
    assert.equal(updated.version?.number, 2);
    assert.equal(updated.body?.storage?.value, '<p>two</p>');
    const stale = await client.updatePage({ id: created.id, title: 'Pushed', storage: '<p>three</p>', baseVersion: 1 }).then(() => undefined, (e: unknown) => e);
    assert.ok(stale instanceof ConflictError);
    assert.equal(stale.currentVersion, 2);
    assert.equal((await client.findPageByTitle(SPACE, 'Pushed'))?.id, created.id);

    const uploaded = await client.uploadAttachment(created.id, { filename: 'diagram one.png', data: new Uint8Array([137, 80, 78, 71, 0, 255]), contentType: 'image/png', comment: 'from the migration' });
    assert.equal(uploaded[0]?.title, 'diagram one.png');
    const attachments = await collect(client.listAttachments(created.id));
    assert.deepEqual(attachments.map((a) => a.title), ['diagram one.png']);
    assert.deepEqual([...await client.downloadAttachment(attachments[0])], [137, 80, 78, 71, 0, 255]);

    const anonymous = new DcClient({ baseUrl: sim.baseUrl, credentials: { kind: 'dc-pat', token: 'not-a-real-token' }, fetch: recordingFetch(log) });
    await assert.rejects(anonymous.whoAmI(), (e: unknown) => e instanceof AuthError && e.reason === 'anonymous');

    assert.deepEqual(violationsOf('dc', log), []);
    assert.ok(log.length >= 15);
  });

  it('Cloud: every operation on v2 (v1 only for search, upload and the current user)', async () => {
    sim = await startSimulator({ flavor: 'cloud', maxLimit: 6, seed: { spaces: [{ key: SPACE, name: 'Engineering' }], pages: seedPages(14, 'atlas_doc_format') } });
    const log: Recorded[] = [];
    const client = new CloudClient({ baseUrl: sim.baseUrl, credentials: { kind: 'cloud-token', email: 'admin@example.com', apiToken: 'sim-api-token' }, fetch: recordingFetch(log), clock: new FakeClock() });

    assert.equal((await client.whoAmI()).accountId, '557058:sim-admin');
    assert.deepEqual((await collect(client.listSpaces())).map((s) => s.key), [SPACE]);
    const space = await client.getSpaceByKey(SPACE);

    const pages = await collect(client.listPages({ spaceKey: SPACE }, { limit: 100 }));
    assert.equal(pages.length, 15, 'cursor paging across a capped limit');
    const home = pages.find((p) => p.title === 'Home')!;
    const adfPage = await client.getPage(home.id, { bodyFormat: 'atlas_doc_format' });
    assert.equal(JSON.parse(adfPage.body!.atlas_doc_format!.value).content[0].content[0].text, 'Page 0');
    const storagePage = await client.getPage(home.id, { bodyFormat: 'storage' });
    assert.ok(storagePage.body?.storage?.value.includes('Page 0'));
    assert.equal((await collect(client.children(home.id))).length, 14);
    assert.equal((await collect(client.search(`space = ${SPACE} and type = page`, { limit: 5 }))).length, 15);

    const created = await client.createPage({ space: { spaceId: space.id }, title: 'Migrated', parentId: home.id, body: { representation: 'atlas_doc_format', value: ADF } });
    assert.equal(created.version?.number, 1);
    const updated = await client.updatePage({ id: created.id, title: 'Migrated', baseVersion: 1, body: { representation: 'atlas_doc_format', value: { ...ADF, content: [] } } });
    assert.equal(updated.version?.number, 2);
    const stale = await client.updatePage({ id: created.id, title: 'Migrated', baseVersion: 1, body: { representation: 'storage', value: '<p>x</p>' } }).then(() => undefined, (e: unknown) => e);
    assert.ok(stale instanceof ConflictError);
    assert.equal(stale.currentVersion, 2);
    assert.equal((await client.findPageByTitle({ spaceKey: SPACE }, 'Migrated'))?.id, created.id);

    // editor: absent → POST; already v2 → nothing; v1 → PUT with version + 1.
    assert.equal((await client.setEditorV2(created.id)).value, 'v2');
    const writesBefore = sim.state.stats.writes;
    await client.setEditorV2(created.id);
    assert.equal(sim.state.stats.writes, writesBefore, 'no write when already v2');
    await client.setProperty(home.id, 'editor', 'v1');
    const flipped = await client.setEditorV2(home.id);
    assert.equal(flipped.value, 'v2');
    assert.equal(flipped.version?.number, 2);

    const uploaded = await client.uploadAttachment(created.id, { filename: 'notes.txt', data: new TextEncoder().encode('hello'), contentType: 'text/plain' });
    assert.equal(uploaded[0]?.title, 'notes.txt');
    const attachments = await collect(client.listAttachments(created.id));
    assert.deepEqual(attachments.map((a) => a.title), ['notes.txt']);
    assert.equal(new TextDecoder().decode(await client.downloadAttachment(attachments[0])), 'hello');

    const methods = new Set(log.map((r) => `${r.method} ${r.url.pathname.replace(/\d+/g, 'N')}`));
    for (const m of methods) assert.ok(!/^\w+ \/wiki\/rest\/api\/content(\/N)?$/.test(m), `removed v1 endpoint called: ${m}`);
    assert.ok(log.length >= 20);
    assert.deepEqual(violationsOf('cloud', log), []);
  });

  it('Data Center: a rate-limited bucket and lost writes, all survived, nothing duplicated', async () => {
    const clock = new FakeClock();
    sim = await startSimulator({
      flavor: 'dc', clock: () => clock.now(),
      dcRateLimit: { capacity: 5, fillRate: 2, intervalSeconds: 1 },
      faults: { seed: 7, lostRate: 0.25, resetRate: 0.1, errorRate: 0.1, errorStatuses: [502, 503], methods: ['PUT', 'POST'] },
      seed: { spaces: [{ key: SPACE }], pages: seedPages(0, 'storage') },
    });
    const log: Recorded[] = [];
    const limiter = new RateLimiter({ clock, maxConcurrency: 3, random: () => 0.5 });
    const client = new DcClient({ baseUrl: sim.baseUrl, credentials: { kind: 'dc-basic', username: 'admin', password: 'admin' }, fetch: recordingFetch(log), limiter, random: () => 0.5, retry: { maxRetries: 8 } });

    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => client.createPage({ spaceKey: SPACE, title: `Bulk ${i}`, storage: `<p>${i}</p>` })));
    for (const p of made) await client.updatePage({ id: p.id, title: p.title, storage: `${p.body?.storage?.value}<p>edited</p>`, baseVersion: 1 });

    const all = await collect(client.listPages(SPACE, { expand: 'version' }));
    const bulk = all.filter((p) => p.title.startsWith('Bulk '));
    assert.equal(bulk.length, 8, 'no duplicates');
    assert.ok(bulk.every((p) => p.version?.number === 2), 'every edit applied exactly once');
    assert.ok(sim.state.stats.rateLimited > 0, 'the bucket did run dry');
    assert.ok(sim.state.stats.faults.lost > 0, 'some responses were lost');
    assert.ok(log.some((r) => r.status === undefined), 'some attempts got no answer');
    assert.ok(log.some((r) => r.status === 429), 'some attempts were refused by the bucket');
    assert.deepEqual(violationsOf('dc', log), []);
  });

  it('Cloud: burst limits and lost writes, all survived, nothing duplicated', async () => {
    const clock = new FakeClock();
    sim = await startSimulator({
      flavor: 'cloud', clock: () => clock.now(),
      cloudRateLimit: { ratePerSecond: 3, burst: 4 },
      faults: { seed: 11, lostRate: 0.3, resetRate: 0.1, methods: ['PUT', 'POST'] },
      seed: { spaces: [{ key: SPACE }], pages: seedPages(0, 'atlas_doc_format') },
    });
    const log: Recorded[] = [];
    const client = new CloudClient({ baseUrl: sim.baseUrl, credentials: { kind: 'cloud-token', email: 'admin@example.com', apiToken: 'sim-api-token' }, fetch: recordingFetch(log), clock, random: () => 0.5, retry: { maxRetries: 8 }, limits: { clock, random: () => 0.5 } });
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => client.createPage({ space: { spaceKey: SPACE }, title: `Bulk ${i}`, body: { representation: 'atlas_doc_format', value: ADF } })));
    for (const p of made) {
      await client.updatePage({ id: p.id, title: p.title, baseVersion: 1, body: { representation: 'storage', value: '<p>edited</p>' } });
      await client.setEditorV2(p.id);
    }
    const all = await collect(client.listPages({ spaceKey: SPACE }));
    const bulk = all.filter((p) => p.title.startsWith('Bulk '));
    assert.equal(bulk.length, 6);
    assert.ok(bulk.every((p) => p.version?.number === 2));
    for (const p of bulk) assert.equal((await client.getProperty(p.id, 'editor'))?.value, 'v2');
    assert.ok(sim.state.stats.rateLimited > 0, 'the burst limit did fire');
    assert.ok(sim.state.stats.faults.lost > 0, 'some responses were lost');
    assert.ok(log.some((r) => r.status === 429));
    assert.deepEqual(violationsOf('cloud', log), []);
  });
});
