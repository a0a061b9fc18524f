/**
 * Where core offsets become LSP positions (and back): one position at a time through
 * TextDocument, or a whole lint's problems at once through the version's PositionIndex
 * (same line-break rules), so UTF-16 columns and line breaks are handled alike.
 */
import { DiagnosticSeverity, type Diagnostic, type Position, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem, Severity } from '../core/types';
import type { PositionIndex } from './position-index';

export const SOURCE = 'confluence-triage';

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

/**
 * Core problems as lean LSP diagnostics: `code` is the rule id, `codeDescription` links the
 * rule's doc page, no `data` (code actions find fixes in the PublishedLint). Starts come in
 * offset order, so they convert in one forward pass; each end is searched from its start's line.
 */
export function toDiagnostics(problems: readonly Problem[], positions: PositionIndex, docsHref: (ruleId: string) => string | undefined): Diagnostic[] {
  const starts = positions.positionsOf(problems.map((p) => p.start));
  return problems.map((problem, i) => {
    const start = starts[i];
    const endLine = positions.lineOf(problem.end, start.line);
    const href = docsHref(problem.ruleId);
    const diagnostic: Diagnostic = {
      range: { start, end: { line: endLine, character: problem.end - positions.lineStart(endLine) } },
      severity: SEVERITY[problem.severity],
      code: problem.ruleId,
      source: SOURCE,
      message: problem.message,
    };
    if (href) diagnostic.codeDescription = { href };
    return diagnostic;
  });
}
