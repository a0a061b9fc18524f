/**
 * Lint throughput (parse + every rule) over ≥ 50 MB of varied real pages, side by side
 * with `xmllint --stream` and fast-xml-parser on the same bytes in the same run, plus the
 * memory a 100 MB page costs. Figures go to BENCHMARKS.md by hand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHTMLStrict } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import { lint } from '../../server/src/core/lint';
import { parseStorage } from '../../server/src/core/storage/parser';

const CORPUS = join(__dirname, '../../../shared/corpus/storage');
const TARGET_BYTES = Number(process.env.BENCH_MB ?? 50) * 1e6;

function pages(): string[] {
  const real = readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const ours = readdirSync(join(__dirname, '../../examples/ENG'))
    .filter((f) => f.endsWith('.storage.xhtml'))
    .map((f) => readFileSync(join(__dirname, '../../examples/ENG', f), 'utf8'));
  const all = [...real, ...ours];
  const out: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const page = all[i % all.length];
    out.push(page);
    bytes += Buffer.byteLength(page);
  }
  return out;
}

/** The HTML entities real pages use, declared so xmllint can read the same bytes. */
function xmllintWrapper(body: string): string {
  const names = new Set(body.match(/&[a-zA-Z][a-zA-Z0-9]*;/g) ?? []);
  const decls = [...names]
    .map((n) => n.slice(1, -1))
    .filter((n) => !['amp', 'lt', 'gt', 'quot', 'apos'].includes(n))
    .map((n) => `<!ENTITY ${n} "&#${decodeHTMLStrict(`&${n};`).codePointAt(0)};">`)
    .join('');
  return `<!DOCTYPE r [${decls}]><r xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${body}</r>`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const list = pages();
  const body = list.join('\n');
  const mb = Buffer.byteLength(body) / 1e6;
  const dir = mkdtempSync(join(tmpdir(), 'ct-bench-'));
  const xmlFile = join(dir, 'corpus.xml');
  writeFileSync(xmlFile, xmllintWrapper(body));
  const fxp = new XMLParser({ ignoreAttributes: false, preserveOrder: true, processEntities: false, allowBooleanAttributes: true });

  // Wall-clock MB/s, and MB per CPU second of this process (the machine is shared: wall time
  // swings with other jobs, CPU time much less; xmllint runs in a child, so wall time only).
  const rows: { ours: number; oursCpu: number; parseOnly: number; parseCpu: number; xmllint: number; fxp: number }[] = [];
  let findings = 0;
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1e6;
  };
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    execFileSync('xmllint', ['--stream', '--noout', xmlFile]);
    const xmllint = mb / ((performance.now() - t) / 1000);

    t = performance.now();
    let cpu = process.cpuUsage();
    findings = 0;
    for (const page of list) findings += lint(page, 'storage').problems.length;
    const ours = mb / ((performance.now() - t) / 1000);
    const oursCpu = mb / cpuSeconds(cpu);

    t = performance.now();
    cpu = process.cpuUsage();
    for (const page of list) parseStorage(page);
    const parseOnly = mb / ((performance.now() - t) / 1000);
    const parseCpu = mb / cpuSeconds(cpu);

    t = performance.now();
    for (const page of list) fxp.parse(`<r>${page}</r>`);
    const fxpRate = mb / ((performance.now() - t) / 1000);
    rows.push({ ours, oursCpu, parseOnly, parseCpu, xmllint, fxp: fxpRate });
  }
  rmSync(dir, { recursive: true, force: true });

  const m = (k: keyof (typeof rows)[0]) => median(rows.map((r) => r[k]));
  console.log(`corpus: ${list.length} pages, ${mb.toFixed(1)} MB, ${findings} findings per pass`);
  console.log(`lint (parse + all rules): ${m('ours').toFixed(1)} MB/s (${m('oursCpu').toFixed(1)} MB per CPU s)`);
  console.log(`parse only:               ${m('parseOnly').toFixed(1)} MB/s (${m('parseCpu').toFixed(1)} MB per CPU s)`);
  console.log(`xmllint --stream:         ${m('xmllint').toFixed(1)} MB/s`);
  console.log(`fast-xml-parser:          ${m('fxp').toFixed(1)} MB/s`);
  console.log(`ratio lint / xmllint:     ${(m('ours') / m('xmllint')).toFixed(2)}`);
  console.log(`ratio parse / xmllint:    ${(m('parseOnly') / m('xmllint')).toFixed(2)}`);

  // Memory: one 100 MB page, heap growth while its tree is alive.
  let big = body;
  while (big.length < 100e6) big += body;
  big = big.slice(0, 100e6);
  global.gc?.();
  const before = process.memoryUsage();
  const doc = parseStorage(big);
  // Collect the parse's garbage (the builder's scratch records) so what is left is the live tree.
  global.gc?.();
  const after = process.memoryUsage();
  // The tree's records are ArrayBuffers: counted exactly by `arrayBuffers`, whereas V8's
  // `external` counter still held the builder's freed scratch (67 MB here) right after the GC.
  const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  console.log(
    `100 MB page: ${doc.elementCount} elements, heap growth ${(grown / 1e6).toFixed(0)} MB = ${(grown / big.length).toFixed(2)}× the page size`,
  );
}

main();
