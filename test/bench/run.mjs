// Runs every benchmark in test/bench (files named *.bench.mjs or *.bench.ts), one process
// each so they do not share a heap. `npm run bench -- NAME` runs only files containing NAME
// (`npm run bench -- lint.bench.ts`: exactly that file).
//
// TypeScript benches are bundled with esbuild first, as the shipped CLI and server are: run
// through tsx instead, the same parser measured 25-45 % slower (tsx's per-module transform
// keeps names and wraps helpers), which would benchmark the loader rather than our code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const filter = process.argv[2] ?? '';
// A filter naming a whole file (`lint.bench.ts`) selects exactly that file; anything else is a
// substring, so `lint` also runs `export-lint.bench.ts`.
const exact = /\.(mjs|ts)$/.test(filter);
const files = readdirSync(here)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f) && (exact ? f === filter : f.includes(filter)))
  .sort();
// Inside the repo (git-ignored) so externals such as esbuild resolve from node_modules.
const outDir = join(here, '.bundles');
mkdirSync(outDir, { recursive: true });

async function bundle(file) {
  const outfile = join(outDir, file.replace(/\.ts$/, '.js'));
  await esbuild.build({
    entryPoints: [join(here, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    // The same resolution as esbuild.mjs, so the bench runs what ships.
    mainFields: ['main', 'module'],
    // esbuild itself (used by benches that bundle a child) ships a native binary.
    external: ['esbuild'],
    alias: { 'jsonc-parser': join(root, 'node_modules/jsonc-parser/lib/esm/main.js') },
    // Benches find corpus and fixtures relative to their own source folder.
    define: { __dirname: JSON.stringify(here), __filename: JSON.stringify(join(here, file)) },
  });
  return outfile;
}

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const script = file.endsWith('.ts') ? await bundle(file) : join(here, file);
  const result = spawnSync(process.execPath, ['--expose-gc', script], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
console.log(`\n${files.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
