/** `confluence-triage lint`: report problems in pages, as text, JSON or SARIF. */
import { choice, parseArgs } from '../args';
import type { Command } from '../command';
import { formatJson } from '../formats/json';
import { formatText } from '../formats/text';
import { lintFile } from '../lint-files';
import { prepareRun } from '../options';
import { formatSarif } from '../sarif';

const USAGE = `usage: confluence-triage lint [--format text|json|sarif] [--config FILE] [--rule ID]... PATH...

Lints *.storage.xhtml and *.adf.json files; folders are searched recursively (node_modules
and .git are skipped).

  --format FORMAT  text (default): path:line:col: severity rule-id message
                   json: every file with its problems; sarif: SARIF 2.1.0 for code scanning
  --config FILE    configuration file (default: the nearest .confluence-triage.json)
  --rule ID        run only this rule (repeatable)

Exit status: 0 no error-severity findings, 1 some, 2 usage or fatal error.`;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Report migration problems in storage and ADF pages (text, JSON or SARIF)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--format', '--config', '--rule'] });
    const format = choice(args, '--format', ['text', 'json', 'sarif'] as const, 'text');
    const { pages, settings } = prepareRun(args, io.cwd);
    const reports = pages.map((page) => lintFile(page, io.cwd, settings));
    const out = format === 'json' ? formatJson(reports) : format === 'sarif' ? formatSarif(reports, io.cwd) : formatText(reports);
    io.stdout.write(out);
    const failed = reports.some((r) => r.unreadable || r.problems.some((p) => p.problem.severity === 'error'));
    return failed ? 1 : 0;
  },
};
