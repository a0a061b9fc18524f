/**
 * Small helpers for quick fixes that rewrite storage: escaping, and copying the original
 * markup of a node verbatim. Fixes splice original slices rather than re-serialising
 * parsed trees, so every text run, entity spelling and CDATA section survives unchanged.
 */
import type { Fix } from '../types';
import type { Macro } from './macro';
import type { XmlElement, XmlNode } from './tree';

const NEEDS_ESCAPE = /[&<>]/;

/** Escapes decoded text for use as element content. */
export function escapeText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes decoded text for use inside a double-quoted attribute value. */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** The source of an element's content (between its start and end tags), verbatim. */
export function innerSource(text: string, el: XmlElement): string {
  return text.slice(el.startTagEnd, el.endTagStart);
}

/** The source of a node, verbatim. */
export function nodeSource(text: string, node: XmlNode): string {
  return text.slice(node.start, node.end);
}

/** Whether a node is only whitespace text. */
export function isBlank(node: XmlNode): boolean {
  return node.kind === 'text' && node.value.trim() === '';
}

/**
 * Whether a macro has the shape a rewrite may assume: closed, and holding nothing but its
 * parameters, whitespace and at most the given body. Anything else (stray text, comments,
 * a second body) would be dropped by a rewrite, so such macros get no automatic fix.
 */
export function hasRegularShape(text: string, macro: Macro, body: XmlElement | undefined): boolean {
  const el = macro.element;
  if (!el.closed || (body && !body.closed)) return false;
  const isPart = (c: XmlElement) => c === body || ((c.name === 'ac:parameter' || c.name === 'ac:default-parameter') && c.closed);
  // Usually only whitespace separates the parts: then the child elements and the raw gaps
  // between them answer, without cutting and decoding text nodes.
  let cursor = el.startTagEnd;
  let plain = true;
  for (const c of el.elements) {
    if (!isPart(c)) return false;
    plain &&= isWhitespace(text, cursor, c.start);
    cursor = c.end;
  }
  if (plain && isWhitespace(text, cursor, el.endTagStart)) return true;
  return el.children.every((c) => isBlank(c) || (c.kind === 'element' && isPart(c)));
}

/** Whether `text[from, to)` is only XML whitespace (so it is blank text and nothing else). */
function isWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/**
 * What a macro rewrite produces: a fix of `[start, end)` with its menu title, or why there is
 * none. Whether there is a fix (and its title and range) is decided at once; its text is built
 * by `fix()` on first call and kept, because most lints (the editor's diagnostics, the CLI's
 * text output) never read it.
 */
export type Rewrite =
  | { readonly fix: () => Fix; readonly title: string; readonly start: number; readonly end: number }
  | { readonly reason: string };

/**
 * A rewrite's fix text is at most this many characters per character it replaces, plus
 * `REWRITE_OVERHEAD`: a rewrite copies disjoint slices of the macro and escapes decoded
 * parameter and attribute text (at worst `&` → `&amp;`, five characters for one), and adds a
 * bounded amount of markup of its own (at most three layout cells, five panel attributes).
 */
export const REWRITE_EXPANSION = 5;
export const REWRITE_OVERHEAD = 1024;

/** A rewrite of `el` whose text is built on first use; later calls return the same fix. */
export function rewrite(title: string, el: XmlElement, text: () => string): Rewrite {
  let fix: Fix | undefined;
  const { start, end } = el;
  return { fix: () => (fix ??= { start, end, text: text() }), title, start, end };
}
