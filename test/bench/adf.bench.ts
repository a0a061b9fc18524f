/**
 * ADF diagnostics: parse with offsets + both schema checks + the ADF rules on a ~1 MB page
 * built from real Cloud exports, side by side with a bare JSON.parse of the same text in the
 * same run (median of interleaved runs); where jsonc-parser's recursion overflows; and the
 * time and memory of a 50 MB document. Figures go to BENCHMARKS.md by hand.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { lint } from '../../server/src/core/lint';
import { parseAdf } from '../../server/src/core/adf/parser';
import { checkWithProseMirror } from '../../server/src/core/adf/pm-check';
import { adfSchema } from '../../server/src/core/adf/pm-schema';
import { checkWithJsonSchema } from '../../server/src/core/adf/json-schema-check';
import adfSchemaRule from '../../server/src/core/rules/adf-schema';
import legacyContentRule from '../../server/src/core/rules/legacy-content';

const CORPUS = join(__dirname, '../../../shared/corpus/adf');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const BIG_MB = Number(process.env.BENCH_MB ?? 50);

/** Appends `suffix` to the first text node under `node` (so repeated blocks are not identical). */
function retext(node: unknown, suffix: string): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text' && typeof n.text === 'string') {
    n.text += suffix;
    return true;
  }
  return (n.content ?? []).some((c) => retext(c, suffix));
}

/**
 * A valid document of about `bytes`, pretty-printed, made of the real pages' top-level nodes.
 * Every copy of a block gets its own text, so the per-block cache cannot fold repeats (a real
 * page rarely repeats whole blocks; rules and images do, and stay identical here too).
 */
function pageOf(bytes: number, indent = 2): string {
  const blocks = readdirSync(CORPUS)
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as { content: unknown[] }).content);
  const content: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const block = JSON.parse(JSON.stringify(blocks[i % blocks.length])) as unknown;
    if (i >= blocks.length) retext(block, ` (copy ${Math.floor(i / blocks.length)})`);
    content.push(block);
    size += JSON.stringify(block, null, 2).length;
  }
  return JSON.stringify({ version: 1, type: 'doc', content }, null, indent);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
/** CPU milliseconds of this process (all threads, GC included): steadier than wall time on a loaded machine. */
const cpu = (f: () => unknown) => {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
};

/** The official check itself, building every node (what checkWithProseMirror falls back to). */
function nodeFromJsonCheck(json: unknown): void {
  adfSchema.nodeFromJSON(json).check();
}

function diagnosticsOn1MB(): void {
  const text = pageOf(1e6);
  const json = JSON.parse(text);
  const rules = [adfSchemaRule, legacyContentRule];
  const lintOnce = (t = text) => lint(t, 'adf', { rules });
  if (lintOnce().problems.length !== 0) throw new Error('the benchmark page must be valid ADF');
  // Block results are cached by source text for the last document checked. "New document"
  // alternates between two other indentations of the page (no block text in common with
  // anything checked before); "edit" checks the page (untimed), then a version that differs in
  // one paragraph in the middle; "unchanged" checks the page (untimed), then the page again.
  const fresh = [pageOf(1e6, 3), pageOf(1e6, 4)];
  const marker = '"text": "';
  const at = text.indexOf(marker, text.length >> 1) + marker.length;
  const edited = text.slice(0, at) + 'edited ' + text.slice(at);
  let turn = 0;
  const cases: Record<string, { prepare?: () => unknown; run: () => unknown }> = {
    'JSON.parse (reference)': { run: () => JSON.parse(text) },
    'jsonc-parser parseTree (reference)': { run: () => parseTree(text, [], { disallowComments: true }) },
    'parseAdf (offsets + values)': { run: () => parseAdf(text) },
    // These two include a JSON.parse of their own (a fresh value each run: no caching).
    'JSON.parse + ProseMirror nodeFromJSON + check (reference)': { run: () => nodeFromJsonCheck(JSON.parse(text)) },
    'JSON.parse + checkWithProseMirror (JSON walk, nodes only where it cannot vouch)': { run: () => checkWithProseMirror(JSON.parse(text)) },
    'JSON.parse + ajv full.json validate': { run: () => checkWithJsonSchema(JSON.parse(text)) },
    'ADF diagnostics, new document (parse + adf-schema + legacy-content)': { run: () => lintOnce(fresh[turn++ % 2]) },
    'ADF diagnostics after a one-paragraph edit': { prepare: () => lintOnce(text), run: () => lintOnce(edited) },
    'ADF diagnostics, unchanged text again': { prepare: () => lintOnce(text), run: () => lintOnce(text) },
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const cpuSamples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const [k, { prepare, run }] of Object.entries(cases)) {
      // A collection first, so no step pays for the garbage of the one before.
      prepare?.();
      global.gc?.();
      samples[k].push(time(run));
      prepare?.();
      global.gc?.();
      cpuSamples[k].push(cpu(run));
    }
  }
  const ref = median(samples['JSON.parse (reference)']);
  const cpuRef = median(cpuSamples['JSON.parse (reference)']);
  console.log(`page: ${(text.length / 1e6).toFixed(2)} MB (${json.content.length} top-level nodes), ${RUNS} interleaved runs`);
  console.log('| step | wall median ms | × JSON.parse | CPU median ms | × JSON.parse |\n|---|---:|---:|---:|---:|');
  for (const [k, xs] of Object.entries(samples)) {
    const c = median(cpuSamples[k]);
    console.log(`| ${k} | ${median(xs).toFixed(1)} | ${(median(xs) / ref).toFixed(1)} | ${c.toFixed(1)} | ${(c / cpuRef).toFixed(1)} |`);
  }
}

/** The deepest nesting jsonc-parser survives on this stack, by bisection. */
function jsoncOverflow(open: string, leaf: string, close: string): number {
  let lo = 100;
  let hi = 200_000;
  while (hi - lo > 50) {
    const mid = Math.floor((lo + hi) / 2);
    try {
      parseTree(open.repeat(mid) + leaf + close.repeat(mid), []);
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function bigDocument(): void {
  const text = pageOf(BIG_MB * 1e6);
  global.gc?.();
  const before = process.memoryUsage();
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const tParse = time(() => JSON.parse(text));
  let problems = -1;
  const tLint = time(() => (problems = lint(text, 'adf', { rules: [adfSchemaRule, legacyContentRule] }).problems.length));
  clearInterval(watch);
  const after = process.memoryUsage();
  console.log(
    `${(text.length / 1e6).toFixed(0)} MB document: JSON.parse ${tParse.toFixed(0)} ms; ADF diagnostics ${tLint.toFixed(0)} ms, ` +
      `${problems} problems; heap +${((after.heapUsed - before.heapUsed) / 1e6).toFixed(0)} MB, rss ${(after.rss / 1e6).toFixed(0)} MB ` +
      `(sampled peak ≥ ${(Math.max(peak, after.rss) / 1e6).toFixed(0)} MB)`,
  );
}

/** The same big page with a trailing comma at the end: jsonc-parser's recovery path. */
function bigBrokenDocument(): void {
  const text = pageOf(BIG_MB * 1e6).replace(/\]\s*\}\s*$/, '],}');
  global.gc?.();
  const before = process.memoryUsage();
  let errors = -1;
  const t = time(() => (errors = parseAdf(text).errors.length));
  const after = process.memoryUsage();
  console.log(
    `${(text.length / 1e6).toFixed(0)} MB document with a syntax error at the end: parseAdf ${t.toFixed(0)} ms, ${errors} error(s); ` +
      `heap +${((after.heapUsed - before.heapUsed) / 1e6).toFixed(0)} MB, rss ${(after.rss / 1e6).toFixed(0)} MB`,
  );
}

/** One first use in this fresh process (ADF_BENCH_FIRST names which), printed as JSON. */
function firstUse(what: string): void {
  // Process start → here: node start-up plus evaluating the bundle (the generated validator included).
  const loaded = process.uptime() * 1000;
  const text = pageOf(1e6);
  const json = JSON.parse(text);
  const run: Record<string, () => unknown> = {
    pm: () => checkWithProseMirror(json),
    ajv: () => checkWithJsonSchema(json),
    lint: () => lint(text, 'adf', { rules: [adfSchemaRule, legacyContentRule] }),
  };
  console.log(JSON.stringify({ loaded, ms: time(run[what]) }));
}

/** Cold first-use costs, each in fresh processes of this bundle (median of 5). */
function firstUses(): void {
  const out: string[] = [];
  for (const what of ['pm', 'ajv', 'lint']) {
    const runs = Array.from({ length: 5 }, () => {
      const child = spawnSync(process.execPath, [process.argv[1]], { env: { ...process.env, ADF_BENCH_FIRST: what }, encoding: 'utf8' });
      return JSON.parse(child.stdout) as { loaded: number; ms: number };
    });
    if (what === 'pm') out.push(`bundle loaded ${median(runs.map((r) => r.loaded)).toFixed(0)} ms after process start`);
    out.push(`first ${what} ${median(runs.map((r) => r.ms)).toFixed(0)} ms (${runs.map((r) => r.ms.toFixed(0)).join(', ')})`);
  }
  console.log(`first use in a fresh process (pm: checkWithProseMirror, ajv: checkWithJsonSchema, lint: ADF diagnostics of the 1 MB page): ${out.join('; ')}`);
}

if (process.env.ADF_BENCH_FIRST) {
  firstUse(process.env.ADF_BENCH_FIRST);
  process.exit(0);
}
firstUses();
diagnosticsOn1MB();
console.log(`jsonc-parser overflows at ~${jsoncOverflow('{"a":', '1', '}')} nested objects, ~${jsoncOverflow('[', '1', ']')} nested arrays (default stack)`);
bigDocument();
bigBrokenDocument();
