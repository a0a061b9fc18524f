/** Options `lint` and `fix` share: `--rule ID` (repeatable, checked against the registry) and `--config FILE`. */
import { RULES } from '../core/rules/index';
import type { Rule } from '../core/rules/rule';
import { lastValue, type ParsedArgs } from './args';
import { UsageError } from './command';
import { loadCliConfig } from './config';
import { discoverPages, indexRootsFor, PathError, type PageFile } from './files';
import type { LintSettings } from './lint-files';
import { loadWorkspaceIndex } from '../lsp/workspace-index';

export interface Run {
  readonly pages: PageFile[];
  readonly settings: LintSettings;
}

/** Resolves paths, configuration, rule selection and the page index; throws on usage or fatal errors. */
export function prepareRun(args: ParsedArgs, cwd: string, rules: readonly Rule[] = RULES): Run {
  if (args.positional.length === 0) throw new UsageError('give at least one file or folder');
  const only = args.values.get('--rule');
  for (const id of only ?? []) {
    if (!rules.some((r) => r.id === id)) throw new UsageError(`unknown rule '${id}' (known: ${rules.map((r) => r.id).join(', ')})`);
  }
  const { config } = loadCliConfig(lastValue(args, '--config'), cwd);
  let pages: PageFile[];
  try {
    pages = discoverPages(args.positional, cwd);
  } catch (e) {
    if (e instanceof PathError) throw new Error(e.message);
    throw e;
  }
  const { index } = loadWorkspaceIndex(indexRootsFor(args.positional, cwd));
  return { pages, settings: { config, index, only, rules } };
}
