/** Document symbols: headings and macros (storage), headings and extension nodes (ADF). */
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from '../core/lint';
import type { AdfNode } from '../core/adf/tree';
import type { XmlElement, XmlNode } from '../core/storage/tree';
import { builtInMacro } from '../core/storage/macro-catalog';
import { isMacroElement } from '../core/storage/macro';
import { attr, textContent } from '../core/storage/walk';
import { EXTENSION_TYPES, extensionKey } from './adf-nav';
import { OutlineBuilder, type OutlineContainer } from './outline';

const HEADING = /^h([1-6])$/;
const MAX_NAME = 120;

const clip = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_NAME ? `${t.slice(0, MAX_NAME - 1)}…` : t;
};

function storageOutline(root: XmlElement, builder: OutlineBuilder): void {
  const stack: [XmlNode, OutlineContainer][] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push([root.children[i], builder.root]);
  while (stack.length > 0 && !builder.full) {
    const [node, container] = stack.pop()!;
    if (node.kind !== 'element' || node.name === 'ac:adf-fallback') continue;
    let inner = container;
    const heading = HEADING.exec(node.name);
    if (heading) {
      builder.heading(container, Number(heading[1]), clip(textContent(node)), node.start, node.end);
      continue;
    }
    if (isMacroElement(node)) {
      const name = attr(node, 'ac:name') ?? '';
      inner = builder.macro(container, name, builtInMacro(name)?.title, node.start, node.end, node.startTagEnd, node.endTagStart);
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i], inner]);
  }
}

function adfText(node: AdfNode): string {
  let out = '';
  const pending: AdfNode[] = [node];
  while (pending.length > 0 && out.length < MAX_NAME * 2) {
    const n = pending.pop()!;
    if (typeof n.text === 'string') out += n.text;
    const content = n.content ?? [];
    for (let i = content.length - 1; i >= 0; i--) pending.push(content[i]);
  }
  return out;
}

function adfOutline(root: AdfNode, builder: OutlineBuilder): void {
  const stack: [AdfNode, OutlineContainer][] = (root.content ?? []).map((c) => [c, builder.root] as [AdfNode, OutlineContainer]).reverse();
  while (stack.length > 0 && !builder.full) {
    const [node, container] = stack.pop()!;
    let inner = container;
    if (node.type === 'heading') {
      const level = typeof node.attrs?.level === 'number' ? node.attrs.level : 1;
      builder.heading(container, level, clip(adfText(node)), node.start, node.end);
      continue;
    }
    if (EXTENSION_TYPES.has(node.type)) {
      const key = extensionKey(node) ?? '';
      inner = builder.macro(container, key, node.type, node.start, node.end, node.end, node.end);
    }
    const content = node.content ?? [];
    for (let i = content.length - 1; i >= 0; i--) stack.push([content[i], inner]);
  }
}

export function documentSymbols(doc: TextDocument, parsed: ParsedDocument, hierarchical: boolean): DocumentSymbol[] | SymbolInformation[] {
  const builder = new OutlineBuilder(parsed.text.length);
  if (parsed.format === 'storage') storageOutline(parsed.root, builder);
  else if (parsed.root) adfOutline(parsed.root, builder);
  return hierarchical ? builder.symbols(doc) : builder.flatSymbols(doc);
}
