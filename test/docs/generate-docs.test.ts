/**
 * The rule docs and the README rules table are generated from the registry; this fails
 * when they are stale. Fix with `npm run docs`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedFiles, ROOT, spliceReadme, staleDocPages } from '../../scripts/generate-docs';
import { RULES } from '../../server/src/core/rules/index';

describe('generated rule docs', () => {
  for (const [file, expected] of generatedFiles()) {
    const name = path.relative(ROOT, file);
    it(`${name} is up to date (npm run docs)`, () => {
      assert.ok(fs.existsSync(file), `${name} is missing`);
      assert.equal(fs.readFileSync(file, 'utf8'), expected);
    });
  }

  it('has no doc page for a rule that does not exist', () => {
    assert.deepEqual(staleDocPages().map((f) => path.relative(ROOT, f)), []);
  });

  it('every rule has a page, so codeDescription links resolve', () => {
    for (const rule of RULES) assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`)), rule.id);
  });

  it('touches only the text between the README markers, and adds them when absent', () => {
    const readme = 'intro\n<!-- rules:start -->\nold\n<!-- rules:end -->\noutro\n';
    assert.equal(spliceReadme(readme, '\nT\n'), 'intro\n<!-- rules:start -->\nT\n<!-- rules:end -->\noutro\n');
    assert.equal(spliceReadme('intro\n', '\nT\n'), 'intro\n\n<!-- rules:start -->\nT\n<!-- rules:end -->\n');
  });
});
