/** `confluence-triage index`: one page index (id → space key, title) over exports and pulled folders, for the LSP and the CLI. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastValue, parseArgs } from '../args';
import { UsageError, type Command } from '../command';
import { displayPath } from '../lint-files';
import { buildIndexFrom, writeIndexFolder } from '../page-index';
import { INDEX_DIR, INDEX_FILE } from '../../lsp/workspace-index';

const USAGE = `usage: confluence-triage index -o DIR SOURCE...

Builds the page index that resolves short links (/x/CODE) across spaces, from space exports
(.zip or entities.xml; metadata only, bodies are not decoded) and pulled folders (their
.confluence/index.json files), and writes it to DIR/.confluence/index.json: the file the
language server loads from any folder of the workspace, and that lint/fix find below their
paths. Put DIR inside the workspace (e.g. DIR = the workspace folder itself, or a
subfolder such as "exports-index"), and the editor's short-link quick fix resolves those pages.

  -o, --out DIR  folder to write .confluence/index.json into (created if missing); refuses a
                 folder whose index was written by pull (it records what push needs)

Exit status: 0 written, 1 written but some source could not be read whole, 2 usage or fatal error.`;

export const indexCommand: Command = {
  name: 'index',
  summary: 'Write a page index (id → space, title) of exports and pulled folders for short-link fixes',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['-o', '--out'] });
    const out = lastValue(args, '--out') ?? lastValue(args, '-o');
    if (out === undefined) throw new UsageError('give the output folder with -o DIR');
    if (args.positional.length === 0) throw new UsageError('give at least one export or pulled folder');
    const dir = path.resolve(io.cwd, out);
    const existing = path.join(dir, INDEX_DIR, INDEX_FILE);
    if (fs.existsSync(existing) && isPullIndex(existing)) {
      throw new Error(`${displayPath(existing, io.cwd)} belongs to pulled pages (it has an instance); choose another -o folder`);
    }
    const built = await buildIndexFrom(args.positional, io.cwd);
    for (const line of built.problems) io.stderr.write(`${line}\n`);
    const file = writeIndexFolder(dir, built.pages);
    for (const c of built.counts) io.stderr.write(`${c.source}: ${c.pages} page${c.pages === 1 ? '' : 's'}\n`);
    io.stdout.write(`${displayPath(file, io.cwd)}: ${built.pages.length} page${built.pages.length === 1 ? '' : 's'}\n`);
    return built.problems.length > 0 ? 1 : 0;
  },
};

function isPullIndex(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { instance?: unknown };
    return json.instance !== undefined;
  } catch {
    return false;
  }
}
