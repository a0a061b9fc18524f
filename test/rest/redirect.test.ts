import * as assert from 'node:assert/strict';
import { Loopback, json, startLoopback } from './helpers/loopback';
import { PAT, cloudClient, dcClient } from './helpers/clients';

const PAGE = { id: '1', type: 'page', status: 'current', title: 'T', version: { number: 1 } };

describe('rest: redirects never carry Authorization to another origin', () => {
  let site: Loopback;
  let other: Loopback;
  beforeEach(async () => {
    other = await startLoopback((req, res) => {
      if (req.path === '/back') {
        res.writeHead(302, { location: `${site.url}/confluence/rest/api/content/1` });
        return res.end();
      }
      if (req.path === '/media/file.bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.from([1, 2, 3]));
      }
      return json(res, 200, PAGE);
    });
    site = await startLoopback((req, res) => {
      if (req.path === '/confluence/rest/api/content/1' && req.query.get('hop') === 'away') {
        res.writeHead(307, { location: `${other.url}/rest/api/content/1` });
        return res.end();
      }
      if (req.path === '/confluence/rest/api/content/1' && req.query.get('hop') === 'same') {
        res.writeHead(301, { location: '/confluence/rest/api/content/1?hop=done' });
        return res.end();
      }
      if (req.path === '/confluence/rest/api/content/1' && req.query.get('hop') === 'round') {
        res.writeHead(302, { location: `${other.url}/back` });
        return res.end();
      }
      if (req.path === '/confluence/rest/api/content/1' && req.query.get('hop') === 'loop') {
        res.writeHead(302, { location: req.url });
        return res.end();
      }
      if (req.path === '/wiki/download/attachments/1/file.bin') {
        res.writeHead(302, { location: `${other.url}/media/file.bin` });
        return res.end();
      }
      return json(res, 200, PAGE);
    });
  });
  afterEach(async () => {
    await site.close();
    await other.close();
  });

  it('strips Authorization when redirected to another port on the same host', async () => {
    const { client } = dcClient(`${site.url}/confluence`);
    const page = await client.http.request<{ id: string }>({ method: 'GET', path: '/rest/api/content/1', query: { hop: 'away' } });
    assert.equal(page.data.id, '1');
    assert.equal(site.seen[0].headers.authorization, `Bearer ${PAT}`);
    assert.equal(other.seen.length, 1);
    assert.equal(other.seen[0].headers.authorization, undefined);
  });

  it('keeps Authorization on a same-origin redirect', async () => {
    const { client } = dcClient(`${site.url}/confluence`);
    await client.http.request({ method: 'GET', path: '/rest/api/content/1', query: { hop: 'same' } });
    assert.equal(site.seen.length, 2);
    assert.equal(site.seen[1].url, '/confluence/rest/api/content/1?hop=done');
    assert.equal(site.seen[1].headers.authorization, `Bearer ${PAT}`);
  });

  it('sends it again only when the chain comes back to the configured origin', async () => {
    const { client } = dcClient(`${site.url}/confluence`);
    await client.http.request({ method: 'GET', path: '/rest/api/content/1', query: { hop: 'round' } });
    assert.equal(other.seen[0].headers.authorization, undefined);
    assert.equal(site.seen[1].headers.authorization, `Bearer ${PAT}`);
  });

  it('stops a redirect loop with an HttpError', async () => {
    const { client } = dcClient(`${site.url}/confluence`);
    await assert.rejects(client.http.request({ method: 'GET', path: '/rest/api/content/1', query: { hop: 'loop' } }), (e: unknown) => (e as { status?: number }).status === 302);
    assert.equal(site.seen.length, 6);
  });

  it('downloads a Cloud attachment through the media redirect without leaking the token', async () => {
    const { client } = cloudClient(site.url);
    const bytes = await client.downloadAttachment({ id: 'att1', title: 'file.bin', downloadLink: '/download/attachments/1/file.bin' });
    assert.deepEqual([...bytes], [1, 2, 3]);
    assert.match(String(site.seen[0].headers.authorization), /^Basic /);
    assert.equal(other.seen[0].headers.authorization, undefined);
  });

  it('refuses paging links that point at another origin', async () => {
    const { client } = dcClient(`${site.url}/confluence`);
    assert.throws(() => client.http.resolve(`${other.url}/rest/api/content?start=25`), /another origin/);
  });
});
