/**
 * Decoded text that remembers where each character came from. A macro parameter's value is
 * decoded before anyone can parse it (`&quot;` → `"`, CDATA unwrapped, `%3D` → `=` inside a URL),
 * but findings and fixes must land on the exact characters of the page: every decoded
 * UTF-16 unit carries the source range it was decoded from.
 */
import { checkReference, decodeText } from '../storage/entities';
import type { XmlElement, XmlNode } from '../storage/tree';
import { escapeText } from '../shortlink/page-link';

export interface MappedText {
  readonly value: string;
  /** Source offset where `value[i]` starts; one more entry for the end of the value. */
  readonly starts: readonly number[];
  /** Source offset just past `value[i]`. */
  readonly ends: readonly number[];
  /**
   * Source text for a replacement of `value[start, end)`: escaped for the place it goes
   * (XML text, CDATA, or a URL query inside either).
   */
  encode(replacement: string, start: number, end: number): string;
}

/** The source range of `value[start, end)`; an empty range maps to a point. */
export function sourceRange(text: MappedText, start: number, end: number): { start: number; end: number } {
  const s = text.starts[Math.min(start, text.value.length)];
  if (end <= start) return { start: s, end: s };
  return { start: s, end: text.ends[Math.min(end, text.value.length) - 1] };
}

class Builder {
  value = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  push(chars: string, start: number, end: number): void {
    for (let i = 0; i < chars.length; i++) {
      this.value += chars[i];
      this.starts.push(start);
      this.ends.push(end);
    }
  }
}

/**
 * The decoded text of an element (a macro parameter): text nodes with their references
 * resolved, CDATA as written, markup skipped. Whitespace is kept: it is part of the value.
 */
export function elementText(source: string, el: XmlElement): MappedText {
  const b = new Builder();
  const cdata: [number, number][] = [];
  const stack: XmlNode[] = [...el.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'element') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    else if (node.kind === 'cdata') {
      cdata.push([node.valueStart, node.valueStart + node.value.length]);
      for (let i = 0; i < node.value.length; i++) b.push(node.value[i], node.valueStart + i, node.valueStart + i + 1);
    } else if (node.kind === 'text') decodeInto(b, source, node.start, node.end);
  }
  b.starts.push(b.ends.length > 0 ? b.ends[b.ends.length - 1] : el.startTagEnd);
  const inCData = (offset: number) => cdata.some(([s, e]) => offset >= s && offset <= e);
  return {
    value: b.value,
    starts: b.starts,
    ends: b.ends,
    encode: (replacement, start) =>
      inCData(b.starts[Math.min(start, b.value.length)]) ? replacement.replace(/]]>/g, ']]]]><![CDATA[>') : escapeText(replacement),
  };
}

function decodeInto(b: Builder, source: string, from: number, to: number): void {
  let i = from;
  while (i < to) {
    if (source.charCodeAt(i) === 38 /* & */) {
      const ref = checkReference(source, i, to);
      if (ref.ok) {
        b.push(decodeText(source.slice(i, ref.end)), i, ref.end);
        i = ref.end;
        continue;
      }
    }
    b.push(source[i], i, i + 1);
    i++;
  }
}

/**
 * The value of query parameter `name` in a URL held by `url`, form-decoded (`+` is a space,
 * `%XX` escapes are UTF-8), each character still mapped to the source; undefined when the URL
 * has no such parameter. Replacements are percent-encoded before the outer escaping.
 */
export function urlQueryParameter(url: MappedText, name: string): MappedText | undefined {
  const v = url.value;
  const q = v.indexOf('?');
  if (q < 0) return undefined;
  const hash = v.indexOf('#', q);
  const queryEnd = hash < 0 ? v.length : hash;
  let from = -1;
  let to = -1;
  for (let p = q + 1; p < queryEnd; ) {
    let amp = v.indexOf('&', p);
    if (amp < 0 || amp > queryEnd) amp = queryEnd;
    const eq = v.indexOf('=', p);
    if (eq >= 0 && eq < amp && v.slice(p, eq) === name) {
      from = eq + 1;
      to = amp;
      break;
    }
    p = amp + 1;
  }
  if (from < 0) return undefined;
  const b = new Builder();
  const urlIndex: number[] = [];
  const push = (chars: string, s: number, e: number) => {
    b.push(chars, url.starts[s], url.ends[e - 1]);
    for (let k = 0; k < chars.length; k++) urlIndex.push(s);
  };
  let i = from;
  while (i < to) {
    const c = v[i];
    if (c === '%') {
      const decoded = percentDecode(v, i, to);
      if (decoded) {
        push(decoded.text, i, decoded.end);
        i = decoded.end;
        continue;
      }
    }
    push(c === '+' ? ' ' : c, i, i + 1);
    i++;
  }
  b.starts.push(to > from ? url.ends[to - 1] : url.starts[from]);
  urlIndex.push(to);
  return {
    value: b.value,
    starts: b.starts,
    ends: b.ends,
    encode: (replacement, start, end) => url.encode(encodeURIComponent(replacement), urlIndex[start], urlIndex[end]),
  };
}

/** One UTF-8 character written as `%XX` escapes at `i`, or undefined when they do not form one. */
function percentDecode(v: string, i: number, to: number): { text: string; end: number } | undefined {
  const byteAt = (p: number) => (p + 3 <= to && /^%[0-9A-Fa-f]{2}$/.test(v.slice(p, p + 3)) ? parseInt(v.slice(p + 1, p + 3), 16) : -1);
  const lead = byteAt(i);
  if (lead < 0) return undefined;
  const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length === 0) return undefined;
  for (let k = 1; k < length; k++) if (byteAt(i + 3 * k) < 0) return undefined;
  const end = i + 3 * length;
  try {
    return { text: decodeURIComponent(v.slice(i, end)), end };
  } catch {
    return undefined;
  }
}
