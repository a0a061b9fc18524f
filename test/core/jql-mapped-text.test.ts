import { strict as assert } from 'node:assert';
import { elementText, sourceRange, urlQueryParameter } from '../../server/src/core/jql/mapped-text';
import { parseStorage } from '../../server/src/core/storage/parser';
import { elementsNamed } from '../../server/src/core/storage/walk';

function paramOf(page: string) {
  const doc = parseStorage(page);
  const [param] = elementsNamed(doc.root, 'ac:parameter');
  return { text: doc.text, mapped: elementText(doc.text, param) };
}

/** The source slice each decoded character came from. */
function origins(text: string, mapped: { value: string; starts: readonly number[]; ends: readonly number[] }): string[] {
  return Array.from({ length: mapped.value.length }, (_, i) => text.slice(mapped.starts[i], mapped.ends[i]));
}

describe('offset-mapped parameter text', () => {
  it('decodes entities and maps each character back to its reference', () => {
    const { text, mapped } = paramOf('<ac:parameter ac:name="jqlQuery">a &quot;b&amp;c&quot; &#233;&#x1F600;</ac:parameter>');
    assert.equal(mapped.value, 'a "b&c" é😀');
    assert.deepEqual(origins(text, mapped), ['a', ' ', '&quot;', 'b', '&amp;', 'c', '&quot;', ' ', '&#233;', '&#x1F600;', '&#x1F600;']);
    assert.deepEqual(sourceRange(mapped, 2, 7), { start: text.indexOf('&quot;'), end: text.lastIndexOf('&quot;') + 6 });
    // An empty range (an error at the end of the query) maps to the end of the value.
    assert.deepEqual(sourceRange(mapped, mapped.value.length, mapped.value.length), {
      start: text.indexOf('</ac:parameter>'),
      end: text.indexOf('</ac:parameter>'),
    });
  });

  it('keeps bare ampersands and unknown references as written', () => {
    const { mapped } = paramOf('<ac:parameter ac:name="x">a & b &bogus; c</ac:parameter>');
    assert.equal(mapped.value, 'a & b &bogus; c');
  });

  it('reads CDATA as written and joins it with text around it', () => {
    const { text, mapped } = paramOf('<ac:parameter ac:name="x">p = <![CDATA["a <b> &amp;"]]> x</ac:parameter>');
    assert.equal(mapped.value, 'p = "a <b> &amp;" x');
    const amp = mapped.value.indexOf('&amp;');
    assert.equal(text.slice(sourceRange(mapped, amp, amp + 5).start, sourceRange(mapped, amp, amp + 5).end), '&amp;');
  });

  it('encodes replacements for where they go: escaped in text, raw in CDATA', () => {
    const text = paramOf('<ac:parameter ac:name="x">a = b</ac:parameter>').mapped;
    assert.equal(text.encode('"x & <y>"', 4, 5), '"x &amp; &lt;y&gt;"');
    const cdata = paramOf('<ac:parameter ac:name="x"><![CDATA[a = b]]></ac:parameter>').mapped;
    assert.equal(cdata.encode('"x & <y>"', 4, 5), '"x & <y>"');
    assert.equal(cdata.encode('a]]>b', 4, 5), 'a]]]]><![CDATA[>b');
  });

  it('reads jqlQuery out of a search URL, form-decoded, each character mapped through both layers', () => {
    const page =
      '<ac:parameter ac:name="url">https://j/sr/SearchRequest.xml?tempMax=5&amp;jqlQuery=project+%3D+%22Caf%C3%A9%22+AND+x%3D1&amp;y=2</ac:parameter>';
    const { text, mapped } = paramOf(page);
    const jql = urlQueryParameter(mapped, 'jqlQuery')!;
    assert.equal(jql.value, 'project = "Café" AND x=1');
    const o = origins(text, jql);
    assert.equal(o[7], '+');
    assert.equal(o[8], '%3D');
    assert.equal(o[14], '%C3%A9');
    const range = sourceRange(jql, 10, 16);
    assert.equal(text.slice(range.start, range.end), '%22Caf%C3%A9%22');
    assert.equal(jql.encode('"a&b"', 10, 16), '%22a%26b%22');
    assert.equal(urlQueryParameter(mapped, 'missing'), undefined);
  });

  it('keeps malformed and truncated percent escapes literal', () => {
    const { mapped } = paramOf('<ac:parameter ac:name="url">http://j/s?jqlQuery=a%ZZ+%E2%82</ac:parameter>');
    const jql = urlQueryParameter(mapped, 'jqlQuery')!;
    assert.equal(jql.value, 'a%ZZ %E2%82');
  });
});
