import * as assert from 'node:assert/strict';
import { collect } from '../../server/src/rest';
import { nextLink } from '../../server/src/rest/paging';
import { Loopback, json, startLoopback } from './helpers/loopback';
import { cloudClient, dcClient } from './helpers/clients';

describe('rest: paging', () => {
  let server: Loopback | undefined;
  afterEach(async () => server?.close());

  it('DC: follows _links.next (relative to the context path) until it is absent, ignoring the asked limit', async () => {
    server = await startLoopback((req, res) => {
      const start = Number(req.query.get('start') ?? 0);
      const size = start === 0 ? 2 : 3; // pages of uneven size, never the 100 asked for
      const results = Array.from({ length: size }, (_, i) => ({ id: String(start + i), type: 'page', title: `P${start + i}` }));
      const links: Record<string, string> = { base: `${server!.url}/confluence`, context: '/confluence' };
      if (start + size < 8) links.next = `/rest/api/content?spaceKey=ENG&type=page&limit=${size}&start=${start + size}`;
      json(res, 200, { results, start, limit: size, size, _links: links });
    });
    const { client } = dcClient(`${server.url}/confluence`);
    const pages = await collect(client.listPages('ENG', { limit: 100 }));
    assert.deepEqual(pages.map((p) => p.id), ['0', '1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(server.seen.map((r) => `${r.path}?start=${r.query.get('start') ?? ''}`), [
      '/confluence/rest/api/content?start=', '/confluence/rest/api/content?start=2', '/confluence/rest/api/content?start=5',
    ]);
    assert.equal(server.seen[0].query.get('limit'), '100');
  });

  it('Cloud v2: takes the next cursor from the Link header, or from _links.next when the header is missing', async () => {
    server = await startLoopback((req, res) => {
      if (req.path === '/wiki/api/v2/spaces') return json(res, 200, { results: [{ id: '98765', key: 'ENG', name: 'Eng' }], _links: {} });
      const cursor = req.query.get('cursor');
      if (cursor === null) {
        return json(res, 200, { results: [{ id: '1' }, { id: '2' }], _links: { next: '/wiki/api/v2/spaces/98765/pages?cursor=c2' } }, {
          link: '</wiki/api/v2/spaces/98765/pages?cursor=c2&limit=2>; rel="next", <http://x/wiki>; rel="base"',
        });
      }
      if (cursor === 'c2') return json(res, 200, { results: [{ id: '3' }], _links: { next: '/wiki/api/v2/spaces/98765/pages?cursor=c3', base: 'http://x/wiki' } });
      json(res, 200, { results: [{ id: '4' }], _links: { base: 'http://x/wiki' } });
    });
    const { client } = cloudClient(server.url);
    const pages = await collect(client.listPages({ spaceKey: 'ENG' }, { bodyFormat: 'storage' }));
    assert.deepEqual(pages.map((p) => p.id), ['1', '2', '3', '4']);
    assert.deepEqual(server.seen.map((r) => r.url), [
      '/wiki/api/v2/spaces?keys=ENG',
      '/wiki/api/v2/spaces/98765/pages?body-format=storage',
      '/wiki/api/v2/spaces/98765/pages?cursor=c2&limit=2',
      '/wiki/api/v2/spaces/98765/pages?cursor=c3',
    ]);
  });

  it('Cloud v1 search: _links.next is relative to /wiki', async () => {
    server = await startLoopback((req, res) => {
      const cursor = req.query.get('cursor');
      json(res, 200, {
        results: [{ title: cursor ?? 'first', content: { id: cursor ?? '0', type: 'page', title: 'x' } }],
        _links: cursor ? { base: 'http://x/wiki', context: '/wiki' } : { base: 'http://x/wiki', context: '/wiki', next: '/rest/api/search?cql=type%3Dpage&cursor=abc' },
      });
    });
    const { client } = cloudClient(`${server.url}/wiki/`);
    const hits = await collect(client.search('type=page'));
    assert.deepEqual(hits.map((h) => h.title), ['first', 'abc']);
    assert.deepEqual(server.seen.map((r) => r.path), ['/wiki/rest/api/search', '/wiki/rest/api/search']);
  });

  it('stops with an error when the server repeats the same next link', async () => {
    server = await startLoopback((_req, res) => json(res, 200, { results: [{ id: '1' }], _links: { next: '/rest/api/space?start=1' } }));
    const { client } = dcClient(server.url);
    await assert.rejects(collect(client.listSpaces()), /Paging loop/);
    assert.equal(server.seen.length, 2);
  });

  it('reads rel="next" among several links and relation types', () => {
    assert.equal(nextLink('<https://a/wiki>; rel="base", </wiki/api/v2/pages?cursor=x>; rel="next"'), '/wiki/api/v2/pages?cursor=x');
    assert.equal(nextLink('</a?cursor=1,2>; rel="prev next"'), '/a?cursor=1,2');
    assert.equal(nextLink('</a>; rel=next'), '/a');
    assert.equal(nextLink('</a>; rel="nextpage"'), undefined);
    assert.equal(nextLink(null), undefined);
  });
});
