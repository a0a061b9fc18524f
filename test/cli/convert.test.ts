import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAdf } from '../../server/src/core/adf/schema-check';

const CLI = join(__dirname, '../../dist/cli.js');
const EXAMPLES = join(__dirname, '../../examples');

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

describe('confluence-triage convert', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ct-convert-'));
    cpSync(EXAMPLES, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes valid ADF beside every storage page and reports findings with positions', () => {
    const r = run(['convert', '--to', 'adf', 'ENG'], dir);
    assert.equal(r.status, 0, r.stderr);
    for (const name of ['Deployment-Checklist', 'Incident-Handbook', 'Release-Runbook']) {
      const adf = JSON.parse(readFileSync(join(dir, 'ENG', `${name}.adf.json`), 'utf8'));
      assert.equal(adf.type, 'doc');
      assert.deepEqual(checkAdf(adf), [], name);
    }
    // The nested panel of the checklist page is reported where it starts (line 10, column 5).
    assert.match(r.stdout, /ENG\/Deployment-Checklist\.storage\.xhtml:10:5: restructured panel-in-panel /);
    // The project configuration maps adoe, so no unmapped-user finding for that page.
    assert.doesNotMatch(r.stdout, /unmapped-user user adoe/);
  });

  it('writes one page to a named file with -o', () => {
    const out = join(dir, 'out.json');
    const r = run(['convert', '--to', 'adf', '-o', out, join('ENG', 'Incident-Handbook.storage.xhtml')], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(out));
    assert.ok(!existsSync(join(dir, 'ENG', 'Incident-Handbook.adf.json')));
  });

  it('is a usage error without --to, and a per-file error for binary input', () => {
    assert.equal(run(['convert', 'ENG'], dir).status, 2);
    writeFileSync(join(dir, 'bad.storage.xhtml'), Buffer.from([0x3c, 0x70, 0x00, 0xff]));
    const r = run(['convert', '--to', 'adf', 'bad.storage.xhtml'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.storage\.xhtml: binary file/);
  });
});
