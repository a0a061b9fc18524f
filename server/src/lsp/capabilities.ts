/**
 * What the client can do, read once from `initialize`. Every optional LSP feature is
 * checked, so editors other than VS Code (no workspace/configuration, no code-action
 * literals, flat symbols, plain-text hovers) get answers they understand.
 */
import type { ClientCapabilities } from 'vscode-languageserver/node';

export interface ClientFeatures {
  readonly configuration: boolean;
  readonly watchedFilesRegistration: boolean;
  readonly codeActionLiterals: boolean;
  /** The client resolves a code action's `edit` lazily (codeAction/resolve). */
  readonly codeActionResolve: boolean;
  readonly documentChanges: boolean;
  readonly markdownHover: boolean;
  readonly hierarchicalSymbols: boolean;
  /**
   * The client pulls diagnostics (textDocument/diagnostic) and can be told to pull again
   * (workspace/diagnostic/refresh) after a settings change; others get them pushed.
   */
  readonly pullDiagnostics: boolean;
}

export function clientFeatures(c: ClientCapabilities): ClientFeatures {
  return {
    configuration: c.workspace?.configuration === true,
    watchedFilesRegistration: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    codeActionLiterals: c.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
    codeActionResolve: c.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
    documentChanges: c.workspace?.workspaceEdit?.documentChanges === true,
    markdownHover: c.textDocument?.hover?.contentFormat?.includes('markdown') === true,
    hierarchicalSymbols: c.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    pullDiagnostics: c.textDocument?.diagnostic !== undefined && c.workspace?.diagnostics?.refreshSupport === true,
  };
}
