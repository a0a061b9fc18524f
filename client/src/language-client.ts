/**
 * Creates and starts the language client: the bundled server `dist/server.js` runs in a
 * Node child process over IPC and serves storage XHTML and ADF JSON documents.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { readSettings, SETTINGS_SECTION } from './settings';

export const CLIENT_ID = 'confluenceTriage';
export const CLIENT_NAME = 'Confluence Triage';
export const STORAGE_LANGUAGE = 'confluence-storage';
export const ADF_LANGUAGE = 'confluence-adf';

/**
 * The patterns stand beside the language ids so a file still reaches the server when a user's
 * `files.associations` gives `*.adf.json` another language (plain JSON, say).
 */
export const DOCUMENT_SELECTOR = [
  { language: STORAGE_LANGUAGE },
  { language: ADF_LANGUAGE },
  { scheme: 'file', pattern: '**/*.storage.xhtml' },
  { scheme: 'file', pattern: '**/*.adf.json' },
] satisfies LanguageClientOptions['documentSelector'];

/** The server is told about edits to these without opening them (config, pulled-page metadata). */
export function watchedGlobs(configFile: string): string[] {
  const globs = ['**/.confluence-triage.json', '**/.confluence/*.json'];
  // The setting may be a relative or absolute path; the server looks the name up per folder.
  const custom = `**/${path.basename(configFile)}`;
  if (!globs.includes(custom)) globs.push(custom);
  return globs;
}

/**
 * Owns the running client and the file watchers made for it, so a restart (command, or a
 * changed `configFile` setting) rebuilds both from the current settings.
 */
export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private watchers: vscode.FileSystemWatcher[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  async start(): Promise<void> {
    const serverModule = this.context.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(serverModule)) {
      this.output.error(`Language server not found at ${serverModule}; run "node esbuild.mjs".`);
      return;
    }
    const settings = readSettings();
    this.watchers = watchedGlobs(settings.configFile).map((glob) =>
      vscode.workspace.createFileSystemWatcher(glob),
    );
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ['--nolazy', '--inspect=6009'] },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      // The server can lint before its first configuration round trip; afterwards it pulls
      // the `confluenceTriage` section through workspace/configuration.
      initializationOptions: { settings },
      synchronize: { configurationSection: SETTINGS_SECTION, fileEvents: this.watchers },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    try {
      await client.start();
      this.client = client;
    } catch (error) {
      // A broken server must not take the editor's other features (grammar, snippets) down.
      this.output.error(`Language server failed to start: ${String(error)}`);
      this.disposeWatchers();
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    try {
      if (client?.isRunning()) await client.stop();
    } finally {
      this.disposeWatchers();
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
  }

  private disposeWatchers(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
  }
}
