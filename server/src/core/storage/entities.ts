/**
 * Character references in storage format. Confluence writes HTML named entities that XML
 * does not define (`&nbsp;`, `&auml;`, `&mdash;`), so we resolve the complete HTML5 table
 * (from the `entities` package) rather than a hand-written list. Entities declared in a
 * DOCTYPE are never expanded, which is what makes entity bombs harmless here.
 */
import { decodeHTMLStrict } from 'entities';

/** Decodes every character reference in raw text; unknown ones are left as written. */
export function decodeText(raw: string): string {
  return raw.indexOf('&') < 0 ? raw : decodeHTMLStrict(raw);
}

export type ReferenceCheck =
  | { readonly ok: true; readonly end: number }
  | { readonly ok: false; readonly end: number; readonly reason: 'unterminated' | 'unknown' | 'invalid-code-point' };

const MAX_REFERENCE_LENGTH = 40;

/**
 * Checks the reference that starts with `&` at `start`. `end` is where scanning may resume
 * (past the `;` when there is one).
 */
export function checkReference(text: string, start: number, limit: number): ReferenceCheck {
  const stop = Math.min(limit, start + MAX_REFERENCE_LENGTH);
  let semi = start + 1;
  while (semi < stop && text.charCodeAt(semi) !== 59 /* ; */) semi++;
  if (semi >= stop) return { ok: false, end: start + 1, reason: 'unterminated' };
  const body = text.slice(start + 1, semi);
  if (!/^(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*)$/.test(body)) {
    return { ok: false, end: start + 1, reason: 'unterminated' };
  }
  if (body.charCodeAt(0) === 35 /* # */) {
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    const valid = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
    return valid ? { ok: true, end: semi + 1 } : { ok: false, end: semi + 1, reason: 'invalid-code-point' };
  }
  const ref = `&${body};`;
  return decodeHTMLStrict(ref) !== ref ? { ok: true, end: semi + 1 } : { ok: false, end: semi + 1, reason: 'unknown' };
}
