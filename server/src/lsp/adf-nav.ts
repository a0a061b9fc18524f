/** Finding ADF nodes by offset, iteratively (content lists are in offset order). */
import type { AdfNode } from '../core/adf/tree';

/** The innermost node whose JSON object contains `offset`, or undefined outside the document. */
export function adfNodeAt(root: AdfNode | undefined, offset: number): AdfNode | undefined {
  if (!root || offset < root.start || offset >= root.end) return undefined;
  let node = root;
  for (;;) {
    const content = node.content ?? [];
    let lo = 0;
    let hi = content.length - 1;
    let next: AdfNode | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (content[mid].start <= offset) {
        next = content[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!next || offset >= next.end) return node;
    node = next;
  }
}

export const EXTENSION_TYPES = new Set(['extension', 'bodiedExtension', 'inlineExtension', 'multiBodiedExtension']);

/** The macro name an ADF extension node stands for (`attrs.extensionKey`). */
export function extensionKey(node: AdfNode): string | undefined {
  const key = node.attrs?.extensionKey;
  return typeof key === 'string' ? key : undefined;
}
