/**
 * `confluence-triage migrate`: a Data Center space into an existing Cloud space as
 * cloud-editor pages. Resumable (journal in the state folder), with a delta mode and a report.
 */
import * as path from 'node:path';
import { lastValue, parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import { UsageError } from '../command';
import { loadCliConfig } from '../config';
import { CloudClient, DcClient, RateLimiter } from '../../rest/index';
import { CREDENTIALS_HELP, credentialsFromEnv, migrateSpace, lineLogger } from '../../sync/index';

const USAGE = `usage: confluence-triage migrate --from URL --to URL --space KEY [--state DIR] [--delta] [--report FILE]

Creates the pages of a Data Center space in the Cloud space with the same key (create it in
Cloud first) as cloud-editor pages (ADF, editor v2): same tree, titles and attachments, links
and short links pointing at the new pages. Every step is journaled in the state folder: run the
same command again after a crash or Ctrl+C and it continues without creating anything twice.

options:
  --from URL          Data Center base URL (with its context path, if any)
  --to URL            Cloud site URL (https://x.atlassian.net)
  --space KEY         space key (the same in Cloud)
  --state DIR         journal and report log (default ./migration-KEY)
  --delta             also update Cloud copies of pages changed on DC since they were migrated
                      (a Cloud page edited since our last write is reported, never overwritten)
  --report FILE       report JSON (default STATE/report.json; a .txt summary goes beside it)
  --concurrency N     pages worked on at once (default 4)
  --rate N            at most N Cloud requests per second (default: paced by the server's
                      headers alone); set it to the site's allowed rate for large spaces:
                      it keeps 429s near zero (BENCHMARKS.md, Migration)
  --config FILE       triage configuration for the report (default: nearest .confluence-triage.json)
  --verbose           log every request and every page

${CREDENTIALS_HELP}

exit codes: 0 everything migrated, 1 some pages need attention or the run was cancelled, 2 usage or fatal error`;

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number`);
  return n;
}

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Migrate a Data Center space to Cloud in the cloud-editor format (resumable, delta)',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, { values: ['--from', '--to', '--space', '--state', '--report', '--concurrency', '--rate', '--config'], booleans: ['--delta', '--verbose'] });
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    const from = lastValue(args, '--from');
    const to = lastValue(args, '--to');
    const space = lastValue(args, '--space');
    if (!from || !to || !space) throw new UsageError('--from, --to and --space are required');
    const verbose = args.booleans.has('--verbose');
    const concurrency = Math.round(positive('--concurrency', lastValue(args, '--concurrency')) ?? 4);
    const rate = positive('--rate', lastValue(args, '--rate'));
    const logger = lineLogger((l) => io.stderr.write(l), verbose);
    const dc = new DcClient({ baseUrl: from, credentials: credentialsFromEnv('dc', io.env), logger, limits: { maxConcurrency: concurrency } });
    // One limiter for every request to the Cloud site, shared by all workers.
    const limiter = new RateLimiter({ maxConcurrency: concurrency, requestsPerSecond: rate, ...(rate ? { nearLimitIntervalMs: 1000 / rate } : {}) });
    const cloud = new CloudClient({ baseUrl: to, credentials: credentialsFromEnv('cloud', io.env), logger, limiter });
    const stateDir = path.resolve(io.cwd, lastValue(args, '--state') ?? `migration-${space}`);
    const report = lastValue(args, '--report');
    const { config } = loadCliConfig(lastValue(args, '--config'), io.cwd);

    const controller = new AbortController();
    const stop = () => {
      io.stderr.write('cancelling: finishing the requests in flight; run the same command again to continue\n');
      controller.abort();
    };
    process.once('SIGINT', stop);
    let done = 0;
    let total = 0;
    try {
      const result = await migrateSpace({
        dc, cloud, spaceKey: space, stateDir, delta: args.booleans.has('--delta'), concurrency, config,
        reportFile: report ? path.resolve(io.cwd, report) : undefined,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === 'phase') {
            done = 0;
            total = e.total;
            io.stderr.write(`${e.phase === 'list' ? `${e.total} pages in ${space}` : `${e.phase}: ${e.total} page(s)`}\n`);
            return;
          }
          done++;
          const ok = e.status === 'created' || e.status === 'updated' || e.status === 'adopted';
          if (verbose || !ok || done % 100 === 0 || done === total) {
            io.stderr.write(`[${e.phase} ${done}/${total}] ${e.status.padEnd(11)} ${e.title}${e.newId ? ` → ${e.newId}` : ''}\n`);
          }
        },
      });
      io.stdout.write(`${Object.entries(result.summary.byStatus).map(([k, v]) => `${v} ${k}`).join(', ')}; report: ${result.reportFile}\n`);
      return result.clean ? 0 : 1;
    } catch (err) {
      if ((err as Error).name === 'AbortError') {
        io.stderr.write(`cancelled; the journal in ${stateDir} is consistent: run the same command to continue\n`);
        return 1;
      }
      throw err;
    } finally {
      process.off('SIGINT', stop);
    }
  },
};
