/**
 * Code actions, built only from what the diagnostics carry in `data` (stateless):
 * "fix this", "fix all <rule> in this file", `source.fixAll.confluenceTriage`, and
 * "disable <rule> for this element" (a suppression comment, storage only).
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Command,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticData, toOffsets, type DiagnosticData } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.confluenceTriage`;
/** Run by clients that take commands rather than code-action literals (LSP before 3.8). */
export const APPLY_EDIT_COMMAND = 'confluenceTriage.applyEdit';

export interface ActionCapabilities {
  /** The client accepts CodeAction literals (else it gets Commands). */
  readonly literals: boolean;
  /** The client accepts versioned `documentChanges` in a WorkspaceEdit. */
  readonly documentChanges: boolean;
  /** File-wide actions go out without their (large) edit, filled in by codeAction/resolve. */
  readonly resolve: boolean;
}

/** What a file-wide action carries until it is resolved: which fixes to gather. */
interface FileWideData {
  readonly fileWide: true;
  readonly uri: string;
  /** The document version the action was computed for; a resolve for another version gets no edit. */
  readonly version: number;
  /** Only this rule's fixes, or every rule's. */
  readonly ruleId: string | null;
}

interface Fixable {
  readonly diagnostic: Diagnostic;
  readonly data: DiagnosticData & { fix: TextEdit };
}

function fixablesOf(diagnostics: readonly Diagnostic[]): Fixable[] {
  const out: Fixable[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnosticData(diagnostic);
    if (data?.fix) out.push({ diagnostic, data: data as Fixable['data'] });
  }
  return out;
}

/** Keeps the fixes that do not overlap an earlier one, in offset order (core applyFixes semantics). */
function nonOverlapping(doc: TextDocument, fixables: readonly Fixable[]): Fixable[] {
  const withOffsets = fixables.map((f) => ({ f, ...toOffsets(doc, f.data.fix.range) }));
  withOffsets.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Fixable[] = [];
  let cursor = 0;
  for (const { f, start, end } of withOffsets) {
    if (start < cursor) continue;
    kept.push(f);
    cursor = end;
  }
  return kept;
}

function workspaceEdit(doc: TextDocument, edits: TextEdit[], caps: ActionCapabilities): WorkspaceEdit {
  return caps.documentChanges
    ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
    : { changes: { [doc.uri]: edits } };
}

function suppressionEdit(data: DiagnosticData): TextEdit | undefined {
  const anchor = data.suppress;
  if (!anchor) return undefined;
  const comment = `<!-- confluence-triage-disable-next ${data.ruleId} -->`;
  return {
    range: { start: anchor.position, end: anchor.position },
    newText: anchor.indent === undefined ? comment : `${comment}\n${anchor.indent}`,
  };
}

const samePosition = (a: Diagnostic['range']['start'], b: Diagnostic['range']['start']) => a.line === b.line && a.character === b.character;

/**
 * Clients older than LSP 3.16 send diagnostics back without `data`; find the published
 * diagnostic they stand for (same rule and range) so they still get the fixes.
 */
function withData(diagnostic: Diagnostic, published: readonly Diagnostic[] | undefined): Diagnostic {
  if (diagnostic.data !== undefined || !published) return diagnostic;
  const match = published.find(
    (d) => d.code === diagnostic.code && samePosition(d.range.start, diagnostic.range.start) && samePosition(d.range.end, diagnostic.range.end),
  );
  return match ?? diagnostic;
}

function fileWideEdit(doc: TextDocument, ruleId: string | null, all: readonly Diagnostic[], caps: ActionCapabilities): { edit: WorkspaceEdit; diagnostics: Diagnostic[] } {
  const fixables = fixablesOf(all).filter((f) => ruleId === null || f.data.ruleId === ruleId);
  const kept = nonOverlapping(doc, fixables);
  return { edit: workspaceEdit(doc, kept.map((f) => f.data.fix), caps), diagnostics: kept.map((f) => f.diagnostic) };
}

function fileWideAction(doc: TextDocument, title: string, kind: string, ruleId: string | null, all: readonly Diagnostic[], caps: ActionCapabilities): CodeAction {
  if (caps.resolve) return { title, kind, data: { fileWide: true, uri: doc.uri, version: doc.version, ruleId } satisfies FileWideData };
  return { title, kind, ...fileWideEdit(doc, ruleId, all, caps) };
}

/**
 * Fills in the edit of a file-wide action sent without one (codeAction/resolve), from the
 * diagnostics published for the version the action was made for.
 */
export function resolveCodeAction(
  action: CodeAction,
  lookup: (uri: string, version: number) => { doc: TextDocument; diagnostics: readonly Diagnostic[] } | undefined,
  caps: ActionCapabilities,
): CodeAction {
  const data = action.data as FileWideData | undefined;
  if (data?.fileWide !== true || typeof data.uri !== 'string') return action;
  const found = lookup(data.uri, data.version);
  if (!found) return action;
  return { ...action, ...fileWideEdit(found.doc, data.ruleId, found.diagnostics, caps) };
}

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * @param fileDiagnostics every diagnostic currently published for the document (for the
 * file-wide actions); falls back to the ones in the request when unknown.
 */
export function codeActions(
  doc: TextDocument,
  params: CodeActionParams,
  fileDiagnostics: readonly Diagnostic[] | undefined,
  caps: ActionCapabilities,
): (CodeAction | Command)[] {
  const only = params.context.only;
  const all = fileDiagnostics ?? params.context.diagnostics;
  const actions: CodeAction[] = [];

  if (wanted(CodeActionKind.QuickFix, only)) {
    const allFixables = fixablesOf(all);
    const offeredFixAll = new Set<string>();
    for (const given of params.context.diagnostics) {
      const diagnostic = withData(given, fileDiagnostics);
      const data = diagnosticData(diagnostic);
      if (!data) continue;
      if (data.fix) {
        actions.push({
          title: data.fixTitle ?? `Fix: ${diagnostic.message}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: workspaceEdit(doc, [data.fix], caps),
        });
        const sameRule = allFixables.filter((f) => f.data.ruleId === data.ruleId);
        if (sameRule.length > 1 && !offeredFixAll.has(data.ruleId)) {
          offeredFixAll.add(data.ruleId);
          actions.push(fileWideAction(doc, `Fix all ${data.ruleId} problems in this file`, CodeActionKind.QuickFix, data.ruleId, all, caps));
        }
      }
      const suppress = suppressionEdit(data);
      if (suppress) {
        actions.push({
          title: `Disable ${data.ruleId} for this element`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: workspaceEdit(doc, [suppress], caps),
        });
      }
    }
  }

  // Clients that send no `only` list every action in one menu; offer fix-all there too (when
  // it does more than a single quick fix would).
  const fixAllWanted = only ? only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`)) : true;
  const fixableCount = fixAllWanted ? fixablesOf(all).length : 0;
  if (fixableCount > (only ? 0 : 1)) {
    actions.push(fileWideAction(doc, 'Fix all auto-fixable Confluence Triage problems', FIX_ALL_KIND, null, all, caps));
  }

  if (caps.literals) return actions;
  return actions.map((a) => ({ title: a.title, command: APPLY_EDIT_COMMAND, arguments: [a.edit] }));
}
