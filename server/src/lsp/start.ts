/**
 * The language server: routes LSP events to the core and the lsp/ helpers. Every handler
 * is guarded: an exception is logged to the client's console and answered with an empty
 * result, never allowed to end the process.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type TextDocumentChangeEvent,
  type WorkspaceFolder,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse, type ParsedDocument } from '../core/lint';
import type { KnownPage } from '../core/types';
import { clientFeatures, type ClientFeatures } from './capabilities';
import {
  APPLY_EDIT_COMMAND,
  codeActions,
  FIX_ALL_COMMAND,
  FIX_ALL_KIND,
  fixAllEdit,
  isFixAllTarget,
  resolveCodeAction,
  type ActionCapabilities,
  type FixAllTarget,
} from './code-actions';
import { completionAt } from './completion';
import { toOffset } from './convert';
import { ConfigStore, DEFAULT_CONFIG_FILE, type LoadedConfig } from './config-store';
import { DiagnosticsScheduler } from './diagnostics';
import { formatOf } from './document-format';
import { hoverAt } from './hover';
import { documentSymbols } from './symbols';
import { INDEX_DIR, loadWorkspaceIndex } from './workspace-index';

const SETTINGS_SECTION = 'confluenceTriage';
/** A pull waits this long for a lint (a 100 MB page takes 30-60 s under load), then asks to be retried. */
const PULL_TIMEOUT_MS = 120_000;
/** Hover, completion and symbols decline on documents this large (they would parse on the main thread). */
const MAX_FEATURE_SIZE = 20_000_000;

interface Settings {
  readonly configFile: string;
}

const filePath = (uri: string): string | undefined => {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
};

function settingsFrom(value: unknown): Settings {
  const configFile = (value as { configFile?: unknown } | undefined)?.configFile;
  return { configFile: typeof configFile === 'string' && configFile.trim() !== '' ? configFile.trim() : DEFAULT_CONFIG_FILE };
}

export interface ServerOptions {
  /** Script for lint worker threads (the server bundle itself); undefined lints everything in-thread. */
  readonly workerScript?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const parsedCache = new Map<string, { version: number; parsed: ParsedDocument }>();
  const configErrorFiles = new Set<string>();
  let features: ClientFeatures;
  let roots: string[] = [];
  let settings: Settings = settingsFrom(undefined);
  let pages: readonly KnownPage[] = [];
  let configs: ConfigStore;

  const log = (message: string) => connection.console.error(message);

  function guard<A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      try {
        return await handler(...args);
      } catch (e) {
        log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  function onConfigLoaded(loaded: LoadedConfig): void {
    if (!loaded.file) return;
    const uri = pathToFileURL(loaded.file).href;
    if (loaded.errors.length > 0) {
      connection.console.warn(`${loaded.file}: ${loaded.errors.join('; ')}`);
      configErrorFiles.add(uri);
    }
    if (loaded.errors.length > 0 || configErrorFiles.has(uri)) {
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const diagnostics = loaded.errors.map((message) => ({ range, severity: DiagnosticSeverity.Error, source: 'confluence-triage', code: 'config', message }));
      void connection.sendDiagnostics({ uri, diagnostics });
      if (loaded.errors.length === 0) configErrorFiles.delete(uri);
    }
  }

  function resetConfig(): void {
    configs = new ConfigStore(roots, settings.configFile, onConfigLoaded);
  }

  function reloadIndex(): void {
    const load = loadWorkspaceIndex(roots);
    pages = load.pages;
    for (const error of load.errors) connection.console.warn(error);
  }

  function configFor(uri: string): LoadedConfig {
    return configs.forDocument(filePath(uri));
  }

  function parsedFor(doc: TextDocument): ParsedDocument | undefined {
    const format = formatOf(doc.uri, doc.languageId);
    if (!format || doc.getText().length > MAX_FEATURE_SIZE) return undefined;
    const cached = parsedCache.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.parsed;
    const parsed = parse(doc.getText(), format);
    parsedCache.set(doc.uri, { version: doc.version, parsed });
    return parsed;
  }

  const scheduler = new DiagnosticsScheduler({
    target(uri) {
      const doc = documents.get(uri);
      const format = doc && formatOf(doc.uri, doc.languageId);
      if (!doc || !format) return undefined;
      return { doc, input: { text: doc.getText(), format, config: configFor(uri).config, pages } };
    },
    // Pull clients ask for diagnostics themselves (textDocument/diagnostic), and clear them on close.
    publish: (uri, version, diagnostics) => {
      if (!features?.pullDiagnostics) void connection.sendDiagnostics({ uri, version: version || undefined, diagnostics });
    },
    parsed: (uri, version, parsed) => parsedCache.set(uri, { version, parsed }),
    parsedAt(uri, version) {
      const doc = documents.get(uri);
      return doc && doc.version === version ? parsedFor(doc) : undefined;
    },
    error: log,
    workerScript: options.workerScript,
  });

  function relintAll(): void {
    for (const doc of documents.all()) if (formatOf(doc.uri, doc.languageId)) scheduler.schedule(doc.uri, true);
    // Pulls made from now on wait for the lints just scheduled.
    if (features.pullDiagnostics) void connection.languages.diagnostics.refresh().catch((e: Error) => log(`workspace/diagnostic/refresh failed: ${e.message}`));
  }

  /** Never throws: a client that fails the configuration request keeps the previous settings. */
  async function refreshSettings(pushed?: unknown): Promise<void> {
    if (features.configuration) {
      try {
        const [section] = (await connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }])) as unknown[];
        settings = settingsFrom(section);
      } catch (e) {
        log(`workspace/configuration failed: ${(e as Error).message}`);
      }
    } else if (pushed !== undefined) {
      settings = settingsFrom((pushed as Record<string, unknown> | null)?.[SETTINGS_SECTION]);
    }
  }

  connection.onInitialize((params): InitializeResult => {
    features = clientFeatures(params.capabilities);
    const folderUris = params.workspaceFolders?.map((f: WorkspaceFolder) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    roots = folderUris.map(filePath).filter((p: string | undefined): p is string => p !== undefined);
    if (roots.length === 0 && params.rootPath) roots = [params.rootPath];
    settings = settingsFrom((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    resetConfig();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: features.codeActionLiterals
          ? { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: features.codeActionResolve }
          : true,
        executeCommandProvider: { commands: [APPLY_EDIT_COMMAND, FIX_ALL_COMMAND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', "'"] },
        documentSymbolProvider: true,
        diagnosticProvider: features.pullDiagnostics ? { identifier: 'confluence-triage', interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      },
      serverInfo: { name: 'confluence-triage', version: '0.1.0' },
    };
  });

  connection.onInitialized(
    guard('initialized', undefined, async () => {
      await refreshSettings();
      resetConfig();
      reloadIndex();
      relintAll();
      if (features.watchedFilesRegistration) {
        const globs = [`**/${path.basename(settings.configFile)}`, `**/${INDEX_DIR}/*.json`];
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
      }
    }),
  );

  connection.onDidChangeConfiguration(
    guard('didChangeConfiguration', undefined, async (params: DidChangeConfigurationParams) => {
      await refreshSettings(params.settings);
      resetConfig();
      relintAll();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('didChangeWatchedFiles', undefined, (params: DidChangeWatchedFilesParams) => {
      const paths = params.changes.map((c) => filePath(c.uri) ?? c.uri);
      if (paths.some((p) => p.split(/[\\/]/).includes(INDEX_DIR))) reloadIndex();
      resetConfig();
      relintAll();
    }),
  );

  const seen = new Set<string>();
  documents.onDidChangeContent((event: TextDocumentChangeEvent<TextDocument>) => {
    const uri = event.document.uri;
    if (!formatOf(uri, event.document.languageId)) return;
    // The tree of the previous version is stale: let it go before the next parse builds another.
    parsedCache.delete(uri);
    scheduler.schedule(uri, !seen.has(uri));
    seen.add(uri);
  });
  documents.onDidClose((event: TextDocumentChangeEvent<TextDocument>) => {
    const uri = event.document.uri;
    seen.delete(uri);
    parsedCache.delete(uri);
    scheduler.forget(uri, formatOf(uri, event.document.languageId) !== undefined);
  });

  connection.onCodeAction(
    guard('codeAction', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !formatOf(doc.uri, doc.languageId)) return [];
      const version = doc.version;
      // Asked right after an edit, wait for that version's lint (it starts at once when idle).
      const published = await scheduler.settled(doc.uri, version);
      if (documents.get(doc.uri)?.version !== version) return [];
      return codeActions(doc, params, published, actionCapabilities());
    }),
  );

  /** The document and its lint for a file-wide action, if both are still at the action's version. */
  function fixAllSource(target: FixAllTarget) {
    const doc = documents.get(target.uri);
    const published = doc && doc.version === target.version ? scheduler.publishedFor(target.uri, target.version) : undefined;
    return doc && published ? { doc, published } : undefined;
  }

  connection.onCodeActionResolve(
    guard('codeAction/resolve', undefined as CodeAction | undefined, (action: CodeAction) => resolveCodeAction(action, fixAllSource, actionCapabilities())),
  );

  function actionCapabilities(): ActionCapabilities {
    return { literals: features.codeActionLiterals, documentChanges: features.documentChanges, resolve: features.codeActionResolve };
  }

  connection.onExecuteCommand(
    guard('executeCommand', null, async (params) => {
      const argument: unknown = params.arguments?.[0];
      if (params.command === APPLY_EDIT_COMMAND && argument) {
        await connection.workspace.applyEdit(argument as WorkspaceEdit);
      } else if (params.command === FIX_ALL_COMMAND && isFixAllTarget(argument)) {
        const source = fixAllSource(argument);
        const fixAll = source && fixAllEdit(source.doc, source.published, argument, actionCapabilities());
        if (fixAll) await connection.workspace.applyEdit({ label: 'Fix all Confluence Triage problems', edit: fixAll.edit });
      }
      return null;
    }),
  );

  connection.languages.diagnostics.on(
    guard('textDocument/diagnostic', { kind: 'full', items: [] } as DocumentDiagnosticReport | ResponseError<unknown>, async (params): Promise<DocumentDiagnosticReport | ResponseError<unknown>> => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || !formatOf(doc.uri, doc.languageId)) return { kind: 'full', items: [] };
      const version = doc.version;
      const published = await scheduler.settled(doc.uri, version, PULL_TIMEOUT_MS);
      if (!published) {
        // Superseded by an edit (or still running): the client asks again; a failed lint reports nothing.
        const current = documents.get(doc.uri);
        if (current && current.version === version && !scheduler.busy(doc.uri)) return { kind: 'full', items: [] };
        return new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed while it was linted', { retriggerRequest: true });
      }
      if (params.previousResultId === published.resultId) return { kind: 'unchanged', resultId: published.resultId };
      return { kind: 'full', resultId: published.resultId, items: published.diagnostics };
    }),
  );

  connection.onHover(
    guard('hover', null, (params) => {
      const doc = documents.get(params.textDocument.uri);
      const parsed = doc && parsedFor(doc);
      if (!doc || !parsed) return null;
      return hoverAt(doc, parsed, toOffset(doc, params.position), configFor(doc.uri).config, features.markdownHover);
    }),
  );

  connection.onCompletion(
    guard('completion', null, (params) => {
      const doc = documents.get(params.textDocument.uri);
      const parsed = doc && parsedFor(doc);
      if (!doc || !parsed) return null;
      return completionAt(doc, parsed, toOffset(doc, params.position), configFor(doc.uri).config);
    }),
  );

  connection.onDocumentSymbol(
    guard('documentSymbol', [], (params) => {
      const doc = documents.get(params.textDocument.uri);
      const parsed = doc && parsedFor(doc);
      if (!doc || !parsed) return [];
      return documentSymbols(doc, parsed, features.hierarchicalSymbols);
    }),
  );

  documents.listen(connection);
  connection.listen();
}
