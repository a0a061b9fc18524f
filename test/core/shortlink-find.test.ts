import { strict as assert } from 'node:assert';
import { findShortLinks, parseShortLinkUrl } from '../../server/src/core/shortlink/find';

/** [start, end) as the slice it covers, plus what the finder read from it. */
function found(text: string, relative?: boolean) {
  return findShortLinks(text, { relative }).map((l) => ({
    url: text.slice(l.start, l.end),
    code: text.slice(l.codeStart, l.codeEnd),
    kind: l.kind,
    pageId: l.pageId,
    base: l.base,
    query: l.query,
    fragment: l.fragment,
  }));
}

describe('short-link finder', () => {
  it('finds DC links with and without a context path, with exact offsets', () => {
    const text = 'See https://wiki.example.com/x/LIQHD and http://host:8090/confluence/x/2EkGOQ.';
    const links = findShortLinks(text);
    assert.deepEqual(
      links.map((l) => [l.start, l.end, l.codeStart, l.codeEnd]),
      [
        [4, 36, 31, 36],
        [41, 77, 71, 77],
      ],
    );
    assert.deepEqual(found(text).map((l) => [l.url, l.kind, l.pageId, l.base]), [
      ['https://wiki.example.com/x/LIQHD', 'server', '201819180', 'https://wiki.example.com'],
      ['http://host:8090/confluence/x/2EkGOQ', 'server', '956713432', 'http://host:8090/confluence'],
    ]);
  });

  it('tells Cloud links (site.atlassian.net/wiki) apart', () => {
    assert.deepEqual(found('https://acme.atlassian.net/wiki/x/F4BEBgE').map((l) => [l.kind, l.pageId]), [['cloud', '4400119831']]);
    // Not /wiki on an atlassian.net host: not the Cloud form.
    assert.deepEqual(found('https://acme.atlassian.net/x/F4BEBgE').map((l) => l.kind), ['server']);
    assert.deepEqual(found('HTTPS://Acme.Atlassian.NET/wiki/x/F4BEBgE').map((l) => l.kind), ['cloud']);
  });

  it('finds relative links after a boundary only, and can be told not to', () => {
    assert.deepEqual(found('go to /x/AAAB or "/wiki/x/pYC_PQ"').map((l) => [l.url, l.base, l.pageId]), [
      ['/x/AAAB', '', '65536'],
      ['/wiki/x/pYC_PQ', '/wiki', '1035894949'],
    ]);
    assert.deepEqual(found('path/x/AAAB and a/b/x/AAAB'), []);
    assert.deepEqual(found('go to /x/AAAB', false), []);
  });

  it('leaves sentence punctuation out and keeps query strings and fragments in', () => {
    const text = 'Read https://h.example/x/h9YS?src=mail#Runbook-Rollback). Then (https://h.example/x/-----w), https://h.example/x/_-_-!';
    assert.deepEqual(found(text).map((l) => [l.url, l.code, l.query, l.fragment]), [
      ['https://h.example/x/h9YS?src=mail#Runbook-Rollback', 'h9YS', '?src=mail', 'Runbook-Rollback'],
      ['https://h.example/x/-----w', '-----w', '', ''],
      ['https://h.example/x/_-_-', '_-_-', '', ''],
    ]);
    // A `?` that is just the end of a question is not a query string.
    assert.deepEqual(found('Is it https://h.example/x/h9YS?').map((l) => [l.url, l.query]), [['https://h.example/x/h9YS', '']]);
  });

  it('stops at markup and quotes, and keeps entity-escaped queries whole', () => {
    const text = '<a href="https://h.example/x/h9YS?a=1&amp;b=2">x</a>';
    assert.deepEqual(found(text).map((l) => l.url), ['https://h.example/x/h9YS?a=1&amp;b=2']);
  });

  it('ignores what only looks like a short link', () => {
    for (const text of [
      'https://h.example/x/h9YS/more', // the path goes on
      'https://h.example/x/AAAAAAAAAAAA', // 12 characters
      'https://h.example/x/----------9', // bits past 64
      'https://h.example/x/AAAA', // id 0
      'https://h.example/a/b/c/x/h9YS', // three context segments: not a Confluence context path
      'https://h.example/x/', // no code
      'https://h.example/X/h9YS', // the path is case-sensitive
    ]) {
      assert.deepEqual(found(text), [], text);
    }
  });

  it('handles text without links and non-ASCII text around links', () => {
    assert.deepEqual(found(''), []);
    const text = 'Ünïcødé 😀 https://h.example/x/h9YS ✓';
    const [l] = findShortLinks(text);
    assert.equal(text.slice(l.start, l.end), 'https://h.example/x/h9YS');
  });

  it('parses a whole attribute value as one link', () => {
    assert.equal(parseShortLinkUrl(' https://h.example/x/h9YS#top ')?.fragment, 'top');
    assert.equal(parseShortLinkUrl('/x/h9YS')?.pageId, '1234567');
    assert.equal(parseShortLinkUrl('https://h.example/x/h9YS extra'), undefined);
    assert.equal(parseShortLinkUrl('https://h.example/display/ENG/Page'), undefined);
    assert.equal(parseShortLinkUrl('/x/h9YS /x/AAAB'), undefined);
  });
});
