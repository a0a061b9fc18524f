import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStorage } from '../../server/src/core/storage/parser';
import type { XmlElement } from '../../server/src/core/storage/tree';
import { asMacro, param } from '../../server/src/core/storage/macro';
import { elementsNamed, textContent, walkElements } from '../../server/src/core/storage/walk';

const CORPUS = join(__dirname, '../../../shared/corpus/storage');

function errorsAt(text: string): [number, number][] {
  return parseStorage(text).errors.map((e) => [e.start, e.end]);
}

describe('storage parser', () => {
  it('reads a fragment with no single root and undeclared ac:/ri: prefixes', () => {
    const text = '<p>a</p><ac:link><ri:page ri:content-title="Home" /></ac:link><h1>b</h1>';
    const doc = parseStorage(text);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(
      doc.root.children.map((c) => (c.kind === 'element' ? c.name : c.kind)),
      ['p', 'ac:link', 'h1'],
    );
    const page = elementsNamed(doc.root, 'ri:page')[0];
    assert.equal(page.selfClosing, true);
    const a = page.attributes[0];
    assert.equal(a.name, 'ri:content-title');
    assert.equal(a.value, 'Home');
    assert.equal(text.slice(a.valueStart, a.valueEnd), 'Home');
    assert.equal(text.slice(page.start, page.end), '<ri:page ri:content-title="Home" />');
  });

  it('gives exact element offsets', () => {
    const text = '<p>x<strong>y</strong></p>';
    const p = parseStorage(text).root.children[0] as XmlElement;
    assert.deepEqual([p.start, p.startTagEnd, p.endTagStart, p.end], [0, 3, 22, 26]);
    const strong = p.children[1] as XmlElement;
    assert.equal(text.slice(strong.start, strong.end), '<strong>y</strong>');
    assert.equal(strong.parent, p);
  });

  it('keeps CDATA macro bodies verbatim', () => {
    const text =
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">js</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[if (a < b && c) { x = "<p>"; }]]></ac:plain-text-body></ac:structured-macro>';
    const doc = parseStorage(text);
    assert.deepEqual(doc.errors, []);
    const macro = asMacro(doc.root.children[0] as XmlElement)!;
    assert.equal(macro.name, 'code');
    assert.equal(param(macro, 'language')?.value, 'js');
    assert.equal(textContent(macro.plainBody!), 'if (a < b && c) { x = "<p>"; }');
  });

  it('decodes HTML named entities that XML does not define', () => {
    const doc = parseStorage('<p>&nbsp;&mdash;&auml;&amp;&#228;&#xE4;</p>');
    assert.deepEqual(doc.errors, []);
    assert.equal(textContent(doc.root), '\u00a0\u2014ä&ää');
  });

  it('reports unknown entities and bare ampersands at their offsets', () => {
    assert.deepEqual(errorsAt('<p>a &bogus; b</p>'), [[5, 12]]);
    assert.deepEqual(errorsAt('<p>R&D</p>'), [[4, 5]]);
    assert.deepEqual(errorsAt('<a href="?a=1&b=2">x</a>'), [[13, 14]]);
  });

  it('reads the old ac:macro form and ac:default-parameter', () => {
    const doc = parseStorage('<ac:macro ac:name="align"><ac:default-parameter>center</ac:default-parameter></ac:macro>');
    const macro = asMacro(doc.root.children[0] as XmlElement)!;
    assert.equal(macro.legacyElement, true);
    assert.equal(macro.name, 'align');
    assert.equal(param(macro, '')?.value, 'center');
  });

  it('skips ac:adf-fallback when walking', () => {
    const text =
      '<ac:adf-extension><ac:adf-node type="panel"><ac:adf-content><p>a</p></ac:adf-content></ac:adf-node>' +
      '<ac:adf-fallback><div><p>a</p></div></ac:adf-fallback></ac:adf-extension>';
    const names: string[] = [];
    walkElements(parseStorage(text).root, (el) => {
      names.push(el.name);
    });
    assert.deepEqual(names, ['ac:adf-extension', 'ac:adf-node', 'ac:adf-content', 'p']);
  });

  it('recovers from broken markup while typing', () => {
    const text = '<p>a<strong>b</p><ac:structured-macro ac:name="info"><ac:rich-text-body><p>c';
    const doc = parseStorage(text);
    // <strong> closed by </p>; the macro, its body and the last <p> never closed.
    assert.deepEqual(
      doc.errors.map((e) => text.slice(e.start, e.end)),
      ['<strong', '<p', '<ac:rich-text-body', '<ac:structured-macro'],
    );
    const macro = doc.root.children[1] as XmlElement;
    assert.equal(macro.closed, false);
    assert.equal(macro.end, text.length);
  });

  it('reports stray end tags, unquoted values and unterminated tags', () => {
    assert.deepEqual(errorsAt('<p>a</div></p>'), [[4, 10]]);
    assert.deepEqual(errorsAt('<td colspan=2>x</td>'), [[12, 13]]);
    // The cut-off <p is reported once as unterminated and once as never closed.
    assert.deepEqual(errorsAt('<p class="a"<p>x</p>'), [[0, 2], [0, 2]]);
  });

  it('requires void HTML elements to be self-closed', () => {
    assert.deepEqual(errorsAt('<p>a<br>b</p>'), [[4, 8]]);
    assert.deepEqual(errorsAt('<p>a<br/>b<br />c</p>'), []);
  });

  it('never expands DOCTYPE entities (entity bomb)', () => {
    const bomb =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><p>&lol3;</p>';
    const doc = parseStorage(bomb);
    assert.equal(textContent(doc.root), '&lol3;');
    assert.deepEqual(
      doc.errors.map((e) => bomb.slice(e.start, e.end).slice(0, 9)),
      ['<!DOCTYPE', '&lol3;'],
    );
  });

  it('survives 10,000 levels of nesting', () => {
    const deep = '<ac:rich-text-body>'.repeat(10000) + 'x' + '</ac:rich-text-body>'.repeat(10000);
    const doc = parseStorage(deep);
    assert.equal(doc.errors.length, 0);
    assert.equal(doc.elementCount, 10000);
    assert.equal(textContent(doc.root), 'x');
  });

  it('flags control characters and binary content without throwing', () => {
    assert.deepEqual(errorsAt('<p>a\u0008b</p>'), [[4, 5]]);
    const binary = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(i % 256)).join('');
    const doc = parseStorage(binary);
    assert.ok(doc.errors.length > 0);
    assert.ok(doc.errors.length <= 501);
  });

  it('accepts empty input', () => {
    const doc = parseStorage('');
    assert.deepEqual(doc.errors, []);
    assert.equal(doc.root.children.length, 0);
  });

  it('parses every real page of the corpus without syntax errors and loses no text', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xhtml'));
    assert.equal(files.length, 70);
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const doc = parseStorage(text);
      assert.deepEqual(doc.errors, [], f);
      // Every non-markup character of the source is in some text or CDATA node.
      const stripped = text.replace(/<!\[CDATA\[|\]\]>|<!--[^]*?-->|<[^>]*>/g, '').replace(/&[a-zA-Z0-9#]+;/g, '').replace(/\s+/g, '');
      const content = textContent(doc.root).replace(/[\s\u00a0-\u00ff\u2000-\u2fff]+/g, '').replace(/[&<>"']/g, '');
      assert.ok(content.length >= stripped.replace(/[\u00a0-\u00ff\u2000-\u2fff&<>"']/g, '').length, f);
    }
  });
});
