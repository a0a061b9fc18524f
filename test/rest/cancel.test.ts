import * as assert from 'node:assert/strict';
import { AbortError, RateLimiter } from '../../server/src/rest';
import { FakeClock, until } from './helpers/fake-clock';
import { Loopback, json, startLoopback } from './helpers/loopback';
import { dcClient } from './helpers/clients';

const isAbort = (e: unknown): boolean => e instanceof AbortError;

describe('rest: cancellation', () => {
  let server: Loopback | undefined;
  afterEach(async () => server?.close());

  it('rejects at once, sending nothing, when the signal is already aborted', async () => {
    server = await startLoopback((_req, res) => json(res, 200, {}));
    const { client } = dcClient(server.url);
    await assert.rejects(client.getPage('1', { signal: AbortSignal.abort() }), isAbort);
    assert.equal(server.seen.length, 0);
  });

  it('aborts a request the server is still answering', async () => {
    server = await startLoopback(() => undefined);
    const { client } = dcClient(server.url);
    const ac = new AbortController();
    const pending = client.getPage('1', { signal: ac.signal });
    await until(() => server!.seen.length === 1, 'the request to arrive');
    ac.abort();
    await assert.rejects(pending, isAbort);
  });

  it('aborts while sleeping for a 5xx backoff', async () => {
    server = await startLoopback((_req, res) => json(res, 503, {}));
    const clock = new FakeClock(false);
    const { client } = dcClient(server.url, { clock });
    const ac = new AbortController();
    const pending = client.getPage('1', { signal: ac.signal });
    await until(() => clock.sleeping === 1, 'the backoff');
    ac.abort();
    await assert.rejects(pending, isAbort);
    assert.equal(server.seen.length, 1);
  });

  it('aborts while paused by a 429 and while queued for a concurrency slot', async () => {
    server = await startLoopback(() => undefined);
    const limiter = new RateLimiter({ maxConcurrency: 1, clock: new FakeClock(false) });
    const hold = await limiter.acquire();
    const ac = new AbortController();
    const queued = limiter.acquire(ac.signal);
    ac.abort();
    await assert.rejects(queued, isAbort);
    hold();
    // The aborted waiter gave its place back: the next acquire gets the slot at once.
    const again = await limiter.acquire();
    again();

    const clock = new FakeClock(false);
    const paused = new RateLimiter({ clock });
    paused.pauseFor(60_000);
    const ac2 = new AbortController();
    const waiting = paused.acquire(ac2.signal);
    await until(() => clock.sleeping === 1, 'the pause');
    ac2.abort();
    await assert.rejects(waiting, isAbort);
  });

  it('aborts a paged listing between pages', async () => {
    const ac = new AbortController();
    server = await startLoopback((req, res) => {
      if (req.query.get('start') === '1') ac.abort();
      json(res, 200, { results: [{ id: String(req.query.get('start') ?? 0) }], _links: { next: `/rest/api/content?start=${Number(req.query.get('start') ?? 0) + 1}` } });
    });
    const { client } = dcClient(server.url);
    const seen: string[] = [];
    await assert.rejects((async () => {
      for await (const p of client.listPages('ENG', { signal: ac.signal })) seen.push(p.id);
    })(), isAbort);
    assert.ok(seen.length <= 2);
  });
});
