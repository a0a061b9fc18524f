/**
 * user-reference on ADF: mentions whose id is not an account id, reported on the id's string
 * literal and fixed from userMap.
 */
import { strict as assert } from 'node:assert';
import { adfText, doc, node, p } from '../../helpers/adf-builder';
import { corpusDocuments, fixAll, run } from './run';

const RULE = ['user-reference'];
const mention = (id: string, extra: Record<string, unknown> = {}) => node('mention', { id, text: '@someone', ...extra });
const userMap = { jsmith: '5b10ac8d82e05b22cc7d4ef5', ff80808156e241950156e468e9510003: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077' };

describe('ADF: user-reference', () => {
  it('reports mentions by username or user key on the id literal', () => {
    const t = adfText(doc(p('hi ', mention('jsmith'), ' and ', mention('ff80808156e241950156e468e9510003'), ' and ', mention('nobody'))));
    const { hits, problems } = run(RULE, t, { userMap });
    assert.deepEqual(hits, ['"jsmith"', '"ff80808156e241950156e468e9510003"', '"nobody"']);
    assert.equal(problems[0].start, t.indexOf('"id": "jsmith"') + '"id": '.length);
    assert.deepEqual(problems.map((pr) => pr.data), [{ user: 'jsmith' }, { user: 'ff80808156e241950156e468e9510003' }, { user: 'nobody' }]);
    assert.deepEqual(problems.map((pr) => pr.fix !== undefined), [true, true, false]);
  });

  it('fixes to the mapped account ids; the output lints without fixable problems', () => {
    const t = adfText(doc(p(mention('jsmith'), ' ', mention('ff80808156e241950156e468e9510003'), ' ', mention('nobody'))));
    const fixed = fixAll(RULE, t, { userMap });
    assert.equal(
      fixed,
      adfText(doc(p(mention('5b10ac8d82e05b22cc7d4ef5'), ' ', mention('557058:f58131cb-b67d-43c7-b30d-6b58d40bd077'), ' ', mention('nobody')))),
    );
    const again = run(RULE, fixed, { userMap });
    assert.deepEqual(again.hits, ['"nobody"']);
    assert.equal(again.problems[0].fix, undefined);
  });

  it('escapes the replacement and finds ids written with escapes', () => {
    const t = JSON.stringify(doc(p(mention('j\u00f6rg')))).replace('\u00f6', '\\u00f6');
    assert.ok(t.includes('j\\u00f6rg'));
    const { hits, problems } = run(RULE, t, { userMap: { 'j\u00f6rg': 'odd"id' } });
    assert.deepEqual(hits, ['"j\\u00f6rg"']);
    assert.equal(problems[0].fix!.text, '"odd\\"id"');
  });

  it('leaves account ids and special mentions alone', () => {
    const t = adfText(
      doc(p(mention('5b10ac8d82e05b22cc7d4ef5'), mention('70121:5e8e6032-7f3d-4cfa-a4f7-c1bce3f8f06a'), mention('all', { userType: 'SPECIAL' }), mention('here'))),
    );
    assert.deepEqual(run(RULE, t, { userMap }).problems, []);
  });

  it('gives no false positives on real Cloud pages', () => {
    for (const [name, t] of corpusDocuments()) assert.deepEqual(run(RULE, t).problems, [], name);
  });
});
