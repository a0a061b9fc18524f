// Entry point: wiring only. Starts the language server and registers the command table;
// features live in the server (diagnostics, fixes) and in commands.ts.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { CLIENT_NAME, ServerController } from './language-client';
import { needsRestart } from './settings';
import { SyncUi } from './sync/index';

let server: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  server = new ServerController(context, output);
  const sync = new SyncUi(context, output);
  context.subscriptions.push(
    output,
    server,
    sync,
    ...registerCommands({ extension: context, output, server, sync }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart(event)) void server?.restart();
    }),
  );
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
