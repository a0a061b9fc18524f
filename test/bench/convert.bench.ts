/**
 * Storage → ADF conversion throughput over real pages, side by side with a bare
 * JSON.stringify + JSON.parse of the converted output in the same run (the floor any
 * converter producing that JSON pays), with and without the two schema checks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertStorageToAdf } from '../../server/src/core/convert/index';
import { parseStorage } from '../../server/src/core/storage/parser';

const CORPUS = join(__dirname, '../../../shared/corpus/storage');
const EXAMPLES = join(__dirname, '../../examples/ENG');
const TARGET = Number(process.env.BENCH_MB ?? 20) * 1e6;

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
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (ms: number) => mb / (ms / 1000);

const convertOnly: number[] = [];
const jsonOnly: number[] = [];
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  const outputs = pages.map((p) => convertStorageToAdf(parseStorage(p), { validate: false }).adf);
  convertOnly.push(rate(performance.now() - t));
  t = performance.now();
  for (const o of outputs) JSON.parse(JSON.stringify(o));
  jsonOnly.push(rate(performance.now() - t));
}
// Validation by both official schemas is far slower; measure it on a tenth of the pages.
const sample = pages.slice(0, Math.max(1, Math.floor(pages.length / 10)));
const sampleMb = sample.reduce((n, p) => n + Buffer.byteLength(p), 0) / 1e6;
convertStorageToAdf(parseStorage(sample[0])); // compiles the JSON-schema validator once, outside the timing
const t = performance.now();
for (const p of sample) convertStorageToAdf(parseStorage(p));
const validated = sampleMb / ((performance.now() - t) / 1000);

console.log(`pages: ${pages.length}, ${mb.toFixed(1)} MB of storage`);
console.log(`convert (parse + convert + normalise), MB of storage/s: ${median(convertOnly).toFixed(1)}`);
console.log(`JSON.stringify + JSON.parse of the output, MB of storage/s: ${median(jsonOnly).toFixed(1)}`);
console.log(`ratio convert / bare JSON round trip: ${(median(convertOnly) / median(jsonOnly)).toFixed(2)}`);
console.log(`convert + both schema checks (${sampleMb.toFixed(1)} MB sample), MB/s: ${validated.toFixed(1)}`);
