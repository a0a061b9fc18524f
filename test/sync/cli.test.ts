import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../server/src/cli/main';
import { CLOUD_EMAIL, CLOUD_TOKEN, DC_TOKEN, startPair, tempDir, type Pair } from './helpers';

async function cli(argv: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await runCli(argv, { stdout: out, stderr: err, env, cwd });
  return { code, stdout, stderr };
}

describe('sync: CLI pull, push, migrate', function () {
  this.timeout(60_000);
  let pair: Pair;
  beforeEach(async () => {
    pair = await startPair();
  });
  afterEach(() => pair.close());
  const env = { CONFLUENCE_DC_TOKEN: DC_TOKEN, CONFLUENCE_CLOUD_EMAIL: CLOUD_EMAIL, CONFLUENCE_CLOUD_TOKEN: CLOUD_TOKEN };

  it('pull, edit, push --dry-run, push, then a conflict exits 1', async () => {
    const dir = tempDir('cli');
    const pulled = await cli(['pull', '--flavor', 'dc', '--url', pair.dc.baseUrl, '--space', 'ENG', '-o', 'out'], env, dir);
    assert.equal(pulled.code, 0, pulled.stderr);
    const out = path.join(dir, 'out');
    assert.ok(fs.existsSync(path.join(out, 'Rota.storage.xhtml')));
    fs.writeFileSync(path.join(out, 'Rota.storage.xhtml'), '<p>edited</p>');
    const dry = await cli(['push', '--dry-run', 'out'], env, dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /^would-push +Rota\.storage\.xhtml/m);
    assert.equal(pair.dc.state.store.current(pair.dc.state.store.pages.get('1003')!).number, 1);
    const pushed = await cli(['push', 'out/Rota.storage.xhtml'], env, dir);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal(pair.dc.state.store.current(pair.dc.state.store.pages.get('1003')!).number, 2);

    await pair.dcClient().updatePage({ id: '1003', title: 'Rota', storage: '<p>theirs</p>', baseVersion: 2 });
    fs.writeFileSync(path.join(out, 'Rota.storage.xhtml'), '<p>mine</p>');
    const conflict = await cli(['push', 'out'], env, dir);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /^conflict +Rota\.storage\.xhtml/m);
  });

  it('wrong credentials: the REST layer\'s AuthError, exit 2, no secret in the output', async () => {
    const dir = tempDir('cli-auth');
    const bad = { CONFLUENCE_CLOUD_EMAIL: CLOUD_EMAIL, CONFLUENCE_CLOUD_TOKEN: 'wrong-secret-token' };
    const r = await cli(['pull', '--flavor', 'cloud', '--url', pair.cloud.baseUrl, '--space', 'ENG'], bad, dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /HTTP 401/);
    assert.ok(!(r.stdout + r.stderr).includes('wrong-secret-token'));
    const none = await cli(['pull', '--flavor', 'dc', '--url', pair.dc.baseUrl, '--space', 'ENG'], {}, dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /CONFLUENCE_DC_TOKEN/);
    const arg = await cli(['pull', '--flavor', 'dc', '--url', pair.dc.baseUrl, '--space', 'ENG', '--token', DC_TOKEN], env, dir);
    assert.equal(arg.code, 2, 'credentials are not accepted as arguments');
  });

  it('migrate: progress on stderr, report files, exit 0; --help documents the variables', async () => {
    const dir = tempDir('cli-mig');
    const r = await cli(['migrate', '--from', pair.dc.baseUrl, '--to', pair.cloud.baseUrl, '--space', 'ENG', '--state', 'st'], env, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^6 pages in ENG$/m);
    assert.ok(fs.existsSync(path.join(dir, 'st', 'report.json')));
    assert.ok(fs.existsSync(path.join(dir, 'st', 'report.txt')));
    assert.equal(pair.cloud.state.store.pages.size, 6);
    const again = await cli(['migrate', '--from', pair.dc.baseUrl, '--to', pair.cloud.baseUrl, '--space', 'ENG', '--state', 'st', '--delta'], env, dir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(pair.cloud.state.store.pages.size, 6);
    const help = await cli(['migrate', '--help'], {}, dir);
    for (const v of ['CONFLUENCE_DC_TOKEN', 'CONFLUENCE_DC_USER', 'CONFLUENCE_DC_PASSWORD', 'CONFLUENCE_CLOUD_EMAIL', 'CONFLUENCE_CLOUD_TOKEN']) assert.ok(help.stdout.includes(v), v);
  });
});
