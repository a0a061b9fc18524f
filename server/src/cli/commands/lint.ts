/** `confluence-triage lint`: report problems in pages, as text, JSON or SARIF. */
import { choice, parseArgs } from '../args';
import type { Command } from '../command';
import { formatJson } from '../formats/json';
import { formatText } from '../formats/text';
import { addExportsToSarif } from '../export-sarif';
import { countExportFindings, exportsFailed, exportsJson, formatExportText, jobsOption, lintOneExport, summaryLine, type ExportLintReport } from '../export-lint';
import { lintFile } from '../lint-files';
import { prepareMixedRun } from '../mixed-run';
import { formatSarif } from '../sarif';

const USAGE = `usage: confluence-triage lint [--format text|json|sarif] [--config FILE] [--rule ID]... [--jobs N] [--index SOURCE]... PATH...

Lints *.storage.xhtml and *.adf.json files; folders are searched recursively (node_modules
and .git are skipped). A .zip or .xml PATH is a Confluence space export (zip or entities.xml):
every current page is linted, located as EXPORT!/SPACE/PAGEID:line:col (page "Title");
historical versions and drafts are counted, wiki-markup bodies reported, reader problems
(hostile zips, truncation, control characters, duplicate ids) listed while the rest is read.

  --format FORMAT  text (default): path:line:col: severity rule-id message
                   json: every file with its problems; sarif: SARIF 2.1.0 for code scanning
  --config FILE    configuration file (default: the nearest .confluence-triage.json)
  --rule ID        run only this rule (repeatable)
  --jobs N         worker threads linting export pages (default: available cores; 0 = main thread)
  --index SOURCE   resolve short links against the pages of this export or pulled folder (repeatable)

Exit status: 0 no error-severity findings, 1 some (or an export problem that lost content),
2 usage or fatal error, or when no export or file could be read at all.`;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Report migration problems in storage and ADF pages (text, JSON or SARIF)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--format', '--config', '--rule', '--jobs', '--index'] });
    const format = choice(args, '--format', ['text', 'json', 'sarif'] as const, 'text');
    const jobs = jobsOption(args);
    const { exports, pages, settings, knownPages, indexProblems } = await prepareMixedRun(args, io.cwd);
    for (const line of indexProblems) io.stderr.write(`index: ${line}\n`);
    const reports = pages.map((page) => lintFile(page, io.cwd, settings));
    const exportReports: ExportLintReport[] = [];
    for (const file of exports) {
      const report = await lintOneExport(file, io.cwd, { config: settings.config, knownPages, only: settings.only }, jobs);
      io.stderr.write(`${summaryLine(report)}\n`);
      exportReports.push(report);
    }
    let out: string;
    if (format === 'json') {
      const json = JSON.parse(formatJson(reports)) as Record<string, unknown>;
      const summary = countExportFindings(json.summary as Record<string, number>, exportReports);
      out = `${JSON.stringify({ ...json, exports: exportsJson(exportReports), summary }, null, 2)}\n`;
    } else if (format === 'sarif') out = addExportsToSarif(formatSarif(reports, io.cwd), exportReports, io.cwd);
    else if (exportReports.length === 0) out = formatText(reports);
    else {
      const { out: exportText, count } = formatExportText(exportReports);
      const fileText = formatText(reports);
      out = (pages.length > 0 ? fileText : '') + exportText + `${count} problem${count === 1 ? '' : 's'} in ${exportReports.length} export${exportReports.length === 1 ? '' : 's'}\n`;
    }
    io.stdout.write(out);
    if (pages.length === 0 && exportReports.length > 0 && exportReports.every((r) => r.fatal)) return 2;
    const failed = reports.some((r) => r.unreadable || r.problems.some((p) => p.problem.severity === 'error')) || exportsFailed(exportReports);
    return failed ? 1 : 0;
  },
};
