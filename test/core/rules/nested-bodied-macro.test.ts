import { strict as assert } from 'node:assert';
import { lint } from '../../../server/src/core/lint';
import rule from '../../../server/src/core/rules/nested-bodied-macro';
import { adfSchema } from '../../../server/src/core/adf/pm-schema';
import { walkAdfPlacements, type AdfPlacement } from '../../../server/src/core/storage/adf-kind';
import { parseStorage } from '../../../server/src/core/storage/parser';

const problems = (text: string) => lint(text, 'storage', { rules: [rule] }).problems;
const pairs = (text: string) => problems(text).map((p) => `${p.data?.parent}>${p.data?.child}`);

function placements(text: string): AdfPlacement[] {
  const out: AdfPlacement[] = [];
  walkAdfPlacements(parseStorage(text), (p) => out.push(p));
  return out;
}
const shape = (text: string) => placements(text).map((p) => `${p.parentType}>${p.type}`);

const macro = (name: string, body = '') =>
  `<ac:structured-macro ac:name="${name}"><ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;
const code = '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[x]]></ac:plain-text-body></ac:structured-macro>';
const table = (cell: string) => `<table><tbody><tr><td>${cell}</td></tr></tbody></table>`;

describe('storage/adf-kind: storage → ADF placements', () => {
  it('maps HTML blocks, skipping wrappers', () => {
    assert.deepEqual(shape('<div><h2>t</h2><ul><li><p>a</p></li></ul><ol><li>b</li></ol></div><blockquote><p>q</p></blockquote><pre>c</pre><hr />'), [
      'doc>heading', 'doc>bulletList', 'bulletList>listItem', 'listItem>paragraph', 'doc>orderedList', 'orderedList>listItem',
      'doc>blockquote', 'blockquote>paragraph', 'doc>codeBlock', 'doc>rule',
    ]);
    assert.deepEqual(shape('<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>'), [
      'doc>table', 'table>tableRow', 'tableRow>tableHeader', 'table>tableRow', 'tableRow>tableCell',
    ]);
  });

  it('maps macros: native nodes, expand vs nestedExpand, bodied and inline extensions', () => {
    assert.deepEqual(shape(macro('info', code) + macro('panel') + macro('expand', macro('expand', table(macro('expand'))))), [
      'doc>panel', 'panel>codeBlock', 'doc>panel', 'doc>expand', 'expand>nestedExpand', 'nestedExpand>table', 'table>tableRow',
      'tableRow>tableCell', 'tableCell>nestedExpand',
    ]);
    assert.deepEqual(shape(macro('details', '<p>x <ac:structured-macro ac:name="anchor" /></p>') + '<ac:structured-macro ac:name="toc" />'), [
      'doc>bodiedExtension', 'bodiedExtension>paragraph', 'paragraph>inlineExtension', 'doc>extension',
    ]);
    assert.deepEqual(shape(macro('section', macro('column', '<p>a</p>'))), ['doc>layoutSection', 'layoutSection>layoutColumn', 'layoutColumn>paragraph']);
    assert.deepEqual(shape('<ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[<p>not markup</p>]]></ac:plain-text-body></ac:structured-macro>'), ['doc>codeBlock']);
  });

  it('maps Cloud constructs: layouts, tasks, ac:adf-node panels and decisions', () => {
    assert.deepEqual(shape('<ac:layout><ac:layout-section ac:type="single"><ac:layout-cell><p>a</p></ac:layout-cell></ac:layout-section></ac:layout>'), [
      'doc>layoutSection', 'layoutSection>layoutColumn', 'layoutColumn>paragraph',
    ]);
    assert.deepEqual(
      shape('<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-body>a<ac:task-list><ac:task><ac:task-body>b</ac:task-body></ac:task></ac:task-list></ac:task-body></ac:task></ac:task-list>'),
      ['doc>taskList', 'taskList>taskItem', 'taskList>taskList', 'taskList>taskItem'],
    );
    assert.deepEqual(
      shape('<ac:adf-extension><ac:adf-node type="decision-list"><ac:adf-node type="decision-item"><ac:adf-attribute key="state">DECIDED</ac:adf-attribute><ac:adf-content>d</ac:adf-content></ac:adf-node></ac:adf-node><ac:adf-fallback><p>copy</p></ac:adf-fallback></ac:adf-extension>'),
      ['doc>decisionList', 'decisionList>decisionItem'],
    );
  });

  it('lifts blocks out of paragraphs and leaves inline nodes with their textblock', () => {
    const found = placements(`<ul><li><p>a ${macro('note')} <ac:emoticon ac:name="smile" /><br /></p></li></ul>`);
    assert.deepEqual(found.map((p) => `${p.parentType}>${p.type}${p.inline ? ' (inline)' : ''}`), [
      'doc>bulletList', 'bulletList>listItem', 'listItem>paragraph', 'listItem>panel', 'paragraph>emoji (inline)', 'paragraph>hardBreak (inline)',
    ]);
    assert.equal(found[3].parentElement?.name, 'li');
  });

  it('is not fooled by names that are Object.prototype members', () => {
    const text = ['constructor', 'toString', '__proto__'].map((n) => `<${n}><ac:structured-macro ac:name="${n}" /><ac:adf-extension><ac:adf-node type="${n}" /></ac:adf-extension></${n}>`).join('');
    assert.deepEqual(shape(text), ['doc>extension', 'doc>extension', 'doc>extension']);
  });

  it('only produces node types the official schema knows', () => {
    const text =
      '<h1>h</h1><p>a<br /><time datetime="2024-01-01" /><ac:emoticon ac:name="smile" /><ac:placeholder>x</ac:placeholder><ac:image><ri:url ri:value="u" /></ac:image></p>' +
      '<ac:image><ri:url ri:value="u" /></ac:image>' + macro('info') + macro('expand', macro('expand')) + macro('excerpt') + macro('section', macro('column')) +
      '<p><ac:structured-macro ac:name="status" /><ac:structured-macro ac:name="anchor" /></p><ac:structured-macro ac:name="toc" /><hr /><pre>p</pre>' +
      '<ac:task-list><ac:task><ac:task-body>t</ac:task-body></ac:task></ac:task-list><blockquote><p>q</p></blockquote>' + table('<ol><li>x</li></ol>');
    const types = new Set(placements(text).map((p) => p.type));
    assert.equal(types.size, 27);
    for (const t of types) assert.ok(t in adfSchema.nodes, t);
  });
});

describe('nested-bodied-macro', () => {
  it('reports the inner construct on its start tag with parent and child', () => {
    const inner = '<ac:structured-macro ac:name="note">';
    const text = `<ac:structured-macro ac:name="info"><ac:rich-text-body>${inner}<ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro></ac:rich-text-body></ac:structured-macro>`;
    const [p, ...rest] = problems(text);
    assert.equal(rest.length, 0);
    const start = text.indexOf(inner);
    assert.deepEqual([p.ruleId, p.start, p.end], ['nested-bodied-macro', start, start + inner.length]);
    assert.deepEqual(p.data, { parent: 'panel', child: 'panel' });
    assert.equal(p.fix, undefined);
  });

  it('flags what the schema forbids', () => {
    assert.deepEqual(pairs(macro('tip', macro('warning'))), ['panel>panel']);
    assert.deepEqual(pairs(macro('expand', macro('expand', macro('expand')))), ['nestedExpand>nestedExpand']);
    assert.deepEqual(pairs(macro('panel', '<ac:layout><ac:layout-section ac:type="single"><ac:layout-cell><p>a</p></ac:layout-cell></ac:layout-section></ac:layout>')), ['panel>layoutSection']);
    assert.deepEqual(pairs(macro('info', macro('section', macro('column')))), ['panel>layoutSection']);
    assert.deepEqual(pairs(macro('info', macro('column'))), ['panel>layoutColumn']);
    assert.deepEqual(pairs(table(table('x'))), ['tableCell>table']);
    assert.deepEqual(pairs(`<ul><li>${macro('info')}</li><li>${table('x')}</li><li><h2>h</h2></li><li>${macro('expand')}</li></ul>`), [
      'listItem>panel', 'listItem>table', 'listItem>heading', 'listItem>expand',
    ]);
    assert.deepEqual(pairs(macro('excerpt', macro('details'))), ['bodiedExtension>bodiedExtension']);
    assert.deepEqual(pairs(macro('details', macro('expand'))), ['bodiedExtension>expand']);
    assert.deepEqual(pairs(`<blockquote>${macro('info')}</blockquote>`), ['blockquote>panel']);
  });

  it('does not flag what Cloud represents', () => {
    const fine = [
      macro('info', code),
      table(macro('note') + macro('expand', '<p>x</p>') + code),
      `<table><tbody><tr><th>${macro('panel')}</th></tr></tbody></table>`,
      macro('expand', table('x') + macro('expand')),
      `<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>${macro('info') + macro('expand')}</ac:layout-cell><ac:layout-cell>${macro('details') + code}</ac:layout-cell></ac:layout-section></ac:layout>`,
      macro('section', '<p class="auto-cursor-target"><br /></p>' + macro('column', macro('info'))),
      macro('excerpt', macro('info')),
      `<ul><li><p>a <ac:structured-macro ac:name="status" /></p><ul><li>b</li></ul>${code}<ac:structured-macro ac:name="jira" /></li></ul>`,
      '<ac:adf-extension><ac:adf-node type="panel"><ac:adf-content><p>x</p></ac:adf-content></ac:adf-node><ac:adf-fallback><div>' + macro('info', macro('info')) + '</div></ac:adf-fallback></ac:adf-extension>',
      '<ac:structured-macro ac:name="gallery"><ac:image><ri:attachment ri:filename="a.png" /></ac:image></ac:structured-macro>',
    ];
    for (const text of fine) assert.deepEqual(problems(text), [], text);
  });
});
