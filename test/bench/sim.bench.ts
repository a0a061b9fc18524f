/**
 * Simulator benchmark: request throughput against a bare node:http server answering the same
 * bytes (reference, same process, same client), full paging walks over a 10,000-page space,
 * and how closely the Cloud burst limiter holds a client to the allowed rate.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import { startSimulator, type SeedPage } from '../../server/src/sim/index';

const AUTH_DC = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const AUTH_CLOUD = `Basic ${Buffer.from('admin@example.com:sim-api-token').toString('base64')}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function get(url: string, auth?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: auth ? { Authorization: auth, Accept: 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** `total` GETs with `concurrency` in flight; returns requests per second. */
async function hammer(url: string, auth: string | undefined, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const r = await get(url, auth);
        if (r.status !== 200) throw new Error(`status ${r.status}`);
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

function pages(n: number): SeedPage[] {
  const out: SeedPage[] = [{ title: 'Home', spaceKey: 'BIG', body: '<p>home</p>', representation: 'storage' }];
  for (let i = 1; i < n; i++) out.push({ title: `Page ${i}`, spaceKey: 'BIG', parentTitle: 'Home', body: `<p>Body of page ${i} with some text.</p>`, representation: 'storage' });
  return out;
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}`);
  const seedStart = process.hrtime.bigint();
  const dc = await startSimulator({ flavor: 'dc', seed: { pages: pages(10_000) } });
  const cloud = await startSimulator({ flavor: 'cloud', seed: { pages: pages(10_000) } });
  console.log(`seeding 2 × 10,000 pages: ${(Number(process.hrtime.bigint() - seedStart) / 1e6).toFixed(0)} ms`);

  // Reference: a bare node:http server sending the simulator's exact answer.
  const id = [...dc.state.store.pages.keys()][42];
  const pageUrl = `${dc.baseUrl}/rest/api/content/${id}?expand=body.storage,version,space,ancestors`;
  const canned = (await get(pageUrl, AUTH_DC)).body;
  const ref = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(canned) });
    res.end(canned);
  });
  await new Promise<void>((r) => ref.listen(0, '127.0.0.1', () => r()));
  const refUrl = `http://127.0.0.1:${(ref.address() as AddressInfo).port}/`;
  await hammer(refUrl, undefined, 500, 8);
  await hammer(pageUrl, AUTH_DC, 500, 8);
  const refRate = await hammer(refUrl, undefined, 5000, 8);
  const simRate = await hammer(pageUrl, AUTH_DC, 5000, 8);
  console.log(`GET content/{id} (${canned.length} B), 5000 requests, 8 in flight:`);
  console.log(`  bare node:http (reference): ${refRate.toFixed(0)} req/s`);
  console.log(`  DC simulator:               ${simRate.toFixed(0)} req/s  (${((simRate / refRate) * 100).toFixed(0)} % of reference)`);

  let t = process.hrtime.bigint();
  let seen = 0;
  let nextUrl: string | undefined = `${dc.baseUrl}/rest/api/content?spaceKey=BIG&limit=100`;
  while (nextUrl) {
    const body: any = JSON.parse((await get(nextUrl, AUTH_DC)).body);
    seen += body.results.length;
    nextUrl = body._links.next ? dc.baseUrl + body._links.next : undefined;
  }
  console.log(`DC paging walk, 10,000 pages at the 100 cap: ${seen} pages in ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);
  t = process.hrtime.bigint();
  seen = 0;
  const spaceId = cloud.state.store.spaces.get('BIG')?.id;
  nextUrl = `${cloud.baseUrl}/wiki/api/v2/spaces/${spaceId}/pages?limit=250&body-format=storage`;
  while (nextUrl) {
    const r = await get(nextUrl, AUTH_CLOUD);
    seen += JSON.parse(r.body).results.length;
    const link = /<([^>]+)>; rel="next"/.exec(String(r.headers.link ?? ''));
    nextUrl = link ? cloud.baseUrl + link[1] : undefined;
  }
  console.log(`Cloud cursor walk via Link, 10,000 pages at 250: ${seen} pages in ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`);
  await Promise.all([dc.close(), cloud.close()]);

  // Burst limiter: a greedy client for 3 s against 50 req/s with a burst of 10.
  const limited = await startSimulator({ flavor: 'cloud', seed: { pages: [] }, cloudRateLimit: { ratePerSecond: 50, burst: 10 } });
  const until = Date.now() + 3000;
  const began = Date.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < until) await get(`${limited.baseUrl}/wiki/api/v2/spaces`, AUTH_CLOUD);
    }),
  );
  const elapsed = (Date.now() - began) / 1000;
  const s = limited.state.stats;
  console.log(`Cloud burst limiter (50/s, burst 10), greedy client for ${elapsed.toFixed(1)} s:`);
  console.log(`  ${s.requests} requests, ${s.admitted} admitted, ${s.rateLimited} answered 429`);
  console.log(`  achieved ${(s.admitted / elapsed).toFixed(1)} req/s vs allowed ${(50 + 10 / elapsed).toFixed(1)} req/s (50/s + burst spread over the run)`);
  await limited.close();
  await new Promise<void>((r) => ref.close(() => r()));
  agent.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
