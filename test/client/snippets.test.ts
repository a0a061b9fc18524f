// Every snippet, expanded with its default choices, is content Confluence accepts:
// well-formed storage XML, or an ADF node Atlassian's own ProseMirror schema checks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';

const ROOT = path.resolve(__dirname, '../..');

interface Snippet {
  readonly prefix: string | string[];
  readonly body: string | string[];
  readonly description: string;
}

function load(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, Snippet>;
}

/**
 * What the editor inserts when the user accepts every default: first choice, placeholder text,
 * `filler` for an empty tab stop, nothing for the final cursor `$0`.
 */
function expand(body: string | string[], filler: string): string {
  let text = Array.isArray(body) ? body.join('\n') : body;
  // Innermost first, so a placeholder that holds another placeholder expands too.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{0\}|\$0(?!\d)/g, '')
      .replace(/\$\{\d+\}|\$\d+/g, filler);
  }
  return text;
}

const storage = load('snippets/confluence-storage.json');
const adf = load('snippets/confluence-adf.json');

describe('snippets', () => {
  it('expand() follows VS Code snippet syntax', () => {
    assert.equal(expand('a${1|x,y|}b${2:c}d$3${4}$0', '_'), 'axbcd__');
    assert.equal(expand('${2::smile:}', '_'), ':smile:');
  });

  for (const [name, snippet] of Object.entries(storage)) {
    it(`storage "${name}" is well-formed XML`, () => {
      const text = expand(snippet.body, 'text');
      assert.doesNotMatch(text, /\$/, 'every tab stop expanded');
      const wrapped = `<root xmlns:ac="a" xmlns:ri="r">${text}</root>`;
      assert.equal(XMLValidator.validate(wrapped), true);
    });
  }

  for (const [name, snippet] of Object.entries(adf)) {
    it(`ADF "${name}" is a valid node`, () => {
      const node = JSON.parse(expand(snippet.body, 'text')) as { type: string };
      const block = defaultSchema.nodes[node.type]?.isInline ? { type: 'paragraph', content: [node] } : node;
      const doc = defaultSchema.nodeFromJSON({ type: 'doc', content: [block] });
      assert.doesNotThrow(() => doc.check());
    });
  }

  it('covers the Cloud constructs users reach for', () => {
    const bodies = Object.values(storage).map((s) => expand(s.body, 'x'));
    for (const layout of ['two_equal', 'three_equal', 'two_left_sidebar', 'two_right_sidebar', 'three_with_sidebars']) {
      assert.ok(bodies.some((b) => b.includes(`ac:type="${layout}"`)), layout);
    }
    for (const type of ['info', 'success', 'warning', 'error', 'note', 'custom']) {
      assert.ok(bodies.some((b) => b.includes(`<ac:adf-attribute key="panel-type">${type}<`)), type);
    }
    for (const macro of ['expand', 'code', 'status', 'jira']) {
      assert.ok(bodies.some((b) => b.includes(`ac:name="${macro}"`)), macro);
    }
    assert.ok(bodies.some((b) => b.includes('ac:name="jqlQuery"')));
    assert.ok(bodies.some((b) => b.includes('ac:name="key"')));
  });

  it('has unique prefixes per language', () => {
    for (const set of [storage, adf]) {
      const prefixes = Object.values(set).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
      assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), []);
    }
  });
});
