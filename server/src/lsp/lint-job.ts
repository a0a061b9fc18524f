/**
 * One lint of one document, as the editor needs it: problems capped to what an editor
 * can show and, from a worker, for each problem the element a suppression comment would go
 * before (the worker's tree does not come back). Runs on the main thread for ordinary pages
 * and in a worker thread for huge ones.
 */
import type { TriageConfig } from '../core/config';
import { lintDocument, parse, type ParsedDocument } from '../core/lint';
import type { Format, KnownPage, Problem } from '../core/types';
import { elementAt } from './storage-nav';
import { indexOf } from './workspace-index';

/** An editor gains nothing from more diagnostics than this in one file; the rest are counted. */
export const MAX_DIAGNOSTICS = 1000;

export interface LintJobInput {
  readonly text: string;
  readonly format: Format;
  readonly config: TriageConfig;
  readonly pages: readonly KnownPage[];
}

export interface LintJobResult {
  /** At most MAX_DIAGNOSTICS problems, in offset order. */
  readonly problems: readonly Problem[];
  /** Per problem: suppressionAnchor of its start; only when asked for (the worker's lints). */
  readonly anchors?: readonly (number | undefined)[];
  /** How many problems there were before capping. */
  readonly total: number;
}

/** Start of the element a suppression comment before the problem at `offset` would precede (storage only). */
export function suppressionAnchor(doc: ParsedDocument, offset: number): number | undefined {
  if (doc.format !== 'storage') return undefined;
  const el = elementAt(doc.root, offset);
  return el.name === '#document' ? undefined : el.start;
}

export function runLintJob(input: LintJobInput, withAnchors = false): { result: LintJobResult; doc: ParsedDocument } {
  const doc = parse(input.text, input.format);
  const all = lintDocument(doc, { config: input.config, index: indexOf(input.pages) });
  const problems = all.length > MAX_DIAGNOSTICS ? all.slice(0, MAX_DIAGNOSTICS) : all;
  const anchors = withAnchors ? problems.map((p) => suppressionAnchor(doc, p.start)) : undefined;
  return { result: { problems, anchors, total: all.length }, doc };
}
