/**
 * Finding short links in text: `https://host[/context]/x/CODE` (Server/Data Center),
 * `https://site.atlassian.net/wiki/x/CODE` (Cloud) and relative `[/context]/x/CODE`.
 * Offsets are exact; sentence punctuation after a link is not part of it, a query string
 * or fragment is (it belongs to the URL a fix would replace).
 */
import { decodeShortCode } from './codec';

export type ShortLinkKind = 'server' | 'cloud' | 'relative';

export interface ShortLink {
  /** Start of the link: its scheme, or the first `/` of a relative link. */
  readonly start: number;
  /** End of the whole URL, past any query string or fragment. */
  readonly end: number;
  readonly code: string;
  readonly codeStart: number;
  /** Just past the code (`codeStart + code.length`). */
  readonly codeEnd: number;
  /** Decimal content id the code stands for. */
  readonly pageId: string;
  readonly kind: ShortLinkKind;
  /** `https://host/context` before `/x/`, or the context path alone for a relative link. */
  readonly base: string;
  /** The query string with its `?`, or ''. */
  readonly query: string;
  /** The fragment without its `#`, or ''. */
  readonly fragment: string;
}

export interface FindOptions {
  /** Also find relative links (`/x/CODE`, `/wiki/x/CODE`) after whitespace, `(`, quotes or `>`. Default true. */
  readonly relative?: boolean;
}

const SEGMENT = "[A-Za-z0-9._~%!$&'*+,;=:@-]+";
const CODE = '([A-Za-z0-9_-]{1,11})(?![A-Za-z0-9_/-])';
// A context path of at most two segments keeps `https://example.com/a/b/c/x/y` out.
const ABSOLUTE = new RegExp(`\\b(https?)://([A-Za-z0-9.-]+(?::[0-9]+)?)((?:/${SEGMENT}){0,2}?)/x/${CODE}`, 'gi');
const RELATIVE = new RegExp(`(?<=^|[\\s("'>=\\[])((?:/[A-Za-z0-9._~-]+)?)/x/${CODE}`, 'g');
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;
const CLOUD_HOST = /\.atlassian\.net$/i;

/** Every short link in `text`, in order, with exact offsets. Codes that do not decode are skipped. */
export function findShortLinks(text: string, options: FindOptions = {}): ShortLink[] {
  const found: ShortLink[] = [];
  if (text.indexOf('/x/') < 0) return found;
  for (const m of text.matchAll(ABSOLUTE)) {
    // The pattern is case-insensitive for the scheme and host; the `/x/` path is not.
    const codeStart = m.index! + m[0].length - m[4].length;
    if (text.slice(codeStart - 3, codeStart) !== '/x/') continue;
    const host = m[2];
    const context = m[3];
    const kind: ShortLinkKind = CLOUD_HOST.test(host.replace(/:[0-9]+$/, '')) && context.toLowerCase() === '/wiki' ? 'cloud' : 'server';
    const link = complete(text, m.index!, m[0].length, m[4], `${m[1]}://${host}${context}`, kind);
    if (link) found.push(link);
  }
  if (options.relative === false) return found;
  // Both lists come in text order: merge them, dropping relative matches inside absolute links.
  const merged: ShortLink[] = [];
  let next = 0;
  for (const m of text.matchAll(RELATIVE)) {
    const start = m.index!;
    while (next < found.length && found[next].end <= start) merged.push(found[next++]);
    if (next < found.length && found[next].start <= start) continue;
    const link = complete(text, start, m[0].length, m[2], m[1], 'relative');
    if (link) merged.push(link);
  }
  while (next < found.length) merged.push(found[next++]);
  return merged;
}

/**
 * Reads a whole attribute value (an `href`, an `ri:value`) as one short link, allowing
 * surrounding whitespace; undefined when the value is anything else.
 */
export function parseShortLinkUrl(value: string): ShortLink | undefined {
  const links = findShortLinks(value);
  if (links.length !== 1) return undefined;
  const [link] = links;
  const before = value.slice(0, link.start);
  const after = value.slice(link.end);
  return before.trim() === '' && after.trim() === '' ? link : undefined;
}

function complete(text: string, start: number, matchLength: number, code: string, base: string, kind: ShortLinkKind): ShortLink | undefined {
  const pageId = decodeShortCode(code);
  if (pageId === undefined) return undefined;
  const codeEnd = start + matchLength;
  const codeStart = codeEnd - code.length;
  let end = codeEnd;
  const c = text[end];
  if (c === '?' || c === '#') {
    while (end < text.length && !/[\s<>"']/.test(text[end])) end++;
    const trailing = TRAILING_PUNCTUATION.exec(text.slice(codeEnd + 1, end));
    if (trailing) end -= trailing[0].length;
    if (end === codeEnd + 1) end = codeEnd;
  }
  const tail = text.slice(codeEnd, end);
  const hash = tail.indexOf('#');
  const query = hash < 0 ? tail : tail.slice(0, hash);
  const fragment = hash < 0 ? '' : tail.slice(hash + 1);
  return { start, end, code, codeStart, codeEnd, pageId, kind, base, query, fragment };
}
