// Runs in a real VS Code (Electron) extension host, against the workspace copied by run.mjs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'confluence-triage.confluence-triage';
const PAGE = 'release-notes.storage.xhtml';

function pageUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens a workspace folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, PAGE));
}

/** Resolves with the page's diagnostics once one with `code` is published; never sleeps. */
function diagnosticsWith(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
  const matching = () => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
  return new Promise((resolve) => {
    if (matching().length > 0) return resolve(matching());
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const found = matching();
      if (found.length > 0) {
        listener.dispose();
        resolve(found);
      }
    });
  });
}

describe('Confluence Triage in VS Code', () => {
  it('activates for a storage page and sets its language', async () => {
    const doc = await vscode.workspace.openTextDocument(pageUri());
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'confluence-storage');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'installed');
    await extension.activate();
    assert.ok(extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('confluenceTriage.restartServer'));
  });

  it('publishes legacy-macro for the noformat macro', async () => {
    const uri = pageUri();
    const [diagnostic] = await diagnosticsWith(uri, 'legacy-macro');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(diagnostic.range), /noformat/);
  });

  it('applies the quick fix', async () => {
    const uri = pageUri();
    const [diagnostic] = await diagnosticsWith(uri, 'legacy-macro');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Convert to code block');
    assert.ok(fix?.edit, 'the noformat quick fix, with an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    // The same snapshot the code-server e2e compares the saved file with.
    const expectedDir = process.env.CONFLUENCE_TRIAGE_EXPECTED;
    assert.ok(expectedDir, 'run.mjs passes the snapshot folder');
    assert.equal(text, fs.readFileSync(path.join(expectedDir, 'after-quick-fix.storage.xhtml'), 'utf8'));
  });
});
