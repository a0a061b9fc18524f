/**
 * Migration benchmark: a generated DC space (2,000 and 10,000 pages) migrated to a Cloud
 * simulator limited like Cloud's burst model (token bucket, 429 + Retry-After, NearLimit).
 * Each size migrates in its own process, and the two simulators run in a child of it, so the
 * RSS sampled is the migration's own.
 * Reports the achieved request rate against the allowed one, the share of 429s, pages per
 * hour against Atlassian's quoted median for its migration assistant (400,000 pages / 24 h),
 * and peak RSS per space size. Set MIGRATE_BENCH_SIZES=500,2000 for a quicker run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import { CloudClient, DcClient, RateLimiter } from '../../server/src/rest/index';
import { startSimulator, type SeedPage, type SimStats } from '../../server/src/sim/index';
import { migrateSpace } from '../../server/src/sync/index';

/** Allowed Cloud rate (requests/s) and burst: what this shared 2-core machine can feed (see BENCHMARKS.md). */
const RATE = Number(process.env.MIGRATE_BENCH_RATE ?? 40);
const BURST = 30;
const CLIENT_RATE = Number(process.env.MIGRATE_BENCH_CLIENT_RATE ?? RATE);
const CONCURRENCY = Number(process.env.MIGRATE_BENCH_CONCURRENCY ?? 16);
const CCMA_PAGES_PER_HOUR = 400_000 / 24;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** Page i (1-based) hangs under page floor((i-1)/10): a tree of fan-out 10. Every 10th page links forward by title, every 7th back by short link, every 50th has an attachment. */
function generate(n: number): SeedPage[] {
  const pages: SeedPage[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(100_000 + i);
    let body = `<h2>Page ${i}</h2><p>Generated body of page ${i}. <strong>Short</strong> on purpose.</p>`;
    if (i % 10 === 3 && i + 1 < n) body += `<p>Next: <ac:link><ri:page ri:content-title="Page ${i + 1}" /></ac:link></p>`;
    if (i % 7 === 5) body += `<p>Back to <a href="https://dc.example.com/x/${encodeShortCode(100_000 + Math.floor(i / 2))}">an earlier page</a></p>`;
    if (i % 50 === 9) body += '<ac:image><ri:attachment ri:filename="pixel.png" /></ac:image>';
    pages.push({
      id, title: `Page ${i}`, spaceKey: 'BIG', representation: 'storage', body,
      ...(i > 0 ? { parentId: String(100_000 + Math.floor((i - 1) / 10)) } : {}),
      ...(i % 50 === 9 ? { attachments: [{ fileName: 'pixel.png', mediaType: 'image/png', data: PNG }] } : {}),
    });
  }
  return pages;
}

/** Child mode: run both simulators, answer `stats`. */
async function simHost(n: number): Promise<void> {
  const dc = await startSimulator({ flavor: 'dc', seed: { spaces: [{ key: 'BIG' }], pages: generate(n) } });
  const cloud = await startSimulator({ flavor: 'cloud', seed: { spaces: [{ key: 'BIG' }], pages: [] }, cloudRateLimit: { ratePerSecond: RATE, burst: BURST } });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'stats') {
      const titles = new Set([...cloud.state.store.pages.values()].map((p) => cloud.state.store.current(p).title));
      process.send!({ dc: dc.state.stats, cloud: cloud.state.stats, cloudPages: cloud.state.store.pages.size, uniqueTitles: titles.size, cpu: process.cpuUsage() });
    } else if (m.cmd === 'reset') {
      Object.assign(cloud.state.stats, { requests: 0, admitted: 0, rateLimited: 0, byStatus: {}, startedAt: Date.now() });
      process.send!({ ok: true });
    } else process.exit(0);
  });
  process.send!({ dc: dc.baseUrl, cloud: cloud.baseUrl });
}

function ask<T>(child: ChildProcess, cmd: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send({ cmd });
  });
}

interface Figures {
  pages: number;
  seconds: number;
  cloudRequests: number;
  admittedPerSecond: number;
  share429: number;
  pagesPerHour: number;
  peakRssMb: number;
  baseRssMb: number;
  migrated: number;
  unique: number;
  cpuSeconds: number;
  simCpuSeconds: number;
}

async function run(n: number): Promise<Figures> {
  const child = fork(__filename, ['--sims', String(n)], { execArgv: ['-r', 'tsx/cjs'] });
  const urls = await new Promise<{ dc: string; cloud: string }>((resolve) => child.once('message', (m) => resolve(m as { dc: string; cloud: string })));
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-migrate-bench-'));
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const dc = new DcClient({ baseUrl: urls.dc, credentials: { kind: 'dc-pat', token: 'sim-pat-admin' }, limits: { maxConcurrency: CONCURRENCY } });
  // The CLI's --rate: one limiter for every request to the Cloud site.
  // MIGRATE_BENCH_CLIENT_RATE=0: no --rate, paced by the response headers alone.
  const limiter = CLIENT_RATE > 0
    ? new RateLimiter({ maxConcurrency: CONCURRENCY, requestsPerSecond: CLIENT_RATE, nearLimitIntervalMs: 1000 / CLIENT_RATE })
    : new RateLimiter({ maxConcurrency: CONCURRENCY });
  const cloud = new CloudClient({ baseUrl: urls.cloud, credentials: { kind: 'cloud-token', email: 'admin@example.com', apiToken: 'sim-api-token' }, limiter });
  await ask(child, 'reset');
  const start = Date.now();
  const cpu0 = process.cpuUsage();
  const childCpu0 = (await ask<{ cpu: NodeJS.CpuUsage }>(child, 'stats')).cpu;
  let done = 0;
  const result = await migrateSpace({
    dc, cloud, spaceKey: 'BIG', stateDir: state, concurrency: CONCURRENCY,
    onEvent: (e) => {
      if (e.kind === 'page' && ++done % 1000 === 0) process.stderr.write(`  ${done} pages, ${((Date.now() - start) / 1000).toFixed(0)} s\n`);
    },
  });
  const seconds = (Date.now() - start) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpu0);
  const stats = await ask<{ cloud: SimStats; cloudPages: number; uniqueTitles: number; cpu: NodeJS.CpuUsage }>(child, 'stats');
  const childCpu = (stats.cpu.user + stats.cpu.system - childCpu0.user - childCpu0.system) / 1e6;
  child.send({ cmd: 'exit' });
  if (!result.clean) throw new Error(`migration not clean: ${JSON.stringify(result.summary.byStatus)}`);
  fs.rmSync(state, { recursive: true, force: true });
  return {
    pages: n,
    seconds,
    cloudRequests: stats.cloud.requests,
    admittedPerSecond: stats.cloud.admitted / seconds,
    share429: stats.cloud.rateLimited / stats.cloud.requests,
    pagesPerHour: (n / seconds) * 3600,
    peakRssMb: peak / 2 ** 20,
    baseRssMb: baseRss / 2 ** 20,
    migrated: stats.cloudPages,
    unique: stats.uniqueTitles,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    simCpuSeconds: childCpu,
  };
}

/** Each size migrates in a fresh process, so peak RSS of one size says nothing of another. */
function runInChild(n: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--migrate', String(n)], { execArgv: ['--expose-gc', '-r', 'tsx/cjs'] });
    child.once('message', (m) => resolve(m as Figures));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the ${n}-page run exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`Cloud simulator: burst model ${RATE} req/s sustained, bucket ${BURST}; client: ${CONCURRENCY} pages in flight, ${CLIENT_RATE > 0 ? `--rate ${CLIENT_RATE}` : 'no --rate (headers only)'}`);
  const sizes = (process.env.MIGRATE_BENCH_SIZES ?? '2000,10000').split(',').map(Number);
  for (const n of sizes) {
    const f = await runInChild(n);
    console.log([
      `${n} pages: ${f.seconds.toFixed(1)} s, ${f.migrated} Cloud pages (${f.unique} distinct titles)`,
      `  Cloud requests ${f.cloudRequests} (${(f.cloudRequests / n).toFixed(2)} per page); admitted ${f.admittedPerSecond.toFixed(1)} req/s = ${((f.admittedPerSecond / RATE) * 100).toFixed(1)} % of the allowed ${RATE} req/s`,
      `  429 share ${(f.share429 * 100).toFixed(2)} %`,
      `  ${Math.round(f.pagesPerHour).toLocaleString('en')} pages/hour (Atlassian CCMA median: ${Math.round(CCMA_PAGES_PER_HOUR).toLocaleString('en')} pages/hour) = ${(f.pagesPerHour / CCMA_PAGES_PER_HOUR).toFixed(2)} ×`,
      `  RSS: ${f.baseRssMb.toFixed(0)} MB before, peak ${f.peakRssMb.toFixed(0)} MB during the run`,
      `  CPU: migration ${f.cpuSeconds.toFixed(1)} s (${((f.cpuSeconds / f.seconds) * 100).toFixed(0)} % of a core, ${((f.cpuSeconds / n) * 1000).toFixed(1)} ms/page); both simulators ${f.simCpuSeconds.toFixed(1)} s`,
    ].join('\n'));
  }
}

if (process.argv[2] === '--sims') void simHost(Number(process.argv[3]));
else if (process.argv[2] === '--migrate') {
  run(Number(process.argv[3])).then((f) => process.send!(f, () => process.exit(0)), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
