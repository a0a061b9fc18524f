import { strict as assert } from 'node:assert';
import { lint } from '../../../server/src/core/lint';
import { applyFixes } from '../../../server/src/core/fixes';
import adfSchemaRule from '../../../server/src/core/rules/adf-schema';
import legacyContentRule from '../../../server/src/core/rules/legacy-content';
import { RULES } from '../../../server/src/core/rules/index';
import { adfText, codeBlock, doc, legacyContent, li, p, panel, table, td, tr, ul, extension } from '../../helpers/adf-builder';

const ADF_RULES = [adfSchemaRule, legacyContentRule];
const run = (t: string) => lint(t, 'adf', { rules: ADF_RULES }).problems;
/** [ruleId, source text of the range] per problem: ranges pinned down exactly, prose not. */
const at = (t: string) => run(t).map((pr) => [pr.ruleId, t.slice(pr.start, pr.end)]);

describe('adf rules', () => {
  it('are registered, sorted by id, and declare fixability honestly', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual([...ids].sort(), ids);
    assert.ok(ids.includes('adf-schema') && ids.includes('legacy-content'));
    assert.equal(adfSchemaRule.fixable, false);
    assert.equal(legacyContentRule.fixable, true);
  });

  describe('adf-schema', () => {
    it('reports the innermost offending node, once per node', () => {
      const inner = panel('note', p('x'));
      const t = adfText(doc(p('ok'), panel('info', inner)));
      assert.deepEqual(at(t), [['adf-schema', adfText(inner).replace(/\n/g, '\n        ')]]);
      const [problem] = run(t);
      assert.deepEqual(problem.data, { source: 'prosemirror', path: 'content/1/content/0' });
    });

    it('reports an attribute problem on the node that carries it', () => {
      const bad = panel('purple', p('x'));
      const t = JSON.stringify(doc(bad));
      assert.deepEqual(at(t), [['adf-schema', JSON.stringify(bad)]]);
      assert.equal(run(t)[0].data!.source, 'json-schema');
    });

    it('reports invalid JSON and non-ADF JSON', () => {
      assert.deepEqual(at('{"type":"doc","version":1,"content":[],}'), [['adf-schema', '}']]);
      assert.deepEqual(at('{"type":"page"}'), [['adf-schema', '{"type":"page"}']]);
    });

    it('is silent on a valid page', () => {
      assert.deepEqual(run(adfText(doc(p('fine'), panel('info', codeBlock('x', 'js'))))), []);
    });
  });

  describe('legacy-content', () => {
    it('unwraps a convertible macro into native nodes, indented like its surroundings', () => {
      const t = adfText(doc(p('before'), legacyContent(doc(panel('info', p('a')), p('b'))), p('after')));
      const problems = run(t);
      assert.deepEqual(problems.map((pr) => pr.ruleId), ['legacy-content']);
      const [problem] = problems;
      assert.equal(t.slice(problem.start, problem.end), adfText(legacyContent(doc(panel('info', p('a')), p('b')))).replace(/\n/g, '\n    '));
      const fixed = applyFixes(t, [problem.fix!]).text;
      assert.equal(fixed, adfText(doc(p('before'), panel('info', p('a')), p('b'), p('after'))));
      // Re-lint: nothing left to fix, and the page is valid ADF.
      assert.deepEqual(run(fixed), []);
    });

    it('keeps compact JSON compact', () => {
      const t = JSON.stringify(doc(legacyContent(doc(p('x'), p('y')))));
      const [problem] = run(t);
      assert.equal(applyFixes(t, [problem.fix!]).text, JSON.stringify(doc(p('x'), p('y'))));
    });

    it('unwraps inside a container, at the container\'s indentation', () => {
      const t = adfText(doc(table(tr(td(legacyContent(doc(p('cell'))))))));
      const [problem] = run(t);
      const fixed = applyFixes(t, [problem.fix!]).text;
      assert.equal(fixed, adfText(doc(table(tr(td(p('cell')))))));
      assert.deepEqual(run(fixed), []);
    });

    it('accepts the nestedContent object form read back from Cloud', () => {
      const lcm = extension('com.atlassian.confluence.migration', 'legacy-content', { nestedContent: doc(p('n')) });
      const t = adfText(doc(lcm));
      const [problem] = run(t);
      assert.equal(applyFixes(t, [problem.fix!]).text, adfText(doc(p('n'))));
    });

    it('offers no fix when unwrapping would break the schema, and says what blocks it', () => {
      // A table inside a list item: exactly what the Cloud editor cannot hold natively.
      const lcm = legacyContent(doc(table(tr(td(p('t'))))));
      const t = adfText(doc(ul(li(p('item'), lcm))));
      const problems = run(t);
      assert.deepEqual(problems.map((pr) => [pr.ruleId, t.slice(pr.start, pr.end), pr.fix]), [
        ['legacy-content', adfText(lcm).replace(/\n/g, '\n            '), undefined],
      ]);
      assert.ok(String(problems[0].data!.blockedBy).length > 0);
    });

    it('reports broken or empty macros without a fix', () => {
      const broken = extension('com.atlassian.confluence.migration', 'legacy-content', { adf: '{not json' });
      const empty = legacyContent(doc());
      const t = adfText(doc(broken, empty));
      const starts = [t.indexOf('{\n      "type": "extension"'), t.lastIndexOf('{\n      "type": "extension"')];
      assert.deepEqual(
        run(t).map((pr) => [pr.ruleId, pr.start, pr.fix]),
        starts.map((start) => ['legacy-content', start, undefined]),
      );
    });

    it('never unwraps a bodied wrapper that has a body of its own (that would drop text)', () => {
      const bodied = {
        type: 'bodiedExtension',
        attrs: { extensionType: 'com.atlassian.confluence.migration', extensionKey: 'legacy-content', parameters: { adf: JSON.stringify(doc(p('inner'))) } },
        content: [p('body text')],
      };
      const t = adfText(doc(bodied));
      assert.deepEqual(run(t).map((pr) => [pr.ruleId, pr.start, pr.fix]), [['legacy-content', t.indexOf('{\n      "type": "bodiedExtension"'), undefined]]);
    });

    it('ignores other extensions', () => {
      const t = adfText(doc(extension('com.atlassian.confluence.macro.core', 'toc')));
      assert.deepEqual(run(t), []);
    });
  });
});
