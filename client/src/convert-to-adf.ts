/**
 * "Convert to Cloud editor (ADF)": converts the active storage page with the core converter,
 * writes NAME.adf.json beside it, lists the conversion report in the output channel, and
 * opens a diff (the previous ADF when there was one, else the page) against the new ADF.
 */
import * as vscode from 'vscode';
import { parseConfig } from '../../server/src/core/config';
import { convertStorageToAdf } from '../../server/src/core/convert/index';
import { parseStorage } from '../../server/src/core/storage/parser';
import { LineIndex } from '../../server/src/core/text/line-index';
import type { CommandContext } from './commands';
import { readSettings } from './settings';

const STORAGE_SUFFIX = /\.storage\.xhtml$/i;

async function projectConfig(page: vscode.Uri) {
  const folder = vscode.workspace.getWorkspaceFolder(page);
  if (!folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, readSettings(folder.uri).configFile);
  try {
    const { config, errors } = parseConfig(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'));
    if (errors.length > 0) void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)}: ${errors.join('; ')}`);
    return config;
  } catch {
    return undefined; // No project configuration: the defaults apply.
  }
}

export async function convertToAdf(ctx: CommandContext, target?: unknown): Promise<void> {
  const page = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!page || !STORAGE_SUFFIX.test(page.path)) {
    void vscode.window.showWarningMessage('Open a *.storage.xhtml page to convert it to the Cloud editor format.');
    return;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === page.toString());
  const text = open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(page)).toString('utf8');
  const { adf, findings } = convertStorageToAdf(parseStorage(text), { config: await projectConfig(page) });

  const out = page.with({ path: page.path.replace(STORAGE_SUFFIX, '.adf.json') });
  let before: vscode.Uri = page;
  try {
    const previous = Buffer.from(await vscode.workspace.fs.readFile(out)).toString('utf8');
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: previous });
    before = doc.uri;
  } catch {
    // No previous conversion: compare with the page itself.
  }
  await vscode.workspace.fs.writeFile(out, Buffer.from(JSON.stringify(adf, null, 2) + '\n', 'utf8'));

  const name = vscode.workspace.asRelativePath(page);
  ctx.output.info(`Converted ${name} → ${vscode.workspace.asRelativePath(out)}: ${findings.length} finding(s).`);
  const lines = new LineIndex(text);
  for (const f of findings) {
    const at = lines.at(f.start);
    ctx.output.info(`  ${name}:${at.line}:${at.column} ${f.action} ${f.code}: ${f.message}${f.suggestion ? ` (${f.suggestion})` : ''}`);
  }
  await vscode.commands.executeCommand('vscode.diff', before, out, `${name} → Cloud editor (ADF)`);
  if (findings.length > 0) {
    const choice = await vscode.window.showInformationMessage(
      `Converted with ${findings.length} finding(s) to review.`,
      'Show report',
    );
    if (choice) ctx.output.show(true);
  }
}
