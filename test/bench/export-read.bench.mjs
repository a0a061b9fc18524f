// Export reading throughput and peak memory, side by side with `xmllint --stream` on the same file
// in the same run. Size: EXPORT_BENCH_MB (default 200; use >= 1024 for the full run). Also
// EXPORT_BENCH_SEED (default 1), EXPORT_BENCH_RUNS (default 3), EXPORT_BENCH_ZIP=1 to add a zip read,
// EXPORT_BENCH_DIR (default: <os tmp>/confluence-triage-bench; generated files are cached there).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const mb = Number(process.env.EXPORT_BENCH_MB ?? 200);
const seed = Number(process.env.EXPORT_BENCH_SEED ?? 1);
const runs = Number(process.env.EXPORT_BENCH_RUNS ?? 3);
const dir = process.env.EXPORT_BENCH_DIR ?? join(tmpdir(), 'confluence-triage-bench');
mkdirSync(dir, { recursive: true });

const child = join(dir, 'export-read-child.js');
await esbuild.build({
  entryPoints: [join(here, 'export-read-child.ts')],
  outfile: child,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

function runChild(...args) {
  const r = spawnSync(process.execPath, [child, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const file = join(dir, `synthetic-${mb}mb-seed${seed}.xml`);
if (!existsSync(file) || !existsSync(`${file}.manifest.json`)) {
  const g = runChild('generate', file, mb * 1024 * 1024, seed);
  console.log(`generated ${file}: ${(g.bytes / 1048576).toFixed(0)} MB, ${g.currentPages} current pages, ${g.historicalVersions} historical, ${g.findings} planted findings, ${(g.ms / 1000).toFixed(1)} s`);
}
const bytes = statSync(file).size;
const sizeMB = bytes / 1048576;

// Machines here are shared and noisy: keep the best wall time and the best CPU time of the runs
// (CPU time = user + system of the measured process, i.e. one-core throughput), and the worst RSS.
function keepBest(top, r) {
  if (top === null) return { ...r };
  return { ...top, ms: Math.min(top.ms, r.ms), cpuMs: Math.min(top.cpuMs, r.cpuMs), maxRssKB: Math.max(top.maxRssKB, r.maxRssKB) };
}

function best(mode, path = file) {
  let top = null;
  for (let i = 0; i < runs; i++) top = keepBest(top, runChild(mode, path));
  return top;
}

function xmllint() {
  const probe = spawnSync('xmllint', ['--version']);
  if (probe.error) return { missing: true };
  if (!existsSync('/usr/bin/time')) return { failed: '/usr/bin/time is missing (apt-get install -y time): cannot measure xmllint CPU and RSS' };
  let top = null;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'xmllint', '--stream', '--noout', file], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { failed: r.stderr.slice(0, 500) };
    const [user, sys, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    top = keepBest(top, { ms, cpuMs: (user + sys) * 1000, maxRssKB: rss });
  }
  return top;
}

const rows = [];
const row = (name, r) =>
  rows.push([
    name,
    (r.ms / 1000).toFixed(2),
    (r.cpuMs / 1000).toFixed(2),
    (sizeMB / (r.cpuMs / 1000)).toFixed(0),
    (sizeMB / (r.ms / 1000)).toFixed(0),
    (r.maxRssKB / 1024).toFixed(0),
  ]);

row('raw read, no parsing (IO ceiling)', best('raw'));
const read = best('read');
row(`readExport (2 passes, ${read.pages} pages yielded)`, read);
row('buildPageIndex (metadata pass only)', best('index'));
const lint = xmllint();
if (lint.missing) console.log('xmllint not installed: apt-get install -y libxml2-utils (reference row skipped)');
else if (lint.failed) console.log(`xmllint failed: ${lint.failed}`);
else row('xmllint --stream --noout (reference)', lint);

if (process.env.EXPORT_BENCH_ZIP === '1') {
  const zipPath = `${file}.zip`;
  if (!existsSync(zipPath)) runChild('zip', file, zipPath);
  row(`readExport from zip (${(statSync(zipPath).size / 1048576).toFixed(0)} MB compressed)`, best('read', zipPath));
}

console.log(`\nExport reading: ${sizeMB.toFixed(0)} MB synthetic entities.xml, best of ${runs}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`);
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('| what | wall s | CPU s | MB/s per CPU s | MB/s wall | peak RSS MB |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
