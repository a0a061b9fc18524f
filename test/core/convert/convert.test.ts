/**
 * Storage → ADF: fixture pairs for each construct, schema validity of every fixture,
 * example and real page by both official validators, text preservation in order, and
 * random compositions of constructs.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAdf } from '../../../server/src/core/adf/schema-check';
import { resolveConfig } from '../../../server/src/core/config';
import { convertStorageToAdf, type AdfJson, type ConvertRunOptions } from '../../../server/src/core/convert/index';
import { parseStorage } from '../../../server/src/core/storage/parser';
import type { XmlElement, XmlNode } from '../../../server/src/core/storage/tree';
import type { KnownPage } from '../../../server/src/core/types';

const FIXTURES = join(__dirname, '../../fixtures/convert');
const CORPUS = join(__dirname, '../../../../shared/corpus/storage');
const EXAMPLES = join(__dirname, '../../../examples/ENG');

/** Text a reader sees in the page: text and CDATA, but not macro parameters or fallback copies. */
function sourceRuns(text: string): string[] {
  const runs: string[] = [];
  const stack: XmlNode[] = [parseStorage(text).root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'element') {
      if (n.name === 'ac:parameter' || n.name === 'ac:default-parameter' || n.name === 'ac:adf-fallback' || n.name === 'ac:adf-attribute' || n.name === 'ac:task-id' || n.name === 'ac:task-status') continue;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    } else if (n.kind === 'text' || n.kind === 'cdata') {
      const run = n.value.replace(/\s+/g, '');
      if (run) runs.push(run);
    }
  }
  return runs;
}

/** Text of the ADF in document order: text nodes, plus plain macro bodies kept as parameters. */
function adfRuns(root: AdfJson): string {
  let out = '';
  const stack: AdfJson[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.text) out += n.text;
    if (n.type === 'placeholder') out += String(n.attrs?.text ?? '');
    const body = (n.attrs?.parameters as { macroParams?: Record<string, { value: string }> } | undefined)?.macroParams?.__bodyContent;
    if (body) out += body.value;
    for (let i = (n.content?.length ?? 0) - 1; i >= 0; i--) stack.push(n.content![i]);
  }
  return out.replace(/\s+/g, '');
}

function assertTextKept(source: string, adf: AdfJson, label: string): void {
  const output = adfRuns(adf);
  let cursor = 0;
  for (const run of sourceRuns(source)) {
    const at = output.indexOf(run, cursor);
    assert.ok(at >= 0, `${label}: text lost or out of order: ${JSON.stringify(run)}`);
    cursor = at + run.length;
  }
}

function assertValid(adf: AdfJson, label: string): void {
  assert.deepEqual(checkAdf(JSON.parse(JSON.stringify(adf))), [], `${label}: schema issues`);
}

function optionsFor(path: string): ConvertRunOptions {
  const configPath = path.replace(/\.storage\.xhtml$/, '.config.json');
  if (!existsSync(configPath)) return {};
  const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { config?: unknown; knownPages?: KnownPage[]; spaceKey?: string };
  const pages = new Map((raw.knownPages ?? []).map((p) => [p.id, p]));
  return { config: resolveConfig(raw.config ?? {}).config, index: { pageById: (id) => pages.get(id) }, spaceKey: raw.spaceKey };
}

describe('storage → ADF conversion', () => {
  describe('fixture pairs', () => {
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.storage.xhtml'))) {
      it(file, () => {
        const path = join(FIXTURES, file);
        const text = readFileSync(path, 'utf8');
        const { adf, findings } = convertStorageToAdf(parseStorage(text), optionsFor(path));
        const actual = { adf, findings: findings.map((f) => ({ code: f.code, action: f.action, source: text.slice(f.start, f.end).slice(0, 60) })) };
        const expectedPath = path.replace(/\.storage\.xhtml$/, '.adf.json');
        if (process.env.UPDATE_SNAPSHOTS) writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n');
        // The fixture pins the JSON the page becomes: parameter records have no prototype
        // (a "__proto__" parameter is a key like any other), which JSON cannot tell apart.
        assert.deepEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(readFileSync(expectedPath, 'utf8')));
        assertValid(adf, file);
        assertTextKept(text, adf, file);
      });
    }
  });

  it('maps the legacy callouts to the Cloud panel colours (note is yellow, warning red, tip green)', () => {
    const page = ['info', 'tip', 'note', 'warning']
      .map((n) => `<ac:structured-macro ac:name="${n}"><ac:rich-text-body><p>${n}</p></ac:rich-text-body></ac:structured-macro>`)
      .join('');
    const { adf } = convertStorageToAdf(parseStorage(page));
    assert.deepEqual(
      adf.content.map((n) => n.attrs?.panelType),
      ['info', 'success', 'warning', 'error'],
    );
  });

  it('lifts a panel out of a panel and keeps the reading order', () => {
    const page =
      '<ac:structured-macro ac:name="panel"><ac:rich-text-body><p>A</p>' +
      '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>B</p></ac:rich-text-body></ac:structured-macro>' +
      '<p>C</p></ac:rich-text-body></ac:structured-macro>';
    const { adf, findings } = convertStorageToAdf(parseStorage(page));
    assert.deepEqual(
      adf.content.map((n) => [n.type, n.attrs?.panelType, adfRuns(n)]),
      [
        ['panel', 'info', 'A'],
        ['panel', 'info', 'B'],
        ['panel', 'info', 'C'],
      ],
    );
    const finding = findings.find((f) => f.code === 'panel-in-panel')!;
    assert.equal(page.slice(finding.start, finding.start + 39), '<ac:structured-macro ac:name="info"><ac');
  });

  it('converts every example and every real page into valid ADF that keeps all text in order', () => {
    const pages = [
      ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.storage.xhtml')).map((f) => join(EXAMPLES, f)),
      ...readdirSync(CORPUS).map((f) => join(CORPUS, f)),
    ];
    assert.ok(pages.length >= 73);
    for (const path of pages) {
      const text = readFileSync(path, 'utf8');
      const { adf, findings } = convertStorageToAdf(parseStorage(text));
      assertValid(adf, path);
      assertTextKept(text, adf, path);
      assert.deepEqual(findings.filter((f) => f.code === 'schema-repair' || f.code === 'internal-error'), [], path);
    }
  });

  it('keeps broken, deep and hostile input valid and its text', () => {
    const inputs = [
      '',
      '<p>unclosed <strong>bold',
      '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>no end',
      '<div>'.repeat(3000) + 'deep text' + '</div>'.repeat(3000),
      '<ac:structured-macro ac:name="expand"><ac:rich-text-body>'.repeat(600) + 'deep expand' + '</ac:rich-text-body></ac:structured-macro>'.repeat(600),
      '<table><tbody><tr><td>' .repeat(50) + 'nested cells' + '</td></tr></tbody></table>'.repeat(50),
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><p>&a;</p>',
      '<ul><li>x<ac:structured-macro ac:name="info"><ac:rich-text-body>'.repeat(100) + 'deep panels' + '</ac:rich-text-body></ac:structured-macro>y</li></ul>'.repeat(100),
    ];
    for (const text of inputs) {
      const { adf, findings } = convertStorageToAdf(parseStorage(text));
      // Each level is restructured once: the work and the report grow with the depth, not exponentially.
      assert.ok(findings.length <= 2 * 600, `${findings.length} findings`);
      assertValid(adf, text.slice(0, 40));
      for (const word of ['deep text', 'deep expand', 'nested cells', 'deep panels', 'unclosed', 'bold', 'no end']) {
        if (text.includes(word)) assert.ok(adfRuns(adf).includes(word.replace(/\s+/g, '')), `${word} lost`);
      }
    }
  });

  describe('random compositions (property test)', () => {
    // A small deterministic PRNG so a failure can be replayed from its seed.
    function rng(seed: number): () => number {
      let s = seed >>> 0;
      return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
      };
    }
    const inline = [
      (t: string) => t,
      (t: string) => `<strong>${t}</strong>`,
      (t: string) => `<em><code>${t}</code></em>`,
      (t: string) => `<a href="https://example.com/${t}">${t}</a>`,
      (t: string) => `${t}<br/>`,
      (t: string) => `<span style="color: #ff0000">${t}</span>`,
    ];
    const block: ((inner: string, t: string) => string)[] = [
      (_i, t) => `<p>${t}</p>`,
      (i, t) => `<h2>${t}</h2>${i}`,
      (i, t) => `<ul><li>${t}${i}</li></ul>`,
      (i, t) => `<ol><li><p>${t}</p>${i}</li></ol>`,
      (i, t) => `<table><tbody><tr><th>${t}</th></tr><tr><td>${i}</td></tr></tbody></table>`,
      (i, t) => `<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">${t}</ac:parameter><ac:rich-text-body>${i}</ac:rich-text-body></ac:structured-macro>`,
      (i) => `<ac:structured-macro ac:name="panel"><ac:parameter ac:name="bgColor">#EEEEEE</ac:parameter><ac:rich-text-body>${i}</ac:rich-text-body></ac:structured-macro>`,
      (i, t) => `<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">${t}</ac:parameter><ac:rich-text-body>${i}</ac:rich-text-body></ac:structured-macro>`,
      (_i, t) => `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[${t} < > &]]></ac:plain-text-body></ac:structured-macro>`,
      (i, t) => `<blockquote><p>${t}</p>${i}</blockquote>`,
      (i, t) => `<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>${i}</ac:layout-cell><ac:layout-cell><p>${t}</p></ac:layout-cell></ac:layout-section></ac:layout>`,
      (i, t) => `<ac:structured-macro ac:name="section"><ac:rich-text-body><ac:structured-macro ac:name="column"><ac:rich-text-body>${i}</ac:rich-text-body></ac:structured-macro><ac:structured-macro ac:name="column"><ac:rich-text-body><p>${t}</p></ac:rich-text-body></ac:structured-macro></ac:rich-text-body></ac:structured-macro>`,
      (i, t) => `<ac:structured-macro ac:name="details"><ac:rich-text-body><p>${t}</p>${i}</ac:rich-text-body></ac:structured-macro>`,
      (_i, t) => `<ac:task-list><ac:task><ac:task-status>complete</ac:task-status><ac:task-body>${t}</ac:task-body></ac:task></ac:task-list>`,
      (i, t) => `<p>${t} <ac:structured-macro ac:name="status"><ac:parameter ac:name="title">ok</ac:parameter></ac:structured-macro></p>${i}`,
    ];
    for (let seed = 1; seed <= 150; seed++) {
      it(`seed ${seed}`, () => {
        const random = rng(seed);
        let counter = 0;
        const word = () => `w${seed}x${counter++}`;
        const build = (depth: number): string => {
          const parts: string[] = [];
          const count = 1 + Math.floor(random() * 3);
          for (let i = 0; i < count; i++) {
            const t = inline[Math.floor(random() * inline.length)](word());
            const inner = depth > 0 ? build(depth - 1) : `<p>${word()}</p>`;
            parts.push(block[Math.floor(random() * block.length)](inner, t));
          }
          return parts.join('');
        };
        const page = build(3);
        const { adf } = convertStorageToAdf(parseStorage(page));
        assertValid(adf, `seed ${seed}`);
        assertTextKept(page, adf, `seed ${seed}`);
      });
    }
  });

  it('checks the JSON the page becomes: an infinite colspan (null in JSON) is repaired, and the repaired tree is valid as returned', () => {
    const { adf, findings } = convertStorageToAdf(parseStorage('<table><tbody><tr><td colspan="1e999"><p>wide</p></td></tr></tbody></table>'));
    assert.deepEqual(
      findings.map((f) => f.code),
      ['schema-repair', 'paragraph-in-tableRow'],
    );
    // The tree itself, not a copy: checkAdf caches verdicts per object, and the repair must not leave a stale one behind.
    assert.deepEqual(checkAdf(adf), []);
    assertValid(adf, 'infinite colspan');
    assert.equal(adfRuns(adf), 'wide');
  });

  it('keeps the marks the schema keeps, in schema order, whether or not a mark type repeats', () => {
    const pages: [string, unknown][] = [
      // The same type twice: links exclude each other, the first one written stays.
      ['<p><a href="x"><a href="y">t</a></a></p>', [{ type: 'text', text: 't', marks: [{ type: 'link', attrs: { href: 'x' } }] }]],
      ['<p><strong><b>t</b></strong></p>', [{ type: 'text', text: 't', marks: [{ type: 'strong' }] }]],
      // Code excludes the font styles in either nesting order.
      [
        '<p><strong><code>t</code></strong><code><strong>u</strong></code></p>',
        [
          { type: 'text', text: 't', marks: [{ type: 'code' }] },
          { type: 'text', text: 'u', marks: [{ type: 'code' }] },
        ],
      ],
      ['<p><u><span style="color: #ff0000">v</span></u></p>', [{ type: 'text', text: 'v', marks: [{ type: 'textColor', attrs: { color: '#ff0000' } }, { type: 'underline' }] }]],
    ];
    for (const [page, content] of pages) assert.deepEqual(convertStorageToAdf(parseStorage(page)).adf.content[0].content, content, page);
    // A code block keeps no marks at all.
    assert.deepEqual(convertStorageToAdf(parseStorage('<pre>c</pre><h2><em>a</em></h2>')).adf.content, [
      { type: 'codeBlock', content: [{ type: 'text', text: 'c' }] },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'a', marks: [{ type: 'em' }] }] },
    ]);
  });

  it('never throws, even on a document element it has never seen', () => {
    const doc = parseStorage('<ac:unknown-thing><ri:foo/><p>kept</p></ac:unknown-thing>');
    const root = doc.root as XmlElement;
    assert.equal(root.elements.length, 1);
    const { adf } = convertStorageToAdf(doc);
    assert.equal(adfRuns(adf), 'kept');
  });
});
