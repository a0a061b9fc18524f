/**
 * nested-bodied-macro on ADF: the inner node of a nesting the schema forbids, on its "type"
 * value; never on a document the official schema accepts.
 */
import { strict as assert } from 'node:assert';
import {
  adfText, bodiedExtension, codeBlock, doc, expand, layoutColumn, layoutSection, li, nestedExpand, p, panel, table, td, tr, ul,
  type AdfJson,
} from '../../helpers/adf-builder';
import { corpusDocuments, run } from './run';

const RULE = ['nested-bodied-macro'];
const BOTH = ['adf-schema', 'nested-bodied-macro'];

/** Offsets of the `"type": "<type>"` value of the n-th node of that type in pretty-printed text. */
function typeValue(text: string, type: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(`"type": "${type}"`, at + 1);
  const start = at + '"type": '.length;
  return { start, end: start + type.length + 2 };
}

describe('ADF: nested-bodied-macro', () => {
  it('reports a panel in a panel on the inner panel, with parent and child', () => {
    const text = adfText(doc(panel('info', p('a'), panel('note', p('b')))));
    const { problems, hits } = run(RULE, text);
    assert.deepEqual(hits, ['"panel"']);
    assert.deepEqual({ start: problems[0].start, end: problems[0].end }, typeValue(text, 'panel', 1));
    assert.deepEqual(problems[0].data, { parent: 'panel', child: 'panel' });
  });

  it('reports each forbidden nesting once, innermost included', () => {
    const text = adfText(doc(ul(li(p('x'), table(tr(td(p('c'), table(tr(td(p('d')))))))))));
    const { problems } = run(RULE, text);
    assert.deepEqual(problems.map((pr) => pr.data), [
      { parent: 'listItem', child: 'table' },
      { parent: 'tableCell', child: 'table' },
    ]);
    assert.deepEqual(problems.map((pr) => ({ start: pr.start, end: pr.end })), [typeValue(text, 'table', 0), typeValue(text, 'table', 1)]);
  });

  it('finds the type after the content when a writer puts it last', () => {
    const t = '{"content":[{"content":[{"content":[{"text":"b","type":"text"}],"type":"paragraph"}],"attrs":{"panelType":"note"},"type":"panel"}],' +
      '"attrs":{"panelType":"info"},"type":"panel"}';
    const text = `{"content":[${t}],"type":"doc","version":1}`;
    const { problems } = run(RULE, text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, text.indexOf('"panel"'));
    assert.equal(problems[0].end, problems[0].start + '"panel"'.length);
  });

  it('reports layouts below the top level, expands nested twice, bodied macros in bodied macros', () => {
    const cases: [AdfJson, { parent: string; child: string }][] = [
      [panel('info', layoutSection(layoutColumn(50, p('a')), layoutColumn(50, p('b')))), { parent: 'panel', child: 'layoutSection' }],
      [expand('a', nestedExpand('b', nestedExpand('c', p('x')))), { parent: 'nestedExpand', child: 'nestedExpand' }],
      [bodiedExtension('excerpt', bodiedExtension('details', p('x'))), { parent: 'bodiedExtension', child: 'bodiedExtension' }],
    ];
    for (const [content, data] of cases) {
      const { problems } = run(RULE, adfText(doc(content)));
      assert.deepEqual(problems.map((pr) => pr.data), [data]);
    }
  });

  it('is silent on nestings the schema allows', () => {
    const text = adfText(
      doc(
        panel('info', codeBlock('x', 'js'), ul(li(p('a')))),
        table(tr(td(panel('note', p('n')), nestedExpand('e', p('x')), codeBlock('y')))),
        expand('t', table(tr(td(p('c')))), nestedExpand('n', p('x'))),
        layoutSection(layoutColumn(50, bodiedExtension('details', table(tr(td(p('d')))))), layoutColumn(50, expand('e', p('x')))),
      ),
    );
    assert.deepEqual(run(BOTH, text).problems, []);
  });

  it('never reports what adf-schema accepts; each finding lies in a node adf-schema rejects (pairs of common containers)', () => {
    const containers: Record<string, (...c: AdfJson[]) => AdfJson> = {
      panel: (...c) => panel('info', ...c),
      expand: (...c) => expand('e', ...c),
      nestedExpand: (...c) => nestedExpand('n', ...c),
      bodiedExtension: (...c) => bodiedExtension('details', ...c),
      tableCell: (...c) => table(tr(td(...c))),
      listItem: (...c) => ul(li(p('first'), ...c)),
      layoutColumn: (...c) => layoutSection(layoutColumn(50, ...c), layoutColumn(50, p('x'))),
    };
    let reported = 0;
    for (const [parentName, parent] of Object.entries(containers)) {
      for (const [childName, child] of Object.entries(containers)) {
        const text = adfText(doc(parent(p('a'), child(p('b')))));
        const problems = run(BOTH, text).problems;
        const nested = problems.filter((pr) => pr.ruleId === 'nested-bodied-macro');
        const schema = problems.filter((pr) => pr.ruleId === 'adf-schema');
        const label = `${childName} in ${parentName}`;
        if (schema.length === 0) assert.deepEqual(nested, [], label);
        // Each nesting finding lies inside a node the schema check rejects.
        for (const n of nested) assert.ok(schema.some((s) => s.start <= n.start && n.end <= s.end), label);
        reported += nested.length;
      }
    }
    assert.ok(reported > 10, `expected many forbidden pairs, got ${reported}`);
  });

  it('leaves unknown node types to adf-schema', () => {
    const text = adfText(doc(panel('info', { type: 'sparkle', content: [p('x')] })));
    assert.deepEqual(run(RULE, text).problems, []);
  });

  it('gives no false positives on real Cloud pages', () => {
    for (const [name, text] of corpusDocuments()) assert.deepEqual(run(RULE, text).problems, [], name);
  });
});
