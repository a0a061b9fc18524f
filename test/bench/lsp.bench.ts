/**
 * LSP latency, measured as an editor sees it: the built server over stdio.
 * - didChange → publishDiagnostics on a 1 MB page (median of 30 one-character edits),
 *   beside the core's own parse + lint of the same text in this process (the floor); the
 *   server's overhead is the difference, in wall time per edit and in CPU time (the server's
 *   from /proc, the core's from process.cpuUsage), which load disturbs less;
 * - code action round trips on that page for a minimal client (commands, no resolve) and a
 *   VS Code-like one (literals + resolve), with response sizes, and the minimal client's
 *   fix-all command up to the workspace/applyEdit it causes;
 * - a 100 MB page: time to diagnostics, peak server memory (VmHWM) beside the core's own peak
 *   on the same page in a child process, and whether the server keeps answering (a hover on
 *   another document) while the huge page is linted.
 * Figures go to BENCHMARKS.md ("LSP latency") by hand. BENCH_HUGE_MB changes the huge size,
 * BENCH_SERVER the server bundle.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { lint } from '../../server/src/core/lint';
import { toDiagnostics } from '../../server/src/lsp/convert';
import { runLintJob } from '../../server/src/lsp/lint-job';
import { PositionIndex } from '../../server/src/lsp/position-index';
import { ruleDocsHref } from '../../server/src/lsp/rule-docs';

// BENCH_SERVER measures another build of the server (e.g. an older commit's) against the same core.
const SERVER = process.env.BENCH_SERVER ?? join(__dirname, '../../dist/server.js');
const CORPUS = join(__dirname, '../../../shared/corpus/storage');
const HUGE_MB = Number(process.env.BENCH_HUGE_MB ?? 100);

function pageOf(bytes: number): string {
  const pages = readdirSync(CORPUS).map((f) => readFileSync(join(CORPUS, f), 'utf8'));
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = pages[i % pages.length];
    out.push(p);
    size += Buffer.byteLength(p);
  }
  return out.join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (x: unknown) => `${(JSON.stringify(x).length / 1024).toFixed(1)} KB`;
/** User + system CPU of a process so far, in ms (clock ticks of /proc/PID/stat, 10 ms each). */
const cpuOfPid = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function startServer() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    for (const w of waiters.filter((w) => w.uri === p.uri && w.version === p.version)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
  });
  connection.onRequest(() => null);
  connection.listen();
  const diagnostics = (uri: string, version: number) => new Promise<PublishDiagnosticsParams>((resolve) => waiters.push({ uri, version, resolve }));
  const applied: unknown[] = [];
  connection.onRequest('workspace/applyEdit', (params: unknown) => {
    applied.push(params);
    return { applied: true };
  });
  const peakRssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
  };
  return { child, connection, diagnostics, peakRssMb, applied };
}

/** Code actions as VS Code asks for them: literals, with the file-wide edits resolved lazily. */
const VSCODE_LIKE = {
  textDocument: {
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, resolveSupport: { properties: ['edit'] } },
  },
};

async function codeActionsResolved(): Promise<void> {
  const text = pageOf(1e6);
  const s = startServer();
  await s.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: VSCODE_LIKE });
  await s.connection.sendNotification('initialized', {});
  const uri = 'file:///bench/one-mb.storage.xhtml';
  const opened = s.diagnostics(uri, 1);
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'confluence-storage', version: 1, text } });
  const published = await opened;
  const diagnostic = published.diagnostics.find((d) => d.code === 'legacy-macro') ?? published.diagnostics[0];
  const times: number[] = [];
  let response: unknown;
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    response = await s.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    times.push(performance.now() - t);
  }
  console.log(`  code action round trip, VS Code-like client (file-wide edits resolved lazily): ${ms(median(times))} median (p90 ${ms(p90(times))}, n=30), response ${kb(response)}`);
  s.connection.dispose();
  s.child.kill();
}

/**
 * What the server adds to each lint before the message leaves, measured in this process on
 * the same text, stage by stage: line index + diagnostics with positions, the JSON of the
 * notification, and the client's JSON.parse of it (which every client pays too).
 */
function publishWork(text: string): { positions: number; stringify: number; parse: number } {
  const { result } = runLintJob({ text, format: 'storage', config: DEFAULT_CONFIG, pages: [] });
  const doc = TextDocument.create('file:///bench/one-mb.storage.xhtml', 'confluence-storage', 1, text);
  const times = { positions: [] as number[], stringify: [] as number[], parse: [] as number[] };
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    const diagnostics = toDiagnostics(result.problems, new PositionIndex(doc), ruleDocsHref);
    times.positions.push(performance.now() - t);
    t = performance.now();
    const json = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: doc.uri, version: i, diagnostics } });
    times.stringify.push(performance.now() - t);
    t = performance.now();
    JSON.parse(json);
    times.parse.push(performance.now() - t);
  }
  return { positions: median(times.positions), stringify: median(times.stringify), parse: median(times.parse) };
}

async function latency(): Promise<void> {
  const text = pageOf(1e6);
  const floor: number[] = [];
  const s = startServer();
  await s.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await s.connection.sendNotification('initialized', {});
  const uri = 'file:///bench/one-mb.storage.xhtml';
  const opened = s.diagnostics(uri, 1);
  let t = performance.now();
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'confluence-storage', version: 1, text } });
  let published = await opened;
  const openMs = performance.now() - t;
  const edits: number[] = [];
  const overhead: number[] = [];
  let serverCpu = 0;
  let coreCpu = 0;
  for (let version = 2; version <= 31; version++) {
    const next = s.diagnostics(uri, version);
    const cpu0 = cpuOfPid(s.child.pid!);
    t = performance.now();
    await s.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      // Odd versions insert a space at the start, even ones delete it again.
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: version % 2 ? 0 : 1 } }, text: version % 2 ? ' ' : '' }],
    });
    published = await next;
    edits.push(performance.now() - t);
    serverCpu += cpuOfPid(s.child.pid!) - cpu0;
    // The floor, interleaved so both see the same machine load: the core on the same text here.
    const edited = version % 2 ? ` ${text}` : text;
    const c0 = ownCpu();
    t = performance.now();
    lint(edited, 'storage');
    floor.push(performance.now() - t);
    coreCpu += ownCpu() - c0;
    overhead.push(edits[edits.length - 1] - floor[floor.length - 1]);
  }
  // A fixable problem with other fixable problems of its rule, so fix-all actions are offered too.
  const diagnostic: Diagnostic = published.diagnostics.find((d) => d.code === 'legacy-macro') ?? published.diagnostics[0];
  const actions: number[] = [];
  let response: unknown;
  for (let i = 0; i < 30; i++) {
    t = performance.now();
    response = await s.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    actions.push(performance.now() - t);
  }
  // The minimal client's "fix all": the command, up to the workspace/applyEdit it makes the server send.
  const fixAll = (response as { command: string; arguments?: unknown[] }[]).find((c) => c.command === 'confluenceTriage.fixAll');
  const fixAllTimes: number[] = [];
  for (let i = 0; fixAll && i < 10; i++) {
    t = performance.now();
    await s.connection.sendRequest('workspace/executeCommand', { command: fixAll.command, arguments: fixAll.arguments });
    fixAllTimes.push(performance.now() - t);
  }
  console.log(`1 MB page (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${published.diagnostics.length} diagnostics)`);
  console.log(`  didOpen → diagnostics:            ${ms(openMs)}`);
  console.log(`  didChange → diagnostics, median:  ${ms(median(edits))} (p90 ${ms(p90(edits))}, n=30); publishDiagnostics ${kb(published)}`);
  console.log(`  core parse + lint in-process:     ${ms(median(floor))} median (n=30, interleaved), the floor`);
  console.log(`  server overhead (server - core, paired): ${ms(median(overhead))} median (p90 ${ms(p90(overhead))})`);
  console.log(`  CPU per edit: server ${ms(serverCpu / 30)}, core ${ms(coreCpu / 30)} → overhead ${ms((serverCpu - coreCpu) / 30)} (server CPU in 10 ms ticks)`);
  // This process runs the current lsp/ code, so the figure says nothing about a BENCH_SERVER build.
  if (!process.env.BENCH_SERVER) {
    const w = publishWork(text);
    console.log(`  per publish in-process, median (n=30): line index + positions ${ms(w.positions)}, JSON.stringify ${ms(w.stringify)}, client JSON.parse ${ms(w.parse)}`);
  }
  console.log(`  code action round trip, minimal client: ${ms(median(actions))} median (p90 ${ms(p90(actions))}, n=30), response ${kb(response)}`);
  if (fixAll) console.log(`  fix-all command → workspace/applyEdit → answered: ${ms(median(fixAllTimes))} median (n=10), applyEdit ${kb(s.applied[0])}`);
  console.log(`  server peak RSS:                  ${s.peakRssMb().toFixed(0)} MB`);
  s.connection.dispose();
  s.child.kill();
}

async function huge(): Promise<void> {
  const text = pageOf(HUGE_MB * 1e6);
  const s = startServer();
  await s.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await s.connection.sendNotification('initialized', {});
  const small = 'file:///bench/small.storage.xhtml';
  const smallDone = s.diagnostics(small, 1);
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: small, languageId: 'confluence-storage', version: 1, text: '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>' } });
  await smallDone;
  const baseline = s.peakRssMb();
  const uri = 'file:///bench/huge.storage.xhtml';
  const done = s.diagnostics(uri, 1);
  const t = performance.now();
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'confluence-storage', version: 1, text } });
  // While the huge page is being linted, another document's hover must still be answered.
  await new Promise((r) => setTimeout(r, 3000));
  const h = performance.now();
  await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 3 } });
  const hoverMs = performance.now() - h;
  const published = await done;
  const total = performance.now() - t;
  console.log(`${HUGE_MB} MB page (${(Buffer.byteLength(text) / 1e6).toFixed(0)} MB UTF-8)`);
  console.log(`  didOpen → diagnostics:            ${(total / 1000).toFixed(1)} s (${published.diagnostics.length} diagnostics published)`);
  console.log(`  hover on another document during the lint: ${ms(hoverMs)}`);
  const serverPeak = s.peakRssMb();
  console.log(`  server peak RSS:                  ${serverPeak.toFixed(0)} MB (${(serverPeak / HUGE_MB).toFixed(1)}× page size; ${baseline.toFixed(0)} MB before the page)`);
  s.connection.dispose();
  s.child.kill();
  // The reference: the core alone parsing + linting the same page in a fresh process.
  // process.argv[1] is this bench's bundle (test/bench/run.mjs runs bundles).
  const child = spawnSync(process.execPath, [process.argv[1]], {
    env: { ...process.env, LSP_BENCH_CORE_PEAK: '1' },
    encoding: 'utf8',
  });
  const corePeak = Number(child.stdout.trim());
  console.log(`  core alone on the same page:      ${corePeak.toFixed(0)} MB peak RSS (${(corePeak / HUGE_MB).toFixed(1)}×) → server adds ${(serverPeak - corePeak).toFixed(0)} MB`);
}

/** Child mode: parse + lint the huge page with the core, print VmHWM in MB. */
function corePeak(): void {
  lint(pageOf(HUGE_MB * 1e6), 'storage');
  console.log(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);
}

(async () => {
  if (process.env.LSP_BENCH_CORE_PEAK) return corePeak();
  await latency();
  await codeActionsResolved();
  await huge();
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
