import * as assert from 'node:assert/strict';
import { startSimulator, type FaultOptions, type RunningSimulator, type SimulatorOptions } from '../../server/src/sim/index';
import { basicAuth, RecordingClient } from './recording-client';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const DC_AUTH = basicAuth('admin', 'admin');
const CLOUD_AUTH = basicAuth('admin@example.com', 'sim-api-token');

async function withSim(options: SimulatorOptions, auth: string, body: (sim: RunningSimulator, api: RecordingClient) => Promise<void>): Promise<void> {
  const sim = await startSimulator(options);
  const api = new RecordingClient(options.flavor, sim.baseUrl, auth);
  try {
    await body(sim, api);
  } finally {
    await sim.close();
  }
  assert.deepEqual(api.violations(), []);
}

const seed = { pages: [{ title: 'Home', spaceKey: 'ENG', body: '<p>home</p>', representation: 'storage' as const }] };

describe('simulator: rate limiting', () => {
  it('DC: token bucket headers, 429 once empty (JSON only for Accept: application/json), recovery after Retry-After', async () => {
    let now = T0;
    await withSim({ flavor: 'dc', seed, clock: () => now, dcRateLimit: { capacity: 5, fillRate: 1, intervalSeconds: 2 } }, DC_AUTH, async (sim, api) => {
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await api.call('GET', '/rest/api/space');
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-ratelimit-limit'), '5');
        assert.equal(res.headers.get('x-ratelimit-interval-seconds'), '2');
        assert.equal(res.headers.get('x-ratelimit-fillrate'), '1');
        remaining.push(`${res.headers.get('x-ratelimit-remaining')}/${res.headers.get('retry-after')}`);
      }
      assert.deepEqual(remaining, ['4/0', '3/0', '2/0', '1/0', '0/2']);
      const limited = await api.call('GET', '/rest/api/space');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '2');
      assert.deepEqual(Object.keys(limited.body), ['message']);
      const html = await api.call('GET', '/rest/api/space', { headers: { Accept: 'text/html' } });
      assert.equal(html.status, 429);
      assert.match(html.headers.get('content-type') ?? '', /text\/html/);
      // Anonymous traffic is outside the DC limiter.
      assert.equal((await api.call('GET', '/rest/api/space', { auth: null })).status, 200);
      now += 2000;
      const again = await api.call('GET', '/rest/api/space');
      assert.equal(again.status, 200);
      assert.equal(sim.state.stats.rateLimited, 2);
      assert.equal(sim.state.stats.byStatus[429], 2);
      assert.equal(sim.state.stats.requests, 9);
    });
  });

  it('Cloud: burst bucket per tenant with NearLimit, Reset, Reason and Retry-After', async () => {
    let now = T0;
    await withSim({ flavor: 'cloud', seed, clock: () => now, cloudRateLimit: { ratePerSecond: 2, burst: 10 } }, CLOUD_AUTH, async (sim, api) => {
      const seen: string[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await api.call('GET', '/wiki/api/v2/spaces');
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-ratelimit-limit'), '10');
        seen.push(`${res.headers.get('x-ratelimit-remaining')}:${res.headers.get('x-ratelimit-nearlimit') ?? '-'}`);
      }
      assert.deepEqual(seen, ['9:-', '8:-', '7:-', '6:-', '5:-', '4:-', '3:-', '2:-', '1:true', '0:true']);
      const limited = await api.call('GET', '/wiki/api/v2/spaces');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.equal(limited.headers.get('x-ratelimit-reset'), new Date(T0 + 1000).toISOString());
      assert.equal(limited.headers.get('ratelimit-reason'), 'confluence-burst-based');
      assert.equal(limited.headers.get('x-ratelimit-nearlimit'), 'true');
      assert.equal(limited.body.errors[0].status, 429);
      const v1 = await api.call('GET', '/wiki/rest/api/user/current');
      assert.equal(v1.status, 429);
      now += 1000;
      assert.equal((await api.call('GET', '/wiki/api/v2/spaces')).status, 200);
      const { stats } = sim.state;
      assert.equal(stats.requests, 13);
      assert.equal(stats.rateLimited, 2);
      assert.equal(stats.admitted, 11);
    });
  });
});

/** Outcome of each of `n` sequential reads: the status, or 'reset' when the socket died. */
async function outcomes(faults: FaultOptions, n: number): Promise<string[]> {
  const out: string[] = [];
  await withSim({ flavor: 'cloud', seed, faults }, CLOUD_AUTH, async (_sim, api) => {
    for (let i = 0; i < n; i++) {
      try {
        out.push(String((await api.call('GET', '/wiki/api/v2/spaces')).status));
      } catch {
        out.push('reset');
      }
    }
  });
  return out;
}

describe('simulator: faults', () => {
  it('injects the same faults for the same seed, and others for another seed', async () => {
    const faults = { errorRate: 0.3, resetRate: 0.15 };
    const a = await outcomes({ ...faults, seed: 7 }, 40);
    const b = await outcomes({ ...faults, seed: 7 }, 40);
    const c = await outcomes({ ...faults, seed: 8 }, 40);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(a.includes('reset'));
    assert.ok(a.some((s) => s === '500' || s === '502' || s === '503'));
    assert.ok(a.includes('200'));
  });

  it('a 500 fault does not apply the write; a lost response does', async () => {
    await withSim({ flavor: 'dc', seed, faults: { seed: 1, errorRate: 1, errorStatuses: [500], methods: ['PUT'] } }, DC_AUTH, async (sim, api) => {
      const id = [...sim.state.store.pages.keys()][0];
      const res = await api.call('PUT', `/rest/api/content/${id}`, { json: { id, type: 'page', title: 'Home', version: { number: 2 }, body: { storage: { value: '<p>x</p>', representation: 'storage' } } } });
      assert.equal(res.status, 500);
      assert.equal(res.body.statusCode, 500);
      assert.equal(sim.state.store.pages.get(id)?.versions.length, 1);
      assert.equal(sim.state.stats.faults.errors, 1);
    });
    await withSim({ flavor: 'cloud', seed, recordRequests: true, faults: { seed: 1, lostRate: 1, methods: ['POST', 'PUT'] } }, CLOUD_AUTH, async (sim, api) => {
      const spaceId = sim.state.store.spaces.get('ENG')?.id as string;
      await assert.rejects(api.call('POST', '/wiki/api/v2/pages', { json: { spaceId, title: 'Made once', body: { representation: 'storage', value: '<p>1</p>' } } }));
      // The answer was lost, but the page exists: a client must look before it creates again.
      const found = await api.call('GET', '/wiki/api/v2/pages', { query: { 'space-id': spaceId, title: 'Made once' } });
      assert.equal(found.body.results.length, 1);
      const id = found.body.results[0].id;
      const put = { id, status: 'current', title: 'Made once', body: { representation: 'storage', value: '<p>2</p>' }, version: { number: 2 } };
      await assert.rejects(api.call('PUT', `/wiki/api/v2/pages/${id}`, { json: put }));
      const after = await api.call('GET', `/wiki/api/v2/pages/${id}`, { query: { 'body-format': 'storage' } });
      assert.equal(after.body.version.number, 2, 'the lost update was applied');
      assert.equal(after.body.body.storage.value, '<p>2</p>');
      assert.equal(sim.state.stats.faults.lost, 2);
      assert.equal(sim.state.stats.writes, 2);
      assert.deepEqual(sim.state.log.map((e) => `${e.method} ${e.outcome}`), ['POST lost', 'GET 200', 'PUT lost', 'GET 200']);
    });
  });

  it("answers DC's unreconciled-page 501 on a PUT without applying it", async () => {
    await withSim({ flavor: 'dc', seed, faults: { seed: 1, errorRate: 1, errorStatuses: [501], methods: ['PUT'] } }, DC_AUTH, async (sim, api) => {
      const id = [...sim.state.store.pages.keys()][0];
      const res = await api.call('PUT', `/rest/api/content/${id}`, { json: { id, type: 'page', title: 'Home', version: { number: 2 } } });
      assert.equal(res.status, 501);
      assert.equal(res.body.message, `Unable to save changes to unreconciled page ContentId{id=${id}}. Refreshing the page should fix this.`);
      assert.equal(res.body.reason, 'Not Implemented');
      assert.equal(sim.state.store.pages.get(id)?.versions.length, 1);
    });
  });

  it('slows responses down without changing them', async () => {
    await withSim({ flavor: 'dc', seed, faults: { seed: 3, slowRate: 1, slowMs: 20 } }, DC_AUTH, async (sim, api) => {
      const res = await api.call('GET', '/rest/api/space');
      assert.equal(res.status, 200);
      assert.equal(sim.state.stats.faults.slow, 1);
    });
  });
});
