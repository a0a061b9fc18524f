/**
 * Rule cost: the time each storage rule takes over already parsed documents, next to the parse
 * time of the same documents in the same run (the reference: the rules should cost a fraction of
 * the parse). Each rule runs alone through the engine (`lintDocument` with that one rule) over
 * freshly parsed documents whose name index (`doc.elementsNamed`, the parser's side) is already
 * built and timed on its own row; a rule alone pays for the per-document lists it needs (macro
 * list, Jira macros), and the "all rules" row is the real lint, which shares them.
 * The machine is shared: the ratios to the parse, CPU time above all, are the figures to compare.
 * Figures go to BENCHMARKS.md ("Rule cost") by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintDocument } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules/index';
import { parseStorage } from '../../server/src/core/storage/parser';
import type { StorageDocument } from '../../server/src/core/storage/tree';

const CORPUS = join(__dirname, '../../../shared/corpus/storage');
const EXAMPLES = join(__dirname, '../../examples/ENG');
const TARGET_BYTES = Number(process.env.BENCH_MB ?? 20) * 1e6;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The lint bench's corpus: the real pages and our examples, repeated to the target size. */
function pages(): string[] {
  const real = readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const ours = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.storage.xhtml'))
    .map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));
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

interface Timing {
  wall: number;
  cpu: number;
}

function timed(run: () => void): Timing {
  global.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const list = pages();
  const mb = list.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6;
  let docs: StorageDocument[] = [];
  const parseAll = () => {
    docs = [];
    docs = list.map((p) => parseStorage(p));
  };
  const storageRules = RULES.filter((r) => r.storage);

  // Warm-up: JIT, the JQL parser's first use, the schema tables.
  parseAll();
  for (const doc of docs.slice(0, 2000)) lintDocument(doc);

  const buildIndexes = () => {
    for (const doc of docs) doc.elementsNamed('p');
  };
  const parse: Timing[] = [];
  const index: Timing[] = [];
  const all: Timing[] = [];
  const perRule = new Map<string, Timing[]>(storageRules.map((r) => [r.id, []]));
  let findings = 0;
  const perRuleFindings = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    parse.push(timed(parseAll));
    index.push(timed(buildIndexes));
    all.push(
      timed(() => {
        findings = 0;
        for (const doc of docs) findings += lintDocument(doc).length;
      }),
    );
    for (const rule of storageRules) {
      parseAll();
      buildIndexes();
      let n = 0;
      perRule.get(rule.id)!.push(
        timed(() => {
          for (const doc of docs) n += lintDocument(doc, { rules: [rule] }).length;
        }),
      );
      perRuleFindings.set(rule.id, n);
    }
  }

  const parseMs = median(parse.map((t) => t.wall));
  const parseCpu = median(parse.map((t) => t.cpu));
  const row = (name: string, ts: readonly Timing[], n: number | string) => {
    const wall = median(ts.map((t) => t.wall));
    const cpu = median(ts.map((t) => t.cpu));
    return `| ${name} | ${wall.toFixed(0)} | ${cpu.toFixed(0)} | ${(wall / parseMs).toFixed(3)} | ${(cpu / parseCpu).toFixed(3)} | ${n} |`;
  };
  console.log(`corpus: ${list.length} pages, ${mb.toFixed(1)} MB, median of ${ROUNDS} rounds`);
  console.log('| step (same documents, same run) | wall ms | CPU ms | × parse (wall) | × parse (CPU) | findings |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(row('parse (`parseStorage`, the reference)', parse, '–'));
  console.log(row('name index (first `elementsNamed` of each document)', index, '–'));
  const sorted = [...storageRules].sort((a, b) => median(perRule.get(b.id)!.map((t) => t.wall)) - median(perRule.get(a.id)!.map((t) => t.wall)));
  for (const rule of sorted) console.log(row(`\`${rule.id}\` alone`, perRule.get(rule.id)!, perRuleFindings.get(rule.id)!));
  const sum = (pick: (t: Timing) => number) => [...perRule.values()].reduce((s, ts) => s + median(ts.map(pick)), 0);
  const sumWall = sum((t) => t.wall);
  const sumCpu = sum((t) => t.cpu);
  console.log(`| sum of the rules alone | ${sumWall.toFixed(0)} | ${sumCpu.toFixed(0)} | ${(sumWall / parseMs).toFixed(3)} | ${(sumCpu / parseCpu).toFixed(3)} | |`);
  console.log(row('**all rules** (`lintDocument`, one document at a time)', all, findings));
  const lintMs = parseMs + median(index.map((t) => t.wall)) + median(all.map((t) => t.wall));
  console.log(`parse ${(mb / (parseMs / 1000)).toFixed(1)} MB/s; parse + index + all rules ${(mb / (lintMs / 1000)).toFixed(1)} MB/s`);
}

main();
