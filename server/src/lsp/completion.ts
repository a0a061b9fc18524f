/**
 * Completion of names the user would otherwise look up: macro names in `ac:name="…"` of a
 * macro element, parameter names in `<ac:parameter ac:name="…"` (from the catalogue entry
 * of the enclosing macro), and node / mark `type` values in ADF (from the official schema).
 */
import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TriageConfig } from '../core/config';
import type { ParsedDocument } from '../core/lint';
import { allowedChildren } from '../core/adf/nesting';
import { adfSchema } from '../core/adf/pm-schema';
import { BUILT_IN_MACROS, builtInMacro } from '../core/storage/macro-catalog';
import { attr } from '../core/storage/walk';
import { adfNodeAt } from './adf-nav';
import { toRange } from './convert';
import { describeMacro, summarizeMacro } from './macro-info';
import { elementAt, enclosingMacro } from './storage-nav';

/** How far back to look for the start of the tag or the `"type"` key being typed. */
const LOOKBEHIND = 2000;

const MACRO_NAME = /<ac:(?:structured-)?macro\b[^<>]*?\bac:name\s*=\s*["']([^"'<>]*)$/;
const PARAM_NAME = /<ac:parameter\b[^<>]*?\bac:name\s*=\s*["']([^"'<>]*)$/;
const ADF_TYPE = /"type"\s*:\s*"([^"\\\n]*)$/;

/** The range of the value being typed: from its opening quote to its closing quote (or the cursor). */
function valueRange(text: string, offset: number, prefix: string, quotes: string): { start: number; end: number } {
  let end = offset;
  while (end < text.length && end - offset < 200 && !quotes.includes(text[end]) && text[end] !== '\n' && text[end] !== '<' && text[end] !== '>') end++;
  if (!quotes.includes(text[end] ?? '')) end = offset;
  return { start: offset - prefix.length, end };
}

function items(doc: TextDocument, names: Iterable<string>, range: { start: number; end: number }, kind: CompletionItemKind, detail: (name: string) => string | undefined): CompletionItem[] {
  const editRange = toRange(doc, range.start, range.end);
  return [...names].map((name) => ({ label: name, kind, detail: detail(name), textEdit: { range: editRange, newText: name } }));
}

export function completionAt(doc: TextDocument, parsed: ParsedDocument, offset: number, config: TriageConfig): CompletionList | null {
  const text = doc.getText();
  const before = text.slice(Math.max(0, offset - LOOKBEHIND), offset);
  if (parsed.format === 'storage') {
    const macro = MACRO_NAME.exec(before);
    if (macro) {
      const names = new Set([...BUILT_IN_MACROS.map((m) => m.name), ...Object.keys(config.legacyMacros), ...config.allowedMacros]);
      const range = valueRange(text, offset, macro[1], '"\'');
      const list = items(doc, [...names].sort(), range, CompletionItemKind.Module, (name) => describeMacro(summarizeMacro(name, config), false).split('\n')[0]);
      return { isIncomplete: false, items: list };
    }
    const param = PARAM_NAME.exec(before);
    if (param) {
      const tagStart = offset - param[0].length;
      const macroEl = enclosingMacro(elementAt(parsed.root, tagStart));
      const name = macroEl ? attr(macroEl, 'ac:name') : undefined;
      const info = name ? builtInMacro(name) : undefined;
      if (!info) return { isIncomplete: false, items: [] };
      const range = valueRange(text, offset, param[1], '"\'');
      const list = items(doc, info.params.filter(Boolean), range, CompletionItemKind.Property, () => `${info.title} parameter`);
      return { isIncomplete: false, items: list };
    }
    return null;
  }
  const type = ADF_TYPE.exec(before);
  if (!type) return null;
  const range = valueRange(text, offset, type[1], '"');
  const node = adfNodeAt(parsed.root, offset);
  let names: Iterable<string>;
  let kind: CompletionItemKind = CompletionItemKind.Class;
  // A `{` after the node's own start means the cursor is in a new child object the parser
  // could not make a node of yet: the type being typed is a child of `node`.
  const inNewChild = node !== undefined && text.lastIndexOf('{', offset - 1) > node.start;
  if (node?.marks?.some((m) => offset > m.start && offset < m.end)) {
    names = Object.keys(adfSchema.marks);
    kind = CompletionItemKind.Field;
  } else if (node && inNewChild) names = allowedChildren(node.type);
  else if (node?.parent) names = allowedChildren(node.parent.type);
  else if (node) names = ['doc'];
  else names = Object.keys(adfSchema.nodes);
  return { isIncomplete: false, items: items(doc, [...names].sort(), range, kind, () => undefined) };
}
