/**
 * `confluence-triage push`: sends edited pulled pages back. Unchanged files are skipped; a page
 * changed on the server since the pull is refused and its remote body written to
 * `.confluence/remote/<file>` for a diff; nothing is ever overwritten.
 */
import * as path from 'node:path';
import { parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import { UsageError } from '../command';
import { CREDENTIALS_HELP, connect, credentialsFromEnv, pushSet, selectPages, lineLogger } from '../../sync/index';

const USAGE = `usage: confluence-triage push [--dry-run] [--resolved] DIR|FILE...

Pushes pulled pages that changed locally (the site and page ids come from
.confluence/index.json). Each edit is parsed first (nothing unparsable is sent) and written as
the next version of the version it was pulled at. If someone changed the page on the server
since, the push is refused and the server's body is written to .confluence/remote/<file>:
merge it into your file, then push again with --resolved.

options:
  --dry-run     check and report what would be pushed; write nothing
  --resolved    base pages with a recorded conflict on the remote version you merged
  --verbose     log every request

${CREDENTIALS_HELP}

exit codes: 0 all pushed or unchanged, 1 some refused (conflict, invalid, missing), 2 usage or fatal error`;

export const pushCommand: Command = {
  name: 'push',
  summary: 'Push edited pulled pages back, refusing to overwrite concurrent edits',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, { booleans: ['--dry-run', '--resolved', '--verbose'] });
    if (args.positional.length === 0) throw new UsageError('give at least one folder or file');
    const sets = selectPages(args.positional.map((p) => path.resolve(io.cwd, p)));
    const counts: Record<string, number> = {};
    for (const set of sets) {
      const site = connect(set.index.instance, credentialsFromEnv(set.index.instance.flavor, io.env), { logger: lineLogger((l) => io.stderr.write(l), args.booleans.has('--verbose')) });
      await pushSet(site, set, {
        dryRun: args.booleans.has('--dry-run'),
        resolved: args.booleans.has('--resolved'),
        onPage: (r) => {
          counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
          const detail = r.outcome === 'conflict' ? `: ${r.reason}; remote copy in ${r.remoteFile}` : r.reason ? `: ${r.reason}` : r.version ? ` (version ${r.version})` : '';
          io.stderr.write(`${r.outcome.padEnd(10)} ${r.file}${detail}\n`);
        },
      });
    }
    io.stdout.write(`${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing to push'}\n`);
    return ['conflict', 'invalid', 'missing', 'failed'].some((k) => counts[k]) ? 1 : 0;
  },
};
