import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStorage } from '../../server/src/core/storage/parser';
import type { StorageDocument, XmlElement, XmlNode } from '../../server/src/core/storage/tree';
import { walkElements } from '../../server/src/core/storage/walk';

const CORPUS = join(__dirname, '../../../shared/corpus/storage');

const PAGE =
  '<p>a<strong>b</strong></p>' +
  '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>c</p><p>d<br/></p></ac:rich-text-body></ac:structured-macro>' +
  '<ac:adf-extension><ac:adf-node type="panel"><p>e</p></ac:adf-node><ac:adf-fallback><p>f</p></ac:adf-fallback></ac:adf-extension>';

function allElements(doc: StorageDocument): XmlElement[] {
  const out: XmlElement[] = [];
  walkElements(doc.root, (el) => void out.push(el), { includeFallback: true });
  return out;
}

describe('storage parser: compact tree', () => {
  it('numbers elements in document order with parents and subtree ends', () => {
    const doc = parseStorage(PAGE);
    assert.equal(doc.elementCount, 12);
    assert.deepEqual(
      Array.from({ length: doc.elementCount + 1 }, (_, i) => doc.nameOf(i)),
      ['#document', 'p', 'strong', 'ac:structured-macro', 'ac:rich-text-body', 'p', 'p', 'br', 'ac:adf-extension', 'ac:adf-node', 'p', 'ac:adf-fallback', 'p'],
    );
    assert.deepEqual(
      Array.from({ length: doc.elementCount + 1 }, (_, i) => doc.parentOf(i)),
      [-1, 0, 1, 0, 3, 4, 4, 6, 0, 8, 9, 8, 11],
    );
    assert.deepEqual(
      Array.from({ length: doc.elementCount + 1 }, (_, i) => doc.subtreeEndOf(i)),
      [13, 3, 3, 8, 8, 6, 8, 8, 13, 11, 11, 13, 13],
    );
    assert.equal(doc.startOf(0), 0);
    assert.equal(doc.endOf(0), PAGE.length);
    assert.equal(PAGE.slice(doc.startOf(2), doc.endOf(2)), '<strong>b</strong>');
    // Children of the root by jumping over subtrees.
    const top: string[] = [];
    for (let j = 1; j < doc.subtreeEndOf(0); j = doc.subtreeEndOf(j)) top.push(doc.nameOf(j));
    assert.deepEqual(top, ['p', 'ac:structured-macro', 'ac:adf-extension']);
  });

  it('agrees with the element views for every index, and maps views back to indexes', () => {
    const doc = parseStorage(PAGE);
    const other = parseStorage(PAGE);
    for (let i = 0; i <= doc.elementCount; i++) {
      const el = doc.elementAt(i);
      assert.equal(el.name, doc.nameOf(i));
      assert.equal(el.start, doc.startOf(i));
      assert.equal(el.end, doc.endOf(i));
      assert.equal(doc.indexOf(el), i);
      assert.equal(el.parent === undefined ? -1 : doc.indexOf(el.parent), doc.parentOf(i));
      assert.equal(other.indexOf(el), -1);
    }
    assert.throws(() => doc.elementAt(doc.elementCount + 1), RangeError);
    assert.throws(() => doc.elementAt(-1), RangeError);
  });

  it('gives the same object for the same element on every path', () => {
    const doc = parseStorage(PAGE);
    const strong = doc.elementsNamed('strong')[0];
    const p = doc.root.elements[0];
    assert.equal(strong.parent, p);
    assert.equal(p.elements[0], strong);
    assert.equal(p.children[1], strong);
    assert.equal(doc.elementAt(2), strong);
    assert.equal(doc.root, doc.elementAt(0));
    assert.equal(p.parent, doc.root);
    const walked = allElements(doc);
    assert.equal(walked[1], strong);
    assert.equal(walked[1], allElements(doc)[1]);
    assert.deepEqual(doc.elementsNamed('p'), walked.filter((el) => el.name === 'p' && el.start !== doc.elementAt(12).start));
    assert.equal(doc.elementsNamed('p'), doc.elementsNamed('p'));
    // Node lists are computed once.
    assert.equal(p.children, p.children);
    assert.equal(p.children[0], p.children[0]);
    assert.equal(strong.attributes, strong.attributes);
    const seen = new WeakMap<XmlElement, number>();
    walkElements(doc.root, (el) => void seen.set(el, doc.indexOf(el)));
    assert.equal(seen.get(doc.elementsNamed('br')[0]), 7);
  });

  it('leaves ac:adf-fallback out of elementsNamed and walks, not out of the index API', () => {
    const doc = parseStorage(PAGE);
    assert.deepEqual(
      doc.elementsNamed('p').map((el) => el.start),
      [0, PAGE.indexOf('<p>c'), PAGE.indexOf('<p>d'), PAGE.indexOf('<p>e')],
    );
    assert.deepEqual(doc.elementsNamed('ac:adf-fallback'), []);
    assert.deepEqual(doc.elementsNamed('nothing'), []);
    const names: string[] = [];
    walkElements(doc.root, (el) => void names.push(el.name));
    assert.equal(names.length, 10);
    assert.equal(doc.nameOf(12), 'p');
    assert.equal(doc.parentOf(12), 11);
  });

  it('keeps comments, CDATA and skipped markup in their place among the children', () => {
    const text = '<p>a<!--c-->b</x><![CDATA[d]]>e<?pi?>f<b/>g</p>';
    const doc = parseStorage(text);
    const p = doc.root.elements[0];
    assert.deepEqual(
      p.children.map((c) => [c.kind, text.slice(c.start, c.end)]),
      [
        ['text', 'a'], ['comment', '<!--c-->'], ['text', 'b'], ['cdata', '<![CDATA[d]]>'],
        ['text', 'e'], ['text', 'f'], ['element', '<b/>'], ['text', 'g'],
      ],
    );
    for (const c of p.children) assert.equal(c.parent, p);
    const [comment, cdata] = [p.children[1], p.children[3]];
    assert.equal(comment.kind === 'comment' && comment.value, 'c');
    assert.equal(cdata.kind === 'cdata' && [cdata.value, cdata.valueStart].join(), 'd,26');
  });

  it('keeps offsets, flags and attributes of every corpus element consistent', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xhtml'));
    assert.equal(files.length, 70);
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const doc = parseStorage(text);
      const walked = allElements(doc);
      assert.equal(walked.length, doc.elementCount, f);
      walked.forEach((el, k) => assert.equal(doc.indexOf(el), k + 1, f));
      checkElement(doc.root, text, f);
      for (const el of walked) checkElement(el, text, f);
      for (const name of new Set(walked.map((el) => el.name))) {
        const expected: XmlElement[] = [];
        walkElements(doc.root, (el) => void (el.name === name && expected.push(el)));
        assert.deepEqual(doc.elementsNamed(name), expected, `${f} ${name}`);
      }
    }
  });
});

/** Offsets nest, children tile the element's content, and every range says what it is. */
function checkElement(el: XmlElement, text: string, file: string): void {
  const where = `${file} <${el.name}> at ${el.start}`;
  assert.ok(el.start <= el.startTagEnd && el.startTagEnd <= el.endTagStart && el.endTagStart <= el.end, where);
  assert.ok(el.closed, where);
  if (el.name !== '#document') {
    assert.ok(text.startsWith(`<${el.name}`, el.start), where);
    assert.equal(text.slice(el.startTagEnd - (el.selfClosing ? 2 : 1), el.startTagEnd), el.selfClosing ? '/>' : '>', where);
    if (!el.selfClosing) assert.equal(text.slice(el.endTagStart, el.end), `</${el.name}>`, where);
    else assert.equal(el.end, el.startTagEnd, where);
  }
  for (const a of el.attributes) {
    assert.ok(text.startsWith(a.name, a.nameStart), where);
    assert.equal(el.attribute(a.name), a.value, where);
    assert.ok(a.nameStart > el.start && a.valueEnd < el.startTagEnd, where);
    assert.equal(text[a.valueStart - 1], text[a.valueEnd], where);
  }
  let cursor = el.startTagEnd;
  const kids: XmlNode[] = [...el.children];
  for (const c of kids) {
    assert.equal(c.parent, el, where);
    assert.equal(c.start, cursor, `${where}: children must tile the content`);
    if (c.kind === 'text') assert.ok(!text.slice(c.start, c.end).includes('<'), where);
    if (c.kind === 'element') assert.ok(el.elements.includes(c), where);
    cursor = c.end;
  }
  if (!el.selfClosing) assert.equal(cursor, el.endTagStart, where);
  assert.equal(el.elements.length, kids.filter((c) => c.kind === 'element').length, where);
}
