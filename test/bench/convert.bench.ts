/**
 * Storage → ADF conversion throughput over real pages, side by side with a bare
 * JSON.stringify + JSON.parse of the converted output in the same run (the floor any
 * converter producing that JSON pays), with and without the two schema checks. Each figure
 * is given as wall and CPU time (`process.cpuUsage`): the machine is shared, and CPU time is
 * what a core actually spent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertStorageToAdf, type AdfDoc } from '../../server/src/core/convert/index';
import { parseStorage } from '../../server/src/core/storage/parser';
import type { StorageDocument } from '../../server/src/core/storage/tree';

const CORPUS = join(__dirname, '../../../shared/corpus/storage');
const EXAMPLES = join(__dirname, '../../examples/ENG');
const TARGET = Number(process.env.BENCH_MB ?? 20) * 1e6;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const sources = [
  ...readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8')),
  ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.storage.xhtml')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8')),
];
const pages: string[] = [];
let bytes = 0;
for (let i = 0; bytes < TARGET; i++) {
  pages.push(sources[i % sources.length]);
  bytes += Buffer.byteLength(sources[i % sources.length]);
}
const mb = bytes / 1e6;

interface Rate {
  wall: number;
  cpu: number;
}
/** MB of storage per second of wall and of CPU time for one timed step. */
function timed(megabytes: number, step: () => void): Rate {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  step();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wall: megabytes / (wall / 1000), cpu: megabytes / ((cpu.user + cpu.system) / 1e6) };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (rates: Rate[]) => ({ wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) });

const steps: Record<'parse' | 'full' | 'convert' | 'json', Rate[]> = { parse: [], full: [], convert: [], json: [] };
for (let round = 0; round < ROUNDS; round++) {
  let docs: StorageDocument[] = [];
  steps.parse.push(timed(mb, () => (docs = pages.map((p) => parseStorage(p)))));
  // Parsed once more, untouched: the tree creates element views, text and attributes on first
  // use, so converting these pays that work too, as it does in the CLI.
  docs = pages.map((p) => parseStorage(p));
  let outputs: AdfDoc[] = [];
  steps.convert.push(timed(mb, () => (outputs = docs.map((d) => convertStorageToAdf(d, { validate: false }).adf))));
  docs = [];
  steps.full.push(timed(mb, () => (outputs = pages.map((p) => convertStorageToAdf(parseStorage(p), { validate: false }).adf))));
  steps.json.push(timed(mb, () => outputs.forEach((o) => JSON.parse(JSON.stringify(o)))));
}
// Validation by both official schemas is far slower; measure it on a tenth of the pages.
const sample = pages.slice(0, Math.max(1, Math.floor(pages.length / 10)));
const sampleMb = sample.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6;
convertStorageToAdf(parseStorage(sample[0])); // compiles the schema validators once, outside the timing
const validated = summary([0, 1, 2].map(() => timed(sampleMb, () => sample.forEach((p) => convertStorageToAdf(parseStorage(p))))));

const parse = summary(steps.parse);
const full = summary(steps.full);
const convert = summary(steps.convert);
const json = summary(steps.json);
const row = (label: string, r: { wall: number; cpu: number }) =>
  console.log(`${label.padEnd(58)} wall ${r.wall.toFixed(1).padStart(6)} MB/s   cpu ${r.cpu.toFixed(1).padStart(6)} MB/s   ${(r.cpu / json.cpu).toFixed(2)}x json (cpu)`);
console.log(`pages: ${pages.length}, ${mb.toFixed(1)} MB of storage, median of ${ROUNDS} rounds`);
row('JSON.stringify + JSON.parse of the output (reference)', json);
row('parse only', parse);
row('convert + normalise of parsed pages', convert);
row('parse + convert + normalise', full);
row(`parse + convert + both schema checks (${sampleMb.toFixed(1)} MB sample, 3 rounds)`, validated);
