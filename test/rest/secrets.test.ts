import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Credentials } from '../../server/src/rest';
import { Loopback, drop, json, startLoopback } from './helpers/loopback';
import { SinkLogger, cloudClient, dcClient } from './helpers/clients';

/** Every error path, served by a hostile server that echoes the Authorization header back. */
const PATHS = ['401', '403', '404', '409', '429', '503', 'reset', 'redirect-away', 'redirect-loop', 'anonymous'] as const;

const CREDENTIALS: Array<{ label: string; credentials: Credentials; secret: string }> = [
  { label: 'DC PAT', credentials: { kind: 'dc-pat', token: 'pat-Zm9vYmFyYmF6cXV4-9f8e7d' }, secret: 'pat-Zm9vYmFyYmF6cXV4-9f8e7d' },
  { label: 'DC Basic', credentials: { kind: 'dc-basic', username: 'alice', password: 'hunter2-correct-horse' }, secret: 'hunter2-correct-horse' },
  { label: 'Cloud token', credentials: { kind: 'cloud-token', email: 'dev@example.com', apiToken: 'ATATT3x-very-secret-token' }, secret: 'ATATT3x-very-secret-token' },
];

describe('rest: credentials never appear in errors or logs', () => {
  let site: Loopback;
  let other: Loopback;
  before(async () => {
    other = await startLoopback((req, res) => json(res, 401, { message: `denied for ${req.headers.authorization}` }));
    site = await startLoopback((req, res) => {
      const auth = String(req.headers.authorization);
      const kind = req.path.split('/').pop();
      const echo = { message: `you sent ${auth}`, errors: [{ title: auth }] };
      switch (kind) {
        case '401': return json(res, 401, echo);
        case '403': return json(res, 403, echo);
        case '404': return json(res, 404, echo);
        case '409': return json(res, 409, { statusCode: 409, message: `Version must be incremented on update. Current version is: 3 (${auth})` });
        case '429': return json(res, 429, echo, { 'retry-after': '1' });
        case '503': return json(res, 503, echo);
        case 'reset': return drop(res);
        case 'redirect-away':
          res.writeHead(302, { location: `${other.url}/steal?h=${encodeURIComponent(auth)}` });
          return res.end();
        case 'redirect-loop':
          res.writeHead(302, { location: `${req.path}?${encodeURIComponent(auth)}` });
          return res.end();
        case 'current':
          return json(res, 200, { type: 'anonymous', displayName: auth });
        default: return json(res, 500, echo);
      }
    });
  });
  after(async () => {
    await site.close();
    await other.close();
  });

  for (const { label, credentials, secret } of CREDENTIALS) {
    it(`${label}: ${PATHS.length} error paths`, async () => {
      const logger = new SinkLogger();
      const opts = { credentials, logger, retry: { maxRetries: 1, maxRateLimitRetries: 1 } };
      const { client } = credentials.kind === 'cloud-token' ? cloudClient(site.url, opts) : dcClient(site.url, opts);
      const header = (client.http as unknown as { authorization: string }).authorization;
      const needles = [secret, header, header.split(' ')[1]];
      const texts: string[] = [];
      for (const path of PATHS) {
        const call = path === 'anonymous'
          ? client.whoAmI()
          : client.http.request({ method: path === '409' ? 'PUT' : 'GET', path: `/x/${path}`, json: path === '409' ? {} : undefined });
        const err = await call.then(() => undefined, (e: unknown) => e);
        assert.ok(err instanceof Error, `${path} must fail`);
        texts.push(String(err), err.message, String(err.stack), JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }));
      }
      texts.push(...logger.lines);
      assert.ok(logger.lines.length >= PATHS.length, 'the logger saw the traffic');
      for (const text of texts) for (const needle of needles) assert.ok(!text.includes(needle), `leaked in: ${text.slice(0, 200)}`);
      // The hostile echo was replaced, so the redaction really ran.
      assert.ok(texts.some((t) => t.includes('[REDACTED]')));
    });
  }
});
