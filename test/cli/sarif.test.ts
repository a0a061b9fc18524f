/**
 * SARIF output, validated offline twice: by Microsoft's SARIF Multitool (the validator
 * code-scanning services use) and by the official SARIF 2.1.0 JSON schema shipped with it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { RULES } from '../../server/src/core/rules/index';
import { ROOT } from '../helpers/ensure-built';
import { runCli, workspace } from './helpers';

const MULTITOOL_DIR = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux');
const MULTITOOL = path.join(MULTITOOL_DIR, 'Sarif.Multitool');

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
  partialFingerprints?: Record<string, string>;
  properties?: Record<string, unknown>;
  fixes?: unknown[];
}

function sarifOf(dir: string): { text: string; log: { runs: { tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri: string; defaultConfiguration: { level: string } }[] } }; results: SarifResult[] }[] } } {
  const r = runCli(['lint', '--format', 'sarif', '.'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { text: r.stdout, log: JSON.parse(r.stdout) };
}

describe('cli lint --format sarif', () => {
  let dir: string;
  let sarif: ReturnType<typeof sarifOf>;
  before(() => {
    dir = workspace(['legacy.storage.xhtml', 'broken.storage.xhtml', 'legacy.adf.json', 'clean.storage.xhtml'], {
      'sub folder/page one.storage.xhtml': fs.readFileSync(path.join(ROOT, 'test/fixtures/cli/legacy.storage.xhtml')),
      'binary.storage.xhtml': Buffer.from([0, 1, 2]),
    });
    sarif = sarifOf(dir);
  });

  it("passes Microsoft's SARIF Multitool validation with no errors or warnings", function () {
    // npm may skip the package's postinstall chmod (install scripts not allowed).
    if ((fs.statSync(MULTITOOL).mode & 0o100) === 0) fs.chmodSync(MULTITOOL, 0o755);
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, sarif.text);
    const r = spawnSync(MULTITOOL, ['validate', file], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const findings = r.stdout.split('\n').filter((l) => /: (error|warning) /.test(l));
    assert.deepEqual(findings, []);
  });

  it('validates against the official SARIF 2.1.0 JSON schema', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif.log), JSON.stringify(validate.errors, null, 2));
  });

  it('describes the tool and every rule', () => {
    const driver = sarif.log.runs[0].tool.driver;
    assert.equal(driver.name, 'confluence-triage');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.ok(driver.informationUri.startsWith('https://'));
    for (const rule of RULES) {
      const d = driver.rules.find((r) => r.id === rule.id);
      assert.ok(d, rule.id);
      assert.ok(d.helpUri.endsWith(`/docs/rules/${rule.id}.md`));
      assert.equal(d.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[rule.defaultSeverity]);
    }
  });

  it('reports results with rule indexes, %SRCROOT%-relative locations and UTF-16 regions', () => {
    const { results, tool } = sarif.log.runs[0];
    for (const r of results) assert.equal(tool.driver.rules[r.ruleIndex!].id, r.ruleId);
    const rows = results.map((r) => {
      const loc = r.locations[0].physicalLocation;
      const g = loc.region;
      return [r.ruleId, r.level, loc.artifactLocation.uri, loc.artifactLocation.uriBaseId, g.startLine, g.startColumn, g.endLine, g.endColumn, (r.fixes ?? []).length];
    });
    assert.deepEqual(rows, [
      ['unreadable-file', 'error', 'binary.storage.xhtml', '%SRCROOT%', undefined, undefined, undefined, undefined, 0],
      ['xml-syntax', 'error', 'broken.storage.xhtml', '%SRCROOT%', 2, 7, 2, 9, 0],
      ['legacy-macro', 'warning', 'legacy.adf.json', '%SRCROOT%', 2, 101, 2, 111, 0],
      ['legacy-macro', 'warning', 'legacy.storage.xhtml', '%SRCROOT%', 2, 1, 2, 41, 1],
      ['legacy-macro', 'warning', 'sub%20folder/page%20one.storage.xhtml', '%SRCROOT%', 2, 1, 2, 41, 1],
    ]);
    assert.deepEqual(results[3].properties, { macro: 'noformat', equivalent: 'code block without a language' });
  });

  it('keeps fingerprints stable when lines move, and distinct per file', () => {
    const fingerprint = (log: typeof sarif.log, uri: string) =>
      log.runs[0].results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === uri)!.partialFingerprints!['confluenceTriage/v1'];
    const first = fingerprint(sarif.log, 'legacy.storage.xhtml');
    const file = path.join(dir, 'legacy.storage.xhtml');
    fs.writeFileSync(file, `<p>new first line</p>\n\n${fs.readFileSync(file, 'utf8')}`);
    const moved = sarifOf(dir).log;
    assert.equal(moved.runs[0].results.find((r) => r.ruleId === 'legacy-macro' && r.locations[0].physicalLocation.artifactLocation.uri === 'legacy.storage.xhtml')!.locations[0].physicalLocation.region.startLine, 4);
    assert.equal(fingerprint(moved, 'legacy.storage.xhtml'), first);
    assert.notEqual(fingerprint(moved, 'sub%20folder/page%20one.storage.xhtml'), first);
  });
});
