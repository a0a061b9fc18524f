import * as assert from 'node:assert/strict';
import { HttpError, NetworkError } from '../../server/src/rest';
import { Loopback, drop, json, startLoopback } from './helpers/loopback';
import { dcClient } from './helpers/clients';

const PAGE = { id: '1', type: 'page', status: 'current', title: 'T', version: { number: 1 } };

describe('rest: retries of server errors and connection faults', () => {
  let server: Loopback | undefined;
  afterEach(async () => server?.close());

  it('retries 500, 502, 503 and 504 with growing backoff, then succeeds', async () => {
    const statuses = [500, 502, 503, 504];
    server = await startLoopback((_req, res) => {
      const s = statuses.shift();
      return s ? json(res, s, { message: 'boom' }) : json(res, 200, PAGE);
    });
    const { client, clock } = dcClient(server.url, { retry: { baseDelayMs: 100, maxRetries: 4 } });
    const page = await client.getPage('1');
    assert.equal(page.id, '1');
    assert.equal(server.seen.length, 5);
    // Equal jitter with random = 0.5: 3/4 of 100, 200, 400, 800.
    assert.deepEqual(clock.sleeps, [75, 150, 300, 600]);
  });

  it('caps one backoff step at maxDelayMs', async () => {
    server = await startLoopback((_req, res) => json(res, 502, {}));
    const { client, clock } = dcClient(server.url, { retry: { baseDelayMs: 1000, maxDelayMs: 2000, maxRetries: 4 } });
    await assert.rejects(client.getPage('1'), HttpError);
    assert.deepEqual(clock.sleeps, [750, 1500, 1500, 1500]);
  });

  it('stops after the configured attempts with an HttpError carrying the status', async () => {
    server = await startLoopback((_req, res) => json(res, 503, { message: 'Service Unavailable' }));
    const { client } = dcClient(server.url, { retry: { maxRetries: 2 } });
    const err = await client.getPage('1').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 503);
    assert.equal(err.serverMessage, 'Service Unavailable');
    assert.equal(server.seen.length, 3);
  });

  it('does not retry 4xx other than 429', async () => {
    server = await startLoopback((_req, res) => json(res, 400, { statusCode: 400, message: 'bad' }));
    const { client } = dcClient(server.url);
    await assert.rejects(client.getPage('1'), (e: unknown) => e instanceof HttpError && e.status === 400);
    assert.equal(server.seen.length, 1);
  });

  it('retries a reset connection, then succeeds', async () => {
    let n = 0;
    server = await startLoopback((_req, res) => (++n <= 2 ? drop(res) : json(res, 200, PAGE)));
    const { client } = dcClient(server.url);
    assert.equal((await client.getPage('1')).id, '1');
    assert.equal(server.seen.length, 3);
  });

  it('gives up on a connection that keeps resetting with a NetworkError', async () => {
    server = await startLoopback((_req, res) => drop(res));
    const { client } = dcClient(server.url, { retry: { maxRetries: 1 } });
    const err = await client.getPage('1').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof NetworkError);
    assert.equal(err.attempts, 2);
    assert.equal(server.seen.length, 2);
  });

  it('times out a hung request and retries it', async () => {
    let n = 0;
    server = await startLoopback((_req, res) => {
      if (++n === 1) return; // never answers
      json(res, 200, PAGE);
    });
    const { client } = dcClient(server.url, { retry: { timeoutMs: 100 } });
    assert.equal((await client.getPage('1')).id, '1');
    assert.equal(server.seen.length, 2);
  });

  it('reports a timeout as NetworkError TIMEOUT when retries are exhausted', async () => {
    server = await startLoopback(() => undefined);
    const { client } = dcClient(server.url, { retry: { timeoutMs: 50, maxRetries: 0 } });
    await assert.rejects(client.getPage('1'), (e: unknown) => e instanceof NetworkError && e.code === 'TIMEOUT');
  });

  it('reports a refused connection as a NetworkError', async () => {
    server = await startLoopback(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const { client } = dcClient(url, { retry: { maxRetries: 1 } });
    await assert.rejects(client.getPage('1'), (e: unknown) => e instanceof NetworkError && e.code === 'ECONNREFUSED');
  });
});
