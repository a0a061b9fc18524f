/**
 * Fixes built on first read: a rule may report `fix` as a function (legacy-macro does, its
 * rewrites copy whole macros), and the Problem then holds a property that builds the fix once.
 * Readers must not be able to tell: the same plain `{ start, end, text }`, the same key order,
 * JSON, structured clone and deep equality as a fix reported as data.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lint, lintDocument } from '../../server/src/core/lint';
import legacyMacro from '../../server/src/core/rules/legacy-macro';
import type { Rule } from '../../server/src/core/rules/rule';
import { parseStorage } from '../../server/src/core/storage/parser';
import { REWRITE_EXPANSION, REWRITE_OVERHEAD } from '../../server/src/core/storage/storage-writer';
import type { Fix, Problem } from '../../server/src/core/types';
import { CORPUS } from '../helpers/shared';

const FIX: Fix = { start: 1, end: 3, text: 'xy' };

/** A fixable rule reporting one problem with the given fix (data or function). */
function ruleWith(fix: Fix | (() => Fix)): Rule {
  return {
    id: 'xml-syntax',
    description: '',
    docs: '',
    defaultSeverity: 'warning',
    fixable: true,
    storage: (ctx) => ctx.report({ start: 1, end: 3, message: 'm', fix, fixTitle: 't', data: { a: 1 } }),
  };
}

const lintWith = (fix: Fix | (() => Fix)) => lintDocument(parseStorage('<p>abc</p>'), { rules: [ruleWith(fix)] });

function pages(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...pages(path));
    else if (entry.endsWith('.storage.xhtml') && !entry.endsWith('.fixed.storage.xhtml')) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

describe('fixes built on first read', () => {
  it('builds the fix once, on first read, and then holds it as data', () => {
    let builds = 0;
    const [problem] = lintWith(() => {
      builds++;
      return { ...FIX };
    });
    assert.equal(builds, 0);
    assert.deepEqual(Object.keys(problem), ['ruleId', 'severity', 'start', 'end', 'message', 'fix', 'fixTitle', 'data']);
    const fix = problem.fix;
    assert.equal(builds, 1);
    assert.equal(problem.fix, fix);
    assert.equal(builds, 1);
    assert.deepEqual(Object.getOwnPropertyDescriptor(problem, 'fix'), { value: FIX, writable: true, enumerable: true, configurable: true });
  });

  it('looks like a fix reported as data to JSON, structured clones, spreads and deep equality', () => {
    const eager = lintWith(FIX);
    for (const read of [JSON.stringify, structuredClone, (ps: Problem[]) => ps.map((p) => ({ ...p })), (ps: Problem[]) => ps]) {
      assert.deepEqual(read(lintWith(() => ({ ...FIX }))), read(eager));
    }
    assert.equal(JSON.stringify(lintWith(() => ({ ...FIX }))), JSON.stringify(eager));
  });

  it('can be replaced before it is read, like a data property', () => {
    const [problem] = lintWith(() => assert.fail('built although replaced')) as { fix?: Fix }[];
    problem.fix = undefined;
    assert.equal(problem.fix, undefined);
    assert.ok('fix' in problem);
  });

  describe('legacy-macro rewrites, over our fixtures and the shared corpus', () => {
    const all = [...pages(join(__dirname, '../fixtures/storage')), ...pages(join(CORPUS, 'storage'))];
    const fixed = all.flatMap((text) => lint(text, 'storage', { rules: [legacyMacro] }).problems.filter((p) => 'fix' in p));

    it('found rewrites to check', () => assert.ok(fixed.length > 50, `${fixed.length} fixes`));

    it('gives plain { start, end, text } data, the same object on every read', () => {
      for (const p of fixed) {
        const fix = p.fix!;
        assert.deepEqual(Object.keys(fix), ['start', 'end', 'text']);
        assert.equal(typeof fix.text, 'string');
        assert.equal(p.fix, fix);
      }
    });

    it('stays within the bound that lets the rule skip building fixes for its budget', () => {
      for (const { fix } of fixed) assert.ok(fix!.text.length <= REWRITE_EXPANSION * (fix!.end - fix!.start) + REWRITE_OVERHEAD);
    });
  });

  it('stays within that bound when every decoded character is escaped again', () => {
    const amps = '<![CDATA[' + '&'.repeat(1000) + ']]>';
    const panel = (name: string) =>
      `<ac:structured-macro ac:name="${name}" ac:local-id="${'&amp;'.repeat(50)}">` +
      ['title', 'bgColor', 'panelIcon', 'panelIconId', 'panelIconText'].map((n) => `<ac:parameter ac:name="${n}">${amps}</ac:parameter>`).join('') +
      '</ac:structured-macro>';
    for (const name of ['panel', 'info']) {
      const [p] = lint(panel(name), 'storage', { rules: [legacyMacro] }).problems;
      const { fix } = p;
      assert.ok(fix, name);
      if (name === 'panel') assert.ok(fix.text.length > 3 * (fix.end - fix.start), 'the worst case is exercised');
      assert.ok(fix.text.length <= REWRITE_EXPANSION * (fix.end - fix.start) + REWRITE_OVERHEAD, name);
    }
  });

  it('shares one fix object between a section and its columns', () => {
    const column = '<ac:structured-macro ac:name="column"><ac:rich-text-body><p>c</p></ac:rich-text-body></ac:structured-macro>';
    const text = `<ac:structured-macro ac:name="section"><ac:rich-text-body>${column}${column}</ac:rich-text-body></ac:structured-macro>`;
    const found = lint(text, 'storage', { rules: [legacyMacro] }).problems;
    assert.deepEqual(found.map((p) => p.data?.macro), ['section', 'column', 'column']);
    assert.ok(found[0].fix && found.every((p) => p.fix === found[0].fix));
  });
});
