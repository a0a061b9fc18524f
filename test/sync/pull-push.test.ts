import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect, pull, pushSet, readIndex, selectPages, sha256, type SiteClient } from '../../server/src/sync/index';
import { CLOUD_EMAIL, CLOUD_TOKEN, DC_TOKEN, listFiles, startPair, tempDir, type Pair } from './helpers';

describe('sync: pull and push against the simulators', () => {
  let pair: Pair;
  let dc: SiteClient;
  beforeEach(async () => {
    pair = await startPair();
    dc = connect({ flavor: 'dc', baseUrl: pair.dc.baseUrl }, { kind: 'dc-pat', token: DC_TOKEN });
  });
  afterEach(() => pair.close());

  it('pulls a tree: one file per page, safe unique names, the index', async () => {
    const dir = tempDir('pull');
    const result = await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { tree: '1001' }, dir);
    assert.equal(result.pages.length, 6);
    assert.deepEqual(listFiles(dir), [
      '.confluence/index.json',
      'Home.storage.xhtml',
      'Rota.storage.xhtml',
      'Runbook.storage.xhtml',
      'Deep page.storage.xhtml',
      'escape-..-x.storage.xhtml',
      'runbook (2).storage.xhtml',
    ].map((f) => f.split('/').join(path.sep)).sort());
    const index = readIndex(dir)!;
    assert.deepEqual(index.instance, { flavor: 'dc', baseUrl: pair.dc.baseUrl });
    const home = index.pages.find((p) => p.id === '1001')!;
    assert.deepEqual({ ...home, pulledAt: undefined }, {
      id: '1001', title: 'Home', spaceKey: 'ENG', version: 1, representation: 'storage', file: 'Home.storage.xhtml',
      hash: sha256(fs.readFileSync(path.join(dir, 'Home.storage.xhtml'), 'utf8')), pulledAt: undefined,
    });
    assert.equal(index.pages.find((p) => p.id === '1004')!.parentId, '1002');
    // Nothing was written beside or above the target folder.
    assert.deepEqual(fs.readdirSync(path.dirname(dir)).filter((f) => f === 'escape' || f.endsWith('.storage.xhtml')), []);
    assert.ok(!JSON.stringify(index).includes(DC_TOKEN));
  });

  it('a second pull updates pages but keeps files edited locally', async () => {
    const dir = tempDir('repull');
    const instance = { flavor: 'dc' as const, baseUrl: pair.dc.baseUrl };
    await pull(dc, instance, { tree: '1001' }, dir);
    await pair.dcClient().updatePage({ id: '1004', title: 'Deep page', storage: '<p>deep v2</p>', baseVersion: 1 });
    await pair.dcClient().updatePage({ id: '1003', title: 'Rota', storage: '<p>rota v2</p>', baseVersion: 1 });
    fs.writeFileSync(path.join(dir, 'Rota.storage.xhtml'), '<p>local rota</p>');
    const again = await pull(dc, instance, { tree: '1001' }, dir);
    const outcome = new Map(again.pages.map((p) => [p.id, p.outcome]));
    assert.deepEqual([outcome.get('1001'), outcome.get('1003'), outcome.get('1004')], ['unchanged', 'kept-local-changes', 'written']);
    assert.equal(fs.readFileSync(path.join(dir, 'Rota.storage.xhtml'), 'utf8'), '<p>local rota</p>');
    assert.equal(fs.readFileSync(path.join(dir, 'Deep page.storage.xhtml'), 'utf8'), '<p>deep v2</p>');
    const index = readIndex(dir)!;
    assert.equal(index.pages.length, 6);
    assert.deepEqual(index.pages.filter((p) => p.id === '1003' || p.id === '1004').map((p) => [p.id, p.version]), [['1003', 1], ['1004', 2]]);
    await assert.rejects(pull(connect({ flavor: 'dc', baseUrl: pair.dc.baseUrl }, { kind: 'dc-pat', token: DC_TOKEN }), { flavor: 'dc', baseUrl: 'http://elsewhere' }, { page: '1001' }, dir), /already holds pages/);
  });

  it('a title can never leave the folder, even an absolute path', async () => {
    const dir = tempDir('abs');
    pair.dc.state.store.createPage({ spaceKey: 'ENG', title: '/etc/passwd', body: { written: 'storage', value: '<p>x</p>' }, authorId: 'seed' });
    pair.dc.state.store.createPage({ spaceKey: 'ENG', title: 'C:\\Windows\\..\\con', body: { written: 'storage', value: '<p>x</p>' }, authorId: 'seed' });
    await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { space: 'ENG' }, dir);
    const files = listFiles(dir);
    assert.ok(files.includes('etc-passwd.storage.xhtml'), files.join());
    assert.ok(files.includes('C--Windows-..-con.storage.xhtml'), files.join());
    for (const f of files) assert.ok(path.resolve(dir, f).startsWith(dir + path.sep));
  });

  it('pulls Cloud ADF pretty-printed', async () => {
    pair.cloud.state.store.createPage({ spaceKey: 'ENG', title: 'Cloud page', body: { written: 'atlas_doc_format', value: '{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"hi"}]}]}' }, authorId: 'seed' });
    const cloud = connect({ flavor: 'cloud', baseUrl: pair.cloud.baseUrl }, { kind: 'cloud-token', email: CLOUD_EMAIL, apiToken: CLOUD_TOKEN });
    const dir = tempDir('cloud');
    await pull(cloud, { flavor: 'cloud', baseUrl: pair.cloud.baseUrl }, { space: 'ENG' }, dir);
    const text = fs.readFileSync(path.join(dir, 'Cloud page.adf.json'), 'utf8');
    assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const entry = readIndex(dir)!.pages[0];
    assert.equal(entry.representation, 'atlas_doc_format');
    assert.equal(entry.spaceId, pair.cloud.state.store.spaces.get('ENG')!.id);
  });

  it('push skips unchanged pages and pushes an edit as version + 1', async () => {
    const dir = tempDir('push');
    await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { tree: '1001' }, dir);
    const before = pair.dc.state.stats.writes;
    const unchanged = await pushSet(dc, selectPages([dir])[0]);
    assert.deepEqual([...new Set(unchanged.map((r) => r.outcome))], ['unchanged']);
    assert.equal(pair.dc.state.stats.writes, before);

    fs.writeFileSync(path.join(dir, 'Rota.storage.xhtml'), '<p>new rota</p>');
    const results = await pushSet(dc, selectPages([path.join(dir, 'Rota.storage.xhtml')])[0]);
    assert.deepEqual(results.map((r) => [r.id, r.outcome, r.version]), [['1003', 'pushed', 2]]);
    const page = pair.dc.state.store.pages.get('1003')!;
    assert.equal(pair.dc.state.store.current(page).body.value, '<p>new rota</p>');
    const entry = readIndex(dir)!.pages.find((p) => p.id === '1003')!;
    assert.equal(entry.version, 2);
    assert.equal(entry.hash, sha256('<p>new rota</p>'));
  });

  it('refuses to push over a concurrent edit, writes the remote copy, loses nothing', async () => {
    const dir = tempDir('conflict');
    await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { tree: '1001' }, dir);
    // Someone edits the page through the API after our pull.
    const other = pair.dcClient();
    await other.updatePage({ id: '1003', title: 'Rota', storage: '<p>their edit</p>', baseVersion: 1 });
    fs.writeFileSync(path.join(dir, 'Rota.storage.xhtml'), '<p>my edit</p>');

    const [result] = await pushSet(dc, selectPages([path.join(dir, 'Rota.storage.xhtml')])[0]);
    assert.equal(result.outcome, 'conflict');
    assert.equal(result.version, 2);
    assert.equal(result.remoteFile, '.confluence/remote/Rota.storage.xhtml');
    const page = pair.dc.state.store.pages.get('1003')!;
    assert.equal(page.versions.length, 2);
    assert.equal(pair.dc.state.store.current(page).body.value, '<p>their edit</p>');
    assert.equal(fs.readFileSync(path.join(dir, 'Rota.storage.xhtml'), 'utf8'), '<p>my edit</p>');
    assert.equal(fs.readFileSync(path.join(dir, '.confluence/remote/Rota.storage.xhtml'), 'utf8'), '<p>their edit</p>');
    assert.deepEqual(readIndex(dir)!.pages.find((p) => p.id === '1003')!.conflict?.remoteVersion, 2);

    // After merging by hand, --resolved pushes on top of the remote version.
    fs.writeFileSync(path.join(dir, 'Rota.storage.xhtml'), '<p>their edit</p><p>my edit</p>');
    const [resolved] = await pushSet(dc, selectPages([dir])[0], { resolved: true });
    assert.ok(resolved.id === '1003' || resolved.outcome === 'unchanged');
    assert.equal(pair.dc.state.store.current(page).number, 3);
    assert.equal(pair.dc.state.store.current(page).body.value, '<p>their edit</p><p>my edit</p>');
    assert.equal(readIndex(dir)!.pages.find((p) => p.id === '1003')!.conflict, undefined);
  });

  it('push of a folder holding several pulled folders covers all of them', async () => {
    const root = tempDir('multi');
    await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { page: '1003' }, path.join(root, 'A'));
    await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { page: '1004' }, path.join(root, 'nested', 'B'));
    fs.writeFileSync(path.join(root, 'A', 'Rota.storage.xhtml'), '<p>a</p>');
    const sets = selectPages([root]);
    assert.deepEqual(sets.map((s) => [path.relative(root, s.folder), s.pages.map((p) => p.id)]), [['A', ['1003']], [path.join('nested', 'B'), ['1004']]]);
    const results = (await Promise.all(sets.map((s) => pushSet(dc, s)))).flat();
    assert.deepEqual(results.map((r) => [r.id, r.outcome]), [['1003', 'pushed'], ['1004', 'unchanged']]);
  });

  it('refuses to send what the core cannot parse', async () => {
    const dir = tempDir('invalid');
    await pull(dc, { flavor: 'dc', baseUrl: pair.dc.baseUrl }, { page: '1003' }, dir);
    fs.writeFileSync(path.join(dir, 'Rota.storage.xhtml'), '<p>unclosed <strong>bold</p>');
    const before = pair.dc.state.stats.requests;
    const [result] = await pushSet(dc, selectPages([dir])[0]);
    assert.equal(result.outcome, 'invalid');
    assert.equal(pair.dc.state.stats.requests, before);
  });

  it('pushes Cloud ADF and refuses ADF the schema rejects', async () => {
    const store = pair.cloud.state.store;
    store.createPage({ spaceKey: 'ENG', title: 'Cloud page', body: { written: 'atlas_doc_format', value: '{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"hi"}]}]}' }, authorId: 'seed' });
    const cloud = connect({ flavor: 'cloud', baseUrl: pair.cloud.baseUrl }, { kind: 'cloud-token', email: CLOUD_EMAIL, apiToken: CLOUD_TOKEN });
    const dir = tempDir('cloudpush');
    await pull(cloud, { flavor: 'cloud', baseUrl: pair.cloud.baseUrl }, { space: 'ENG' }, dir);
    const file = path.join(dir, 'Cloud page.adf.json');
    fs.writeFileSync(file, JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'bogus' }] }] }));
    assert.equal((await pushSet(cloud, selectPages([file])[0]))[0].outcome, 'invalid');
    fs.writeFileSync(file, JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'edited' }] }] }, null, 2));
    const [r] = await pushSet(cloud, selectPages([file])[0]);
    assert.deepEqual([r.outcome, r.version], ['pushed', 2]);
    const page = store.findByTitle('ENG', 'Cloud page')!;
    assert.equal(JSON.parse(store.current(page).body.value).content[0].content[0].text, 'edited');
  });
});
