/**
 * Container offsets for text already known to be valid JSON (JSON.parse accepted it), in one
 * flat pass: strings are skipped with indexOf, whitespace runs with a sticky regex, property
 * names sliced only where a container follows, nothing else is materialised. On a 1.2 MB page
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

/** A whitespace run (pretty-printed pages are two-thirds indentation). */
const WHITESPACE = /[ \t\n\r]+/y;

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
  // The open containers, and for each array the index of its current element (-1 for objects),
  // in two arrays rather than a frame object per container.
  const open: JsonContainer[] = [];
  const indexes: number[] = [];
  let depth = 0;
  let top: JsonContainer | undefined;
  // Where the current property name is in the text: sliced only when its value is a container.
  let keyStart = 0;
  let keyEnd = 0;
  let expectKey = false;
  let root: JsonContainer | undefined;
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) {
      // A run is skipped by the regex engine: a third less time than a loop over its characters.
      if (text.charCodeAt(i + 1) <= 0x20) {
        WHITESPACE.lastIndex = i;
        WHITESPACE.test(text);
        i = WHITESPACE.lastIndex;
      } else i++;
      continue;
    }
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (top !== undefined) {
        if (top.isArray) indexes[depth - 1]++;
        else if (expectKey) {
          keyStart = i;
          keyEnd = end + 1;
          expectKey = false;
        }
      }
      i = end + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth >= maxDepth) return { tooDeepAt: i };
      const isArray = c === OPEN_BRACKET;
      const container: JsonContainer = { start: i, end: n, isArray, children: [] };
      if (top === undefined) root ??= container;
      else if (top.isArray) addChild(top, ++indexes[depth - 1], container);
      else {
        const raw = text.slice(keyStart + 1, keyEnd - 1);
        addChild(top, raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(keyStart, keyEnd)) as string), container);
      }
      open[depth] = container;
      indexes[depth] = -1;
      depth++;
      top = container;
      expectKey = !isArray;
      i++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open[--depth].end = i + 1;
      top = depth > 0 ? open[depth - 1] : undefined;
      expectKey = false;
      i++;
    } else if (c === COMMA) {
      if (top !== undefined && !top.isArray) expectKey = true;
      i++;
    } else if (c === COLON) {
      i++;
    } else {
      // A number, true, false or null: it only matters as an array element.
      if (top !== undefined && top.isArray) indexes[depth - 1]++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === COMMA || d === CLOSE_BRACKET || d === CLOSE_BRACE || d <= 0x20) break;
        i++;
      }
    }
  }
  return { root };
}
