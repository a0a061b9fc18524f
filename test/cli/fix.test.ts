/** `confluence-triage fix` through the built CLI, plus the write guard in-process with broken rules. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Rule } from '../../server/src/core/rules/rule';
import { RULES } from '../../server/src/core/rules/index';
import { createFixCommand } from '../../server/src/cli/commands/fix';
import { runCli, workspace } from './helpers';

const LEGACY_FIXED =
  '<h1>Legacy</h1>\n<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x < y]]></ac:plain-text-body></ac:structured-macro>\n<p>After the macro.</p>\n';

describe('cli fix', () => {
  it('fixes files in place and leaves the rest alone', () => {
    const dir = workspace(['legacy.storage.xhtml', 'clean.storage.xhtml', 'broken.storage.xhtml']);
    const before = { clean: fs.statSync(path.join(dir, 'clean.storage.xhtml')).mtimeMs, broken: fs.readFileSync(path.join(dir, 'broken.storage.xhtml'), 'utf8') };
    const r = runCli(['fix', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'legacy.storage.xhtml'), 'utf8'), LEGACY_FIXED);
    assert.equal(fs.statSync(path.join(dir, 'clean.storage.xhtml')).mtimeMs, before.clean);
    assert.equal(fs.readFileSync(path.join(dir, 'broken.storage.xhtml'), 'utf8'), before.broken);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['broken.storage.xhtml', 'clean.storage.xhtml', 'legacy.storage.xhtml'], 'no temp files left');
    // Fixed output lints clean for the fixed rule.
    assert.equal(runCli(['lint', '--rule', 'legacy-macro', 'legacy.storage.xhtml'], dir).stdout.split('\n')[0], '0 problems in 1 file');
  });

  it('--dry-run prints a unified diff and writes nothing', () => {
    const dir = workspace(['legacy.storage.xhtml']);
    const file = path.join(dir, 'legacy.storage.xhtml');
    const original = fs.readFileSync(file, 'utf8');
    const r = runCli(['fix', '--dry-run', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '--- a/legacy.storage.xhtml',
        '+++ b/legacy.storage.xhtml',
        '@@ -1,3 +1,3 @@',
        ' <h1>Legacy</h1>',
        `-${original.split('\n')[1]}`,
        `+${LEGACY_FIXED.split('\n')[1]}`,
        ' <p>After the macro.</p>',
        '',
      ].join('\n'),
    );
    assert.equal(fs.readFileSync(file, 'utf8'), original);
  });

  it('applies only the rules named with --rule, and keeps a byte-order mark', () => {
    const legacy = fs.readFileSync(path.join(__dirname, '../fixtures/cli/legacy.storage.xhtml'), 'utf8');
    const dir = workspace([], { 'bom.storage.xhtml': `\uFEFF${legacy}` });
    const file = path.join(dir, 'bom.storage.xhtml');
    assert.equal(runCli(['fix', '--rule', 'xml-syntax', '.'], dir).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), `\uFEFF${legacy}`);
    assert.equal(runCli(['fix', '--rule', 'legacy-macro', '.'], dir).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), `\uFEFF${LEGACY_FIXED}`);
  });

  it('reports unreadable files (exit 1) and still fixes the others', () => {
    const dir = workspace(['legacy.storage.xhtml'], { 'binary.storage.xhtml': Buffer.from([0, 1, 2, 3]) });
    const r = runCli(['fix', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^binary\.storage\.xhtml: error unreadable-file /m);
    assert.equal(fs.readFileSync(path.join(dir, 'legacy.storage.xhtml'), 'utf8'), LEGACY_FIXED);
  });

  it('exits 2 on usage errors', () => {
    const dir = workspace(['legacy.storage.xhtml']);
    assert.equal(runCli(['fix'], dir).code, 2);
    assert.equal(runCli(['fix', '--rule', 'nope', '.'], dir).code, 2);
    assert.equal(runCli(['fix', '--dry-run=yes', '.'], dir).code, 2);
  });

  describe('never writes a result that parses worse or loses text', () => {
    // Rules with deliberately bad fixes: the guard, not the rules, is under test.
    const breaksMarkup: Rule = {
      id: 'breaks-markup',
      description: 'test rule',
      docs: '',
      defaultSeverity: 'warning',
      fixable: true,
      storage: (ctx) => {
        const at = ctx.doc.text.indexOf('</p>');
        if (at >= 0 && !ctx.doc.text.includes('<b>')) ctx.report({ start: at, end: at, message: 'x', fix: { start: at, end: at, text: '<b>' } });
      },
    };
    const dropsText: Rule = {
      id: 'drops-text',
      description: 'test rule',
      docs: '',
      defaultSeverity: 'warning',
      fixable: true,
      storage: (ctx) => {
        const at = ctx.doc.text.indexOf('<p>After');
        if (at >= 0) ctx.report({ start: at, end: ctx.doc.text.indexOf('</p>', at) + 4, message: 'x', fix: { start: at, end: ctx.doc.text.indexOf('</p>', at) + 4, text: '' } });
      },
    };

    for (const rule of [breaksMarkup, dropsText]) {
      it(rule.id, async () => {
        const dir = workspace(['legacy.storage.xhtml']);
        const file = path.join(dir, 'legacy.storage.xhtml');
        const original = fs.readFileSync(file, 'utf8');
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        let err = '';
        stderr.on('data', (d: Buffer) => (err += d.toString()));
        const code = await createFixCommand([...RULES, rule]).run(['--rule', rule.id, '.'], { stdout, stderr, env: {}, cwd: dir });
        assert.equal(code, 1);
        assert.equal(fs.readFileSync(file, 'utf8'), original);
        assert.match(err, /^legacy\.storage\.xhtml: not written: /m);
      });
    }
  });
});
