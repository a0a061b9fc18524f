/** `fix --rule short-link --index …` across exports and workspace files, and `index -o DIR`, on the built CLI. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import { loadWorkspaceIndex } from '../../server/src/lsp/workspace-index';
import { runCli } from '../cli/helpers';
import { fingerprint, makeTempDir, readAll, zipBuffer } from '../export/helpers';
import { exportA, exportB } from './helpers';

const LINK = `https://dc.example.com/x/${encodeShortCode('30')}`;
const OLD_BODY = `<p>See <a href="${LINK}">setup</a> and /x/${encodeShortCode('777777')}.</p>`;
const NEW_BODY = `<p>See <ac:link><ri:page ri:content-title="Setup guide" ri:space-key="ENG"/><ac:plain-text-link-body><![CDATA[setup]]></ac:plain-text-link-body></ac:link> and /x/${encodeShortCode('777777')}.</p>`;

describe('cli fix of short links inside exports', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());
  const write = (name: string, content: Buffer | string): string => tmp.write(name, content);

  it('--dry-run lists every planned change and unresolved link (decoded id), writes nothing', () => {
    const a = write('a.xml', exportA());
    write('b.xml', exportB());
    const before = fingerprint(a);
    const r = runCli(['fix', '--rule', 'short-link', '--index', 'a.xml', '--index', 'b.xml', '--dry-run', 'a.xml'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      `a.xml!/DOC/2 (page "Links"): short-link <a href="${LINK}">setup</a> → <ac:link><ri:page ri:content-title="Setup guide" ri:space-key="ENG"/><ac:plain-text-link-body><![CDATA[setup]]></ac:plain-text-link-body></ac:link>`,
      `a.xml!/DOC/2 (page "Links"): unresolved /x/${encodeShortCode('777777')} → page id 777777 is not in the index`,
    ]);
    assert.deepEqual(fingerprint(a), before);
    assert.deepEqual(fs.readdirSync(tmp.dir).sort(), ['a.xml', 'b.xml']);
  });

  it('writes NAME.rewritten.xml beside the export, identical except for the rewritten body; the export is untouched', async () => {
    const a = write('a.xml', exportA());
    write('b.xml', exportB());
    const before = fingerprint(a);
    const r = runCli(['fix', '--rule', 'short-link', '--index', 'a.xml', '--index', 'b.xml', 'a.xml'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fingerprint(a), before);
    const out = path.join(tmp.dir, 'a.rewritten.xml');
    // Inside entities.xml the body's own `]]>` is written Confluence's way, `]] >`.
    assert.equal(fs.readFileSync(out, 'utf8'), exportA().replace(OLD_BODY, NEW_BODY.replaceAll(']]>', ']] >')));
    const { pages } = await readAll(out);
    assert.equal(pages.find((p) => p.pageId === '2')!.body, NEW_BODY);
  });

  it('in a zip: every other entry copied as it was', async () => {
    const attachment = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const a = write('a.zip', await zipBuffer([['entities.xml', exportA()], ['attachments/2/77/1', attachment], ['exportDescriptor.properties', 'spaceKey=DOC\n']]));
    write('b.zip', await zipBuffer([['entities.xml', exportB()]]));
    const before = fingerprint(a);
    const r = runCli(['fix', '--rule', 'short-link', '--index', 'a.zip', '--index', 'b.zip', 'a.zip'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fingerprint(a), before);
    const { pages } = await readAll(path.join(tmp.dir, 'a.rewritten.zip'));
    assert.deepEqual(pages.map((p) => [p.pageId, p.body]), [['1', `<p>intro</p>\n<ac:structured-macro ac:name="navmap" ac:schema-version="1" />`], ['2', NEW_BODY]]);
    const yauzl = await import('yauzl');
    const names = await new Promise<string[]>((resolve, reject) =>
      yauzl.open(path.join(tmp.dir, 'a.rewritten.zip'), { lazyEntries: false }, (err, zip) => {
        if (err) return reject(err);
        const found: string[] = [];
        zip.on('entry', (e: { fileName: string }) => found.push(e.fileName));
        zip.on('end', () => resolve(found));
      }),
    );
    assert.deepEqual(names, ['entities.xml', 'attachments/2/77/1', 'exportDescriptor.properties']);
  });

  it('fixes workspace files in the same run, resolving against an export', () => {
    write('b.xml', exportB());
    const page = write('pages/p.storage.xhtml', `<p>Go to ${LINK}</p>`);
    const r = runCli(['fix', '--rule', 'short-link', '--index', 'b.xml', 'pages'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(page, 'utf8'), '<p>Go to <ac:link><ri:page ri:content-title="Setup guide" ri:space-key="ENG"/></ac:link></p>');
  });

  it('index -o DIR writes .confluence/index.json that the LSP loader reads and fix finds on its own', () => {
    write('a.xml', exportA());
    write('b.xml', exportB());
    const r = runCli(['index', '-o', '.', 'a.xml', 'b.xml'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    const load = loadWorkspaceIndex([tmp.dir]);
    assert.deepEqual(load.errors, []);
    assert.deepEqual(load.index.pageById('30'), { id: '30', title: 'Setup guide', spaceKey: 'ENG' });
    assert.deepEqual(load.pages.map((p) => p.id).sort(), ['1', '2', '30']);
    const page = write("pages/p.storage.xhtml", `<p>See ${LINK}</p>`);
    assert.equal(runCli(['fix', '--rule', 'short-link', 'pages'], tmp.dir).code, 0);
    assert.match(fs.readFileSync(page, 'utf8'), /ri:content-title="Setup guide"/);
  });

  it('index refuses to overwrite the index of pulled pages', () => {
    write('b.xml', exportB());
    write('pulled/.confluence/index.json', JSON.stringify({ version: 1, instance: { flavor: 'dc', baseUrl: 'https://dc.example.com' }, pages: [] }));
    const r = runCli(['index', '-o', 'pulled', 'b.xml'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(fs.readFileSync(path.join(tmp.dir, 'pulled/.confluence/index.json'), 'utf8'), /"instance"/);
  });
});
