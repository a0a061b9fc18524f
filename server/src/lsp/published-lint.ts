/**
 * One published lint of one document version: the diagnostics as sent, and the core
 * problems (offsets, fixes, suppression anchors) behind them. Diagnostics go out lean, with
 * no `data`; code actions find their problem here by rule, range and message, and convert
 * only the fixes they actually return to positions.
 */
import type { Diagnostic, Range, TextEdit } from 'vscode-languageserver/node';
import type { Fix, Problem } from '../core/types';
import { PositionIndex } from './position-index';

let published = 0;

export class PublishedLint {
  private fixable: Map<string | null, number> | undefined;
  /** Tells this publication from every other one (pull clients send it back as previousResultId). */
  readonly resultId = `${Date.now().toString(36)}-${++published}`;

  constructor(
    readonly version: number,
    readonly diagnostics: Diagnostic[],
    /** The problems diagnostics[0..problems.length) stand for, in offset order. */
    readonly problems: readonly Problem[],
    /** Problem index → start of the element a suppression comment would precede (storage only). */
    readonly anchorOf: (problem: number) => number | undefined,
    readonly positions: PositionIndex,
  ) {}

  range(start: number, end: number): Range {
    const startLine = this.positions.lineOf(start);
    const endLine = this.positions.lineOf(end, startLine);
    return {
      start: { line: startLine, character: start - this.positions.lineStart(startLine) },
      end: { line: endLine, character: end - this.positions.lineStart(endLine) },
    };
  }

  /** The offset of a position in this version's text (clamped like TextDocument.offsetAt). */
  offsetOf(position: Range['start']): number {
    if (position.line >= this.positions.lineCount) return Number.MAX_SAFE_INTEGER;
    return this.positions.lineStart(Math.max(0, position.line)) + Math.max(0, position.character);
  }

  /**
   * Indexes of the problems a diagnostic sent back by the client stands for: same rule,
   * range and message (a client may drop `data`, never these).
   */
  problemsOf(diagnostic: Diagnostic): number[] {
    const start = this.offsetOf(diagnostic.range.start);
    const end = this.offsetOf(diagnostic.range.end);
    let lo = 0;
    let hi = this.problems.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.problems[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let i = lo; i < this.problems.length && this.problems[i].start === start; i++) {
      const p = this.problems[i];
      if (p.end === end && p.ruleId === diagnostic.code && p.message === diagnostic.message) found.push(i);
    }
    return found;
  }

  /** How many problems have a fix: of one rule, or of every rule (null). */
  fixableCount(ruleId: string | null): number {
    if (!this.fixable) {
      this.fixable = new Map([[null, 0]]);
      for (const p of this.problems) {
        if (!p.fix) continue;
        this.fixable.set(p.ruleId, (this.fixable.get(p.ruleId) ?? 0) + 1);
        this.fixable.set(null, this.fixable.get(null)! + 1);
      }
    }
    return this.fixable.get(ruleId) ?? 0;
  }

  edit(fix: Fix): TextEdit {
    return { range: this.range(fix.start, fix.end), newText: fix.text };
  }

  /**
   * The fixes of one rule (or all), keeping those that do not overlap an earlier one in offset
   * order: the core's applyFixes semantics, one pass.
   */
  fixAllEdits(ruleId: string | null): { edits: TextEdit[]; indexes: number[] } {
    const chosen = this.problems
      .map((p, i) => ({ fix: p.fix, ruleId: p.ruleId, i }))
      .filter((c): c is { fix: Fix; ruleId: string; i: number } => c.fix !== undefined && (ruleId === null || c.ruleId === ruleId))
      .sort((a, b) => a.fix.start - b.fix.start || a.fix.end - b.fix.end);
    const edits: TextEdit[] = [];
    const indexes: number[] = [];
    let cursor = 0;
    for (const c of chosen) {
      if (c.fix.start < cursor) continue;
      edits.push(this.edit(c.fix));
      indexes.push(c.i);
      cursor = c.fix.end;
    }
    return { edits, indexes };
  }
}
