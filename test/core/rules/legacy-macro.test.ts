import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../server/src/core/config';
import { applyFixes } from '../../../server/src/core/fixes';
import { lint } from '../../../server/src/core/lint';
import rule from '../../../server/src/core/rules/legacy-macro';
import { columnShares, layoutTypeForWidths } from '../../../server/src/core/storage/layout-fix';
import { asMacro } from '../../../server/src/core/storage/macro';
import { parseStorage } from '../../../server/src/core/storage/parser';
import { textContent } from '../../../server/src/core/storage/walk';
import type { Problem } from '../../../server/src/core/types';
import { doc as adfDoc, node as adfNode, p as adfP } from '../../helpers/adf-builder';

const problems = (text: string, config = resolveConfig({}).config): Problem[] =>
  lint(text, 'storage', { rules: [rule], config }).problems;

/** The page after applying the one fix of the one problem reported at `start`. */
function fixedAt(text: string, start = 0): string {
  const problem = problems(text).find((p) => p.start === start);
  assert.ok(problem?.fix, `no fix at ${start}`);
  return applyFixes(text, [problem.fix]).text;
}

const PANEL = (type: string, content: string, color?: string) =>
  '<ac:adf-extension><ac:adf-node type="panel">' +
  `<ac:adf-attribute key="panel-type">${type}</ac:adf-attribute>` +
  (color ? `<ac:adf-attribute key="panel-color">${color}</ac:adf-attribute>` : '') +
  `<ac:adf-content>${content}</ac:adf-content></ac:adf-node></ac:adf-extension>`;

describe('legacy-macro', () => {
  it('reports on the start tag with macro and equivalent in data', () => {
    const text = '<p>x</p><ac:structured-macro ac:name="rss"><ac:parameter ac:name="url">u</ac:parameter></ac:structured-macro>';
    const [p] = problems(text);
    assert.equal(p.ruleId, 'legacy-macro');
    assert.deepEqual([p.start, p.end], [8, 8 + '<ac:structured-macro ac:name="rss">'.length]);
    assert.deepEqual(p.data, { macro: 'rss', equivalent: 'none: remove or replace' });
    assert.equal(p.fix, undefined);
  });

  it('follows the legacyMacros setting (add and remove)', () => {
    const { config } = resolveConfig({ legacyMacros: { add: { mine: 'a panel' }, remove: ['info'] } });
    const text = '<ac:structured-macro ac:name="info" /><ac:structured-macro ac:name="mine" />';
    assert.deepEqual(problems(text, config).map((p) => [p.start, p.data?.macro, p.data?.equivalent]), [[38, 'mine', 'a panel']]);
  });

  describe('callouts → panels: the colour mapping', () => {
    for (const [macro, panelType] of [['info', 'info'], ['tip', 'success'], ['note', 'warning'], ['warning', 'error']]) {
      it(`${macro} → ${panelType}`, () => {
        const text = `<ac:structured-macro ac:name="${macro}"><ac:rich-text-body><p>Body</p></ac:rich-text-body></ac:structured-macro>`;
        assert.equal(fixedAt(text), PANEL(panelType, '<p>Body</p>'));
      });
    }

    it('turns the title into an escaped bold first paragraph and drops icon', () => {
      const text =
        '<ac:structured-macro ac:name="note"><ac:parameter ac:name="title">A &amp; B &lt;c&gt; &quot;d&quot;</ac:parameter>' +
        '<ac:parameter ac:name="icon">false</ac:parameter><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>';
      assert.equal(fixedAt(text), PANEL('warning', '<p><strong>A &amp; B &lt;c&gt; "d"</strong></p><p>x</p>'));
    });

    it('gives an empty callout an empty paragraph', () => {
      assert.equal(fixedAt('<ac:structured-macro ac:name="tip" />'), PANEL('success', '<p />'));
    });

    it('offers no fix when the macro holds content outside its body', () => {
      const text = '<ac:structured-macro ac:name="info">loose<ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>';
      const [p] = problems(text);
      assert.equal(p.fix, undefined);
      assert.match(p.message, /No automatic fix/);
    });
  });

  describe('panel → custom panel', () => {
    it('keeps bgColor as panel-color, the title as bold paragraph, and drops borders', () => {
      const text =
        '<ac:structured-macro ac:name="panel"><ac:parameter ac:name="title">T</ac:parameter>' +
        '<ac:parameter ac:name="bgColor">#DEEBFF</ac:parameter><ac:parameter ac:name="borderColor">#000</ac:parameter>' +
        '<ac:parameter ac:name="borderStyle">solid</ac:parameter><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>';
      assert.equal(fixedAt(text), PANEL('custom', '<p><strong>T</strong></p><p>x</p>', '#DEEBFF'));
      assert.match(problems(text)[0].fixTitle!, /border/);
    });

    it('keeps the icon parameters Cloud writes and the local id', () => {
      const text =
        '<ac:structured-macro ac:name="panel" ac:local-id="abc"><ac:parameter ac:name="panelIcon">:rocket:</ac:parameter>' +
        '<ac:parameter ac:name="panelIconId">1f680</ac:parameter><ac:parameter ac:name="panelIconText">🚀</ac:parameter>' +
        '<ac:parameter ac:name="bgColor">#F4F5F7</ac:parameter><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>';
      assert.equal(
        fixedAt(text),
        '<ac:adf-extension><ac:adf-node type="panel"><ac:adf-attribute key="panel-type">custom</ac:adf-attribute>' +
          '<ac:adf-attribute key="panel-color">#F4F5F7</ac:adf-attribute><ac:adf-attribute key="panel-icon">:rocket:</ac:adf-attribute>' +
          '<ac:adf-attribute key="panel-icon-id">1f680</ac:adf-attribute><ac:adf-attribute key="panel-icon-text">🚀</ac:adf-attribute>' +
          '<ac:adf-attribute key="local-id">abc</ac:adf-attribute><ac:adf-content><p>x</p></ac:adf-content></ac:adf-node></ac:adf-extension>',
      );
    });

    it('writes no colour when the panel has none', () => {
      const text = '<ac:structured-macro ac:name="panel"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>';
      assert.equal(fixedAt(text), PANEL('custom', '<p>x</p>'));
    });
  });

  describe('noformat → code block', () => {
    it('writes a code macro without language and drops nopanel', () => {
      const text =
        '<ac:structured-macro ac:name="noformat" ac:macro-id="m"><ac:parameter ac:name="nopanel">true</ac:parameter>' +
        '<ac:plain-text-body><![CDATA[a  <b> & c]]></ac:plain-text-body></ac:structured-macro>';
      assert.equal(
        fixedAt(text),
        '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a  <b> & c]]></ac:plain-text-body></ac:structured-macro>',
      );
    });

    it('keeps a ]]> inside the content split across CDATA sections', () => {
      const body = '<![CDATA[x]]]]><![CDATA[>y]]>';
      const text = `<ac:structured-macro ac:name="noformat"><ac:plain-text-body>${body}</ac:plain-text-body></ac:structured-macro>`;
      const fixed = fixedAt(text);
      assert.equal(fixed, `<ac:structured-macro ac:name="code"><ac:plain-text-body>${body}</ac:plain-text-body></ac:structured-macro>`);
      const parsed = parseStorage(fixed);
      assert.deepEqual(parsed.errors, []);
      const code = asMacro(parsed.root.children[0] as never)!;
      assert.equal(textContent(code.plainBody!), 'x]]>y');
    });

    it('gives an empty noformat an empty CDATA body', () => {
      assert.equal(
        fixedAt('<ac:macro ac:name="noformat" />'),
        '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[]]></ac:plain-text-body></ac:structured-macro>',
      );
    });
  });

  describe('section/column → layout', () => {
    const column = (width: string | undefined, body: string) =>
      '<ac:structured-macro ac:name="column">' +
      (width === undefined ? '' : `<ac:parameter ac:name="width">${width}</ac:parameter>`) +
      `<ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;
    const section = (...inner: string[]) =>
      `<ac:structured-macro ac:name="section"><ac:rich-text-body>${inner.join('')}</ac:rich-text-body></ac:structured-macro>`;
    const layout = (type: string, ...cells: string[]) =>
      `<ac:layout><ac:layout-section ac:type="${type}">${cells.map((c) => `<ac:layout-cell>${c}</ac:layout-cell>`).join('')}</ac:layout-section></ac:layout>`;

    it('chooses the type from the widths', () => {
      const cases: [(string | undefined)[], string][] = [
        [[undefined], 'single'],
        [['100%'], 'single'],
        [[undefined, undefined], 'two_equal'],
        [['50%', '50%'], 'two_equal'],
        [['30%', '70%'], 'two_left_sidebar'],
        [['33%', undefined], 'two_left_sidebar'],
        [['200px', '400px'], 'two_left_sidebar'],
        [['70%', '30%'], 'two_right_sidebar'],
        [['600', '300'], 'two_right_sidebar'],
        [['45%', '55%'], 'two_equal'],
        [['30%', '200px'], 'two_equal'], // mixed units: no basis for a sidebar
        [[undefined, undefined, undefined], 'three_equal'],
        [['25%', '50%', '25%'], 'three_with_sidebars'],
        [['25%', undefined, '25%'], 'three_with_sidebars'],
        [['200px', '400px', '200px'], 'three_with_sidebars'],
        [['30%', '40%', '30%'], 'three_equal'],
        [['wide', 'narrow'], 'two_equal'],
      ];
      for (const [widths, type] of cases) assert.equal(layoutTypeForWidths(widths), type, JSON.stringify(widths));
      assert.equal(layoutTypeForWidths(['1', '1', '1', '1']), undefined);
      assert.deepEqual(columnShares(['20%', undefined, undefined]), [20, 40, 40]);
    });

    it('moves column bodies into cells and keeps content between columns', () => {
      const text = section('<p class="auto-cursor-target"><br /></p>', column('30%', '<p>L</p>'), '<p>mid</p>', column('70%', '<p>R</p>'), 'tail');
      assert.equal(fixedAt(text), layout('two_left_sidebar', '<p>L</p><p>mid</p>', '<p>R</p>tail'));
    });

    it('puts content before the first column into the first cell, and fills empty cells', () => {
      const text = section('<p>lead</p>', column(undefined, '<p>a</p>'), column(undefined, ' '));
      assert.equal(fixedAt(text), layout('two_equal', '<p>lead</p><p>a</p>', '<p />'));
    });

    it('turns a section without columns into a single layout', () => {
      assert.equal(fixedAt(section('<p>only</p>')), layout('single', '<p>only</p>'));
    });

    it('offers the section fix on its columns too, and applies it once', () => {
      const text = section(column('25%', '<p>a</p>'), column(undefined, '<p>b</p>'), column('25%', '<p>c</p>'));
      const found = problems(text);
      assert.deepEqual(found.map((p) => p.data?.macro), ['section', 'column', 'column', 'column']);
      assert.ok(found.every((p) => p.fix && p.fix.start === 0 && p.fix.end === text.length && p.fix.text === found[0].fix!.text));
      const { text: fixed, applied } = applyFixes(text, found.map((p) => p.fix!));
      assert.equal(applied.length, 1);
      assert.equal(fixed, layout('three_with_sidebars', '<p>a</p>', '<p>b</p>', '<p>c</p>'));
    });

    it('offers no fix for more than three columns, a nested section, or a lone column', () => {
      const four = section(...['a', 'b', 'c', 'd'].map((x) => column(undefined, `<p>${x}</p>`)));
      const nested = `<ac:structured-macro ac:name="info"><ac:rich-text-body>${section(column(undefined, '<p>x</p>'))}</ac:rich-text-body></ac:structured-macro>`;
      const lone = column(undefined, '<p>x</p>');
      assert.ok(problems(four).every((p) => !p.fix));
      const nestedSection = problems(nested).find((p) => p.data?.macro === 'section')!;
      assert.equal(nestedSection.fix, undefined);
      assert.match(nestedSection.message, /top level/);
      assert.equal(problems(lone)[0].fix, undefined);
    });
  });

  it('keeps every text run, in order, through every kind of fix', () => {
    const text =
      '<ac:structured-macro ac:name="section"><ac:rich-text-body><p>s0</p><ac:structured-macro ac:name="column"><ac:rich-text-body><p>s1</p>' +
      '<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">t1</ac:parameter><ac:rich-text-body><p>i1 &amp; i2</p></ac:rich-text-body></ac:structured-macro>' +
      '</ac:rich-text-body></ac:structured-macro><p>s2</p></ac:rich-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="panel"><ac:rich-text-body><p>p1</p><ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[n1]]></ac:plain-text-body></ac:structured-macro></ac:rich-text-body></ac:structured-macro>';
    let current = text;
    for (let i = 0; i < 5; i++) {
      const fixes = problems(current).flatMap((p) => (p.fix ? [p.fix] : []));
      if (fixes.length === 0) break;
      current = applyFixes(current, fixes).text;
    }
    assert.equal(problems(current).length, 0);
    assert.deepEqual(parseStorage(current).errors, []);
    // The panel types ("info", "custom") are new text, inside ac:adf-attribute elements.
    assert.equal(textContent(parseStorage(current).root), 's0s1infot1i1 & i2s2customp1n1');
  });

  it('bounds the fix text of deeply nested macros: the outer ones first', () => {
    const depth = 3000;
    const text = '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>x</p>'.repeat(depth) + '</ac:rich-text-body></ac:structured-macro>'.repeat(depth);
    const found = problems(text);
    assert.equal(found.length, depth);
    const withFix = found.filter((p) => p.fix).length;
    assert.ok(withFix > 0 && withFix < depth, `${withFix} fixes`);
    assert.ok(found.slice(0, withFix).every((p) => p.fix) && found.slice(withFix).every((p) => !p.fix));
    const spent = found.reduce((sum, p) => sum + (p.fix?.text.length ?? 0), 0);
    assert.ok(spent <= Math.max(1 << 20, 8 * text.length), `${spent} characters of fix text`);
  });

  it('checks ADF extension nodes of Confluence macros, on their extensionKey', () => {
    const ext = (key: string) =>
      adfNode('extension', { extensionType: 'com.atlassian.confluence.macro.core', extensionKey: key, parameters: {} });
    const json = JSON.stringify(adfDoc(adfP('x'), ext('rss'), ext('toc'), adfNode('extension', { extensionType: 'other.app', extensionKey: 'rss' })));
    const found = lint(json, 'adf', { rules: [rule] }).problems;
    assert.equal(found.length, 1);
    assert.equal(json.slice(found[0].start, found[0].end), '"rss"');
    assert.deepEqual(found[0].data, { macro: 'rss', equivalent: 'none: remove or replace' });
  });
});
