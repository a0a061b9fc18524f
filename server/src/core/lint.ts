/**
 * The lint engine: parse, run every enabled rule, apply configured severities and inline
 * suppressions. Rules that throw are contained: their failure becomes one problem of the
 * rule itself instead of taking the whole document down.
 */
import { DEFAULT_CONFIG, type TriageConfig } from './config';
import type { Fix, Format, Problem, Report, Severity, WorkspaceIndex } from './types';
import type { StorageDocument } from './storage/tree';
import type { AdfDocument } from './adf/tree';
import { parseStorage } from './storage/parser';
import { parseAdf } from './adf/parser';
import { suppressionsOf } from './suppressions';
import { RULES } from './rules/index';
import type { Rule, RuleContext } from './rules/rule';

export type ParsedDocument = StorageDocument | AdfDocument;

export interface LintOptions {
  readonly config?: TriageConfig;
  readonly index?: WorkspaceIndex;
  /** Restrict to these rule ids (the CLI's `--rule`). */
  readonly only?: readonly string[];
  /** The rule list; defaults to the registry. Tests pass a single rule. */
  readonly rules?: readonly Rule[];
}

export const EMPTY_INDEX: WorkspaceIndex = { pageById: () => undefined };

/** Parses text of the given format. Never throws. */
export function parse(text: string, format: Format): ParsedDocument {
  return format === 'storage' ? parseStorage(text) : parseAdf(text);
}

/** Runs the rules over an already parsed document. Never throws. */
export function lintDocument(doc: ParsedDocument, options: LintOptions = {}): Problem[] {
  const config = options.config ?? DEFAULT_CONFIG;
  const index = options.index ?? EMPTY_INDEX;
  const problems: Problem[] = [];
  // One context for the whole document: the rule being run and its severity are swapped in,
  // rather than a context and a report closure made per rule per page (pages are small and
  // many, so that allocation showed in profiles).
  let rule: Rule = RULES[0];
  let severity: Severity = 'error';
  const report = (r: Report) => {
    if (r.fix && !rule.fixable) throw new Error(`rule ${rule.id} reported a fix but is not declared fixable`);
    // Copied field by field: a spread over the reports' many shapes is a slow generic copy.
    const problem: { -readonly [K in keyof Problem]: Problem[K] } = { ruleId: rule.id, severity, start: r.start, end: r.end, message: r.message };
    if ('fix' in r) {
      if (typeof r.fix === 'function') lazyFix(problem, r.fix);
      else problem.fix = r.fix;
    }
    if ('fixTitle' in r) problem.fixTitle = r.fixTitle;
    if ('data' in r) problem.data = r.data;
    problems.push(problem);
  };
  const storageCtx: RuleContext<StorageDocument> | undefined = doc.format === 'storage' ? { doc, config, index, report } : undefined;
  const adfCtx: RuleContext<AdfDocument> | undefined = doc.format === 'adf' ? { doc, config, index, report } : undefined;
  for (const next of options.rules ?? RULES) {
    if (options.only && !options.only.includes(next.id)) continue;
    const setting = config.rules[next.id] ?? next.defaultSeverity;
    if (setting === 'off') continue;
    rule = next;
    severity = setting;
    try {
      if (storageCtx && rule.storage) rule.storage(storageCtx);
      else if (adfCtx && rule.adf) rule.adf(adfCtx);
    } catch (e) {
      problems.push({
        ruleId: rule.id,
        severity: 'error',
        start: 0,
        end: 0,
        message: `internal error in rule ${rule.id}: ${(e as Error).message}`,
      });
    }
  }
  const suppressed = doc.format === 'storage' ? suppressionsOf(doc) : undefined;
  const kept = suppressed ? problems.filter((p) => !suppressed.covers(p)) : problems;
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}

/**
 * Gives `problem` a `fix` property that builds the fix on first read and then holds it as an
 * ordinary data property: enumerable and in the same key order as an eager fix, so spreads,
 * JSON, structured clones (worker messages) and deep equality see the same object.
 */
function lazyFix(problem: object, build: () => Fix): void {
  const settle = (fix: Fix | undefined) => Object.defineProperty(problem, 'fix', { value: fix, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(problem, 'fix', {
    get: () => {
      const fix = build();
      settle(fix);
      return fix;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
}

/** Parses and lints in one go. */
export function lint(text: string, format: Format, options: LintOptions = {}): { doc: ParsedDocument; problems: Problem[] } {
  const doc = parse(text, format);
  return { doc, problems: lintDocument(doc, options) };
}
