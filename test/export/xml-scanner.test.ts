import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarkupTooLongError, XmlScanner, decodeEntities, type XmlHandler } from '../../server/src/export/xml-scanner';
import { TextCollector } from '../../server/src/export/text-collector';
import { CORPUS } from './helpers';

/** Scans `input` in chunks of `size` bytes and returns a trace where runs of character data are joined and decoded. */
function trace(input: Buffer, size: number): { events: string[]; end: string | null } {
  const events: string[] = [];
  let run: TextCollector | null = null;
  let runKind = '';
  let runStart = -1;
  const flush = (): void => {
    if (run !== null) events.push(`${runKind}@${runStart}:${JSON.stringify(run.finish())}`);
    run = null;
  };
  const handler: XmlHandler = {
    open: (name, attrs, selfClosing, start, end) => {
      flush();
      events.push(`open ${name} ${JSON.stringify(attrs.all())} ${selfClosing} ${start}-${end}`);
    },
    close: (name, start, end) => {
      flush();
      events.push(`close ${name} ${start}-${end}`);
    },
    data: (buf, from, to, cdata, start) => {
      const kind = cdata ? 'cdata' : 'text';
      if (run === null || kind !== runKind) {
        flush();
        run = new TextCollector(Number.POSITIVE_INFINITY, false);
        runKind = kind;
        runStart = start;
      }
      run.add(buf, from, to, cdata);
    },
    doctype: (start, end, subset) => {
      flush();
      events.push(`doctype ${start}-${end} ${subset}`);
    },
  };
  const scanner = new XmlScanner(handler);
  for (let i = 0; i < input.length; i += size) scanner.write(input.subarray(i, i + size));
  const end = scanner.end();
  flush();
  return { events, end };
}

const TRICKY = Buffer.from(
  '\uFEFF<?xml version="1.0"?>\n' +
    '<!DOCTYPE x [ <!ENTITY a "b>c"> <!ENTITY lol "lol"> ]>\n' +
    '<root a="1 &amp; 2" b=\'x>y\' ü="é">\n' +
    '  <!-- a comment with ]]> and -- inside -->\n' +
    '  <p k="v"/>text &lt;é&gt; 😀 &#x1F600; &#233; &unknown; a < b\n' +
    '  <c><![CDATA[CDATA ]] > 中文 😀 ]]]]><![CDATA[> end ]]]></c>\n' +
    '  <d>\u0008 control</d>\n' +
    '</root>\n',
  'utf8',
);

describe('export/xml-scanner', () => {
  it('gives the same trace whatever the chunk size (tricky input, sizes 1..16 and 64 KB)', () => {
    const reference = trace(TRICKY, 65536);
    assert.equal(reference.end, null);
    for (let size = 1; size <= 16; size++) assert.deepEqual(trace(TRICKY, size), reference, `chunk size ${size}`);
  });

  it('tokenizes the tricky input correctly', () => {
    const { events } = trace(TRICKY, 3);
    const opens = events.filter((e) => e.startsWith('open')).map((e) => e.split(' ').slice(0, 3).join(' '));
    assert.deepEqual(opens, [
      'open root {"a":"1',
      'open p {"k":"v"}',
      'open c {}',
      'open d {}',
    ]);
    const root = events.find((e) => e.startsWith('open root'))!;
    assert.ok(root.includes('"a":"1 & 2","b":"x>y","ü":"é"'), root);
    assert.equal(events.filter((e) => e.startsWith('doctype')).length, 1);
    assert.ok(events.some((e) => e.startsWith('doctype') && e.endsWith(' true')));
    const texts = events.filter((e) => e.startsWith('text@')).map((e) => JSON.parse(e.slice(e.indexOf(':') + 1)) as string);
    assert.ok(texts.includes('text <é> 😀 😀 é &unknown; a < b\n  '), JSON.stringify(texts));
    assert.ok(texts.includes('\u0008 control'));
    const cdata = events.filter((e) => e.startsWith('cdata@')).map((e) => JSON.parse(e.slice(e.indexOf(':') + 1)) as string);
    // Adjacent CDATA sections form one run of character data in the trace.
    assert.deepEqual(cdata, ['CDATA ]] > 中文 😀 ]]> end ]']);
  });

  it('gives the same trace for every real export in 1-byte, 7-byte and 64 KB chunks', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml'));
    assert.equal(files.length, 9);
    for (const f of files) {
      const input = readFileSync(join(CORPUS, f));
      const reference = trace(input, 65536);
      assert.equal(reference.end, null, f);
      assert.ok(reference.events.length > 10, f);
      assert.deepEqual(trace(input, 1), reference, `${f} in 1-byte chunks`);
      assert.deepEqual(trace(input, 7), reference, `${f} in 7-byte chunks`);
    }
  });

  it('reports what was left open at a truncation', () => {
    assert.equal(trace(Buffer.from('<a><![CDATA[abc'), 4).end, 'cdata');
    assert.equal(trace(Buffer.from('<a><![CDATA[abc]]'), 4).end, 'cdata');
    assert.equal(trace(Buffer.from('<a><!-- x -'), 4).end, 'comment');
    assert.equal(trace(Buffer.from('<a><b name="x'), 4).end, 'markup');
    assert.equal(trace(Buffer.from('<a><![CD'), 4).end, 'markup');
    assert.equal(trace(Buffer.from('<a>text'), 4).end, null);
  });

  it('stops on unclosed markup longer than the limit instead of buffering it', () => {
    const scanner = new XmlScanner({ open: () => undefined, close: () => undefined, data: () => undefined }, 100);
    assert.throws(() => {
      for (let i = 0; i < 10; i++) scanner.write(Buffer.from(i === 0 ? '<a b="' : 'x'.repeat(50)));
    }, (err: unknown) => err instanceof MarkupTooLongError && err.offset === 0);
  });

  it('decodes only the predefined escapes and character references, never other entities', () => {
    assert.equal(decodeEntities('&amp;&lt;&gt;&quot;&apos;&#65;&#x42;'), '&<>"\'AB');
    assert.equal(decodeEntities('&nbsp;&lol9;&#0;&#xD800;&amp'), '&nbsp;&lol9;&#0;&#xD800;&amp');
  });
});
