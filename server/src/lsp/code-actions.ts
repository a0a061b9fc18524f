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
          const kept = nonOverlapping(doc, sameRule);
          actions.push({
            title: `Fix all ${data.ruleId} problems in this file`,
            kind: CodeActionKind.QuickFix,
            diagnostics: kept.map((f) => f.diagnostic),
            edit: workspaceEdit(doc, kept.map((f) => f.data.fix), caps),
          });
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

  if (only && only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`))) {
    const kept = nonOverlapping(doc, fixablesOf(all));
    if (kept.length > 0) {
      actions.push({
        title: 'Fix all auto-fixable Confluence Triage problems',
        kind: FIX_ALL_KIND,
        diagnostics: kept.map((f) => f.diagnostic),
        edit: workspaceEdit(doc, kept.map((f) => f.data.fix), caps),
      });
    }
  } else if (!only) {
    // Clients that send no `only` list every action in one menu; offer fix-all there too.
    const kept = nonOverlapping(doc, fixablesOf(all));
    if (kept.length > 1) {
      actions.push({
        title: 'Fix all auto-fixable Confluence Triage problems',
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(doc, kept.map((f) => f.data.fix), caps),
      });
    }
  }

  if (caps.literals) return actions;
  return actions.map((a) => ({ title: a.title, command: APPLY_EDIT_COMMAND, arguments: [a.edit] }));
}
