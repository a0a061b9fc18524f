/** Machine-readable output: every file with its problems (offsets and 1-based line/columns). */
import type { Severity } from '../../core/types';
import { UNREADABLE_FILE, type FileReport } from '../lint-files';

export function formatJson(reports: readonly FileReport[]): string {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const files = reports.map((r) => {
    if (r.unreadable) summary.error++;
    return {
      path: r.display,
      format: r.format,
      ...(r.unreadable ? { error: { ruleId: UNREADABLE_FILE, message: r.unreadable } } : {}),
      problems: r.problems.map(({ problem: p, from, to }) => {
        summary[p.severity]++;
        return {
          ruleId: p.ruleId,
          severity: p.severity,
          message: p.message,
          line: from.line,
          column: from.column,
          endLine: to.line,
          endColumn: to.column,
          start: p.start,
          end: p.end,
          ...(p.fix ? { fix: { start: p.fix.start, end: p.fix.end, text: p.fix.text, title: p.fixTitle } } : {}),
          ...(p.data ? { data: p.data } : {}),
        };
      }),
    };
  });
  return `${JSON.stringify({ version: 1, files, summary }, null, 2)}\n`;
}
