/**
 * Every command the extension registers, in one table: command id → handler.
 * To add a command: add a row here, and declare the same id with a title and category in
 * package.json `contributes.commands` (test/client/manifest.test.ts checks both directions).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerController } from './language-client';
import type { SyncUi } from './sync/index';
import { addInstance, compareWithRemote, guarded, migrate, pullPage, pullSpace, push } from './sync/handlers';
import type { SyncNode } from './sync/tree';
import { convertToAdf } from './convert-to-adf';
import { rewriteShortLinks } from './rewrite-short-links';
import { readSettings } from './settings';

/** What a handler may use; extend this rather than reaching for module-level state. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly server: ServerController;
  /** Pull, push, migrate: instances, tree view, status bar (client/src/sync). */
  readonly sync: SyncUi;
}

export type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;

export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'confluenceTriage.convertToAdf': convertToAdf,
  'confluenceTriage.openConfigFile': openConfigFile,
  'confluenceTriage.restartServer': async (ctx) => {
    ctx.output.info('Restarting the language server.');
    await ctx.server.restart();
  },
  'confluenceTriage.showOutput': (ctx) => ctx.output.show(true),
  'confluenceTriage.addInstance': (ctx) => guarded(ctx.sync, () => addInstance(ctx.sync)),
  'confluenceTriage.pullPage': (ctx, node) => guarded(ctx.sync, () => pullPage(ctx.sync, node as SyncNode | undefined)),
  'confluenceTriage.pullSpace': (ctx, node) => guarded(ctx.sync, () => pullSpace(ctx.sync, node as SyncNode | undefined)),
  'confluenceTriage.push': (ctx, uri) => guarded(ctx.sync, () => push(ctx.sync, uri)),
  'confluenceTriage.compareWithRemote': (ctx, uri) => guarded(ctx.sync, () => compareWithRemote(ctx.sync, uri)),
  'confluenceTriage.migrateSpace': (ctx) => guarded(ctx.sync, () => migrate(ctx.sync)),
  'confluenceTriage.refreshInstances': (ctx) => ctx.sync.tree.refresh(),
  'confluenceTriage.rewriteShortLinks': rewriteShortLinks,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)),
  );
}

/** Opens the configuration file (`confluenceTriage.configFile`) of the first folder, creating it if absent. */
async function openConfigFile(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Open a folder first: the configuration file lives at its root.');
    return;
  }
  const { configFile } = readSettings(folder.uri);
  const uri = path.isAbsolute(configFile) ? vscode.Uri.file(configFile) : vscode.Uri.joinPath(folder.uri, configFile);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    // Only the keys whose defaults a user most often changes; the server fills in the rest.
    const starter = JSON.stringify({ rules: {}, allowedMacros: [], userMap: {} }, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(starter, 'utf8'));
  }
  await vscode.window.showTextDocument(uri);
}
