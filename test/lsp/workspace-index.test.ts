/** The `.confluence/index.json` format the server and CLI read for short links. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWorkspaceIndex, parseIndexFile } from '../../server/src/lsp/workspace-index';

describe('workspace index files', () => {
  const page = { id: '123', title: 'Runbook', spaceKey: 'OPS' };

  it('accepts an array, {"pages": [...]}, or a map keyed by id (numeric ids too)', () => {
    assert.deepEqual(parseIndexFile(JSON.stringify([page])).pages, [page]);
    assert.deepEqual(parseIndexFile(JSON.stringify({ pages: [{ ...page, id: 123 }] })).pages, [page]);
    assert.deepEqual(parseIndexFile(JSON.stringify({ '123': { title: 'Runbook', spaceKey: 'OPS' } })).pages, [page]);
  });

  it("reads the sync engine's metadata index (server/src/sync/metadata-index.ts), ignoring its other fields", () => {
    const synced = {
      version: 1,
      instance: { flavor: 'dc', baseUrl: 'https://wiki.example.com' },
      pages: [{ ...page, version: 7, representation: 'storage', file: 'Runbook.storage.xhtml', hash: 'abc', pulledAt: '2026-11-22T00:00:00Z' }],
    };
    const r = parseIndexFile(JSON.stringify(synced));
    assert.deepEqual(r.pages, [page]);
    assert.deepEqual(r.errors, []);
  });

  it('skips and reports entries without an id or title, and never throws on bad JSON', () => {
    const r = parseIndexFile(JSON.stringify([page, { title: 'no id' }, { id: '9' }]));
    assert.deepEqual(r.pages, [page]);
    assert.equal(r.errors.length, 1);
    assert.deepEqual(parseIndexFile('{').pages, []);
    assert.equal(parseIndexFile('{').errors.length, 1);
    assert.equal(parseIndexFile('42').errors.length, 1);
  });

  it('finds every .confluence/index.json below a root, skipping node_modules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-index-'));
    const write = (rel: string, value: unknown) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), JSON.stringify(value));
    };
    write('a/.confluence/index.json', [page]);
    write('b/c/.confluence/index.json', [{ id: '456', title: 'Deep', spaceKey: 'ENG' }]);
    write('node_modules/x/.confluence/index.json', [{ id: '789', title: 'Dependency', spaceKey: 'NO' }]);
    const { index } = loadWorkspaceIndex([dir]);
    assert.equal(index.pageById('123')?.title, 'Runbook');
    assert.equal(index.pageById('456')?.spaceKey, 'ENG');
    assert.equal(index.pageById('789'), undefined);
  });
});
