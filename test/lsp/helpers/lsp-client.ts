/**
 * A minimal LSP client for tests: spawns the built server over stdio and speaks JSON-RPC
 * like an editor other than VS Code would, with only the capabilities a test asks for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { ensureBuilt } from '../../helpers/ensure-built';

interface Waiter {
  readonly uri: string;
  readonly accept: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

export interface StartOptions {
  readonly capabilities?: ClientCapabilities;
  readonly rootUri?: string | null;
  readonly initializationOptions?: unknown;
  /** Answers server → client requests (workspace/configuration, …); default: null. */
  readonly onRequest?: (method: string, params: unknown) => unknown;
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly serverRequests: { method: string; params: unknown }[] = [];
  stderr = '';
  private waiters: Waiter[] = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const server = ensureBuilt('server.js');
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    child.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      const ready = client.waiters.filter((w) => w.uri === p.uri && w.accept(p));
      client.waiters = client.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => void client.logs.push(p.message));
    connection.onRequest((method: string, params: unknown) => {
      client.serverRequests.push({ method, params });
      return options.onRequest ? options.onRequest(method, params) : null;
    });
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: options.capabilities ?? {},
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** The next diagnostics published for `uri` that `accept` (default: any), waiting as long as it takes. */
  nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  /** Diagnostics for a given document version. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const done = this.published.find((p) => p.uri === uri && p.version === version);
    return done ? Promise.resolve(done) : this.nextDiagnostics(uri, (p) => p.version === version);
  }

  async open(uri: string, text: string, languageId = 'confluence-storage', version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async replace(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process may already be gone; killing below is enough.
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}
