import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FileNamer, resolveInside, safeStem } from '../../server/src/sync/index';

describe('sync: file names from page titles', () => {
  it('neutralises separators, dots, control characters and reserved names', () => {
    assert.equal(safeStem('Release notes 1.2'), 'Release notes 1.2');
    assert.equal(safeStem('a/b\\c:d*e?f"g<h>i|j'), 'a-b-c-d-e-f-g-h-i-j');
    assert.equal(safeStem('../../etc/passwd'), 'etc-passwd');
    assert.equal(safeStem('..'), 'untitled');
    assert.equal(safeStem('.hidden'), 'hidden');
    assert.equal(safeStem('ends with dots...  '), 'ends with dots');
    assert.equal(safeStem('tab\there\u0000nul\u007f'), 'tab here nul');
    assert.equal(safeStem('CON'), '_CON');
    assert.equal(safeStem('lpt1.txt'), '_lpt1.txt');
    assert.equal(safeStem(''), 'untitled');
  });

  it('caps the length on a code point boundary', () => {
    const long = safeStem('😀'.repeat(100));
    assert.equal(long.length, 120);
    assert.equal(long, '😀'.repeat(60));
    assert.equal(safeStem('x'.repeat(500)).length, 120);
  });

  it('de-duplicates case-insensitively, then by id', () => {
    const namer = new FileNamer(['Home.storage.xhtml']);
    assert.equal(namer.next('home', 'storage', '1'), 'home (2).storage.xhtml');
    assert.equal(namer.next('HOME', 'storage', '2'), 'HOME (3).storage.xhtml');
    assert.equal(namer.next('Home', 'adf', '3'), 'Home.adf.json');
    for (let i = 4; i <= 20; i++) namer.next('Home', 'storage', String(i));
    assert.equal(namer.next('Home', 'storage', '99'), 'Home (99).storage.xhtml');
  });

  it('resolveInside refuses anything that leaves the folder', () => {
    const root = path.resolve('/tmp/pulled');
    assert.equal(resolveInside(root, 'a.storage.xhtml'), path.join(root, 'a.storage.xhtml'));
    assert.throws(() => resolveInside(root, '../x'), /outside/);
    assert.throws(() => resolveInside(root, '/etc/passwd'), /outside/);
    assert.throws(() => resolveInside(root, ''), /outside/);
    assert.equal(resolveInside(root, '.confluence/remote/a.adf.json'), path.join(root, '.confluence', 'remote', 'a.adf.json'));
  });
});
