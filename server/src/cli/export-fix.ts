/**
 * `fix` inside space exports: the export is never modified in place. The fixed copy is written
 * beside it (`NAME.rewritten.zip`, `NAME.rewritten.xml`) by the export rewriter, identical except
 * for the changed bodies; `--dry-run` only lists the planned changes. Every change is printed as
 * `EXPORT!/SPACE/PAGEID (page "Title"): old → new`, unresolvable short links with their decoded ids.
 */
import * as path from 'node:path';
import { lint } from '../core/lint';
import { ExportError, readExport, rewriteExport, BODY_TYPE_STORAGE, type ExportPage } from '../export/index';
import type { CliIo } from './command';
import { readerSeverity, readerRuleId } from './export-lint';
import { unsafeFixReason } from './fix-safety';
import { displayPath, type LintSettings } from './lint-files';
import { fixText } from './commands/fix';

/** `space.zip` → `space.rewritten.zip`; `entities.xml` → `entities.rewritten.xml`. */
export function rewrittenPath(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rewritten${ext}`);
}

export interface ExportFixOutcome {
  readonly failed: boolean;
  readonly fixes: number;
  readonly pagesChanged: number;
  readonly unresolved: number;
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');

/** Plans (and, unless dry-run, writes) the fixes of one export; prints every change. */
export async function fixOneExport(file: string, settings: LintSettings, io: CliIo, dryRun: boolean): Promise<ExportFixOutcome> {
  const name = displayPath(file, io.cwd);
  const counts = { fixes: 0, pagesChanged: 0, unresolved: 0, unsafe: 0 };
  const onlyShortLinks = settings.only !== undefined && settings.only.length === 1 && settings.only[0] === 'short-link';
  const options = { config: settings.config, index: settings.index, only: settings.only, rules: settings.rules };

  const plan = (page: ExportPage): string | undefined => {
    if (page.bodyType !== BODY_TYPE_STORAGE) return undefined;
    // Short links need `/x/` in the text: most bodies are skipped without a parse.
    if (onlyShortLinks && !page.body.includes('/x/')) return undefined;
    const where = `${name}!/${page.spaceKey || '_'}/${page.pageId} (page "${page.title}")`;
    const { problems } = lint(page.body, 'storage', options);
    for (const p of problems) {
      if (p.fix) io.stdout.write(`${where}: ${p.ruleId} ${oneLine(page.body.slice(p.fix.start, p.fix.end))} → ${oneLine(p.fix.text)}\n`);
      else if (p.ruleId === 'short-link') {
        counts.unresolved++;
        io.stdout.write(`${where}: unresolved ${page.body.slice(p.start, p.end)} → page id ${String(p.data?.pageId ?? '?')} is not in the index\n`);
      }
    }
    if (!problems.some((p) => p.fix)) return undefined;
    const { text, applied } = fixText(page.body, 'storage', options);
    if (applied === 0 || text === page.body) return undefined;
    const unsafe = unsafeFixReason(page.body, text, 'storage');
    if (unsafe) {
      counts.unsafe++;
      io.stderr.write(`${where}: not rewritten: ${unsafe}\n`);
      return undefined;
    }
    counts.fixes += applied;
    counts.pagesChanged++;
    return text;
  };

  try {
    if (dryRun) {
      const reading = readExport(file);
      for await (const page of reading) plan(page);
      reportProblems(name, reading.summary.problems, io);
      io.stderr.write(`${name}: ${counts.fixes} fix${counts.fixes === 1 ? '' : 'es'} in ${counts.pagesChanged} page${counts.pagesChanged === 1 ? '' : 's'} would be written to ${displayPath(rewrittenPath(file), io.cwd)}; ${counts.unresolved} unresolved short link${counts.unresolved === 1 ? '' : 's'}; nothing written\n`);
    } else {
      const out = rewrittenPath(file);
      const result = await rewriteExport(file, out, plan);
      reportProblems(name, result.summary.problems, io);
      io.stderr.write(`${name}: ${counts.fixes} fix${counts.fixes === 1 ? '' : 'es'} in ${result.bodiesRewritten} page${result.bodiesRewritten === 1 ? '' : 's'} → ${displayPath(out, io.cwd)} (the export itself is unchanged); ${counts.unresolved} unresolved short link${counts.unresolved === 1 ? '' : 's'}\n`);
    }
  } catch (e) {
    io.stderr.write(`${name}: error ${e instanceof ExportError ? `export-${e.code}` : 'export-fix'} ${(e as Error).message}\n`);
    return { failed: true, ...counts };
  }
  return { failed: counts.unsafe > 0, ...counts };
}

function reportProblems(name: string, problems: readonly Parameters<typeof readerSeverity>[0][], io: CliIo): void {
  for (const p of problems) io.stderr.write(`${name}: ${readerSeverity(p)} ${readerRuleId(p.code)} ${p.message}${p.pageId ? ` (page ${p.pageId})` : ''}\n`);
}


