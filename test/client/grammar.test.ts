// Tokenizes storage XHTML and ADF JSON with the same TextMate engine VS Code uses
// (vscode-textmate + the Oniguruma WebAssembly build), and checks the scopes that themes color.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../..');
const STORAGE = 'text.xml.confluence-storage';
const ADF = 'source.json.confluence-adf';
const GRAMMAR_FILES: Record<string, string> = {
  [STORAGE]: 'syntaxes/confluence-storage.tmLanguage.json',
  [ADF]: 'syntaxes/confluence-adf.tmLanguage.json',
};

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let registry: textmate.Registry;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = GRAMMAR_FILES[scopeName];
      if (!file) return null;
      const full = path.join(ROOT, file);
      return textmate.parseRawGrammar(fs.readFileSync(full, 'utf8'), full);
    },
  });
});

async function tokenize(scope: string, text: string): Promise<Token[]> {
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, `grammar ${scope} loads`);
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      tokens.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  }
  return tokens;
}

/** Scopes of the first token whose text is exactly `text` (after `skip` earlier matches). */
function scopesOf(tokens: readonly Token[], text: string, skip = 0): readonly string[] {
  const found = tokens.filter((t) => t.text === text)[skip];
  assert.ok(found, `no token "${text}" in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found.scopes;
}

const has = (scopes: readonly string[], prefix: string) => scopes.some((s) => s.startsWith(prefix));

describe('storage grammar', () => {
  it('marks ac: and ri: elements apart from HTML elements', async () => {
    const tokens = await tokenize(
      STORAGE,
      '<p><ac:link><ri:page ri:content-title="Home" /></ac:link></p>',
    );
    const html = scopesOf(tokens, 'p');
    assert.ok(has(html, 'entity.name.tag.confluence-storage'));
    assert.ok(!has(html, 'support.class.component'));
    for (const name of ['link', 'page']) {
      const conf = scopesOf(tokens, name);
      assert.ok(has(conf, 'entity.name.tag.confluence-storage'), name);
      assert.ok(has(conf, 'support.class.component.confluence-storage'), name);
    }
    assert.ok(has(scopesOf(tokens, 'ri'), 'entity.name.tag.namespace.confluence-storage'));
    assert.ok(has(scopesOf(tokens, 'content-title'), 'entity.other.attribute-name.confluence-storage'));
  });

  it('scopes the macro name of ac:structured-macro and ac:macro', async () => {
    const tokens = await tokenize(
      STORAGE,
      '<ac:structured-macro ac:name="noformat" ac:schema-version="1"></ac:structured-macro>\n' +
        "<ac:macro ac:name='align'></ac:macro>",
    );
    assert.ok(has(scopesOf(tokens, 'noformat'), 'entity.name.function.macro.confluence-storage'));
    assert.ok(has(scopesOf(tokens, 'align'), 'entity.name.function.macro.confluence-storage'));
    // Other attribute values stay plain strings.
    assert.ok(!has(scopesOf(tokens, '1'), 'entity.name.function'));
    assert.ok(has(scopesOf(tokens, '1'), 'string.quoted.double.confluence-storage'));
  });

  it('scopes parameter names, ADF attribute keys and ADF node types', async () => {
    const tokens = await tokenize(
      STORAGE,
      '<ac:parameter ac:name="language">java</ac:parameter>\n' +
        '<ac:adf-node type="panel"><ac:adf-attribute key="panel-type">note</ac:adf-attribute></ac:adf-node>',
    );
    assert.ok(has(scopesOf(tokens, 'language'), 'variable.parameter.confluence-storage'));
    assert.ok(!has(scopesOf(tokens, 'java'), 'variable.parameter'));
    assert.ok(has(scopesOf(tokens, 'panel'), 'variable.parameter.confluence-storage'));
    assert.ok(has(scopesOf(tokens, 'panel-type'), 'variable.parameter.confluence-storage'));
  });

  it('treats a plain-text body CDATA as literal text, across lines', async () => {
    const tokens = await tokenize(
      STORAGE,
      '<ac:plain-text-body><![CDATA[if (a < b && c) {\n  <p>not a tag</p> &amp;\n}]]></ac:plain-text-body><p>after</p>',
    );
    for (const text of ['if (a < b && c) {', '  <p>not a tag</p> &amp;', '}']) {
      const scopes = scopesOf(tokens, text);
      assert.ok(has(scopes, 'meta.embedded.block.cdata.confluence-storage'), text);
      assert.ok(has(scopes, 'string.unquoted.cdata.confluence-storage'), text);
      assert.ok(!has(scopes, 'invalid'), text);
    }
    assert.ok(has(scopesOf(tokens, 'plain-text-body', 1), 'support.class.component.confluence-storage'));
    // The grammar is back in markup after the body closes.
    assert.ok(!has(scopesOf(tokens, 'p', 0), 'string'));
  });

  it('scopes a CDATA section outside a plain-text body as a string', async () => {
    const tokens = await tokenize(STORAGE, '<ac:plain-text-link-body><![CDATA[Link & text]]></ac:plain-text-link-body>');
    assert.ok(has(scopesOf(tokens, 'Link & text'), 'string.unquoted.cdata.confluence-storage'));
  });

  it('scopes comments, entities and bare ampersands', async () => {
    const tokens = await tokenize(STORAGE, '<!-- note <p> -->\n<p>&nbsp;&#160;&#xA0; A & B</p>');
    assert.ok(has(scopesOf(tokens, ' note <p> '), 'comment.block.confluence-storage'));
    const entities = tokens.filter((t) => has(t.scopes, 'constant.character.entity.confluence-storage'));
    assert.deepEqual(
      entities.filter((t) => !has(t.scopes, 'punctuation')).map((t) => t.text),
      ['nbsp', '#160', '#xA0'],
    );
    const bad = tokens.filter((t) => has(t.scopes, 'invalid.illegal.bad-ampersand.confluence-storage'));
    assert.deepEqual(bad.map((t) => t.text), ['&']);
  });

  it('leaves self-closing ac:plain-text-body from swallowing the rest of the page', async () => {
    const tokens = await tokenize(STORAGE, '<ac:plain-text-body/><p>x</p>');
    assert.ok(!has(scopesOf(tokens, 'x'), 'string'));
    assert.ok(has(scopesOf(tokens, 'p'), 'entity.name.tag.confluence-storage'));
  });

  it('compiles every pattern with Oniguruma', () => {
    for (const file of Object.values(GRAMMAR_FILES)) {
      const grammar: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      const patterns: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') patterns.push(value);
            else walk(value);
          }
        }
      };
      walk(grammar);
      assert.ok(patterns.length > 5, file);
      for (const p of patterns) assert.doesNotThrow(() => new oniguruma.OnigScanner([p]), `${file}: ${p}`);
    }
  });
});

describe('ADF grammar', () => {
  it('scopes keys, node types, strings and numbers', async () => {
    const tokens = await tokenize(
      ADF,
      '{\n  "type": "panel",\n  "attrs": { "panelType": "info", "width": 33.5, "x": true }\n}',
    );
    assert.ok(has(scopesOf(tokens, 'panel'), 'entity.name.tag.node-type.confluence-adf'));
    assert.ok(has(scopesOf(tokens, 'attrs'), 'support.type.property-name.confluence-adf'));
    assert.ok(has(scopesOf(tokens, 'panelType'), 'support.type.property-name.confluence-adf'));
    assert.ok(has(scopesOf(tokens, 'info'), 'string.quoted.double.confluence-adf'));
    assert.ok(!has(scopesOf(tokens, 'info'), 'entity.name.tag'));
    assert.ok(has(scopesOf(tokens, '33.5'), 'constant.numeric.confluence-adf'));
    assert.ok(has(scopesOf(tokens, 'true'), 'constant.language.confluence-adf'));
  });
});
