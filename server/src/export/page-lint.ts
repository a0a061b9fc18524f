/**
 * Linting one exported page body: the unit of work of the export lint pool. Runs the same core
 * as the editor and the CLI, and turns offsets into 1-based line/columns here, next to the body,
 * so only small findings (never bodies) travel back from a worker.
 */
import type { TriageConfig } from '../core/config';
import { lint } from '../core/lint';
import { LineIndex } from '../core/text/line-index';
import type { KnownPage, ProblemData, Severity, WorkspaceIndex } from '../core/types';
import { indexOf } from '../lsp/workspace-index';

/** What every page of a run is linted with; plain data, so it can be posted to a worker. */
export interface PageLintSettings {
  readonly config: TriageConfig;
  /** Pages that short links may resolve to (any space, any export or pulled folder). */
  readonly knownPages: readonly KnownPage[];
  readonly only?: readonly string[];
}

/** A finding inside a page body, located both by offsets and by 1-based line/column. */
export interface PageFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The flagged text, whitespace-normalised and cut to 200 characters (for stable fingerprints). */
  readonly snippet: string;
  readonly fix?: { readonly start: number; readonly end: number; readonly text: string; readonly title?: string };
  readonly data?: ProblemData;
}

/** A linter bound to one run's settings (the index is built once, not per page). */
export function pageLinter(settings: PageLintSettings): (body: string) => PageFinding[] {
  const index: WorkspaceIndex = indexOf(settings.knownPages);
  return (body) => {
    const { problems } = lint(body, 'storage', { config: settings.config, index, only: settings.only });
    if (problems.length === 0) return [];
    const lines = new LineIndex(body);
    return problems.map((p) => {
      const from = lines.at(p.start);
      const to = lines.at(p.end);
      return {
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        start: p.start,
        end: p.end,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        snippet: body.slice(p.start, Math.min(p.end, p.start + 400)).replace(/\s+/g, ' ').trim().slice(0, 200),
        ...(p.fix ? { fix: { start: p.fix.start, end: p.fix.end, text: p.fix.text, title: p.fixTitle } } : {}),
        ...(p.data ? { data: p.data } : {}),
      };
    });
  };
}
