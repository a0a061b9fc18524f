import * as assert from 'node:assert/strict';
import { RateLimitError } from '../../server/src/rest';
import { FakeClock, until } from './helpers/fake-clock';
import { Loopback, json, startLoopback } from './helpers/loopback';
import { dcClient, cloudClient } from './helpers/clients';

const PAGE = { id: '1', type: 'page', status: 'current', title: 'T', version: { number: 1 } };

describe('rest: rate limits', () => {
  let server: Loopback | undefined;
  afterEach(async () => server?.close());

  it('survives a 429 storm, waiting at least Retry-After each time', async () => {
    let n = 0;
    server = await startLoopback((_req, res) => {
      if (++n <= 5) return json(res, 429, { message: 'Rate limit exceeded' }, { 'retry-after': '3' });
      json(res, 200, PAGE);
    });
    const { client, clock } = dcClient(server.url, { limits: { pauseJitterMs: 100 } });
    const start = clock.now();
    const page = await client.getPage('1');
    assert.equal(page.id, '1');
    assert.equal(server.seen.length, 6);
    // 5 pauses of 3 s, each plus half the 100 ms jitter (random = 0.5).
    assert.equal(clock.now() - start, 5 * 3050);
  });

  it('honours Retry-After as an HTTP date and X-RateLimit-Reset as ISO, taking the later', async () => {
    const clock = new FakeClock();
    let n = 0;
    const t0 = clock.now();
    // The reset header has minute precision (`yyyy-MM-ddTHH:mmZ`).
    const reset = new Date(t0 + 120_000).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');
    server = await startLoopback((_req, res) => {
      n++;
      if (n === 1) return json(res, 429, {}, { 'retry-after': new Date(t0 + 7000).toUTCString() });
      if (n === 2) return json(res, 429, {}, { 'retry-after': '1', 'x-ratelimit-reset': reset });
      json(res, 200, PAGE);
    });
    const { client } = dcClient(server.url, { clock, limits: { pauseJitterMs: 0 } });
    await client.getPage('1');
    assert.equal(server.seen.length, 3);
    assert.deepEqual(clock.sleeps, [7000, Date.parse(reset) - (t0 + 7000)]);
    assert.equal(clock.now(), Date.parse(reset));
  });

  it('gives up with RateLimitError after the configured number of 429s', async () => {
    server = await startLoopback((_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '2' }));
    const { client } = dcClient(server.url, { retry: { maxRateLimitRetries: 3 } });
    const err = await client.getPage('1').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof RateLimitError);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 2000);
    assert.equal(server.seen.length, 4);
  });

  it('fails at once when the server asks for a longer wait than allowed', async () => {
    server = await startLoopback((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const { client } = dcClient(server.url, { retry: { maxRetryAfterMs: 60_000 } });
    await assert.rejects(client.getPage('1'), RateLimitError);
    assert.equal(server.seen.length, 1);
  });

  it('treats 503 with Retry-After as a rate limit', async () => {
    let n = 0;
    server = await startLoopback((_req, res) => (++n === 1 ? json(res, 503, {}, { 'retry-after': '4' }) : json(res, 200, PAGE)));
    const { client, clock } = dcClient(server.url, { limits: { pauseJitterMs: 0 } });
    const t0 = clock.now();
    await client.getPage('1');
    assert.equal(clock.now() - t0, 4000);
  });

  it('one 429 pauses every request sharing the limiter, not only the one that got it', async () => {
    const clock = new FakeClock(false);
    let limited = false;
    const arrivals: number[] = [];
    server = await startLoopback((req, res) => {
      arrivals.push(clock.now());
      if (req.path.endsWith('/content/1') && !limited) {
        limited = true;
        return json(res, 429, {}, { 'retry-after': '10' });
      }
      json(res, 200, { ...PAGE, id: req.path.split('/').pop() });
    });
    const { client } = dcClient(server.url, { clock, limits: { pauseJitterMs: 0, maxConcurrency: 4 } });
    const first = client.getPage('1');
    await until(() => clock.sleeping === 1, 'the 429 pause');
    const others = [client.getPage('2'), client.getPage('3')];
    await until(() => clock.sleeping === 3, 'the other requests to wait');
    assert.equal(server.seen.length, 1, 'no request may start during the pause');
    clock.advance(10_000);
    const pages = await Promise.all([first, ...others]);
    assert.deepEqual(pages.map((p) => p.id), ['1', '2', '3']);
    assert.equal(server.seen.length, 4);
    assert.ok(arrivals.slice(1).every((t) => t >= arrivals[0] + 10_000), `arrivals ${arrivals}`);
  });

  it('slows down while X-RateLimit-NearLimit is true, and speeds up when it clears', async () => {
    let n = 0;
    server = await startLoopback((_req, res) => {
      n++;
      json(res, 200, { results: [] }, n <= 3 ? { 'x-ratelimit-nearlimit': 'true' } : { 'x-ratelimit-nearlimit': 'false', 'x-ratelimit-remaining': '900', 'x-ratelimit-limit': '1000' });
    });
    const { client, clock } = cloudClient(server.url, { limits: { nearLimitIntervalMs: 700 } });
    for (let i = 0; i < 3; i++) await client.getProperty('1', 'editor');
    assert.deepEqual(clock.sleeps, [700, 700], 'spaced after the first near-limit answer');
    assert.equal(client.http.limiter.slowedDown, true);
    await client.getProperty('1', 'editor');
    await client.getProperty('1', 'editor');
    await client.getProperty('1', 'editor');
    assert.equal(client.http.limiter.slowedDown, false);
    assert.deepEqual(clock.sleeps, [700, 700, 700], 'one more wait (request 4), none after the all-clear');
  });

  it('paces at the DC fill rate when X-RateLimit-Remaining is low', async () => {
    server = await startLoopback((_req, res) => json(res, 200, PAGE, {
      'x-ratelimit-limit': '70', 'x-ratelimit-remaining': '5', 'x-ratelimit-fillrate': '5', 'x-ratelimit-interval-seconds': '1', 'retry-after': '0',
    }));
    const { client, clock } = dcClient(server.url, { limits: { nearLimitIntervalMs: 50 } });
    await client.getPage('1');
    await client.getPage('1');
    await client.getPage('1');
    assert.deepEqual(clock.sleeps, [200, 200]);
  });

  it('caps requests per second and concurrency', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server = await startLoopback(async (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 15));
      inFlight--;
      json(res, 200, PAGE);
    });
    const { client, clock } = dcClient(server.url, { limits: { maxConcurrency: 2, requestsPerSecond: 4 } });
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 6 }, () => client.getPage('1')));
    assert.equal(server.seen.length, 6);
    assert.ok(maxInFlight <= 2, `in flight ${maxInFlight}`);
    assert.ok(clock.now() - t0 >= 5 * 250, `virtual time ${clock.now() - t0}`);
  });
});
