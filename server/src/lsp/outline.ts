/**
 * Builds the document outline: macros (or ADF extensions) nest as they do in the page,
 * and headings inside one macro body (or at top level) nest by level, each heading's range
 * running to the next heading of the same or a higher level. Iterative, depth-capped and
 * size-capped, because pages can nest 10,000 levels deep and symbols travel as JSON.
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from './convert';

/** Deeper macros are listed under their ancestor at this depth (JSON and UIs choke on more). */
const MAX_DEPTH = 32;
/** More symbols than this help nobody and cost a lot to send. */
const MAX_SYMBOLS = 5000;

interface Entry {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  readonly start: number;
  end: number;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: Entry[];
  /** Heading level 1–6, or 0 for a macro / the root. */
  readonly level: number;
}

/** A place headings and macros can be added to: the page, or one macro's body. */
export interface OutlineContainer {
  readonly entry: Entry;
  readonly depth: number;
  readonly contentEnd: number;
  readonly headings: Entry[];
}

export class OutlineBuilder {
  private count = 0;
  private readonly containers: OutlineContainer[] = [];
  readonly root: OutlineContainer;

  constructor(textLength: number) {
    const entry: Entry = { name: '', kind: SymbolKind.File, start: 0, end: textLength, selectionStart: 0, selectionEnd: 0, children: [], level: 0 };
    this.root = { entry, depth: 0, contentEnd: textLength, headings: [] };
    this.containers.push(this.root);
  }

  get full(): boolean {
    return this.count >= MAX_SYMBOLS;
  }

  heading(container: OutlineContainer, level: number, name: string, start: number, end: number): void {
    if (this.full) return;
    this.count++;
    const stack = container.headings;
    while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop()!.end = start;
    const entry: Entry = { name: name || '(empty heading)', kind: SymbolKind.String, start, end: container.contentEnd, selectionStart: start, selectionEnd: end, children: [], level };
    (stack[stack.length - 1] ?? container.entry).children.push(entry);
    stack.push(entry);
  }

  /** Adds a macro; returns the container for what its body holds. */
  macro(container: OutlineContainer, name: string, detail: string | undefined, start: number, end: number, selectionEnd: number, contentEnd: number): OutlineContainer {
    if (this.full || container.depth >= MAX_DEPTH) return container;
    this.count++;
    const entry: Entry = { name: name || '(unnamed macro)', detail, kind: SymbolKind.Module, start, end, selectionStart: start, selectionEnd, children: [], level: 0 };
    const stack = container.headings;
    (stack[stack.length - 1] ?? container.entry).children.push(entry);
    const inner = { entry, depth: container.depth + 1, contentEnd, headings: [] };
    this.containers.push(inner);
    return inner;
  }

  /** Hierarchical symbols (DocumentSymbol[]). */
  symbols(doc: TextDocument): DocumentSymbol[] {
    const convert = (e: Entry): DocumentSymbol => ({
      name: e.name,
      detail: e.detail,
      kind: e.kind,
      range: toRange(doc, e.start, e.end),
      selectionRange: toRange(doc, e.selectionStart, e.selectionEnd),
      children: [],
    });
    const top: DocumentSymbol[] = [];
    // Iterative conversion; the depth cap keeps the JSON nesting bounded too.
    const pending: [Entry, DocumentSymbol[]][] = this.root.entry.children.map((c) => [c, top]);
    pending.reverse();
    while (pending.length > 0) {
      const [entry, into] = pending.pop()!;
      const symbol = convert(entry);
      into.push(symbol);
      for (let i = entry.children.length - 1; i >= 0; i--) pending.push([entry.children[i], symbol.children!]);
    }
    return top;
  }

  /** Flat symbols for clients without hierarchical support. */
  flatSymbols(doc: TextDocument): SymbolInformation[] {
    const out: SymbolInformation[] = [];
    const pending: [Entry, string | undefined][] = this.root.entry.children.map((c) => [c, undefined]);
    pending.reverse();
    while (pending.length > 0) {
      const [entry, containerName] = pending.pop()!;
      out.push({ name: entry.name, kind: entry.kind, containerName, location: { uri: doc.uri, range: toRange(doc, entry.start, entry.end) } });
      for (let i = entry.children.length - 1; i >= 0; i--) pending.push([entry.children[i], entry.name]);
    }
    return out;
  }
}
