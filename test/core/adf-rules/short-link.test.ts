/**
 * short-link on ADF: link marks, cards and text, at the exact characters inside the JSON
 * strings; link marks and inline/block cards to known pages become title-based Cloud URLs.
 */
import { strict as assert } from 'node:assert';
import type { KnownPage } from '../../../server/src/core/types';
import { adfText, doc, link, node, p, text } from '../../helpers/adf-builder';
import { corpusDocuments, fixAll, run } from './run';

const RULE = ['short-link'];
// /x/LIQHD is page 201819180, /x/h9YS is 1234567, /x/AAAB is 65536 (storage-format.md §5.2).
const PAGES: KnownPage[] = [
  { id: '201819180', title: 'Café & "Co" guide', spaceKey: 'HR' },
  { id: '1234567', title: 'Run Book', spaceKey: 'OPS' },
];
const card = (type: string, url: string) => node(type, { url });

describe('ADF: short-link', () => {
  it('reports link marks, cards and text at the link characters, with the page id', () => {
    const t = adfText(
      doc(
        p('see "x" https://w.example/x/LIQHD. and /x/h9YS', link('https://w.example/x/h9YS#Run+Book-Steps', 'guide')),
        p(card('inlineCard', 'https://w.example/confluence/x/AAAB'), card('inlineCard', 'https://acme.atlassian.net/wiki/x/AAAB')),
        card('blockCard', 'https://w.example/x/LIQHD'),
      ),
    );
    const { hits, problems } = run(RULE, t, {}, PAGES);
    assert.deepEqual(hits, [
      'https://w.example/x/LIQHD',
      '/x/h9YS',
      'https://w.example/x/h9YS#Run+Book-Steps',
      'https://w.example/confluence/x/AAAB',
      'https://w.example/x/LIQHD',
    ]);
    assert.deepEqual(problems.map((pr) => pr.data), [
      { pageId: '201819180', code: 'LIQHD' },
      { pageId: '1234567', code: 'h9YS' },
      { pageId: '1234567', code: 'h9YS' },
      { pageId: '65536', code: 'AAAB' },
      { pageId: '201819180', code: 'LIQHD' },
    ]);
    // Text: report only; the unknown page 65536: report only.
    assert.deepEqual(problems.map((pr) => pr.fix !== undefined), [false, false, true, false, true]);
  });

  it('maps offsets through escapes written in the text', () => {
    // \u00e9 and \" before the link shift every later offset inside the literal.
    const t = JSON.stringify(doc(p('caf\u00e9 "q" https://w.example/x/LIQHD'))).replace('\u00e9', '\\u00e9');
    assert.ok(t.includes('\\u00e9'));
    const { problems } = run(RULE, t);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, t.indexOf('https://w.example/x/LIQHD'));
    assert.equal(problems[0].end, problems[0].start + 'https://w.example/x/LIQHD'.length);
  });

  it('fixes link marks and cards to title-based Cloud URLs, JSON-escaped; the output lints without fixes', () => {
    const t = adfText(
      doc(
        p('go ', link('https://w.example/x/LIQHD', 'there'), ' or ', card('inlineCard', 'https://w.example/x/h9YS#Run+Book-Steps')),
        card('blockCard', 'https://w.example/confluence/x/AAAB'),
      ),
    );
    const fixed = fixAll(RULE, t, {}, PAGES);
    assert.equal(
      fixed,
      adfText(
        doc(
          p('go ', link('/wiki/display/HR/Caf%C3%A9+%26+%22Co%22+guide', 'there'), ' or ', card('inlineCard', '/wiki/display/OPS/Run+Book#Run+Book-Steps')),
          card('blockCard', 'https://w.example/confluence/x/AAAB'),
        ),
      ),
    );
    const again = run(RULE, fixed, {}, PAGES);
    assert.deepEqual(again.hits, ['https://w.example/confluence/x/AAAB']);
    assert.ok(again.problems.every((pr) => pr.fix === undefined));
  });

  it('does not fix embeds, and finds the value when href is written with escapes', () => {
    assert.equal(run(RULE, adfText(doc(card('embedCard', 'https://w.example/x/LIQHD'))), {}, PAGES).problems[0].fix, undefined);
    const t = JSON.stringify(doc(p(link('https://w.example/x/LIQHD', 'a')))).replace('https://w.example/x/', 'https:\\/\\/w.example\\/x\\/');
    assert.ok(t.includes('https:\\/\\/'));
    const { hits, problems } = run(RULE, t, {}, PAGES);
    assert.deepEqual(hits, ['https:\\/\\/w.example\\/x\\/LIQHD']);
    assert.equal(problems[0].fix!.text, JSON.stringify('/wiki/display/HR/Caf%C3%A9+%26+%22Co%22+guide'));
  });

  it('checks a link\'s href, not its visible text (once per link, as in storage)', () => {
    const t = adfText(doc(p(link('https://w.example/x/LIQHD', 'https://w.example/x/LIQHD'))));
    const { problems } = run(RULE, t, {}, PAGES);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].start, t.indexOf('"href": "') + '"href": "'.length);
  });

  it('skips Cloud short links and ordinary URLs', () => {
    const t = adfText(doc(p(link('https://acme.atlassian.net/wiki/x/LIQHD', 'c'), text(' https://w.example/display/A/B'))));
    assert.deepEqual(run(RULE, t, {}, PAGES).problems, []);
  });

  it('gives no false positives on real Cloud pages', () => {
    for (const [name, t] of corpusDocuments()) assert.deepEqual(run(RULE, t).problems, [], name);
  });
});
