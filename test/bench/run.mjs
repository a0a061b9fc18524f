// Runs every benchmark in test/bench (files named *.bench.mjs or *.bench.ts), one process
// each so they do not share a heap. `npm run bench -- NAME` runs only files containing NAME.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f) && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const loader = file.endsWith('.ts') ? ['-r', 'tsx/cjs'] : [];
  const result = spawnSync(process.execPath, ['--expose-gc', ...loader, join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
console.log(`\n${files.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
