import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { collectExport, collectFolder } from '../../server/src/report/collect';
import { ATLASSIAN_PAGES_PER_HOUR, CLOUD_IMPORT_XML_CAP_BYTES } from '../../server/src/report/figures';
import { renderReport } from '../../server/src/report/html';
import { ReportBuilder, treeShape } from '../../server/src/report/model';
import { makeTempDir } from '../export/helpers';
import { reportFixture } from './fixture';

const settings = { config: DEFAULT_CONFIG, knownPages: [], only: undefined };

describe('report data', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('counts pages, rules, tree shape and cutover of an export', async () => {
    const file = reportFixture(tmp.dir);
    const builder = new ReportBuilder();
    await collectExport(builder, file, tmp.dir, settings, 0);
    const report = builder.finish({ maxDepth: 3, maxChildren: 2, ratePerHour: 4 }, 2600);
    assert.deepEqual(report.spaces.map((s) => [s.key, s.pages]), [['DOC', 6], ['ENG', 2]]);
    const [doc, eng] = report.spaces;
    assert.deepEqual(Object.fromEntries(doc.byRule), { 'legacy-macro': 3, 'short-link': 1 });
    assert.equal(doc.maxDepth, 4);
    assert.equal(doc.maxChildren, 3);
    assert.deepEqual(doc.tooDeep, { count: 1, pages: [{ pageId: '4', title: 'Install on Linux', value: 4 }] });
    assert.deepEqual(doc.tooWide, { count: 1, pages: [{ pageId: '1', title: 'Home', value: 3 }] });
    assert.deepEqual(doc.worstPages.map((p) => [p.pageId, p.value]), [['2', 2], ['4', 2]]);
    assert.equal(doc.biggestPages[0].pageId, '4');
    // The historical version and the draft of page 10 are counted, not linted; page 11 is wiki markup.
    assert.equal(eng.wikiMarkupPages, 1);
    assert.ok(eng.byRule.length > 0 && eng.byRule.every(([rule]) => rule.startsWith('jira-')), JSON.stringify(eng.byRule));
    assert.equal(report.sources[0].historicalVersions, 1);
    assert.equal(report.sources[0].drafts, 1);
    // The measured entities.xml is shared among the spaces: the estimates add up to its size.
    assert.equal(doc.estimatedXmlBytes + eng.estimatedXmlBytes, readFileSync(file).length);
    assert.equal(report.totals.pages, 8);
    assert.equal(report.cutover.ourHours, 2);
    assert.equal(report.cutover.atlassianHours, 8 / ATLASSIAN_PAGES_PER_HOUR);
  });

  it('flags a space whose share of a big export is over the import cap, listing its biggest pages', () => {
    const builder = new ReportBuilder();
    for (let i = 0; i < 4; i++) {
      builder.addPage({ source: 'x.zip', spaceKey: 'BIG', spaceName: '', pageId: String(i), title: `P${i}`, parentId: null, bodyBytes: 3_000_000 * (i + 1), wikiMarkup: false, findings: [] });
    }
    builder.addPage({ source: 'x.zip', spaceKey: 'SMALL', spaceName: '', pageId: '9', title: 'S', parentId: null, bodyBytes: 3_000_000, wikiMarkup: false, findings: [] });
    builder.addSource({ name: 'x.zip', kind: 'export', xmlBytes: 330_000_000, problems: [] });
    const report = builder.finish({ maxDepth: 10, maxChildren: 200, ratePerHour: 0 }, 2600);
    const [big, small] = report.spaces;
    assert.equal(big.estimatedXmlBytes, 300_000_000);
    assert.equal(small.estimatedXmlBytes, 30_000_000);
    assert.ok(big.estimatedXmlBytes > CLOUD_IMPORT_XML_CAP_BYTES);
    assert.deepEqual([big.overImportCap, small.overImportCap, report.totals.spacesOverCap], [true, false, 1]);
    assert.deepEqual(big.biggestPages.map((p) => p.pageId), ['3', '2', '1', '0']);
    assert.equal(report.cutover.ourHours, null);
  });

  it('reads a pulled folder: index entries with their files, parents from the index, loose files apart', () => {
    const folder = join(tmp.dir, 'pulled');
    mkdirSync(join(folder, '.confluence'), { recursive: true });
    const pages = [
      { id: '1', title: 'Root', spaceKey: 'OPS', file: 'Root.storage.xhtml', body: '<p>root</p>' },
      { id: '2', title: 'Child', spaceKey: 'OPS', parentId: '1', file: 'Child.storage.xhtml', body: '<p><ac:structured-macro ac:name="navmap" /></p>' },
    ];
    writeFileSync(join(folder, '.confluence/index.json'), JSON.stringify({ version: 1, pages: pages.map(({ body: _, ...p }) => p) }));
    for (const p of pages) writeFileSync(join(folder, p.file), p.body);
    writeFileSync(join(folder, 'Loose.storage.xhtml'), '<p>not indexed</p>');
    const builder = new ReportBuilder();
    collectFolder(builder, folder, tmp.dir, settings);
    const report = builder.finish({ maxDepth: 10, maxChildren: 200, ratePerHour: 100 }, 2600);
    const ops = report.spaces.find((s) => s.key === 'OPS')!;
    assert.deepEqual([ops.pages, ops.maxDepth, ops.maxChildren], [2, 2, 1]);
    assert.deepEqual(Object.fromEntries(ops.byRule), { 'legacy-macro': 1 });
    // Folder estimate: body bytes plus the per-page overhead.
    assert.equal(ops.estimatedXmlBytes, '<p>root</p>'.length + pages[1].body.length + 2 * 2600);
    assert.deepEqual(report.spaces.find((s) => s.key === '(no space)')?.pages, 1);
  });

  it('computes depth iteratively and survives parent cycles', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ id: String(i), parentId: i === 0 ? null : String(i - 1) }));
    assert.equal(treeShape(rows).maxDepth, 50_000);
    const cycle = treeShape([{ id: 'a', parentId: 'b' }, { id: 'b', parentId: 'a' }]);
    assert.ok(cycle.maxDepth <= 2);
  });

  it('renders one self-contained file: no script, no external URL, figures present', async () => {
    const file = reportFixture(tmp.dir);
    const builder = new ReportBuilder();
    await collectExport(builder, file, tmp.dir, settings, 0);
    const html = renderReport(builder.finish({ maxDepth: 3, maxChildren: 2, ratePerHour: 4 }, 2600), new Date(0));
    assert.ok(!/<script|<link|src="http|url\(/i.test(html));
    assert.match(html, /id="total-pages">8</);
    assert.match(html, /id="cutover-ours">2\.0 h</);
  });
});
