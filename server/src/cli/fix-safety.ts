/**
 * The last check before `fix` writes: the fixed text must parse no worse than the
 * original (no new syntax errors) and keep at least as many text runs. A rule bug must
 * never cost a user their page.
 */
import { parse } from '../core/lint';
import type { AdfNode } from '../core/adf/tree';
import type { XmlNode } from '../core/storage/tree';
import type { Format } from '../core/types';

function storageTextRuns(root: XmlNode): number {
  let count = 0;
  const stack: XmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((node.kind === 'text' && node.value.trim() !== '') || (node.kind === 'cdata' && node.value.trim() !== '')) count++;
    else if (node.kind === 'element') for (const c of node.children) stack.push(c);
  }
  return count;
}

function adfTextRuns(root: AdfNode | undefined): number {
  let count = 0;
  const stack: AdfNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.text === 'string' && node.text.trim() !== '') count++;
    for (const c of node.content ?? []) stack.push(c);
  }
  return count;
}

function measure(text: string, format: Format): { errors: number; runs: number } {
  const doc = parse(text, format);
  const errors = doc.errors.filter((e) => e.severity === 'error').length;
  return { errors, runs: doc.format === 'storage' ? storageTextRuns(doc.root) : adfTextRuns(doc.root) };
}

/** Why the fixed text must not be written, or undefined when it is safe. */
export function unsafeFixReason(original: string, fixed: string, format: Format): string | undefined {
  const before = measure(original, format);
  const after = measure(fixed, format);
  if (after.errors > before.errors) return `the fixed page would have ${after.errors - before.errors} new syntax error(s)`;
  if (after.runs < before.runs) return `the fixed page would lose ${before.runs - after.runs} text run(s)`;
  return undefined;
}
