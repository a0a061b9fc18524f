/**
 * Linting ADF text with chosen rules, configuration and known pages, and "fix all" as the
 * editor does it: non-overlapping fixes applied repeatedly until none is left.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../server/src/core/config';
import { applyFixes } from '../../../server/src/core/fixes';
import { lint } from '../../../server/src/core/lint';
import { ruleById } from '../../../server/src/core/rules/index';
import type { KnownPage, Problem } from '../../../server/src/core/types';
import { CORPUS as SHARED_CORPUS } from '../../helpers/shared';

export interface Run {
  readonly text: string;
  readonly problems: Problem[];
  /** The source characters of each problem, in order. */
  readonly hits: string[];
}

export function run(ruleIds: readonly string[], text: string, config: unknown = {}, pages: readonly KnownPage[] = []): Run {
  const resolved = resolveConfig(config);
  assert.deepEqual(resolved.errors, []);
  const rules = ruleIds.map((id) => ruleById(id)!);
  const index = { pageById: (id: string) => pages.find((p) => p.id === id) };
  const { problems } = lint(text, 'adf', { rules, config: resolved.config, index });
  return { text, problems, hits: problems.map((p) => text.slice(p.start, p.end)) };
}

/** Applies every fix, again and again, until a lint offers none (at most 10 rounds). */
export function fixAll(ruleIds: readonly string[], text: string, config: unknown = {}, pages: readonly KnownPage[] = []): string {
  let current = text;
  for (let round = 0; round < 10; round++) {
    const fixes = run(ruleIds, current, config, pages).problems.flatMap((p) => (p.fix ? [p.fix] : []));
    if (fixes.length === 0) return current;
    current = applyFixes(current, fixes).text;
  }
  assert.fail('fixes did not converge');
}

const CORPUS = join(SHARED_CORPUS, 'adf');

/** The real Cloud ADF documents of the shared corpus, read in place: [file name, text]. */
export function corpusDocuments(): [string, string][] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, readFileSync(join(CORPUS, f), 'utf8')]);
}
