/** `path:line:col: severity rule-id message`, one finding per line (compiler style, clickable in terminals). */
import { UNREADABLE_FILE, type FileReport } from '../lint-files';

export function formatText(reports: readonly FileReport[]): string {
  let out = '';
  let count = 0;
  for (const report of reports) {
    if (report.unreadable) {
      out += `${report.display}:1:1: error ${UNREADABLE_FILE} ${report.unreadable}\n`;
      count++;
    }
    for (const { problem, from } of report.problems) {
      out += `${report.display}:${from.line}:${from.column}: ${problem.severity} ${problem.ruleId} ${problem.message.replace(/\s*\n\s*/g, ' ')}\n`;
      count++;
    }
  }
  const files = reports.length;
  out += `${count} problem${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`;
  return out;
}
