import * as assert from 'node:assert/strict';
import { ConflictError, HttpError, NetworkError } from '../../server/src/rest';
import { Loopback, startLoopback } from './helpers/loopback';
import { PageStore } from './helpers/page-store';
import { cloudClient, dcClient } from './helpers/clients';

const ADF = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hello' }] }] };

describe('rest: retried writes stay idempotent', () => {
  let server: Loopback | undefined;
  let store: PageStore;
  beforeEach(async () => {
    store = new PageStore();
    server = await startLoopback(store.handler);
  });
  afterEach(async () => server?.close());

  const writes = (method: string) => server!.seen.filter((r) => r.method === method).length;

  describe('Data Center', () => {
    it('a PUT whose response was lost, retried into 409, is success, not a conflict', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 4, body: '<p>old</p>', representation: 'storage' });
      store.faults.PUT.push('apply-then-drop');
      const { client } = dcClient(server!.url);
      const page = await client.updatePage({ id: p.id, title: 'Ops', storage: '<p>new</p>', baseVersion: 4 });
      assert.equal(page.version?.number, 5);
      assert.equal(store.pages.get(p.id)!.version, 5, 'applied exactly once');
      assert.equal(writes('PUT'), 2);
    });

    it('the same after a 502 from a proxy that hid the applied write', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 1, body: '<p>old</p>', representation: 'storage' });
      store.faults.PUT.push('apply-then-502');
      const { client } = dcClient(server!.url);
      const page = await client.updatePage({ id: p.id, title: 'Ops', storage: '<p>new</p>', baseVersion: 1 });
      assert.equal(page.version?.number, 2);
    });

    it('a lost PUT raced by someone else\'s edit is still a conflict', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 4, body: '<p>old</p>', representation: 'storage' });
      // Our first attempt never arrives; meanwhile a colleague saves version 5.
      store.faults.PUT.push('drop');
      const { client } = dcClient(server!.url);
      const pending = client.updatePage({ id: p.id, title: 'Ops', storage: '<p>mine</p>', baseVersion: 4 });
      store.editElsewhere(p.id, '<p>theirs</p>');
      const err = await pending.then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ConflictError);
      assert.equal(err.currentVersion, 5);
      assert.equal(store.pages.get(p.id)!.body, '<p>theirs</p>', 'their edit is intact');
    });

    it('a plain stale-version PUT is a ConflictError with the current version, without re-reading', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 7, body: '<p>x</p>', representation: 'storage' });
      const { client } = dcClient(server!.url);
      const err = await client.updatePage({ id: p.id, title: 'Ops', storage: '<p>y</p>', baseVersion: 5 }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ConflictError);
      assert.equal(err.currentVersion, 7);
      assert.equal(server!.seen.length, 1);
    });

    it('a POST whose response was lost is adopted, never created twice', async () => {
      store.faults.POST.push('apply-then-drop');
      const { client } = dcClient(server!.url);
      const page = await client.createPage({ spaceKey: 'ENG', title: 'New page', storage: '<p>body</p>' });
      assert.equal(page.title, 'New page');
      assert.equal(store.pages.size, 1);
      assert.equal(writes('POST'), 1, 'no second POST once the page was found');
    });

    it('a lost POST not yet visible to the title lookup is adopted when the resend hits the duplicate title', async () => {
      store.faults.POST.push('apply-then-drop');
      store.staleLookups = 1;
      const { client } = dcClient(server!.url);
      const page = await client.createPage({ spaceKey: 'ENG', title: 'Slow index', storage: '<p>body</p>' });
      assert.equal(page.title, 'Slow index');
      assert.equal(store.pages.size, 1);
      assert.equal(writes('POST'), 2, 'the resend was refused by the server, not applied');
    });

    it('a POST that never arrived is sent again and creates one page', async () => {
      store.faults.POST.push('drop');
      const { client } = dcClient(server!.url);
      await client.createPage({ spaceKey: 'ENG', title: 'New page', storage: '<p>body</p>' });
      assert.equal(store.pages.size, 1);
      assert.equal(writes('POST'), 2);
    });

    it('does not adopt a same-titled page with different content', async () => {
      store.faults.POST.push('drop');
      const { client } = dcClient(server!.url);
      const pending = client.createPage({ spaceKey: 'ENG', title: 'Taken', storage: '<p>mine</p>' });
      store.add({ title: 'Taken', spaceKey: 'ENG', version: 1, body: '<p>someone else</p>', representation: 'storage' });
      await assert.rejects(pending, (e: unknown) => e instanceof HttpError && e.status === 400);
      assert.equal(store.pages.size, 1);
    });

    it('gives up on writes after maxRetries lost responses', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 1, body: '<p>old</p>', representation: 'storage' });
      store.faults.PUT.push('drop', 'drop', 'drop');
      const { client } = dcClient(server!.url, { retry: { maxRetries: 2 } });
      await assert.rejects(client.updatePage({ id: p.id, title: 'Ops', storage: '<p>new</p>', baseVersion: 1 }), NetworkError);
      assert.equal(writes('PUT'), 3);
    });
  });

  describe('Cloud', () => {
    it('a PUT whose response was lost, retried into 409, is success (ADF compared as data)', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 2, body: '{"type":"doc","version":1,"content":[]}', representation: 'atlas_doc_format' });
      store.faults.PUT.push('apply-then-drop');
      const { client } = cloudClient(server!.url);
      const page = await client.updatePage({ id: p.id, title: 'Ops', body: { representation: 'atlas_doc_format', value: ADF }, baseVersion: 2 });
      assert.equal(page.version?.number, 3);
      assert.deepEqual(JSON.parse(store.pages.get(p.id)!.body), ADF, 'ADF went over the wire as a JSON string');
      assert.equal(writes('PUT'), 2);
    });

    it('a stale PUT is a ConflictError with the current version parsed from the v2 envelope', async () => {
      const p = store.add({ title: 'Ops', spaceKey: 'ENG', version: 6, body: '<p>x</p>', representation: 'storage' });
      const { client } = cloudClient(server!.url);
      const err = await client.updatePage({ id: p.id, title: 'Ops', body: { representation: 'storage', value: '<p>y</p>' }, baseVersion: 4 }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ConflictError);
      assert.equal(err.currentVersion, 6);
      assert.equal(err.attemptedVersion, 5);
    });

    it('a POST whose response was lost is adopted, never created twice', async () => {
      store.faults.POST.push('apply-then-502');
      const { client } = cloudClient(server!.url);
      const page = await client.createPage({ space: { spaceKey: 'ENG' }, title: 'Fresh', body: { representation: 'atlas_doc_format', value: ADF } });
      assert.equal(page.title, 'Fresh');
      assert.equal(store.pages.size, 1);
      assert.equal(writes('POST'), 1);
      const lookup = server!.seen.find((r) => r.method === 'GET' && r.path === '/wiki/api/v2/pages');
      assert.equal(lookup?.query.get('title'), 'Fresh');
      assert.equal(lookup?.query.get('space-id'), 'sp-ENG');
    });

    it('a lost POST that Cloud has not indexed yet is still adopted, not duplicated', async () => {
      store.faults.POST.push('apply-then-drop');
      store.staleLookups = 1;
      const { client } = cloudClient(server!.url);
      const page = await client.createPage({ space: { spaceKey: 'ENG' }, title: 'Eventually', body: { representation: 'storage', value: '<p>x</p>' } });
      assert.equal(page.title, 'Eventually');
      assert.equal(store.pages.size, 1);
    });
  });
});
