/**
 * The one place where core offsets become LSP positions (and back). Everything the
 * server sends about a document's text goes through here, so UTF-16 columns and
 * line breaks are handled once, by TextDocument.
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem, ProblemData, Severity } from '../core/types';

export const SOURCE = 'confluence-triage';

/** What a diagnostic carries in `data`, so code actions need no server-side state. */
export interface DiagnosticData {
  readonly ruleId: string;
  /** The problem's fix, already converted to positions. */
  readonly fix?: TextEdit;
  readonly fixTitle?: string;
  /** Where a `confluence-triage-disable-next` comment would silence this problem (storage only). */
  readonly suppress?: SuppressAnchor;
  readonly problem?: ProblemData;
}

/** The start of the innermost element holding a problem, and whether it starts its own line. */
export interface SuppressAnchor {
  readonly position: Position;
  /** The indentation before the element when it is the first thing on its line, else undefined. */
  readonly indent?: string;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function toOffset(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position);
}

export function toOffsets(doc: TextDocument, range: Range): { start: number; end: number } {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}

function suppressAnchor(doc: TextDocument, elementStart: number): SuppressAnchor {
  const position = doc.positionAt(elementStart);
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const before = doc.getText().slice(lineStart, elementStart);
  return /^[ \t]*$/.test(before) ? { position, indent: before } : { position };
}

/**
 * A core problem as an LSP diagnostic: `code` is the rule id, `codeDescription` links the
 * rule's doc page, and `data` holds the converted fix.
 */
export function toDiagnostic(
  doc: TextDocument,
  problem: Problem,
  docsHref: string | undefined,
  suppressAt: number | undefined,
): Diagnostic {
  const data: DiagnosticData = {
    ruleId: problem.ruleId,
    fix: problem.fix ? { range: toRange(doc, problem.fix.start, problem.fix.end), newText: problem.fix.text } : undefined,
    fixTitle: problem.fixTitle,
    suppress: suppressAt === undefined ? undefined : suppressAnchor(doc, suppressAt),
    problem: problem.data,
  };
  return {
    range: toRange(doc, problem.start, problem.end),
    severity: SEVERITY[problem.severity],
    code: problem.ruleId,
    codeDescription: docsHref ? { href: docsHref } : undefined,
    source: SOURCE,
    message: problem.message,
    data,
  };
}

/** Narrows an incoming diagnostic's `data` (clients echo it back untouched, or drop it). */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (diagnostic.source !== SOURCE || typeof data !== 'object' || data === null || typeof data.ruleId !== 'string') return undefined;
  return data;
}
