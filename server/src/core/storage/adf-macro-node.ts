/**
 * Storage macros as they appear in ADF: extension nodes of type
 * `com.atlassian.confluence.macro.core` whose `extensionKey` is the macro's storage name.
 * Lets the macro rules check ADF documents with the same lists they use for storage.
 */
import { walkAdf } from '../adf/locate';
import type { AdfNode } from '../adf/tree';

/** The extensionType Cloud gives to Confluence macros (apps use other types). */
export const CONFLUENCE_MACRO_EXTENSION = 'com.atlassian.confluence.macro.core';

const EXTENSION_NODES = new Set(['extension', 'bodiedExtension', 'inlineExtension', 'multiBodiedExtension']);

export interface AdfMacro {
  readonly node: AdfNode;
  readonly name: string;
  /** Offsets of the `extensionKey` string value (quotes included), or of the node when not found. */
  readonly start: number;
  readonly end: number;
}

const KEY = /"extensionKey"\s*:\s*"(?:[^"\\]|\\.)*"/g;

/** Finds the `"extensionKey": "…"` value of the node itself, skipping its children's text. */
function keyRange(text: string, node: AdfNode): { start: number; end: number } {
  const children = node.content ?? [];
  KEY.lastIndex = node.start;
  for (let m = KEY.exec(text); m && m.index < node.end; m = KEY.exec(text)) {
    const at = m.index;
    if (children.some((c) => at >= c.start && at < c.end)) continue;
    const valueStart = text.indexOf('"', at + '"extensionKey"'.length);
    return { start: valueStart, end: at + m[0].length };
  }
  return { start: node.start, end: node.end };
}

/** Every Confluence macro in an ADF tree, in document order. */
export function adfMacros(text: string, root: AdfNode | undefined): AdfMacro[] {
  const out: AdfMacro[] = [];
  if (!root) return out;
  walkAdf(root, (node) => {
    const attrs = node.attrs;
    if (!EXTENSION_NODES.has(node.type) || attrs?.extensionType !== CONFLUENCE_MACRO_EXTENSION) return;
    if (typeof attrs.extensionKey !== 'string') return;
    out.push({ node, name: attrs.extensionKey, ...keyRange(text, node) });
  });
  return out;
}
