import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { UsageError } from '../../server/src/cli/command';
import { simCommand } from '../../server/src/cli/commands/sim';
import { loadSeedExport, loadSeedFolder, startSimulator } from '../../server/src/sim/index';
import { basicAuth, RecordingClient } from './recording-client';

const FIXTURE = path.resolve(__dirname, '../fixtures/sim-seed');
const EXPORT = path.resolve(__dirname, '../../../shared/corpus/exports/hallowelt-multisource-alpha-entities.xml');

describe('simulator: seeding', () => {
  it('reads a folder of pages with metadata, parents, attachments and properties', async () => {
    const seed = loadSeedFolder(FIXTURE);
    const byTitle = new Map(seed.pages.map((p) => [p.title, p]));
    assert.deepEqual([...byTitle.keys()].sort(), ['Home', 'Loose', 'Modern page', 'Setup guide']);
    assert.equal(byTitle.get('Loose')?.spaceKey, 'DEMO');
    assert.equal(byTitle.get('Modern page')?.representation, 'atlas_doc_format');
    assert.equal(byTitle.get('Setup guide')?.attachments?.[0].fileName, 'diagram.txt');

    const sim = await startSimulator({ flavor: 'cloud', seed });
    const api = new RecordingClient('cloud', sim.baseUrl, basicAuth('admin@example.com', 'sim-api-token'));
    try {
      const store = sim.state.store;
      const setup = [...store.pages.values()].find((p) => store.current(p).title === 'Setup guide');
      assert.ok(setup);
      const home = store.pages.get(store.current(setup).parentId as string);
      assert.equal(home && store.current(home).title, 'Home');
      const atts = await api.call('GET', `/wiki/api/v2/pages/${setup.id}/attachments`);
      assert.deepEqual(atts.body.results.map((a: { title: string; mediaType: string }) => [a.title, a.mediaType]), [['diagram.txt', 'text/plain']]);
      const modern = [...store.pages.values()].find((p) => store.current(p).title === 'Modern page');
      const props = await api.call('GET', `/wiki/api/v2/pages/${modern?.id}/properties`, { query: { key: 'editor' } });
      assert.equal(props.body.results[0].value, 'v2');
    } finally {
      await sim.close();
    }
    assert.deepEqual(api.violations(), []);
  });

  it('reads a real space export through the export reader, keeping ids and parents', async () => {
    const { seed, skipped } = await loadSeedExport(EXPORT);
    assert.equal(seed.pages.length, 8);
    // The export repeats a title in one space, which Confluence itself would refuse.
    assert.deepEqual(skipped, { 'duplicate-title': 1 });
    assert.deepEqual(seed.spaces, [{ key: 'ALPHA', name: 'Alpha Space' }]);
    const sim = await startSimulator({ flavor: 'dc', seed });
    const api = new RecordingClient('dc', sim.baseUrl, basicAuth('admin', 'admin'));
    try {
      const res = await api.call('GET', '/rest/api/content/70000022', { query: { expand: 'body.storage,ancestors' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.title, 'Duplicate Child Page');
      assert.equal(res.body.body.storage.value, seed.pages.find((p) => p.id === '70000022')?.body);
      assert.deepEqual(res.body.ancestors.map((a: { id: string }) => a.id), ['70000020']);
    } finally {
      await sim.close();
    }
    assert.deepEqual(api.violations(), []);
    // Cloud renumbers DC-sized ids above 2^32 and keeps the tree.
    const cloud = await startSimulator({ flavor: 'cloud', seed });
    try {
      const store = cloud.state.store;
      assert.ok([...store.pages.keys()].every((id) => Number(id) > 2 ** 32));
      const child = store.findByTitle('ALPHA', 'Shared Child Title');
      assert.ok(child);
      assert.deepEqual(store.ancestors(child).map((a) => store.current(a).title), ['Parent A']);
    } finally {
      await cloud.close();
    }
  });
});

describe('confluence-triage sim', () => {
  function io() {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (c: Buffer) => (text += c.toString()));
    return { io: { stdout, stderr: new PassThrough(), env: {}, cwd: path.resolve(__dirname, '..') }, out: () => text };
  }

  it('prints the base URL and credentials, serves the seed, and stops on SIGTERM', async () => {
    const { io: cliIo, out } = io();
    const running = simCommand.run(['--flavor', 'cloud', '--port', '0', '--data', 'fixtures/sim-seed', '--rate-limit', '100:200'], cliIo);
    while (!out().includes('Press Ctrl+C')) await new Promise((r) => setTimeout(r, 10));
    const base = /base URL:\s+(\S+)/.exec(out())?.[1] as string;
    assert.match(out(), /Basic auth: admin@example\.com \/ sim-api-token/);
    assert.match(out(), /seeded:\s+4 pages in 2 spaces/);
    const api = new RecordingClient('cloud', base, basicAuth('admin@example.com', 'sim-api-token'));
    const spaces = await api.call('GET', '/wiki/api/v2/spaces');
    assert.deepEqual(spaces.body.results.map((s: { key: string }) => s.key).sort(), ['DEMO', 'TEAM']);
    assert.equal(spaces.headers.get('x-ratelimit-limit'), '200');
    process.emit('SIGTERM');
    assert.equal(await running, 0);
    assert.match(out(), /stopped after 1 requests/);
    assert.deepEqual(api.violations(), []);
  });

  it('refuses bad options as usage errors', async () => {
    const { io: cliIo } = io();
    await assert.rejects(simCommand.run([], cliIo), UsageError);
    await assert.rejects(simCommand.run(['--flavor', 'server'], cliIo), UsageError);
    await assert.rejects(simCommand.run(['--flavor', 'dc', '--rate-limit', '10:5'], cliIo), UsageError);
    await assert.rejects(simCommand.run(['--flavor', 'cloud', '--error-rate', '0.8', '--lost-rate', '0.5'], cliIo), UsageError);
    await assert.rejects(simCommand.run(['--flavor', 'dc', '--error-rate', '0.1', '--error-status', '504'], cliIo), UsageError);
  });
});
