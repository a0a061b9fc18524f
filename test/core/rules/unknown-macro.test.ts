import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../server/src/core/config';
import { lint } from '../../../server/src/core/lint';
import rule, { marketplaceApp } from '../../../server/src/core/rules/unknown-macro';
import { doc, node, p } from '../../helpers/adf-builder';

const problems = (text: string, input: unknown = {}) =>
  lint(text, 'storage', { rules: [rule], config: resolveConfig(input).config }).problems;

describe('unknown-macro', () => {
  it('reports on the macro name, with origin and app in data', () => {
    const text = '<p>a</p><ac:structured-macro ac:name="drawio" /><ac:structured-macro ac:name="my-user-macro" />';
    const found = problems(text);
    assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ['drawio', 'my-user-macro']);
    assert.deepEqual(found.map((f) => f.data), [
      { macro: 'drawio', origin: 'marketplace', app: 'draw.io' },
      { macro: 'my-user-macro', origin: 'unknown' },
    ]);
    assert.ok(found.every((f) => f.severity === 'warning' && !f.fix));
  });

  it('ignores built-in, allowed and legacy-listed macros', () => {
    const text = ['toc', 'jira', 'details', 'gliffy', 'mine', 'rss', 'plantuml'].map((n) => `<ac:structured-macro ac:name="${n}" />`).join('');
    assert.deepEqual(problems(text, { allowedMacros: ['gliffy', 'mine'] }).map((f) => f.data?.macro), ['plantuml']);
  });

  it('reports a macro without a name on its start tag', () => {
    const text = '<ac:macro><ac:parameter ac:name="a">b</ac:parameter></ac:macro>';
    const [f] = problems(text);
    assert.deepEqual([f.start, f.end, f.data?.macro], [0, '<ac:macro>'.length, '']);
  });

  it('recognises marketplace families', () => {
    assert.equal(marketplaceApp('scroll-ignore'), 'a Scroll app (K15t)');
    assert.equal(marketplaceApp('table-filter'), 'Table Filter and Charts');
    assert.equal(marketplaceApp('mathblock'), 'LaTeX Math');
    assert.equal(marketplaceApp('my-scroll-thing'), undefined);
  });

  it('checks ADF extensions of Confluence macros on their extensionKey, not their children', () => {
    const ext = (type: string, key: string, ...content: ReturnType<typeof p>[]) =>
      node(type, { extensionType: 'com.atlassian.confluence.macro.core', extensionKey: key }, ...content);
    // The bodied extension lists its content before its attrs: the child's key must not be taken for its own.
    const bodied = {
      type: 'bodiedExtension',
      content: [ext('extension', 'toc'), p('x')],
      attrs: { extensionType: 'com.atlassian.confluence.macro.core', extensionKey: 'ui-steps' },
    };
    const json = JSON.stringify(doc(bodied, ext('extension', 'custom-thing')), null, 1);
    const found = lint(json, 'adf', { rules: [rule] }).problems;
    assert.deepEqual(found.map((f) => json.slice(f.start, f.end)), ['"ui-steps"', '"custom-thing"']);
  });
});
