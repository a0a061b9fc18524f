// Real-editor end-to-end test of Confluence sync: code-server in Debian's Chromium, driven by
// Playwright, against our Data Center simulator (the built CLI's `sim`) on loopback. A person's
// path: add the instance from the palette (its token typed into a password box), expand the
// Confluence view down to a page of the ENG space, pull it with the row's inline action, edit the
// file on disk, push, and read the new version back through the simulator's REST API. The token
// must appear in no log. Run through test/e2e/run.sh; prints "N passed, N failed[, N skipped]".
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CODE_SERVER, NODE24, RESULTS, ROOT, TIMEOUT, createSteps, freePort, layOutExtension, printEditorErrors, stop, until } from './harness.mjs';

const { results, snap, step } = createSteps('sync-');

// The simulator's admin PAT (`confluence-triage sim --help`): the secret that must stay out of logs.
const PAT = 'sim-pat-admin';
const SPACE = 'ENG';
// A root page of examples/ENG (its .confluence/index.json); title shown in the tree, id in the index.
const PAGE = { id: '201819180', title: 'Incident handbook' };
const EDIT = '<p>Edited outside the editor by the sync e2e test.</p>';

/** Spawns a process in its own group (so stopping it stops its children) with output to a file. */
function spawnLogged(command, args, logFile, env = process.env) {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', log, log], detached: true, env });
  fs.closeSync(log);
  return child;
}

/** The simulator prints its base URL once it listens; port 0 lets it pick a free one. */
async function startSimulator(logFile) {
  const child = spawnLogged(process.execPath, ['dist/cli.js', 'sim', '--flavor', 'dc', '--port', '0', '--data', `examples/${SPACE}`], logFile);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const baseUrl = await Promise.race([
    until('the simulator to print its base URL', async () => /^base URL:\s+(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(fs.readFileSync(logFile, 'utf8'))?.[1]),
    exited.then((code) => {
      throw new Error(`the simulator exited (${code}):\n${fs.readFileSync(logFile, 'utf8')}`);
    }),
  ]);
  return { child, baseUrl };
}

async function restPage(baseUrl, id) {
  const response = await fetch(`${baseUrl}/rest/api/content/${id}?expand=version,body.storage`, { headers: { Authorization: `Bearer ${PAT}` } });
  if (!response.ok) throw new Error(`GET content ${id}: HTTP ${response.status}`);
  return response.json();
}

/** Runs a command from the palette by its full title, as a person would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: title }) }).first().click();
}

/** Waits for the input box whose prompt says `prompt`, then answers it. */
async function answer(page, prompt, text) {
  await page.locator('.quick-input-widget', { hasText: prompt }).waitFor();
  await page.locator('.quick-input-widget input').fill(text);
  await page.keyboard.press('Enter');
}

/** Picks the quick pick row labelled `label`. */
async function pick(page, label) {
  await page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: label }) }).first().click();
}

/** Every file under `dir` whose text contains `secret`, relative to `dir`. */
function filesContaining(dir, secret) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile() && fs.readFileSync(path.join(dir, f), 'latin1').includes(secret));
}

async function main() {
  const totalStart = Date.now();
  // run.sh runs this after quick-fix.e2e.mjs, which empties RESULTS: only our own files are replaced.
  fs.mkdirSync(RESULTS, { recursive: true });
  for (const f of fs.readdirSync(RESULTS)) if (/^sync-/.test(f)) fs.rmSync(path.join(RESULTS, f), { recursive: true, force: true });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'confluence-triage-e2e-sync-'));
  const workspace = path.join(work, 'workspace');
  const userDataDir = path.join(work, 'user-data');
  const extensionsDir = path.join(work, 'extensions');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'README.md'), 'Pulled Confluence pages land here.\n');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.editor.enablePreview': false,
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }),
  );
  layOutExtension(extensionsDir);

  const codeServerLog = path.join(RESULTS, 'sync-code-server.log');
  const simLog = path.join(RESULTS, 'sync-simulator.log');
  const logsCopy = path.join(RESULTS, 'sync-logs');
  let sim;
  let server;
  let browser;
  let baseUrl;
  let pageFile;
  let before;
  let setUp = false;
  try {
    sim = await startSimulator(simLog);
    baseUrl = sim.baseUrl;
    before = await restPage(baseUrl, PAGE.id);
    const port = await freePort();
    server = spawnLogged(
      NODE24,
      [
        CODE_SERVER, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
        // Trace, so the extension's log holds every REST request line too (the leak check's target).
        '--log', 'trace', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, workspace,
      ],
      codeServerLog,
      { ...process.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` },
    );
    await until('code-server /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
    console.log(`simulator at ${baseUrl}; code-server up on port ${port} after ${Date.now() - totalStart} ms`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    const view = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /^Confluence/ }) });
    const row = (text) => view.locator('.monaco-list-row').filter({ hasText: text }).first();
    const host = new URL(baseUrl).host;

    await step(page, 'workbench loads with the Confluence view in the Explorer', async () => {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.explorer-folders-view').getByText('README.md').waitFor();
      const header = view.locator('.pane-header');
      await header.waitFor();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      await view.locator('.pane-body').waitFor();
    });

    await step(page, 'Add Instance asks kind, URL, auth and token, and lists the instance', async () => {
      await runCommand(page, 'Confluence Triage: Add Instance');
      await page.locator('.quick-input-widget input[placeholder="Kind of site"]').waitFor();
      await pick(page, 'Data Center / Server');
      await answer(page, 'Base URL', baseUrl);
      await pick(page, 'Personal access token');
      // A password box, so what is typed does not show.
      const box = page.locator('.quick-input-widget input[type="password"]');
      await box.waitFor();
      await box.fill(PAT);
      await page.keyboard.press('Enter');
      await row(host).waitFor();
    });

    await step(page, 'the view expands instance → ENG space → its root pages', async () => {
      await row(host).click();
      await row(SPACE).waitFor();
      await row(SPACE).click();
      await row(PAGE.title).waitFor();
      await view.locator('.monaco-list-row', { hasText: PAGE.id }).first().waitFor();
    });

    await step(page, "the page row's Pull Page action writes the page and .confluence/index.json", async () => {
      await row(PAGE.title).hover();
      await row(PAGE.title).locator('.action-label[aria-label="Pull Page"]').click();
      const indexFile = path.join(workspace, SPACE, '.confluence', 'index.json');
      const entry = await until('the pulled page in .confluence/index.json', async () =>
        JSON.parse(fs.readFileSync(indexFile, 'utf8')).pages.find((p) => p.id === PAGE.id));
      const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
      if (index.instance.flavor !== 'dc' || index.instance.baseUrl !== baseUrl) throw new Error(`index names another instance: ${JSON.stringify(index.instance)}`);
      if (entry.version !== before.version.number) throw new Error(`index has version ${entry.version}, the server ${before.version.number}`);
      pageFile = path.join(workspace, SPACE, entry.file);
      const text = await until(`${entry.file} on disk`, async () => fs.readFileSync(pageFile, 'utf8'));
      if (!text.includes(before.body.storage.value.trim().slice(0, 60))) throw new Error(`${entry.file} does not hold the server's body`);
      // The pulled page opens in an editor, and the status bar says everything is in sync.
      await page.locator('.tabs-container .tab.active', { hasText: entry.file }).waitFor();
      await page.locator('.statusbar-item', { hasText: 'in sync' }).waitFor();
    });

    await step(page, 'an edit on disk is pushed: the server has a new version with the new body', async () => {
      fs.writeFileSync(pageFile, `${fs.readFileSync(pageFile, 'utf8').trimEnd()}\n${EDIT}\n`);
      // The open editor reloads the file from disk; the push then works on what the editor shows.
      await page.locator('.monaco-editor .view-lines', { hasText: 'Edited outside the editor' }).waitFor();
      await page.locator('.statusbar-item', { hasText: '1 changed' }).waitFor();
      await snap(page, 'edited-on-disk');
      await runCommand(page, 'Confluence Triage: Push');
      await page.locator('.notifications-toasts', { hasText: 'Pushed 1 page(s).' }).waitFor();
      const after = await restPage(baseUrl, PAGE.id);
      if (after.version.number !== before.version.number + 1) throw new Error(`server version ${after.version.number}, expected ${before.version.number + 1}`);
      if (!after.body.storage.value.includes(EDIT)) throw new Error(`the server's body lacks the edit:\n${after.body.storage.value}`);
      const entry = JSON.parse(fs.readFileSync(path.join(workspace, SPACE, '.confluence', 'index.json'), 'utf8')).pages.find((p) => p.id === PAGE.id);
      if (entry.version !== after.version.number) throw new Error(`index still at version ${entry.version} after the push`);
      await page.locator('.statusbar-item', { hasText: 'in sync' }).waitFor();
      // Pushing again finds nothing to send.
      await runCommand(page, 'Confluence Triage: Push');
      await page.locator('.notifications-toasts', { hasText: 'Nothing changed since the last pull.' }).waitFor();
      if ((await restPage(baseUrl, PAGE.id)).version.number !== after.version.number) throw new Error('a second push without changes made a new version');
    });
    setUp = true;
  } finally {
    await browser?.close().catch(() => {});
    await stop(server);
    await stop(sim?.child);
    const logs = path.join(userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, logsCopy, { recursive: true });
    if (results.some((r) => r.status === 'failed')) printEditorErrors(logsCopy);
    // Setup threw (simulator, code-server, browser): no step below runs, the temp folder goes now.
    if (!setUp) fs.rmSync(work, { recursive: true, force: true });
  }

  // After the editor stopped, so every log is flushed.
  await step(undefined, 'the token is in no log and no workspace file', async () => {
    const outputLogs = fs.existsSync(logsCopy) ? fs.readdirSync(logsCopy, { recursive: true }).map(String).filter((f) => f.endsWith('Confluence Triage.log')) : [];
    // The check must be able to fail: the extension's output channel was written (by Add Instance).
    // The check must be able to fail: the extension's output log holds the REST request lines
    // (code-server runs at trace level), the push's PUT among them.
    const put = new RegExp(`\\[debug\\] PUT ${baseUrl.replace(/[.]/g, '\\.')}/rest/api/content/${PAGE.id} -> 200`);
    if (!outputLogs.some((f) => put.test(fs.readFileSync(path.join(logsCopy, f), 'utf8')))) throw new Error(`no Confluence Triage output log has the line ${put}`);
    const leaks = [
      ...(fs.readFileSync(codeServerLog, 'latin1').includes(PAT) ? [path.basename(codeServerLog)] : []),
      ...filesContaining(logsCopy, PAT).map((f) => `logs/${f}`),
      ...filesContaining(workspace, PAT).map((f) => `workspace/${f}`),
    ];
    if (leaks.length > 0) throw new Error(`the token appears in ${leaks.join(', ')}`);
  });
  fs.rmSync(work, { recursive: true, force: true });

  const count = (s) => results.filter((r) => r.status === s).length;
  console.log(`sync e2e took ${((Date.now() - totalStart) / 1000).toFixed(1)} s; screenshots and logs in ${path.relative(ROOT, RESULTS)}/sync-*`);
  const skipped = count('skipped');
  console.log(`${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return count('failed') + skipped === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
