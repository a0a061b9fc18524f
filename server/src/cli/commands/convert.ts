/**
 * `confluence-triage convert --to adf`: writes each storage page as Cloud-editor ADF
 * (`NAME.adf.json`) and prints the conversion report: every construct that was
 * restructured, approximated or needs information only the Cloud site has.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { choice, lastValue, parseArgs } from '../args';
import { UsageError, type Command } from '../command';
import { loadCliConfig } from '../config';
import { discoverPages, indexRootsFor, PathError, readPage } from '../files';
import { displayPath } from '../lint-files';
import { convertStorageToAdf } from '../../core/convert/index';
import { parseStorage } from '../../core/storage/parser';
import { LineIndex } from '../../core/text/line-index';
import { loadWorkspaceIndex } from '../../lsp/workspace-index';

const USAGE = `usage: confluence-triage convert --to adf [--config FILE] [--space KEY] [-o OUT] IN...

Converts *.storage.xhtml pages (files, or folders searched recursively) to ADF, the Cloud
editor's format, and writes NAME.adf.json beside each page. The output always passes
Atlassian's ADF schema; what could not be mapped one to one is listed as
path:line:col: action code message.

  --to adf      the target format (only adf)
  --config FILE configuration (user map, Jira servers); default: the nearest
                .confluence-triage.json above the first input
  --space KEY   space of the pages, for links that name no space
  -o OUT        a folder to write into (keeping relative paths), or a .json file for one input

Exit status: 0 converted, 1 some page could not be read, 2 usage or fatal error.`;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Convert storage pages to Cloud-editor ADF, with a report of what changed',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['--to', '--config', '--space', '-o'] });
    if (!args.values.has('--to')) throw new UsageError('--to adf is required');
    choice(args, '--to', ['adf'] as const, 'adf');
    if (args.positional.length === 0) throw new UsageError('give at least one file or folder');
    // The pages' own project configuration (user map, Jira servers) applies, wherever the command runs from.
    const first = path.resolve(io.cwd, args.positional[0]);
    const firstIsFolder = fs.existsSync(first) && fs.statSync(first).isDirectory();
    const { config } = loadCliConfig(lastValue(args, '--config'), firstIsFolder ? first : path.dirname(first));
    let pages;
    try {
      pages = discoverPages(args.positional, io.cwd).filter((p) => p.format === 'storage');
    } catch (e) {
      if (e instanceof PathError) throw new Error(e.message);
      throw e;
    }
    const out = lastValue(args, '-o');
    const toFile = out !== undefined && out.toLowerCase().endsWith('.json');
    if (toFile && pages.length !== 1) throw new UsageError('-o FILE.json takes exactly one input page');
    const { index } = loadWorkspaceIndex(indexRootsFor(args.positional, io.cwd));
    const base = args.positional.length === 1 && firstIsFolder ? first : io.cwd;

    let failed = 0;
    for (const page of pages) {
      const shown = displayPath(page.path, io.cwd);
      const read = readPage(page.path);
      if (!read.ok) {
        io.stderr.write(`${shown}: ${read.reason}\n`);
        failed++;
        continue;
      }
      const { adf, findings } = convertStorageToAdf(parseStorage(read.text), { config, index, spaceKey: lastValue(args, '--space') });
      const target = toFile
        ? path.resolve(io.cwd, out!)
        : out !== undefined
          ? path.join(path.resolve(io.cwd, out), path.relative(base, page.path)).replace(/\.storage\.xhtml$/i, '.adf.json')
          : page.path.replace(/\.storage\.xhtml$/i, '.adf.json');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(adf, null, 2) + '\n');
      const lines = new LineIndex(read.text);
      for (const f of findings) {
        const at = lines.at(f.start);
        io.stdout.write(`${shown}:${at.line}:${at.column}: ${f.action} ${f.code} ${f.message}${f.suggestion ? ` (${f.suggestion})` : ''}\n`);
      }
      io.stderr.write(`${shown} → ${displayPath(target, io.cwd)} (${findings.length} finding${findings.length === 1 ? '' : 's'})\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};
