/**
 * Navigation over the ADF tree: visiting every node, and finding the innermost node (or
 * mark) a JSON path points into, so findings about values map to ranges in the text.
 */
import type { AdfMarkNode, AdfNode } from './tree';

/** Calls `visit` for every node, parents before children (iterative: depth is not a risk). */
export function walkAdf(root: AdfNode, visit: (node: AdfNode) => void): void {
  const pending: AdfNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    visit(node);
    const content = node.content ?? [];
    for (let i = content.length - 1; i >= 0; i--) pending.push(content[i]);
  }
}

/**
 * The innermost node or mark whose JSON object contains the value at `path`
 * (e.g. ["content", 0, "attrs", "panelType"] → the node at ["content", 0]).
 */
export function innermostAt(root: AdfNode, path: readonly (string | number)[]): AdfNode | AdfMarkNode {
  let node = root;
  let i = 0;
  while (i + 1 < path.length) {
    const [key, index] = [path[i], path[i + 1]];
    if (key === 'marks') return node.marks?.find((m) => m.path[m.path.length - 1] === index) ?? node;
    if (key !== 'content') break;
    const child = node.content?.find((c) => c.path[c.path.length - 1] === index);
    if (!child) break;
    node = child;
    i += 2;
  }
  return node;
}
