/** `confluence-triage lint EXPORT…` on the built CLI: locations by space/page/title/line, formats, workers, bad input. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { ROOT } from '../helpers/ensure-built';
import { runCli } from '../cli/helpers';
import { bodyContent, entities, fingerprint, makeTempDir, page, patchBytes, space, zipBuffer } from '../export/helpers';
import { exportA, NAVMAP } from './helpers';

/** `where: severity rule-id` of each finding line (message prose left out). */
const located = (stdout: string): string[] =>
  stdout
    .split('\n')
    .map((l) => /^(\S+: \w+ [a-z0-9-]+) /.exec(l.replace(/^(\S+?:\d+:\d+):/, '$1:'))?.[1])
    .filter((x): x is string => x !== undefined);

describe('cli lint of space exports', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());
  const write = (name: string, content: Buffer | string): string => tmp.write(name, content);

  it('locates findings by export, space, page id, title and line/column; counts history, not lints it', () => {
    write('a.xml', exportA());
    const r = runCli(['lint', '--rule', 'legacy-macro', '--rule', 'short-link', 'a.xml'], tmp.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(located(r.stdout), [
      'a.xml!/DOC/1:2:1: warning legacy-macro',
      'a.xml!/DOC/2:1:17: warning short-link',
      'a.xml!/DOC/2:1:60: warning short-link',
    ]);
    assert.match(r.stdout, /\(page "Start"\)\n/);
    assert.match(r.stderr, /2 current pages, 2 linted; .*1 historical version, 0 drafts/);
  });

  it('mixes exports with workspace files, and --jobs 2 gives the same output as the main thread', () => {
    write('a.xml', exportA());
    write('pages/p.storage.xhtml', `<p>x</p>${NAVMAP}`);
    const zero = runCli(['lint', '--jobs', '0', 'a.xml', 'pages'], tmp.dir);
    const two = runCli(['lint', '--jobs', '2', 'a.xml', 'pages'], tmp.dir);
    assert.equal(two.stdout, zero.stdout);
    assert.ok(located(two.stdout).includes('pages/p.storage.xhtml:1:9: warning legacy-macro'), two.stdout);
    assert.ok(located(two.stdout).includes('a.xml!/DOC/1:2:1: warning legacy-macro'), two.stdout);
  });

  it('keeps page order across workers on a bigger export', () => {
    const objects = [space('1', 'S', 'S')];
    for (let i = 0; i < 600; i++) {
      objects.push(page({ id: String(1000 + i), title: `P${i}`, spaceId: '1', status: 'current' }));
      objects.push(bodyContent({ id: String(5000 + i), pageId: String(1000 + i), body: `<p>${'text '.repeat(i % 50)}</p>${NAVMAP}` }));
    }
    write('big.xml', entities(objects));
    const r = runCli(['lint', '--jobs', '2', '--rule', 'legacy-macro', '--format', 'json', 'big.xml'], tmp.dir);
    const ids = (JSON.parse(r.stdout).exports[0].pages as { pageId: string }[]).map((p) => p.pageId);
    assert.deepEqual(ids, Array.from({ length: 600 }, (_, i) => String(1000 + i)));
  });

  it('json: pages with spaceKey, pageId, title and located problems; summary counts', () => {
    write('a.xml', exportA());
    const r = runCli(['lint', '--format', 'json', '--rule', 'legacy-macro', 'a.xml'], tmp.dir);
    const json = JSON.parse(r.stdout);
    const [exp] = json.exports;
    assert.equal(exp.path, 'a.xml');
    assert.deepEqual(exp.summary.historicalVersions, 1);
    assert.deepEqual(exp.pages.map((p: { spaceKey: string; pageId: string; title: string }) => [p.spaceKey, p.pageId, p.title]), [['DOC', '1', 'Start']]);
    const [problem] = exp.pages[0].problems;
    assert.deepEqual([problem.ruleId, problem.line, problem.column, problem.start], ['legacy-macro', 2, 1, 13]);
    assert.equal(json.summary.warning, 1);
  });

  it('sarif: artifact EXPORT!/SPACE/PAGEID with region, logical location and properties; valid for the Multitool and the schema', () => {
    write('a.xml', exportA());
    write('bad.xml', entities([space('1', 'S', 'S'), page({ id: '5', title: 'Bad\u0008title', spaceId: '1', status: 'current' }), bodyContent({ id: '6', pageId: '5', body: '<p>ok</p>' })]));
    const r = runCli(['lint', '--format', 'sarif', 'a.xml', 'bad.xml'], tmp.dir);
    const log = JSON.parse(r.stdout);
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'legacy-macro');
    assert.deepEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: 'a.xml!/DOC/1', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 63 } });
    assert.deepEqual(result.locations[0].logicalLocations, [{ name: 'Start', fullyQualifiedName: 'DOC/1', kind: 'resource' }]);
    assert.deepEqual([result.properties.spaceKey, result.properties.pageId, result.properties.title], ['DOC', '1', 'Start']);
    assert.deepEqual(log.runs[0].properties.exports[0], { path: 'a.xml', currentPages: 2, linted: 2, wikiMarkupBodies: 0, historicalVersions: 1, drafts: 0, deleted: 0, complete: true });
    const notes = log.runs[0].invocations[0].toolExecutionNotifications as { descriptor: { id: string } }[];
    assert.ok(notes.some((n) => n.descriptor.id === 'export-control-characters'), JSON.stringify(notes));

    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const multitool = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
    if ((fs.statSync(multitool).mode & 0o100) === 0) fs.chmodSync(multitool, 0o755);
    const file = write('out.sarif', r.stdout);
    const v = spawnSync(multitool, ['validate', file], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.deepEqual(v.stdout.split('\n').filter((l) => /: error /.test(l)), []);
  });

  describe('bad input: a clear message, the rest still processed, the input untouched', () => {
    const cases: Array<{ name: string; make: () => Promise<Buffer | string>; code: string; exit: number; pages: string[] }> = [
      {
        name: 'zip slip',
        code: 'export-zip-slip',
        exit: 1,
        pages: ['1'],
        make: async () => patchBytes(await zipBuffer([['zz/evil.txt', 'pwned'], ['entities.xml', exportA()]]), 'zz/evil.txt', '../evil.txt'),
      },
      {
        name: 'zip bomb',
        code: 'export-zip-bomb-ratio',
        exit: 1,
        pages: ['1'],
        make: () => {
          const [before, after] = exportA([page({ id: '9', title: 'Bomb', spaceId: '100', status: 'current' }), bodyContent({ id: '999', pageId: '9', body: 'BOMB' })]).split('BOMB');
          return zipBuffer([['entities.xml', Buffer.concat([Buffer.from(before), Buffer.alloc(24 * 1024 * 1024, 0x41), Buffer.from(after)])]]);
        },
      },
      {
        name: 'truncated XML',
        code: 'export-truncated-xml',
        exit: 1,
        pages: ['1'],
        make: async () => {
          const xml = exportA();
          return xml.slice(0, xml.indexOf('<object class="Page" package="com.atlassian.confluence.pages">\n    <id name="id">2<') + 30);
        },
      },
      {
        name: 'control characters',
        code: 'export-control-characters',
        // The page is read whole (a warning): only problems that lose content fail the run.
        exit: 0,
        pages: ['1', '8'],
        make: async () => exportA([page({ id: '8', title: 'Tab\u0008', spaceId: '100', status: 'current' }), bodyContent({ id: '908', pageId: '8', body: `<p>bell\u0007</p>${NAVMAP}` })]),
      },
      {
        name: 'wiki-markup body',
        code: 'export-wiki-markup-body',
        exit: 0,
        pages: ['1'],
        make: async () => exportA([page({ id: '8', title: 'Wiki', spaceId: '100', status: 'current' }), bodyContent({ id: '908', pageId: '8', body: 'h1. Title\n{navmap}', bodyType: 0 })]),
      },
      {
        name: 'duplicate page ids',
        code: 'export-duplicate-page-id',
        exit: 1,
        pages: ['1'],
        make: async () => exportA([page({ id: '1', title: 'Start again', spaceId: '100', status: 'current' })]),
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const data = await c.make();
        const file = write(Buffer.isBuffer(data) ? 'in.zip' : 'in.xml', data);
        const before = fingerprint(file);
        const r = runCli(['lint', '--rule', 'legacy-macro', '--format', 'json', path.basename(file)], tmp.dir);
        assert.equal(r.code, c.exit, r.stderr + r.stdout);
        const exp = JSON.parse(r.stdout).exports[0];
        assert.ok(exp.problems.some((p: { ruleId: string; message: string }) => p.ruleId === c.code && p.message.length > 10), JSON.stringify(exp.problems));
        assert.deepEqual(exp.pages.map((p: { pageId: string }) => p.pageId), c.pages);
        const text = runCli(['lint', '--rule', 'legacy-macro', path.basename(file)], tmp.dir);
        assert.match(text.stdout, new RegExp(`^${path.basename(file)}(!/\\S+)?: \\w+ ${c.code} `, 'm'));
        assert.deepEqual(fingerprint(file), before);
        assert.deepEqual(fs.readdirSync(tmp.dir).sort(), [path.basename(file)]);
      });
    }

    let zipHalf: Buffer;
    before(async () => {
      const zip = await zipBuffer([['entities.xml', exportA()], ['exportDescriptor.properties', 'x=1\n']]);
      zipHalf = zip.subarray(0, Math.floor(zip.length / 2));
    });

    it('exit 2 only when nothing could be read at all; 1 when one of two exports is unreadable', () => {
      write('a.xml', exportA());
      // Half a zip: the central directory is gone, nothing at all can be read.
      write('junk.zip', zipHalf);
      const one = runCli(['lint', 'junk.zip'], tmp.dir);
      assert.equal(one.code, 2, one.stdout + one.stderr);
      assert.match(one.stdout, /^junk\.zip:1:1: error export-unreadable /m);
      const two = runCli(['lint', 'junk.zip', 'a.xml'], tmp.dir);
      assert.equal(two.code, 1);
      assert.ok(located(two.stdout).includes('a.xml!/DOC/1:2:1: warning legacy-macro'));
    });
  });
});
