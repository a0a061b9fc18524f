/** `confluence-triage report`: one self-contained HTML triage report over exports and pulled folders. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastValue, parseArgs } from '../args';
import { UsageError, type Command } from '../command';
import { jobsOption } from '../export-lint';
import { displayPath } from '../lint-files';
import { splitInputs } from '../export-input';
import { loadCliConfig } from '../config';
import { buildIndexFrom } from '../page-index';
import { RULES } from '../../core/rules/index';
import { collectExport, collectFolder } from '../../report/collect';
import { DEFAULT_MAX_CHILDREN, DEFAULT_MAX_DEPTH, MEASURED_PAGES_PER_HOUR, PAGE_XML_OVERHEAD_BYTES } from '../../report/figures';
import { renderReport } from '../../report/html';
import { ReportBuilder } from '../../report/model';

const USAGE = `usage: confluence-triage report [-o FILE] [--max-depth N] [--max-children N] [--rate PAGES_PER_HOUR]
                                [--config FILE] [--rule ID]... [--index SOURCE]... [--jobs N] EXPORT|FOLDER...

Writes ONE self-contained HTML file (inline CSS and SVG, no scripts, no external requests):
findings per space and rule with charts, the worst pages, page-tree depth and width with the
pages over the thresholds, each space's estimated entities.xml size against Cloud import's
200 MB cap (with the biggest pages), and the cutover time at Atlassian's quoted 400,000 pages
per 24 h next to our own measured migration rate.

EXPORT is a space export (.zip or entities.xml); FOLDER a pulled folder (.confluence/index.json
and the page files it names).

  -o, --out FILE        where to write (default: report.html)
  --max-depth N         flag pages deeper than N levels (configurable default ${DEFAULT_MAX_DEPTH};
                        Atlassian publishes no number we could verify)
  --max-children N      flag pages with more than N children (configurable default ${DEFAULT_MAX_CHILDREN})
  --rate PAGES_PER_HOUR our migration rate (default ${MEASURED_PAGES_PER_HOUR}, measured by
                        test/bench/migrate.bench.ts; see BENCHMARKS.md)
  --jobs N              worker threads linting export pages (default: available cores)

Exit status: 0 written, 1 written but some source had problems, 2 usage or fatal error.`;

function positive(args: ReturnType<typeof parseArgs>, flag: string, fallback: number): number {
  const raw = lastValue(args, flag);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number ≥ 0`);
  return n;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Write a self-contained HTML triage report of exports and pulled folders',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['-o', '--out', '--max-depth', '--max-children', '--rate', '--config', '--rule', '--index', '--jobs'] });
    const out = path.resolve(io.cwd, lastValue(args, '--out') ?? lastValue(args, '-o') ?? 'report.html');
    const settings = {
      maxDepth: positive(args, '--max-depth', DEFAULT_MAX_DEPTH),
      maxChildren: positive(args, '--max-children', DEFAULT_MAX_CHILDREN),
      ratePerHour: positive(args, '--rate', MEASURED_PAGES_PER_HOUR),
    };
    const jobs = jobsOption(args);
    if (args.positional.length === 0) throw new UsageError('give at least one export or pulled folder');
    const { exports, paths } = splitInputs(args.positional, io.cwd);
    const folders = paths.map((p) => path.resolve(io.cwd, p));
    for (const folder of folders) {
      if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`${displayPath(folder, io.cwd)}: not an export (.zip, .xml) or a folder`);
    }
    const only = args.values.get('--rule');
    for (const id of only ?? []) if (!RULES.some((r) => r.id === id)) throw new UsageError(`unknown rule '${id}'`);
    const { config } = loadCliConfig(lastValue(args, '--config'), io.cwd);
    // Short links resolve against --index sources and the folders' own indexes (cheap); exports
    // are not indexed twice just for nicer messages: the counts do not depend on it.
    const index = await buildIndexFrom([...(args.values.get('--index') ?? []), ...folders], io.cwd);
    for (const line of index.problems) io.stderr.write(`index: ${line}\n`);
    const lintSettings = { config, knownPages: index.pages, only };
    const builder = new ReportBuilder();
    for (const file of exports) {
      io.stderr.write(`reading ${displayPath(file, io.cwd)}\n`);
      await collectExport(builder, file, io.cwd, lintSettings, jobs);
    }
    for (const folder of folders) collectFolder(builder, folder, io.cwd, lintSettings);
    const report = builder.finish(settings, PAGE_XML_OVERHEAD_BYTES);
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, renderReport(report, new Date()));
    fs.renameSync(tmp, out);
    io.stdout.write(`${displayPath(out, io.cwd)}: ${report.totals.pages} pages in ${report.spaces.length} spaces, ${report.totals.findings} findings, ${report.totals.spacesOverCap} over the import cap\n`);
    return report.sources.some((s) => s.fatal || s.problems.some((p) => p.severity === 'error')) ? 1 : 0;
  },
};
