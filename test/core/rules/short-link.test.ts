import { strict as assert } from 'node:assert';
import { applyFixes } from '../../../server/src/core/fixes';
import { lint } from '../../../server/src/core/lint';
import type { Format, KnownPage, Problem } from '../../../server/src/core/types';
import { ruleById } from '../../../server/src/core/rules/index';

const PAGES: KnownPage[] = [
  { id: '201819180', title: 'Guide', spaceKey: 'HR' },
  { id: '1234567', title: 'Run Book', spaceKey: 'OPS' },
];
const index = { pageById: (id: string) => PAGES.find((p) => p.id === id) };

function run(text: string, format: Format = 'storage'): { problems: Problem[]; hits: string[] } {
  const { problems } = lint(text, format, { rules: [ruleById('short-link')!], index });
  return { problems, hits: problems.map((p) => text.slice(p.start, p.end)) };
}

const fixAll = (text: string) => applyFixes(text, run(text).problems.flatMap((p) => (p.fix ? [p.fix] : []))).text;

describe('short-link rule', () => {
  it('reports the URL inside href and ri:value with the page id as data', () => {
    const page = '<p><a href="https://w.example/x/LIQHD">a</a><ac:link><ri:url ri:value="/x/AAAAAAE" /></ac:link></p>';
    const { hits, problems } = run(page);
    assert.deepEqual(hits, ['https://w.example/x/LIQHD', '/x/AAAAAAE']);
    assert.deepEqual(problems.map((p) => p.data), [
      { pageId: '201819180', code: 'LIQHD' },
      { pageId: '4294967296', code: 'AAAAAAE' },
    ]);
    assert.deepEqual(problems.map((p) => p.fix !== undefined), [true, false]);
  });

  it('keeps link text exactly: plain text in CDATA (with ]]> split), rich content in ac:link-body', () => {
    assert.equal(
      fixAll('<a href="https://w.example/x/LIQHD">a ]]&gt; &amp; b</a>'),
      '<ac:link><ri:page ri:content-title="Guide" ri:space-key="HR"/><ac:plain-text-link-body><![CDATA[a ]]]]><![CDATA[> & b]]></ac:plain-text-link-body></ac:link>',
    );
    assert.equal(
      fixAll('<a href="https://w.example/x/LIQHD"><em>the</em> guide</a>'),
      '<ac:link><ri:page ri:content-title="Guide" ri:space-key="HR"/><ac:link-body><em>the</em> guide</ac:link-body></ac:link>',
    );
    assert.equal(fixAll('<a href="https://w.example/x/LIQHD"></a>'), '<ac:link><ri:page ri:content-title="Guide" ri:space-key="HR"/></ac:link>');
  });

  it('turns a fragment into ac:anchor without the page-title prefix', () => {
    assert.equal(
      fixAll('<a href="/x/h9YS#RunBook-Roll%20back">x</a>'),
      '<ac:link ac:anchor="Roll back"><ri:page ri:content-title="Run Book" ri:space-key="OPS"/><ac:plain-text-link-body><![CDATA[x]]></ac:plain-text-link-body></ac:link>',
    );
    assert.equal(
      fixAll('<ac:link><ri:url ri:value="https://w.example/x/h9YS#top" /></ac:link>'),
      '<ac:link ac:anchor="top"><ri:page ri:content-title="Run Book" ri:space-key="OPS"/></ac:link>',
    );
  });

  it('rewrites bare URLs in text to a link without body, keeping the text around it', () => {
    const page = '<p>see https://w.example/x/LIQHD?focus=1, or /x/h9YS.</p>';
    assert.deepEqual(run(page).hits, ['https://w.example/x/LIQHD?focus=1', '/x/h9YS']);
    assert.equal(
      fixAll(page),
      '<p>see <ac:link><ri:page ri:content-title="Guide" ri:space-key="HR"/></ac:link>, or <ac:link><ri:page ri:content-title="Run Book" ri:space-key="OPS"/></ac:link>.</p>',
    );
  });

  it('does not report Cloud links, link text, or CDATA', () => {
    const page =
      '<p><a href="https://acme.atlassian.net/wiki/x/LIQHD">https://w.example/x/LIQHD</a> https://acme.atlassian.net/wiki/x/h9YS <ac:link><ri:page ri:content-title="G"/><ac:link-body>https://w.example/x/h9YS</ac:link-body></ac:link></p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[https://w.example/x/LIQHD]]></ac:plain-text-body></ac:structured-macro>';
    assert.deepEqual(run(page).hits, []);
  });

  it('does not rewrite inside code, parameters or images', () => {
    const page =
      '<code>/x/LIQHD</code><ac:structured-macro ac:name="widget"><ac:parameter ac:name="url">https://w.example/x/LIQHD</ac:parameter></ac:structured-macro><ac:image><ri:url ri:value="https://w.example/x/LIQHD"/></ac:image>';
    const { problems } = run(page);
    assert.equal(problems.length, 3);
    assert.ok(problems.every((p) => p.fix === undefined));
  });

  it('ignores the rendered copy inside ac:adf-fallback', () => {
    assert.deepEqual(run('<ac:adf-extension><ac:adf-fallback><a href="/x/LIQHD">x</a></ac:adf-fallback></ac:adf-extension>').hits, []);
  });

  it('reports short links in ADF text, link marks and cards, at the exact characters', () => {
    const adf = JSON.stringify(
      {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'see "quoted" https://w.example/x/LIQHD now' },
              { type: 'text', text: 'guide', marks: [{ type: 'link', attrs: { href: 'https://w.example/x/h9YS' } }] },
              { type: 'inlineCard', attrs: { url: 'https://w.example/confluence/x/AAAB' } },
              { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/wiki/x/AAAB' } },
            ],
          },
        ],
      },
      null,
      2,
    );
    const { hits, problems } = run(adf, 'adf');
    assert.deepEqual(hits, ['https://w.example/x/LIQHD', 'https://w.example/x/h9YS', 'https://w.example/confluence/x/AAAB']);
    assert.deepEqual(problems.map((p) => p.data?.pageId), ['201819180', '1234567', '65536']);
    // Text is reported only; a link mark to a known page gets the title-based Cloud URL (test/core/adf-rules covers more).
    assert.deepEqual(problems.map((p) => p.fix?.text), [undefined, '"/wiki/display/OPS/Run+Book"', undefined]);
  });
});
