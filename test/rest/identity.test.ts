import * as assert from 'node:assert/strict';
import { AuthError } from '../../server/src/rest';
import { Loopback, json, startLoopback } from './helpers/loopback';
import { PAT, cloudClient, dcClient } from './helpers/clients';

describe('rest: identity check after connecting', () => {
  let server: Loopback | undefined;
  afterEach(async () => server?.close());

  function dcServer(): Promise<Loopback> {
    // CONFSERVER-98199: an unknown PAT is not rejected, the request runs as anonymous.
    return startLoopback((req, res) => {
      if (req.path !== '/confluence/rest/api/user/current') return json(res, 404, {});
      if (req.headers.authorization === `Bearer ${PAT}`) return json(res, 200, { type: 'known', username: 'alice', userKey: 'k1', displayName: 'Alice' });
      if (req.headers.authorization?.startsWith('Basic ')) return json(res, 401, { statusCode: 401, message: 'Authentication failed' });
      json(res, 200, { type: 'anonymous', displayName: 'Anonymous' });
    });
  }

  it('returns the DC user for a good PAT, and reads the context path', async () => {
    server = await dcServer();
    const { client } = dcClient(`${server.url}/confluence/`);
    assert.equal((await client.whoAmI()).username, 'alice');
  });

  it('detects a wrong PAT that DC silently treated as anonymous', async () => {
    server = await dcServer();
    const { client } = dcClient(`${server.url}/confluence`, { credentials: { kind: 'dc-pat', token: 'wrong-token-123' } });
    const err = await client.whoAmI().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuthError);
    assert.equal(err.reason, 'anonymous');
  });

  it('treats an answer without a username as anonymous too', async () => {
    server = await startLoopback((_req, res) => json(res, 200, { type: 'known', displayName: 'Ghost' }));
    const { client } = dcClient(server.url);
    await assert.rejects(client.whoAmI(), (e: unknown) => e instanceof AuthError && e.reason === 'anonymous');
  });

  it('reports wrong Basic credentials on DC as AuthError unauthorized', async () => {
    server = await dcServer();
    const { client } = dcClient(`${server.url}/confluence`, { credentials: { kind: 'dc-basic', username: 'alice', password: 'nope-nope' } });
    await assert.rejects(client.whoAmI(), (e: unknown) => e instanceof AuthError && e.reason === 'unauthorized' && e.status === 401);
  });

  it('asks Cloud at /wiki/rest/api/user/current with Basic email:token', async () => {
    server = await startLoopback((_req, res) => json(res, 200, { type: 'known', accountId: '557058:abc', displayName: 'Dev' }));
    const { client } = cloudClient(`${server.url}/wiki`);
    assert.equal((await client.whoAmI()).accountId, '557058:abc');
    assert.equal(server.seen[0].path, '/wiki/rest/api/user/current');
    const [user, token] = Buffer.from(String(server.seen[0].headers.authorization).replace('Basic ', ''), 'base64').toString().split(':');
    assert.deepEqual([user, token.length > 0], ['dev@example.com', true]);
  });

  it('rejects an anonymous Cloud answer', async () => {
    server = await startLoopback((_req, res) => json(res, 200, { type: 'anonymous' }));
    const { client } = cloudClient(server.url);
    await assert.rejects(client.whoAmI(), (e: unknown) => e instanceof AuthError && e.reason === 'anonymous');
  });

  it('refuses credentials of the wrong product and credentials in the URL', () => {
    assert.throws(() => cloudClient('http://127.0.0.1:1', { credentials: { kind: 'dc-pat', token: 'x' } }), /Cloud credentials/);
    assert.throws(() => dcClient('http://127.0.0.1:1', { credentials: { kind: 'cloud-token', email: 'a', apiToken: 'b' } }), /Data Center credentials/);
    assert.throws(() => dcClient('http://user:pw@127.0.0.1:1'), /must not contain credentials/);
  });
});
