/**
 * `confluence-triage pull`: a page, a page tree or a space into a folder (one file per page
 * plus `.confluence/index.json`). Files edited locally since the last pull are kept.
 */
import * as path from 'node:path';
import { choice, lastValue, parseArgs } from '../args';
import type { CliIo, Command } from '../command';
import { UsageError } from '../command';
import { CREDENTIALS_HELP, connect, credentialsFromEnv, pull, type PullTarget, lineLogger } from '../../sync/index';

const USAGE = `usage: confluence-triage pull --flavor dc|cloud --url URL (--page ID | --tree ID | --space KEY) [-o DIR]

Pulls pages into DIR (default: the current folder): <title>.storage.xhtml (Data Center, or
Cloud with --representation storage) or <title>.adf.json (Cloud ADF, pretty-printed), and
the metadata index DIR/.confluence/index.json that push uses. A file changed locally since
its last pull is not overwritten.

options:
  --flavor dc|cloud          the kind of site
  --url URL                  site URL (DC may include a context path; Cloud https://x.atlassian.net)
  --page ID                  one page
  --tree ID                  a page and all its descendants
  --space KEY                every page of a space
  -o, --output DIR           target folder (default .)
  --representation adf|storage   Cloud body format (default adf)
  --verbose                  log every request

${CREDENTIALS_HELP}

exit codes: 0 pulled, 1 some files kept because of local changes, 2 usage or fatal error`;

export const pullCommand: Command = {
  name: 'pull',
  summary: 'Pull a page, a page tree or a space from Data Center or Cloud into a folder',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const args = parseArgs(argv, { values: ['--flavor', '--url', '--page', '--tree', '--space', '-o', '--output', '--representation'], booleans: ['--verbose'] });
    if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
    if (!args.values.has('--flavor')) throw new UsageError('--flavor is required');
    const flavor = choice(args, '--flavor', ['dc', 'cloud'] as const, 'dc');
    const url = lastValue(args, '--url');
    if (!url) throw new UsageError('--url is required');
    const targets: PullTarget[] = [];
    const page = lastValue(args, '--page');
    const tree = lastValue(args, '--tree');
    const space = lastValue(args, '--space');
    if (page) targets.push({ page });
    if (tree) targets.push({ tree });
    if (space) targets.push({ space });
    if (targets.length !== 1) throw new UsageError('give exactly one of --page, --tree, --space');
    const representation = choice(args, '--representation', ['adf', 'storage'] as const, 'adf');
    if (flavor === 'dc' && args.values.has('--representation') && representation === 'adf') throw new UsageError('Data Center pages are storage format only');
    const folder = path.resolve(io.cwd, lastValue(args, '--output') ?? lastValue(args, '-o') ?? '.');
    const instance = { flavor, baseUrl: url };
    const site = connect(instance, credentialsFromEnv(flavor, io.env), { logger: lineLogger((l) => io.stderr.write(l), args.booleans.has('--verbose')) });
    await site.client.whoAmI();
    let kept = 0;
    const result = await pull(site, instance, targets[0], folder, {
      representation: representation === 'adf' ? 'atlas_doc_format' : 'storage',
      onPage: (p) => {
        if (p.outcome === 'kept-local-changes') kept++;
        io.stderr.write(`${p.outcome.padEnd(18)} ${p.file}  (${p.id})\n`);
      },
    });
    io.stdout.write(`pulled ${result.pages.length} page(s) into ${folder}${kept ? `; ${kept} kept because they were changed locally (push them first)` : ''}\n`);
    return kept > 0 ? 1 : 0;
  },
};
