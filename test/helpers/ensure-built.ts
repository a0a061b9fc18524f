/**
 * Tests of the shells drive the built bundles in dist/, as a user's editor or shell would.
 * This rebuilds them (node esbuild.mjs) when any source is newer than the bundle.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

function newestSource(dir: string): number {
  let newest = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const d = pending.pop()!;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) pending.push(p);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

const checked = new Set<string>();

/** Returns the absolute path of `dist/<bundle>`, rebuilding first (once per test run) if it is stale. */
export function ensureBuilt(bundle: 'server.js' | 'cli.js'): string {
  const out = path.join(ROOT, 'dist', bundle);
  if (!checked.has(bundle)) {
    checked.add(bundle);
    const stale = !fs.existsSync(out) || fs.statSync(out).mtimeMs < newestSource(path.join(ROOT, 'server/src'));
    if (stale) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }
  return out;
}
