/**
 * The language server as an outside editor drives it: the built dist/server.js over stdio,
 * a minimal client capability set unless a test needs more, edits applied by the test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ClientCapabilities,
  CodeAction,
  Command,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { allowedChildren } from '../../server/src/core/adf/nesting';
import { builtInMacro } from '../../server/src/core/storage/macro-catalog';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { encodeShortCode } from '../../server/src/core/shortlink/codec';
import { describeMacro, summarizeMacro } from '../../server/src/lsp/macro-info';
import { ROOT } from '../helpers/ensure-built';
import { LspClient } from './helpers/lsp-client';

const APPLY_EDIT = 'confluenceTriage.applyEdit';
const FIX_ALL = 'confluenceTriage.fixAll';

const FULL_CAPS: ClientCapabilities = {
  textDocument: {
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
    hover: { contentFormat: ['markdown' as const, 'plaintext' as const] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

// Line 1 starts with an astral character (2 UTF-16 units) so columns are checked in UTF-16.
const NOFORMAT = '<ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[a < b]]></ac:plain-text-body></ac:structured-macro>';
const CODE = '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a < b]]></ac:plain-text-body></ac:structured-macro>';
const PAGE = `<h1>Release notes</h1>\n<p>😀</p>${NOFORMAT}\n<p>Done.</p>\n`;
const START_TAG = '<ac:structured-macro ac:name="noformat">'.length;

function applyEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [];
  for (const [u, list] of Object.entries(edit.changes ?? {})) if (u === uri) edits.push(...list);
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  assert.ok(edits.length > 0, 'the edit changes nothing in the document');
  return TextDocument.applyEdits(TextDocument.create(uri, 'x', 1, text), edits);
}

function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-lsp-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const byRule = (ds: Diagnostic[], id: string) => ds.filter((d) => d.code === id);

/** Runs a fix-all command as the client would and returns `text` with the edit the server sent back applied. */
async function executeFixAll(client: LspClient, text: string, uri: string, command: Command): Promise<string> {
  client.serverRequests.length = 0;
  await client.request('workspace/executeCommand', { command: command.command, arguments: command.arguments });
  const applied = client.serverRequests.filter((r) => r.method === 'workspace/applyEdit');
  assert.equal(applied.length, 1);
  return applyEdit(text, uri, (applied[0].params as { edit: WorkspaceEdit }).edit);
}

describe('language server over stdio (minimal client)', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  const uri = 'file:///virtual/release-notes.storage.xhtml';

  it('publishes diagnostics with rule codes, UTF-16 ranges and docs links', async () => {
    await client.open(uri, PAGE);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const legacy = byRule(diagnostics, 'legacy-macro');
    assert.equal(legacy.length, 1);
    assert.deepEqual(legacy[0].range, { start: { line: 1, character: 9 }, end: { line: 1, character: 9 + START_TAG } });
    const href = legacy[0].codeDescription?.href ?? '';
    assert.equal(href, pathToFileURL(path.join(ROOT, 'docs/rules/legacy-macro.md')).href);
    assert.ok(fs.existsSync(new URL(href)), 'the docs link points at an existing page');
  });

  it('answers a code action request with commands, and applies the fix through workspace/applyEdit', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const diagnostic = byRule(diagnostics, 'legacy-macro')[0];
    const actions = await client.request<Command[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    // Without codeActionLiteralSupport a client gets Commands (LSP 3.0 style), never CodeAction literals.
    assert.ok(actions.every((a) => typeof a.command === 'string' && !('kind' in a)));
    assert.deepEqual(actions.map((a) => a.command), [APPLY_EDIT, APPLY_EDIT], 'the quick fix and the suppression; one problem needs no fix-all');
    const fix = actions.find((a) => !a.title.startsWith('Disable'))!;
    const edit = fix.arguments![0] as WorkspaceEdit;
    assert.equal(applyEdit(PAGE, uri, edit), `<h1>Release notes</h1>\n<p>😀</p>${CODE}\n<p>Done.</p>\n`);
    client.serverRequests.length = 0;
    await client.request('workspace/executeCommand', { command: fix.command, arguments: fix.arguments });
    const applied = client.serverRequests.find((r) => r.method === 'workspace/applyEdit');
    assert.deepEqual((applied?.params as { edit: WorkspaceEdit }).edit, edit);
  });

  it('publishes lean diagnostics: no data, the fix is found from rule, range and message', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.ok(diagnostics.every((d) => !('data' in d) && !('relatedInformation' in d)), JSON.stringify(diagnostics));
    const legacy = byRule(diagnostics, 'legacy-macro')[0];
    const other = { ...legacy, message: 'not what the server published' };
    const none = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri }, range: other.range, context: { diagnostics: [other] } });
    assert.deepEqual(none, []);
  });

  it('offers a suppression comment that silences the rule for the element', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const diagnostic = byRule(diagnostics, 'legacy-macro')[0];
    const actions = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const disable = actions.find((a) => a.title.startsWith('Disable legacy-macro'))!;
    const text = applyEdit(PAGE, uri, disable.arguments![0] as WorkspaceEdit);
    assert.equal(text, `<h1>Release notes</h1>\n<p>😀</p><!-- confluence-triage-disable-next legacy-macro -->${NOFORMAT}\n<p>Done.</p>\n`);
    await client.replace(uri, 2, text);
    const after = await client.diagnosticsFor(uri, 2);
    assert.equal(byRule(after.diagnostics, 'legacy-macro').length, 0);
  });

  it('returns flat symbols and plain-text hovers to a client that asked for neither hierarchy nor markdown', async () => {
    await client.replace(uri, 3, PAGE);
    const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => [s.name, s.containerName]), [['Release notes', undefined], ['noformat', 'Release notes']]);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } });
    assert.deepEqual(hover.contents, { kind: 'plaintext', value: describeMacro(summarizeMacro('noformat', DEFAULT_CONFIG), false) });
    assert.deepEqual(hover.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 9 + START_TAG } });
  });

  it('completes macro names and the parameters of the enclosing macro', async () => {
    const curi = 'file:///virtual/complete.storage.xhtml';
    const text = '<ac:structured-macro ac:name="nof"><ac:parameter ac:name="" /></ac:structured-macro>\n<ac:structured-macro ac:name="code"><ac:parameter ac:name="la"></ac:parameter></ac:structured-macro>\n';
    await client.open(curi, text);
    const names = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: curi }, position: { line: 0, character: 32 } });
    const noformat = names.items.find((i) => i.label === 'noformat');
    assert.ok(noformat);
    assert.deepEqual((noformat.textEdit as TextEdit).range, { start: { line: 0, character: 30 }, end: { line: 0, character: 33 } });
    const params = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: curi }, position: { line: 1, character: 59 } });
    assert.deepEqual(params.items.map((i) => i.label), builtInMacro('code')!.params);
    const nothing = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri: curi }, position: { line: 0, character: 2 } });
    assert.equal(nothing, null);
  });

  it('completes ADF node types allowed by the parent', async () => {
    const auri = 'file:///virtual/page.adf.json';
    const text = '{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"te"}]}]}';
    await client.open(auri, text, 'json');
    const at = text.indexOf('"te"') + 3;
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: auri }, position: { line: 0, character: at } });
    assert.deepEqual(list.items.map((i) => i.label), [...allowedChildren('paragraph')].sort());
    assert.ok(list.items.some((i) => i.label === 'text'));
  });

  it('lints ADF documents opened as plain JSON, and hovers their extension nodes', async () => {
    const auri = 'file:///virtual/legacy.adf.json';
    const text = JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'extension', attrs: { extensionType: 'com.atlassian.confluence.macro.core', extensionKey: 'noformat' } }] });
    await client.open(auri, text, 'json');
    const { diagnostics } = await client.diagnosticsFor(auri, 1);
    assert.ok(byRule(diagnostics, 'legacy-macro').length === 1, JSON.stringify(diagnostics));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: auri }, position: { line: 0, character: text.indexOf('extensionKey') } });
    assert.ok(hover && (hover.contents as { value: string }).value.includes('noformat'));
  });

  it('offers fix-all as a command the server executes, applied through workspace/applyEdit, for the version it was made for', async () => {
    const furi = 'file:///virtual/fix-all-minimal.storage.xhtml';
    const text = `<p>one</p>${NOFORMAT}\n<p>two</p>${NOFORMAT}\n`;
    await client.open(furi, text);
    const legacy = byRule((await client.diagnosticsFor(furi, 1)).diagnostics, 'legacy-macro');
    const actions = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri: furi }, range: legacy[0].range, context: { diagnostics: [legacy[0]] } });
    const fixAlls = actions.filter((a) => a.command === FIX_ALL);
    assert.deepEqual(fixAlls.map((a) => a.arguments), [[{ fileWide: true, uri: furi, version: 1, ruleId: 'legacy-macro' }], [{ fileWide: true, uri: furi, version: 1, ruleId: null }]]);
    for (const fixAll of fixAlls) assert.equal(await executeFixAll(client, text, furi, fixAll), `<p>one</p>${CODE}\n<p>two</p>${CODE}\n`);
    await client.replace(furi, 2, text.replace('one', 'uno'));
    await client.diagnosticsFor(furi, 2);
    client.serverRequests.length = 0;
    await client.request('workspace/executeCommand', { command: FIX_ALL, arguments: fixAlls[0].arguments });
    assert.deepEqual(client.serverRequests, [], 'a fix-all made for version 1 edits nothing in version 2');
  });

  it('answers a code action asked right after an edit from the lint of that edit', async () => {
    const euri = 'file:///virtual/right-after.storage.xhtml';
    await client.open(euri, '<p>clean</p>\n');
    await client.diagnosticsFor(euri, 1);
    await client.replace(euri, 2, PAGE);
    const range = { start: { line: 1, character: 9 }, end: { line: 1, character: 9 + START_TAG } };
    const { diagnostics } = await client.diagnosticsFor(euri, 2);
    assert.deepEqual(byRule(diagnostics, 'legacy-macro')[0].range, range);
    await client.replace(euri, 3, `\n${PAGE}`);
    const shifted = { ...byRule(diagnostics, 'legacy-macro')[0], range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 + START_TAG } } };
    const fixes = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri: euri }, range: shifted.range, context: { diagnostics: [shifted] } });
    assert.equal(fixes.filter((a) => a.command === APPLY_EDIT).length, 2, 'the fix and the suppression of version 3');
  });

  it('converts offsets to positions across \\r\\n, lone \\r and astral characters like the client', async () => {
    const curi = 'file:///virtual/line-breaks.storage.xhtml';
    const text = `<p>a</p>\r\n<p>😀b</p>\r${NOFORMAT}\r\n\n<p>c</p>😀${NOFORMAT}\r`;
    await client.open(curi, text);
    const { diagnostics } = await client.diagnosticsFor(curi, 1);
    const mirror = TextDocument.create(curi, 'x', 1, text);
    const expected = [...text.matchAll(/<ac:structured-macro ac:name="noformat">/g)].map((m) => ({ start: mirror.positionAt(m.index!), end: mirror.positionAt(m.index! + START_TAG) }));
    assert.deepEqual(byRule(diagnostics, 'legacy-macro').map((d) => d.range), expected);
    assert.deepEqual(expected.map((r) => r.start), [{ line: 2, character: 0 }, { line: 4, character: 10 }]);
  });

  it('keeps exact UTF-16 offsets through the worker thread (BOM, astral characters, lone surrogates)', async () => {
    const wuri = 'file:///virtual/huge-unicode.storage.xhtml';
    const filler = '<p>filler text 😀 \uD800 ü</p>\n'.repeat(160_000);
    const text = `\uFEFF<p>\uDC00😀</p>${filler}<p>😀</p>${NOFORMAT}\n`;
    assert.ok(text.length >= 4_000_000, 'large enough for the worker thread');
    await client.open(wuri, text);
    const { diagnostics } = await client.diagnosticsFor(wuri, 1);
    const at = text.lastIndexOf(NOFORMAT);
    const mirror = TextDocument.create(wuri, 'x', 1, text);
    assert.deepEqual(byRule(diagnostics, 'legacy-macro').map((d) => d.range), [{ start: mirror.positionAt(at), end: mirror.positionAt(at + START_TAG) }]);
  });

  it('ignores documents that are neither storage nor ADF', async () => {
    const other = 'file:///virtual/notes.md';
    await client.open(other, '# hi', 'markdown');
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: other } });
    assert.deepEqual(symbols, []);
    assert.ok(!client.published.some((p) => p.uri === other));
  });

  it('publishes only the newest version after a burst of edits', async () => {
    const burst = 'file:///virtual/burst.storage.xhtml';
    await client.open(burst, PAGE);
    await client.diagnosticsFor(burst, 1);
    for (let v = 2; v <= 8; v++) await client.replace(burst, v, PAGE.replace('Done.', `Done ${v}.`));
    const last = await client.diagnosticsFor(burst, 8);
    assert.equal(byRule(last.diagnostics, 'legacy-macro').length, 1);
    const versions = client.published.filter((p) => p.uri === burst).map((p) => p.version);
    assert.ok(versions.length < 8, `every intermediate version was linted: ${versions}`);
  });

  describe('bad input: the server answers afterwards', () => {
    const cases: [string, string][] = [
      ['empty', ''],
      ['binary', '\u0000\u0001\u0002PNG\u0000\u00ff'.repeat(1000)],
      ['invalid UTF-8 (decoded by the client to U+FFFD)', '<p>\uFFFD\uFFFD broken</p>'],
      ['10,000 levels of nesting', '<div>'.repeat(10000) + '<h2>deep</h2>' + '<ac:structured-macro ac:name="expand"><ac:rich-text-body>'.repeat(50) + '</div>'.repeat(10000)],
      ['entity bomb', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><p>&lol2;&lol2;</p>'.repeat(10)],
      ['a 6 MB page (linted in a worker thread)', `<p>x</p>${NOFORMAT}\n`.repeat(50_000)],
    ];
    cases.forEach(([name, text], i) => {
      it(name, async () => {
        const buri = `file:///virtual/bad-${i}.storage.xhtml`;
        await client.open(buri, text);
        const { diagnostics } = await client.diagnosticsFor(buri, 1);
        assert.ok(diagnostics.length <= 1001);
        const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: buri } });
        assert.ok(Array.isArray(symbols));
        await client.request('textDocument/hover', { textDocument: { uri: buri }, position: { line: 0, character: 3 } });
        // Still alive and answering for other documents.
        const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } });
        assert.ok(hover);
      });
    });

    it('caps diagnostics at 1,000 per file with a final count of the rest', async () => {
      const many = 'file:///virtual/many.storage.xhtml';
      await client.open(many, `${NOFORMAT}\n`.repeat(1500));
      const { diagnostics } = await client.diagnosticsFor(many, 1);
      assert.equal(diagnostics.length, 1001);
      assert.equal(diagnostics[1000].code, undefined);
      assert.match(diagnostics[1000].message as string, /^500 /);
    });
  });
});

describe('language server with a fuller client and a workspace', function () {
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('returns code-action literals: quick fix, fix-all-of-rule, and source.fixAll', async () => {
    client = await LspClient.start({ capabilities: FULL_CAPS });
    const uri = 'file:///virtual/two.storage.xhtml';
    const text = `<p>one</p>${NOFORMAT}\n<p>two</p>${NOFORMAT}\n`;
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const legacy = byRule(diagnostics, 'legacy-macro');
    assert.equal(legacy.length, 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: legacy[0].range, context: { diagnostics: [legacy[0]] } });
    const quick = actions.find((a) => a.isPreferred)!;
    assert.equal(quick.kind, 'quickfix');
    assert.equal(applyEdit(text, uri, quick.edit!), `<p>one</p>${CODE}\n<p>two</p>${NOFORMAT}\n`);
    // File-wide fixes are not inlined for a client without codeAction/resolve: a command the server runs.
    const all = actions.find((a) => a.title.includes('legacy-macro') && a.title.startsWith('Fix all'))!;
    assert.equal(all.edit, undefined);
    assert.equal(all.command?.command, FIX_ALL);
    assert.equal(await executeFixAll(client, text, uri, all.command!), `<p>one</p>${CODE}\n<p>two</p>${CODE}\n`);
    const source = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(source.map((a) => a.kind), ['source.fixAll.confluenceTriage']);
    assert.equal(await executeFixAll(client, text, uri, source[0].command!), `<p>one</p>${CODE}\n<p>two</p>${CODE}\n`);
    const quickOnly = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: legacy[0].range, context: { diagnostics: [legacy[0]], only: ['quickfix'] } });
    assert.ok(quickOnly.every((a) => a.kind === 'quickfix'), 'only: quickfix computes no source action');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['noformat', 'noformat']);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.deepEqual(hover.contents, { kind: 'markdown', value: describeMacro(summarizeMacro('noformat', DEFAULT_CONFIG), true) });
  });

  it('sends file-wide actions without their edit to a client that resolves them', async () => {
    const caps: ClientCapabilities = { textDocument: { codeAction: { ...FULL_CAPS.textDocument!.codeAction, resolveSupport: { properties: ['edit'] } } } };
    client = await LspClient.start({ capabilities: caps });
    const uri = 'file:///virtual/resolve.storage.xhtml';
    const text = `<p>one</p>${NOFORMAT}\n<p>two</p>${NOFORMAT}\n`;
    await client.open(uri, text);
    const legacy = byRule((await client.diagnosticsFor(uri, 1)).diagnostics, 'legacy-macro');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: legacy[0].range, context: { diagnostics: [legacy[0]] } });
    const all = actions.find((a) => a.title.startsWith('Fix all legacy-macro'))!;
    assert.equal(all.edit, undefined);
    const resolved = await client.request<CodeAction>('codeAction/resolve', all);
    assert.equal(applyEdit(text, uri, resolved.edit!), `<p>one</p>${CODE}\n<p>two</p>${CODE}\n`);
    await client.replace(uri, 2, text.replace('one', 'uno'));
    await client.diagnosticsFor(uri, 2);
    const stale = await client.request<CodeAction>('codeAction/resolve', all);
    assert.equal(stale.edit, undefined, 'an action made for version 1 does not resolve against version 2');
  });

  it('answers textDocument/diagnostic to a client that pulls, pushes nothing to it, and asks it to pull again after a settings change', async () => {
    const dir = tempWorkspace({ 'page.storage.xhtml': PAGE });
    client = await LspClient.start({
      rootUri: pathToFileURL(dir).href,
      capabilities: { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } } },
    });
    const uri = pathToFileURL(path.join(dir, 'page.storage.xhtml')).href;
    await client.open(uri, PAGE);
    type Report = { kind: string; resultId?: string; items?: Diagnostic[] };
    const first = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    assert.deepEqual(byRule(first.items!, 'legacy-macro').map((d) => d.range), [{ start: { line: 1, character: 9 }, end: { line: 1, character: 9 + START_TAG } }]);
    const same = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.deepEqual(same, { kind: 'unchanged', resultId: first.resultId });
    const actions = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri }, range: first.items![0].range, context: { diagnostics: [byRule(first.items!, 'legacy-macro')[0]] } });
    assert.ok(actions.some((a) => a.command === APPLY_EDIT && !a.title.startsWith('Disable')), 'pulled diagnostics have their fixes too');

    fs.writeFileSync(path.join(dir, '.confluence-triage.json'), JSON.stringify({ rules: { 'legacy-macro': 'off' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.confluence-triage.json')).href, type: 1 }] });
    while (!client.serverRequests.some((r) => r.method === 'workspace/diagnostic/refresh')) await new Promise((r) => setImmediate(r));
    const after = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(after.kind, 'full');
    assert.equal(byRule(after.items!, 'legacy-macro').length, 0);
    assert.ok(!client.published.some((p) => p.uri === uri), 'nothing pushed to a pull client');
  });

  it('nests headings by level and macros as in the page', async () => {
    client = await LspClient.start({ capabilities: FULL_CAPS });
    const uri = 'file:///virtual/outline.storage.xhtml';
    const text = '<h1>A</h1><h2>B</h2><ac:structured-macro ac:name="expand"><ac:rich-text-body><h3>C</h3><ac:structured-macro ac:name="info"><ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro></ac:rich-text-body></ac:structured-macro><h2>D</h2><h1>E</h1>';
    await client.open(uri, text);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const shape = (s: DocumentSymbol): unknown => (s.children?.length ? [s.name, s.children.map(shape)] : s.name);
    assert.deepEqual(symbols.map(shape), [['A', [['B', [['expand', [['C', ['info']]]]]], 'D']], 'E']);
    const a = symbols[0];
    assert.equal(a.range.end.character, text.indexOf('<h1>E'));
  });

  it('outlines ADF headings and extension nodes', async () => {
    client = await LspClient.start({ capabilities: FULL_CAPS });
    const uri = 'file:///virtual/outline.adf.json';
    const heading = (level: number, text: string) => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] });
    const ext = (type: string, key: string, content?: unknown[]) => ({ type, attrs: { extensionType: 'com.atlassian.confluence.macro.core', extensionKey: key }, ...(content ? { content } : {}) });
    const text = JSON.stringify(
      { type: 'doc', version: 1, content: [heading(1, 'Intro'), ext('bodiedExtension', 'details', [heading(2, 'Inner')]), heading(2, 'Next'), ext('extension', 'toc')] },
      null,
      2,
    );
    await client.open(uri, text, 'confluence-adf');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const shape = (s: DocumentSymbol): unknown => (s.children?.length ? [s.name, s.children.map(shape)] : s.name);
    assert.deepEqual(symbols.map(shape), [['Intro', [['details', ['Inner']], ['Next', ['toc']]]]]);
  });

  it('reads .confluence-triage.json and .confluence/index.json from the workspace, and reports config errors on the file', async () => {
    const id = '201819180';
    const page = `<p><a href="https://wiki.example.com/x/${encodeShortCode(id)}">guide</a></p>${NOFORMAT}\n`;
    const dir = tempWorkspace({
      '.confluence-triage.json': JSON.stringify({ rules: { 'legacy-macro': 'off' } }),
      'space/.confluence/index.json': JSON.stringify([{ id, title: 'Onboarding Guide', spaceKey: 'HR' }]),
      'space/guide.storage.xhtml': page,
      'broken/.confluence-triage.json': '{"rules": {"legacy-macro": "loud"}}',
      'broken/page.storage.xhtml': page,
    });
    client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
    const uri = pathToFileURL(path.join(dir, 'space/guide.storage.xhtml')).href;
    await client.open(uri, page);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.equal(byRule(diagnostics, 'legacy-macro').length, 0, 'the configuration turns legacy-macro off');
    const short = byRule(diagnostics, 'short-link');
    assert.equal(short.length, 1);
    const actions = await client.request<Command[]>('textDocument/codeAction', { textDocument: { uri }, range: short[0].range, context: { diagnostics: short } });
    const fix = actions.find((a) => a.command === APPLY_EDIT && !a.title.startsWith('Disable'));
    assert.ok(fix, 'the index knows the page, so the link can be fixed');
    assert.match(applyEdit(page, uri, fix.arguments![0] as WorkspaceEdit), /ri:content-title="Onboarding Guide"/);

    const configUri = pathToFileURL(path.join(dir, 'broken/.confluence-triage.json')).href;
    const configDiagnostics = client.nextDiagnostics(configUri);
    await client.open(pathToFileURL(path.join(dir, 'broken/page.storage.xhtml')).href, page);
    const published = await configDiagnostics;
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].severity, 1);
  });

  it('reloads the configuration when the client reports a changed file', async () => {
    const dir = tempWorkspace({ 'page.storage.xhtml': PAGE });
    client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
    const uri = pathToFileURL(path.join(dir, 'page.storage.xhtml')).href;
    await client.open(uri, PAGE);
    assert.equal(byRule((await client.diagnosticsFor(uri, 1)).diagnostics, 'legacy-macro').length, 1);
    const configFile = path.join(dir, '.confluence-triage.json');
    fs.writeFileSync(configFile, JSON.stringify({ rules: { 'legacy-macro': 'off' } }));
    const next = client.nextDiagnostics(uri, (p) => byRule(p.diagnostics, 'legacy-macro').length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configFile).href, type: 1 }] });
    await next;
  });

  it('keeps working when the client fails workspace/configuration and client/registerCapability', async () => {
    client = await LspClient.start({
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
      onRequest: (method) => {
        throw new Error(`${method} is broken in this client`);
      },
    });
    const uri = 'file:///virtual/after-failures.storage.xhtml';
    while (!client.serverRequests.some((r) => r.method === 'client/registerCapability')) await new Promise((r) => setImmediate(r));
    await client.open(uri, PAGE);
    assert.equal(byRule((await client.diagnosticsFor(uri, 1)).diagnostics, 'legacy-macro').length, 1);
  });

  it('reads settings through workspace/configuration when the client supports it', async () => {
    const dir = tempWorkspace({ 'custom.json': JSON.stringify({ rules: { 'legacy-macro': 'error' } }), 'page.storage.xhtml': PAGE });
    client = await LspClient.start({
      rootUri: pathToFileURL(dir).href,
      capabilities: { workspace: { configuration: true } },
      onRequest: (method) => (method === 'workspace/configuration' ? [{ configFile: 'custom.json' }] : null),
    });
    const uri = pathToFileURL(path.join(dir, 'page.storage.xhtml')).href;
    const published = client.nextDiagnostics(uri, (p) => byRule(p.diagnostics, 'legacy-macro').some((d) => d.severity === 1));
    // Opened once configuration has arrived (the server asks for it in `initialized`).
    while (!client.serverRequests.some((r) => r.method === 'workspace/configuration')) await new Promise((r) => setImmediate(r));
    await client.open(uri, PAGE);
    await published;
  });
});
