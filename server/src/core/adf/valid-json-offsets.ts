/**
 * Container offsets for text already known to be valid JSON (JSON.parse accepted it), in one
 * flat pass: strings are skipped with indexOf, nothing else is materialised. On a 1.2 MB page
 * of real Cloud content jsonc-parser's visitor took ~6× JSON.parse; this takes a fraction of
 * that (figures in BENCHMARKS.md "ADF diagnostics"). Invalid JSON goes to jsonc-parser, whose
 * error recovery and error offsets are what that case needs.
 */
import { addChild, type JsonContainer } from './json-offsets';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;

interface Frame {
  readonly container: JsonContainer;
  readonly isArray: boolean;
  /** Object: the current property name; array: the current element index. */
  key: string | number;
  expectKey: boolean;
}

/** Index of the quote closing the string that opens at `open`. */
function closingQuote(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  for (;;) {
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j; // an even run of backslashes escapes nothing
    j = text.indexOf('"', j + 1);
  }
}

/**
 * Offsets of every object and array of valid JSON `text` (starting at `from`, past a BOM), or
 * the offset of the first bracket nested deeper than `maxDepth` (the schema checks recurse).
 */
export function scanValidJson(text: string, maxDepth: number, from = 0): { root?: JsonContainer; tooDeepAt?: number } {
  const stack: Frame[] = [];
  let root: JsonContainer | undefined;
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Whitespace first and in one comparison: pretty-printed pages are mostly indentation.
    if (c <= 0x20) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (top && !top.isArray && top.expectKey) {
        const raw = text.slice(i + 1, end);
        top.key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(i, end + 1)) as string);
        top.expectKey = false;
      } else if (top?.isArray) (top.key as number)++;
      i = end + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (stack.length >= maxDepth) return { tooDeepAt: i };
      const isArray = c === OPEN_BRACKET;
      const container: JsonContainer = { start: i, end: n, isArray, children: [] };
      if (top) {
        if (top.isArray) (top.key as number)++;
        addChild(top.container, top.key, container);
      } else root ??= container;
      stack.push({ container, isArray, key: isArray ? -1 : '', expectKey: !isArray });
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop()!.container.end = i + 1;
      i++;
    } else if (c === COMMA) {
      if (top && !top.isArray) top.expectKey = true;
      i++;
    } else if (c === COLON) {
      i++;
    } else {
      // A number, true, false or null: it only matters as an array element.
      if (top?.isArray) (top.key as number)++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE || d <= 0x20) break;
        i++;
      }
    }
  }
  return { root };
}
