// The benchmark's synthetic export, small: the reader finds every planted finding where the
// generator says it is, and the counts agree. (Also guards the generator itself.)
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeSyntheticExport, tinyCode } from '../bench/synthetic-export';
import { makeTempDir, readAll } from './helpers';

describe('export/synthetic export', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => (tmp = makeTempDir()));
  after(() => tmp.cleanup());

  it('encodes short-link codes like the worked examples of storage-format.md §5.2', () => {
    const pairs: Array<[string, string]> = [['201819180', 'LIQHD'], ['1234567', 'h9YS'], ['65536', 'AAAB'], ['4294967295', '-----w'], ['1035894949', 'pYC_PQ']];
    for (const [id, code] of pairs) assert.equal(tinyCode(id), code, id);
  });

  it('is read back with matching counts and every planted finding at its recorded offset', async () => {
    const path = join(tmp.dir, 'entities.xml');
    const manifest = writeSyntheticExport(path, { targetBytes: 3 * 1024 * 1024, seed: 7 });
    const { pages, summary } = await readAll(path);
    assert.equal(summary.complete, true);
    assert.deepEqual(
      [summary.pages, summary.currentPages, summary.historicalVersions, summary.drafts, summary.deleted, summary.wikiMarkupBodies],
      [manifest.pageObjects, manifest.currentPages, manifest.historicalVersions, manifest.drafts, manifest.deleted, manifest.wikiMarkupBodies],
    );
    const byId = new Map(pages.map((p) => [p.pageId, p]));
    assert.ok(manifest.findings.length > 50, `only ${manifest.findings.length} findings planted`);
    for (const kind of ['short-link', 'legacy-macro', 'jira-username-jql']) assert.ok(manifest.findings.some((f) => f.kind === kind), kind);
    for (const f of manifest.findings) {
      const page = byId.get(f.pageId);
      assert.ok(page, `page ${f.pageId}`);
      assert.equal(page.spaceKey, f.spaceKey);
      assert.equal(page.body.slice(f.offset, f.offset + f.text.length), f.text, `${f.kind} in ${f.pageId} at ${f.offset}`);
      if (f.targetPageId !== undefined) assert.ok(byId.has(f.targetPageId), `short-link target ${f.targetPageId} is a current page`);
    }
  });

  it('is well-formed XML (xmllint agrees), when xmllint is installed', function () {
    if (spawnSync('xmllint', ['--version']).error) this.skip();
    const path = join(tmp.dir, 'wf.xml');
    writeSyntheticExport(path, { targetBytes: 1024 * 1024, seed: 3 });
    const r = spawnSync('xmllint', ['--stream', '--noout', path]);
    assert.equal(r.status, 0, r.stderr.toString());
  });
});
