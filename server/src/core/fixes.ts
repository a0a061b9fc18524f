/**
 * Applying fixes: pure text surgery. Overlapping fixes are skipped (first one wins, in
 * offset order), so "fix all" can run repeatedly until nothing applies.
 */
import type { Fix } from './types';

export interface AppliedFixes {
  readonly text: string;
  /** The fixes that were applied, in offset order. */
  readonly applied: readonly Fix[];
  /** The fixes skipped because they overlapped an earlier one. */
  readonly skipped: readonly Fix[];
}

export function applyFixes(text: string, fixes: readonly Fix[]): AppliedFixes {
  const sorted = [...fixes].sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  let out = '';
  let cursor = 0;
  for (const fix of sorted) {
    if (fix.start < cursor || fix.end < fix.start || fix.end > text.length) {
      skipped.push(fix);
      continue;
    }
    out += text.slice(cursor, fix.start) + fix.text;
    cursor = fix.end;
    applied.push(fix);
  }
  return { text: out + text.slice(cursor), applied, skipped };
}
