/**
 * The contract every rule file implements. A rule is metadata plus one check per
 * format it understands; it reports problems with offsets and optional plain-data fixes.
 */
import type { TriageConfig } from '../config';
import type { Report, Severity, WorkspaceIndex } from '../types';
import type { StorageDocument } from '../storage/tree';
import type { AdfDocument } from '../adf/tree';

export interface RuleContext<D> {
  readonly doc: D;
  readonly config: TriageConfig;
  readonly index: WorkspaceIndex;
  report(problem: Report): void;
}

export interface Rule {
  /** Kebab-case id: file name, Diagnostic.code, SARIF ruleId, settings key, suppression name. */
  readonly id: string;
  /** One sentence: what the rule finds. */
  readonly description: string;
  /** Markdown: why it breaks in Cloud and how to fix it (rendered into docs/rules/<id>.md). */
  readonly docs: string;
  readonly defaultSeverity: Severity;
  /** Must be true for a rule that ever reports a fix (a test enforces it). */
  readonly fixable: boolean;
  readonly storage?: (ctx: RuleContext<StorageDocument>) => void;
  readonly adf?: (ctx: RuleContext<AdfDocument>) => void;
}
