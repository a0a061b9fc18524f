/** `confluence-triage lint` through the built CLI: exit codes, formats, file discovery, bad files. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings, runCli, workspace } from './helpers';

describe('cli lint', () => {
  it('exits 0 with no findings', () => {
    const dir = workspace(['clean.storage.xhtml']);
    const r = runCli(['lint', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(findings(r.stdout), []);
  });

  it('exits 0 on warnings only, 1 once an error-severity finding appears', () => {
    const dir = workspace(['clean.storage.xhtml', 'legacy.storage.xhtml', 'legacy.adf.json']);
    const warnings = runCli(['lint', '.'], dir);
    assert.equal(warnings.code, 0, warnings.stderr);
    assert.deepEqual(findings(warnings.stdout), ['legacy.adf.json:2:101: warning legacy-macro', 'legacy.storage.xhtml:2:1: warning legacy-macro']);
    fs.copyFileSync(path.join(__dirname, '../fixtures/cli/broken.storage.xhtml'), path.join(dir, 'broken.storage.xhtml'));
    const errors = runCli(['lint', '.'], dir);
    assert.equal(errors.code, 1);
    assert.deepEqual(findings(errors.stdout)[0], 'broken.storage.xhtml:2:7: error xml-syntax');
  });

  it('searches folders recursively but skips node_modules and .git, and takes files named directly', () => {
    const legacy = fs.readFileSync(path.join(__dirname, '../fixtures/cli/legacy.storage.xhtml'));
    const dir = workspace([], {
      'space/a/page.storage.xhtml': legacy,
      'space/node_modules/dep/page.storage.xhtml': legacy,
      'space/.git/page.storage.xhtml': legacy,
      'space/notes.txt': legacy,
      'other.html': legacy,
    });
    const r = runCli(['lint', 'space', 'other.html'], dir);
    assert.deepEqual(findings(r.stdout), ['space/a/page.storage.xhtml:2:1: warning legacy-macro', 'other.html:2:1: warning legacy-macro']);
  });

  it('writes JSON with rule ids and 1-based line/columns', () => {
    const dir = workspace(['broken.storage.xhtml', 'legacy.storage.xhtml']);
    const r = runCli(['lint', '--format', 'json', '.'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    const rows = out.files.flatMap((f: { path: string; problems: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; fix?: unknown }[] }) =>
      f.problems.map((p) => [f.path, p.ruleId, p.line, p.column, p.endLine, p.endColumn, p.fix !== undefined]),
    );
    assert.deepEqual(rows, [
      ['broken.storage.xhtml', 'xml-syntax', 2, 7, 2, 9, false],
      ['legacy.storage.xhtml', 'legacy-macro', 2, 1, 2, 41, true],
    ]);
    assert.deepEqual(out.summary, { error: 1, warning: 1, info: 0, hint: 0 });
  });

  it('runs only the rules named with --rule', () => {
    const dir = workspace(['broken.storage.xhtml', 'legacy.storage.xhtml']);
    const r = runCli(['lint', '--rule', 'legacy-macro', '.'], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(findings(r.stdout), ['legacy.storage.xhtml:2:1: warning legacy-macro']);
  });

  it('uses --config, else the nearest .confluence-triage.json above the working directory', () => {
    const dir = workspace(['legacy.storage.xhtml'], {
      '.confluence-triage.json': JSON.stringify({ rules: { 'legacy-macro': 'error' } }),
      'quiet.json': JSON.stringify({ rules: { 'legacy-macro': 'off' } }),
      'sub/page.storage.xhtml': fs.readFileSync(path.join(__dirname, '../fixtures/cli/legacy.storage.xhtml')),
    });
    const nearest = runCli(['lint', 'page.storage.xhtml'], path.join(dir, 'sub'));
    assert.equal(nearest.code, 1);
    assert.deepEqual(findings(nearest.stdout), ['page.storage.xhtml:2:1: error legacy-macro']);
    const flagged = runCli(['lint', '--config', 'quiet.json', '.'], dir);
    assert.equal(flagged.code, 0);
    assert.deepEqual(findings(flagged.stdout), []);
  });

  it('exits 2 on usage and fatal errors', () => {
    const dir = workspace(['clean.storage.xhtml'], { 'bad.json': '{"rules": {"legacy-macro": "loud"}}', 'broken.json': '{' });
    assert.equal(runCli(['lint'], dir).code, 2);
    assert.equal(runCli(['lint', '--format', 'xml', '.'], dir).code, 2);
    assert.equal(runCli(['lint', '--rule', 'no-such-rule', '.'], dir).code, 2);
    assert.equal(runCli(['lint', '--bogus', '.'], dir).code, 2);
    assert.equal(runCli(['lint', 'missing-folder'], dir).code, 2);
    assert.equal(runCli(['lint', '--config', 'bad.json', '.'], dir).code, 2);
    assert.equal(runCli(['lint', '--config', 'broken.json', '.'], dir).code, 2);
    assert.equal(runCli(['lint', '--config', 'absent.json', '.'], dir).code, 2);
  });

  it('reports binary and invalid UTF-8 files as per-file errors and still lints the rest', () => {
    const dir = workspace(['legacy.storage.xhtml'], {
      'image.storage.xhtml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'latin1.storage.xhtml': Buffer.from('<p>caf\xe9</p>', 'latin1'),
    });
    const r = runCli(['lint', '.'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(findings(r.stdout), [
      'image.storage.xhtml:1:1: error unreadable-file',
      'latin1.storage.xhtml:1:1: error unreadable-file',
      'legacy.storage.xhtml:2:1: warning legacy-macro',
    ]);
  });
});
