/** `confluence-triage fix`: apply every safe automatic fix to pages, in place or as a diff. */
import { applyFixes } from '../../core/fixes';
import { lint } from '../../core/lint';
import { RULES } from '../../core/rules/index';
import type { Rule } from '../../core/rules/rule';
import type { Fix } from '../../core/types';
import { parseArgs } from '../args';
import type { Command } from '../command';
import { unifiedDiff } from '../diff';
import { readPage, writeAtomically } from '../files';
import { unsafeFixReason } from '../fix-safety';
import { fixOneExport } from '../export-fix';
import { displayPath, UNREADABLE_FILE } from '../lint-files';
import { prepareMixedRun } from '../mixed-run';

/** Fixes can enable further fixes (a rewrite exposes a nested macro); stop after this many rounds. */
const MAX_ROUNDS = 10;

const USAGE = `usage: confluence-triage fix [--rule ID]... [--config FILE] [--index SOURCE]... [--dry-run] PATH...

Applies every non-overlapping automatic fix, repeatedly until none applies, and writes the
pages in place. A page is never written when the result would parse worse than the original
(new syntax errors) or lose text; the command says so and exits 1.

  --rule ID     apply only this rule's fixes (repeatable)
  --config FILE configuration file (default: the nearest .confluence-triage.json)
  --index SOURCE resolve short links against the pages of this space export (.zip or
                entities.xml) or pulled folder (.confluence/index.json); repeatable, so a
                link in one space can resolve to a page in another
  --dry-run     print a unified diff of what would change; write nothing

A .zip or .xml PATH is a space export: it is never modified; the fixed copy is written beside
it as NAME.rewritten.zip (or NAME.rewritten.xml), identical except for the rewritten bodies.
Each change is printed as EXPORT!/SPACE/PAGEID (page "Title"): old → new; short links whose
page is not in the index are listed with their decoded page id. Typical bulk rewrite:
  confluence-triage fix --rule short-link --index a.zip --index b.zip a.zip b.zip

Exit status: 0 done, 1 some file could not be read or fixed safely, 2 usage or fatal error.`;

/** Applies fixes round after round; returns the final text and how many fixes were applied. */
export function fixText(text: string, format: 'storage' | 'adf', options: Parameters<typeof lint>[2]): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fixes = lint(current, format, options).problems.flatMap((p) => (p.fix ? [p.fix as Fix] : []));
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    if (result.applied.length === 0 || result.text === current) break;
    current = result.text;
    applied += result.applied.length;
  }
  return { text: current, applied };
}

/** The command over a given rule list (tests pass a deliberately broken rule). */
export function createFixCommand(rules: readonly Rule[]): Command {
  return {
    name: 'fix',
    summary: 'Apply automatic fixes in place (or --dry-run to see a diff); never writes a page that would not parse',
    usage: USAGE,
    async run(argv, io) {
      const args = parseArgs(argv, { values: ['--config', '--rule', '--index'], booleans: ['--dry-run'] });
      const dryRun = args.booleans.has('--dry-run');
      const { pages, settings, exports, indexProblems } = await prepareMixedRun(args, io.cwd, rules);
      for (const line of indexProblems) io.stderr.write(`index: ${line}\n`);
      let failed = false;
      let changedFiles = 0;
      let totalFixes = 0;
      for (const page of pages) {
        const name = displayPath(page.path, io.cwd);
        const read = readPage(page.path);
        if (!read.ok) {
          io.stderr.write(`${name}: error ${UNREADABLE_FILE} ${read.reason}\n`);
          failed = true;
          continue;
        }
        const { text, applied } = fixText(read.text, page.format, { config: settings.config, index: settings.index, only: settings.only, rules });
        if (applied === 0 || text === read.text) continue;
        const unsafe = unsafeFixReason(read.text, text, page.format);
        if (unsafe) {
          io.stderr.write(`${name}: not written: ${unsafe}\n`);
          failed = true;
          continue;
        }
        changedFiles++;
        totalFixes += applied;
        if (dryRun) io.stdout.write(unifiedDiff(read.text, text, name));
        else {
          writeAtomically(page.path, text, read.bom);
          io.stdout.write(`${name}: ${applied} fix${applied === 1 ? '' : 'es'} applied\n`);
        }
      }
      for (const file of exports) {
        const outcome = await fixOneExport(file, settings, io, dryRun);
        if (outcome.failed) failed = true;
      }
      if (pages.length === 0 && exports.length > 0) return failed ? 1 : 0;
      const verb = dryRun ? 'would change' : 'changed';
      io.stderr.write(`${totalFixes} fix${totalFixes === 1 ? '' : 'es'}; ${verb} ${changedFiles} of ${pages.length} file${pages.length === 1 ? '' : 's'}\n`);
      return failed ? 1 : 0;
    },
  };
}

export const fixCommand = createFixCommand(RULES);
