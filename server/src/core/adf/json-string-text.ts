/**
 * The decoded value of a JSON string literal, each UTF-16 unit mapped to the characters it was
 * written as (`\"`, `\u00e9` and `\uD83D\uDE00` take several source characters), so JQL and URL
 * findings inside ADF land on the exact characters, and replacements come back JSON-escaped.
 */
import type { MappedText } from '../jql/mapped-text';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A replacement for part of a JSON string's content: escaped, without the quotes. */
export function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * The mapped text of the literal at `text[start, end)` (quotes included). Invalid escapes are
 * kept as written, one character each, so a broken literal still maps.
 */
export function jsonStringText(text: string, start: number, end: number): MappedText {
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (chars: string, from: number, to: number) => {
    for (let k = 0; k < chars.length; k++) {
      value += chars[k];
      starts.push(from);
      ends.push(to);
    }
  };
  const last = text[end - 1] === '"' && end - 1 > start ? end - 1 : end;
  let i = start + 1;
  while (i < last) {
    const c = text[i];
    if (c === '\\' && i + 1 < last) {
      const e = text[i + 1];
      if (Object.hasOwn(SIMPLE_ESCAPES, e)) {
        push(SIMPLE_ESCAPES[e], i, i + 2);
        i += 2;
        continue;
      }
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) && i + 6 <= last) {
        push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i, i + 6);
        i += 6;
        continue;
      }
    }
    push(c, i, i + 1);
    i++;
  }
  starts.push(last);
  return { value, starts, ends, encode: (replacement) => escapeJsonString(replacement) };
}
