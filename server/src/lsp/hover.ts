/** Hover on a macro: what it is, its Cloud status and its equivalent. */
import type { Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TriageConfig } from '../core/config';
import type { ParsedDocument } from '../core/lint';
import { isMacroElement } from '../core/storage/macro';
import { attr } from '../core/storage/walk';
import { adfNodeAt, EXTENSION_TYPES, extensionKey } from './adf-nav';
import { toRange } from './convert';
import { describeMacro, summarizeMacro } from './macro-info';
import { elementAt } from './storage-nav';

export function hoverAt(doc: TextDocument, parsed: ParsedDocument, offset: number, config: TriageConfig, markdown: boolean): Hover | null {
  let name: string | undefined;
  let range: { start: number; end: number } | undefined;
  if (parsed.format === 'storage') {
    const el = elementAt(parsed.root, offset);
    // Only the start tag: hovering a macro's body should describe the body, not the macro.
    if (!isMacroElement(el) || offset >= el.startTagEnd) return null;
    name = attr(el, 'ac:name');
    range = { start: el.start, end: el.startTagEnd };
  } else {
    for (let node = adfNodeAt(parsed.root, offset); node; node = node.parent) {
      if (EXTENSION_TYPES.has(node.type)) {
        name = extensionKey(node);
        range = { start: node.start, end: node.end };
        break;
      }
    }
  }
  if (!name || !range) return null;
  const value = describeMacro(summarizeMacro(name, config), markdown);
  return { contents: { kind: markdown ? 'markdown' : 'plaintext', value }, range: toRange(doc, range.start, range.end) };
}
