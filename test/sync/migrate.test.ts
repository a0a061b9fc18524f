import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkAdf } from '../../server/src/core/adf/schema-check';
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import type { RestLogger } from '../../server/src/rest/index';
import type { RunningSimulator } from '../../server/src/sim/index';
import { migrateSpace, type MigrateOptions } from '../../server/src/sync/index';
import { CLOUD_TOKEN, DC_TOKEN, PNG, startPair, tempDir, type Pair } from './helpers';

function cloudPages(cloud: RunningSimulator) {
  const store = cloud.state.store;
  return store.allPages().filter((p) => p.spaceKey === 'ENG').map((p) => {
    const cur = store.current(p);
    return { id: p.id, title: cur.title, parentId: cur.parentId, version: cur.number, adf: JSON.parse(cur.body.value), page: p };
  });
}

function byTitle(cloud: RunningSimulator) {
  return new Map(cloudPages(cloud).map((p) => [p.title, p]));
}

/** Every link mark href, card url and media url in an ADF value. */
function urls(adf: unknown, out: string[] = []): string[] {
  if (Array.isArray(adf)) adf.forEach((v) => urls(v, out));
  else if (adf && typeof adf === 'object') {
    for (const [k, v] of Object.entries(adf)) {
      if ((k === 'href' || k === 'url') && typeof v === 'string') out.push(v);
      else urls(v, out);
    }
  }
  return out;
}

function collectingLogger(lines: string[]): RestLogger {
  return { log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
}

describe('sync: migrate a DC space to Cloud', function () {
  this.timeout(120_000);
  let pair: Pair;
  afterEach(() => pair?.close());

  function options(state: string, extra: Partial<MigrateOptions> = {}, logs: string[] = []): MigrateOptions {
    return { dc: pair.dcClient(collectingLogger(logs)), cloud: pair.cloudClient(collectingLogger(logs)), spaceKey: 'ENG', stateDir: state, concurrency: 4, ...extra };
  }

  function assertMigrated(expected: number): void {
    const pages = cloudPages(pair.cloud);
    const titles = pages.map((p) => p.title);
    assert.equal(new Set(titles).size, titles.length, 'no title twice');
    assert.equal(pages.length, expected);
    const store = pair.cloud.state.store;
    for (const p of pages) {
      assert.deepEqual(checkAdf(p.adf), [], `${p.title} is valid ADF`);
      assert.equal(p.page.properties.find((pr) => pr.key === 'editor')?.value, 'v2', `${p.title} editor v2`);
      assert.equal(store.current(p.page).body.written, 'atlas_doc_format');
    }
  }

  it('creates the tree as ADF with editor v2, attachments, and links to the new pages', async () => {
    pair = await startPair();
    const state = tempDir('mig');
    const result = await migrateSpace(options(state));
    assert.equal(result.clean, true);
    assertMigrated(6);
    const pages = byTitle(pair.cloud);
    const home = pages.get('Home')!;
    const runbook = pages.get('Runbook')!;
    const rota = pages.get('Rota')!;
    const deep = pages.get('Deep page')!;
    assert.equal(runbook.parentId, home.id);
    assert.equal(deep.parentId, runbook.id);
    assert.equal(rota.parentId, home.id);
    const site = pair.cloud.baseUrl;
    assert.ok(urls(home.adf).includes(`${site}/wiki/spaces/ENG/pages/${runbook.id}`), JSON.stringify(urls(home.adf)));
    assert.ok(urls(home.adf).includes(`${site}/wiki/spaces/ENG/pages/${rota.id}`), 'short link rewritten');
    // Runbook links forward to a page created after it: fixed by the second pass.
    assert.ok(urls(runbook.adf).includes(`${site}/wiki/spaces/ENG/pages/${deep.id}`), JSON.stringify(urls(runbook.adf)));
    assert.ok(urls(runbook.adf).includes(`${site}/wiki/download/attachments/${runbook.id}/diagram.png`), 'image points at the uploaded file');
    const att = runbook.page.attachments;
    assert.deepEqual(att.map((a) => [a.title, a.data.equals(PNG)]), [['diagram.png', true]]);
    const report = JSON.parse(fs.readFileSync(result.reportFile, 'utf8'));
    assert.equal(report.pages.length, 6);
    assert.deepEqual(report.summary.byStatus, { created: 6 });
    // Runbook is written twice (created, then relinked) but is one page of this run.
    assert.deepEqual(result.summary.thisRun, { created: 6 });
    const rotaReport = report.pages.find((p: { title: string }) => p.title === 'Rota');
    assert.equal(rotaReport.newId, rota.id);
    assert.ok(Array.isArray(rotaReport.triage) && Array.isArray(rotaReport.conversion));
    const homeReport = report.pages.find((p: { title: string }) => p.title === 'Home');
    assert.ok(homeReport.triage.some((f: { ruleId: string }) => f.ruleId === 'short-link'), JSON.stringify(homeReport.triage));
    assert.ok(fs.readFileSync(result.reportFile.replace(/\.json$/, '.txt'), 'utf8').includes('created'));
  });

  it('resumes after a cancellation: every page exactly once, links rewritten', async () => {
    pair = await startPair({ extra: 40 });
    const state = tempDir('resume');
    const controller = new AbortController();
    let created = 0;
    await assert.rejects(migrateSpace(options(state, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'page' && e.status === 'created' && ++created === 12) controller.abort();
      },
    })), { name: 'AbortError' });
    const partial = cloudPages(pair.cloud).length;
    assert.ok(partial >= 12 && partial < 46, `partial ${partial}`);
    const journal = fs.readFileSync(path.join(state, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(journal.every((e) => typeof e.t === 'string'));

    const result = await migrateSpace(options(state));
    assertMigrated(46);
    assert.equal(result.summary.complete, true);
    const pages = byTitle(pair.cloud);
    const site = pair.cloud.baseUrl;
    for (let i = 0; i < 40; i++) {
      const note = pages.get(`Note ${i}`)!;
      const list = urls(note.adf);
      assert.ok(list.includes(`${site}/wiki/spaces/ENG/pages/${pages.get('Home')!.id}`), `Note ${i} short link: ${list}`);
      if (i < 39) assert.ok(list.includes(`${site}/wiki/spaces/ENG/pages/${pages.get(`Note ${i + 1}`)!.id}`), `Note ${i} next: ${list}`);
      assert.ok(!list.some((u) => u.includes(`/x/${encodeShortCode('1001')}`)));
    }
  });

  it('a killed migration process (SIGKILL) resumes without duplicates', async () => {
    pair = await startPair({ extra: 40 });
    const state = tempDir('kill');
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, '../../server/src/cli/main.ts'), 'migrate', '--from', pair.dc.baseUrl, '--to', pair.cloud.baseUrl, '--space', 'ENG', '--state', state], {
      env: { ...process.env, CONFLUENCE_DC_TOKEN: DC_TOKEN, CONFLUENCE_CLOUD_EMAIL: 'admin@example.com', CONFLUENCE_CLOUD_TOKEN: CLOUD_TOKEN },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    while (pair.cloud.state.stats.writes < 20) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    const partial = cloudPages(pair.cloud).length;
    assert.ok(partial > 0 && partial < 46, `partial ${partial}`);
    const result = await migrateSpace(options(state));
    assertMigrated(46);
    assert.equal(result.summary.complete, true);
  });

  it('adopts a page created just before a crash instead of creating it twice', async () => {
    pair = await startPair();
    const state = tempDir('crash');
    // A previous run recorded the intent, created the page, and died before recording it.
    fs.mkdirSync(state, { recursive: true });
    fs.writeFileSync(path.join(state, 'journal.jsonl'), `${JSON.stringify({ t: 'creating', old: '1001', title: 'Home' })}\n{"t":"crea`);
    await pair.cloudClient().createPage({ space: { spaceKey: 'ENG' }, title: 'Home', body: { representation: 'atlas_doc_format', value: { type: 'doc', version: 1, content: [] } } });
    const result = await migrateSpace(options(state));
    assertMigrated(6);
    assert.equal(result.summary.thisRun.adopted, 1);
  });

  it('never touches a Cloud page of the same title that it did not create', async () => {
    pair = await startPair();
    await pair.cloudClient().createPage({ space: { spaceKey: 'ENG' }, title: 'Rota', body: { representation: 'storage', value: '<p>someone else</p>' } });
    const result = await migrateSpace(options(tempDir('taken')));
    const rota = pair.cloud.state.store.findByTitle('ENG', 'Rota')!;
    assert.equal(pair.cloud.state.store.current(rota).body.value, '<p>someone else</p>');
    assert.equal(result.summary.byStatus['title-taken'], 1);
    assert.equal(result.clean, false);
  });

  it('delta: updates only pages changed on DC, refuses Cloud pages edited since', async () => {
    pair = await startPair();
    const state = tempDir('delta');
    await migrateSpace(options(state));
    const dc = pair.dcClient();
    await dc.updatePage({ id: '1003', title: 'Rota', storage: '<p>rota v2</p>', baseVersion: 1 });
    await dc.updatePage({ id: '1004', title: 'Deep page', storage: '<p>deep v2</p>', baseVersion: 1 });
    // Someone edits the Cloud copy of Deep page after the migration.
    const cloud = pair.cloudClient();
    const deep = pair.cloud.state.store.findByTitle('ENG', 'Deep page')!;
    await cloud.updatePage({ id: deep.id, title: 'Deep page', baseVersion: pair.cloud.state.store.current(deep).number, body: { representation: 'atlas_doc_format', value: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cloud edit' }] }] } } });
    const writesBefore = pair.cloud.state.stats.writes;
    const versions = new Map(cloudPages(pair.cloud).map((p) => [p.title, p.version]));

    const result = await migrateSpace(options(state, { delta: true }));
    assert.deepEqual(result.summary.thisRun, { updated: 1, conflict: 1 });
    assert.equal(pair.cloud.state.stats.writes - writesBefore, 1);
    const after = byTitle(pair.cloud);
    assert.equal(after.get('Rota')!.adf.content[0].content[0].text, 'rota v2');
    assert.equal(after.get('Deep page')!.adf.content[0].content[0].text, 'cloud edit');
    for (const [title, v] of versions) if (title !== 'Rota') assert.equal(after.get(title)!.version, v, title);
    assertMigrated(6);
  });

  it('survives 5% faults (5xx, resets, lost answers) and a 429 storm: each page exactly once; the token never leaks', async () => {
    const faults = { seed: 7, errorRate: 0.015, resetRate: 0.01, lostRate: 0.025 };
    pair = await startPair({ extra: 40, dcFaults: faults, cloudFaults: { ...faults, seed: 11 }, cloud: { cloudRateLimit: { ratePerSecond: 40, burst: 5 } } });
    const state = tempDir('faults');
    const logs: string[] = [];
    const result = await migrateSpace(options(state, { concurrency: 6 }, logs));
    assertMigrated(46);
    assert.equal(result.summary.complete, true, JSON.stringify(result.summary));
    // Which requests fail depends on the order concurrent requests arrive in, so the counts vary
    // from run to run around ~10 (5 % of ~200 requests); these floors fail well under 1 % of runs.
    const f = [pair.dc.state.stats.faults, pair.cloud.state.stats.faults];
    assert.ok(f.reduce((n, x) => n + x.lost + x.errors + x.resets, 0) >= 3, JSON.stringify(f));
    assert.ok(f.reduce((n, x) => n + x.lost, 0) >= 1, JSON.stringify(f));
    assert.ok(pair.cloud.state.stats.rateLimited > 0, 'the 429s happened');
    const texts = [...logs, ...fs.readdirSync(state).map((f) => fs.readFileSync(path.join(state, f), 'utf8'))].join('\n');
    for (const secret of [DC_TOKEN, CLOUD_TOKEN, Buffer.from(`admin@example.com:${CLOUD_TOKEN}`).toString('base64')]) {
      assert.ok(!texts.includes(secret), 'secret leaked');
    }
  });
});
