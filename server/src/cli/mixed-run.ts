/**
 * Preparing `lint` and `fix` runs whose paths mix space exports with workspace pages and
 * folders, and whose short-link index may come from `--index` sources (exports, pulled folders).
 */
import type { KnownPage } from '../core/types';
import { RULES } from '../core/rules/index';
import type { Rule } from '../core/rules/rule';
import { indexOf, loadWorkspaceIndex } from '../lsp/workspace-index';
import type { ParsedArgs } from './args';
import { UsageError } from './command';
import { splitInputs } from './export-input';
import { indexRootsFor, type PageFile } from './files';
import type { LintSettings } from './lint-files';
import { prepareRun } from './options';
import { buildIndexFrom } from './page-index';
import { loadCliConfig } from './config';
import { lastValue } from './args';

export interface MixedRun {
  /** Absolute paths of the exports named on the command line. */
  readonly exports: string[];
  readonly pages: PageFile[];
  readonly settings: LintSettings;
  /** The index as plain data (workers rebuild their lookup from it). */
  readonly knownPages: KnownPage[];
  readonly indexProblems: string[];
}

export async function prepareMixedRun(args: ParsedArgs, cwd: string, rules: readonly Rule[] = RULES): Promise<MixedRun> {
  if (args.positional.length === 0) throw new UsageError('give at least one export, file or folder');
  const { exports, paths } = splitInputs(args.positional, cwd);
  let pages: PageFile[] = [];
  let settings: LintSettings;
  if (paths.length > 0) {
    ({ pages, settings } = prepareRun({ ...args, positional: paths }, cwd, rules));
  } else {
    const only = args.values.get('--rule');
    for (const id of only ?? []) {
      if (!rules.some((r) => r.id === id)) throw new UsageError(`unknown rule '${id}' (known: ${rules.map((r) => r.id).join(', ')})`);
    }
    settings = { config: loadCliConfig(lastValue(args, '--config'), cwd).config, index: indexOf([]), only, rules };
  }
  const local = paths.length > 0 ? loadWorkspaceIndex(indexRootsFor(paths, cwd)).pages : [];
  const extra = await buildIndexFrom(args.values.get('--index') ?? [], cwd);
  const byId = new Map<string, KnownPage>();
  for (const page of [...extra.pages, ...local]) if (!byId.has(page.id)) byId.set(page.id, page);
  const knownPages = [...byId.values()];
  return { exports, pages, settings: { ...settings, index: indexOf(knownPages) }, knownPages, indexProblems: extra.problems };
}
