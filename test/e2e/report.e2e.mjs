// Browser test of `confluence-triage report`: renders the HTML in headless Chromium, checks that
// it SHOWS the expected figures (rendered text of specific elements), that it makes no request
// besides its own file, and saves a screenshot to test-results/report.png.
// Run by test/e2e/run.sh (npm run e2e) after the build; needs /usr/bin/chromium (install.sh).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'ct-report-e2e-'));

// The same two-space export the unit test of the report data uses (test/report/fixture.ts).
const gen = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', `process.stdout.write(require('./test/report/fixture.ts').reportFixture(${JSON.stringify(dir)}))`], { cwd: root, encoding: 'utf8' });
assert.equal(gen.status, 0, gen.stderr);
const exportFile = gen.stdout;
const out = join(dir, 'report.html');
const cli = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'report', exportFile, '-o', out, '--max-depth', '3', '--max-children', '2', '--rate', '4', '--jobs', '1'], { cwd: dir, encoding: 'utf8' });
assert.equal(cli.status, 0, cli.stderr);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const url = pathToFileURL(out).href;
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  const text = async (selector) => (await page.locator(selector).first().innerText()).trim();
  const space = (key, figure) => text(`section[data-space="${key}"] [data-figure="${figure}"]`);

  assert.deepEqual(requests, [url], 'the report must not load anything but itself');
  assert.equal(await text('#total-pages'), '8');
  assert.equal(await text('#total-findings'), String(Number(await space('DOC', 'findings')) + Number(await space('ENG', 'findings'))));
  assert.equal(await text('#cutover-ours'), '2.0 h');
  assert.equal(await text('#our-rate'), '4 pages per hour');
  assert.equal(await text('#cutover-atlassian'), '1 min');
  assert.equal(await text('#spaces-over-cap'), '0');
  assert.equal(await space('DOC', 'pages'), '6');
  assert.equal(await space('DOC', 'findings'), '4');
  assert.equal(await space('DOC', 'max-depth'), '4');
  assert.equal(await space('DOC', 'too-deep'), '1');
  assert.equal(await space('DOC', 'max-children'), '3');
  assert.equal(await space('DOC', 'too-wide'), '1');
  assert.equal(await space('ENG', 'pages'), '2');
  assert.match(await space('DOC', 'over-cap'), /^under the 200 MB import cap$/);
  // The worst-pages table lists page 2 and page 4 (2 findings each), the deep list page 4.
  assert.deepEqual(await page.locator('section[data-space="DOC"] [data-figure="worst-pages"] tbody tr td:nth-child(2)').allInnerTexts(), ['2', '4']);
  assert.deepEqual(await page.locator('section[data-space="DOC"] [data-figure="deep-pages"] tbody tr td:first-child').allInnerTexts(), ['Install on Linux']);
  // Charts are drawn: one bar per rule in DOC, each with a visible width.
  const bars = page.locator('section[data-space="DOC"] .grid svg rect');
  assert.equal(await bars.count(), 2);
  for (const box of await Promise.all((await bars.all()).map((b) => b.boundingBox()))) assert.ok(box && box.width > 0 && box.height > 0);
  assert.match(await text('#sources'), /1 historical version and 1 draft counted/);

  mkdirSync(join(root, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(root, 'test-results/report.png'), fullPage: true });
  console.log('[e2e] report: figures shown as expected; screenshot test-results/report.png');
} finally {
  await browser.close();
}
