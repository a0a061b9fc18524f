/**
 * A tolerant, single-pass parser for Confluence storage format.
 *
 * Storage is XML-ish but not XML: no root element, undeclared `ac:`/`ri:` prefixes, HTML
 * entities, and (while someone types) broken markup. A strict XML parser would reject the
 * page at the first slip, so this parser recovers like an HTML parser and records each
 * slip as a syntax error with exact offsets. It never throws and never recurses, so
 * 10,000 levels of nesting cost nothing special.
 *
 * It scans with `indexOf` and `charCodeAt` and decodes text lazily: this is the hot path
 * of every lint, and BENCHMARKS.md measures it against `xmllint --stream` and
 * fast-xml-parser.
 */
import { checkReference } from './entities';
import {
  CompactDocument,
  EXTRA_CDATA,
  EXTRA_COMMENT,
  EXTRA_SKIPPED,
  F_END,
  F_END_TAG_START,
  F_FLAGS,
  F_NAME,
  F_PARENT,
  F_START,
  F_START_TAG_END,
  F_SUBTREE_END,
  HAS_ATTRIBUTES,
  HAS_EXTRAS,
  SELF_CLOSING,
  STRIDE,
  UNCLOSED,
} from './compact-tree';
import { NONE, TagScanner, isNameChar, isNameStart, isSpace } from './tag-scanner';
import type { StorageDocument, SyntaxError } from './tree';

/** Past this many syntax errors the rest are summarised in one, to keep hostile input cheap. */
const MAX_ERRORS = 500;

/** HTML elements that have no end tag; Confluence wants them self-closed (`<br/>`). */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'col', 'input', 'meta', 'area', 'base', 'wbr', 'source', 'embed', 'param', 'track']);

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?

/**
 * Element records are built in one scratch array shared by all parses, then copied out. A
 * scratch grown past this many int32s by a huge page is dropped afterwards rather than kept
 * for the process's life.
 */
const SCRATCH_KEEP = 1 << 18;
let scratch: Int32Array = new Int32Array(64 * STRIDE);

/**
 * Small trees are copied into a shared chunk and handed out as views of it: a typed array of
 * its own costs an ArrayBuffer with an off-heap backing store, which took 4 µs per page (7 % of
 * the parse in a profile at 2.3 KB a page), while a view costs one small heap object. A page whose
 * records exceed a quarter of a chunk gets an array of its exact size. The price: a chunk
 * stays alive while any tree in it is, so a kept page holds at most CHUNK int32s (64 KB).
 */
const CHUNK = 1 << 14;
let chunk = new Int32Array(CHUNK);
let chunkUsed = 0;

/** The first `length` int32s of `from`, as the document's records. */
function records(from: Int32Array, length: number): Int32Array {
  if (length > CHUNK >> 2) return from.slice(0, length);
  if (chunkUsed + length > CHUNK) {
    chunk = new Int32Array(CHUNK);
    chunkUsed = 0;
  }
  const out = chunk.subarray(chunkUsed, chunkUsed + length);
  out.set(from.subarray(0, length));
  chunkUsed += length;
  return out;
}

/**
 * Interned element names, shared by all parses: a page uses a few dozen names hundreds of
 * thousands of times, and slicing a fresh string per tag was a large share of the parser's
 * garbage. A slot also remembers the name's id in the parse that last saw it (`slotParse`),
 * so a repeated name costs a hash and a compare, and no map lookup.
 */
const SLOTS = 4096;
const slotNames: (string | undefined)[] = new Array(SLOTS).fill(undefined);
const slotParse = new Int32Array(SLOTS);
const slotId = new Int32Array(SLOTS);
let parseNumber = 0;

/**
 * Whether `name` is written at `pos`. A loop rather than `startsWith`: for names this short
 * the builtin's call and argument checks cost more than the comparison (the two calls were
 * 15 % of the parse). Past the end, `charCodeAt` is NaN and the comparison fails.
 */
function isAt(text: string, pos: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (text.charCodeAt(pos + i) !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * A name as a string of its own. `slice` of 13 or more characters makes a view into the page,
 * which would keep that page alive in the shared slots and be read through an indirection.
 * A name too long to pass as arguments (hostile input) stays a slice.
 */
function flatCopy(text: string, start: number, end: number): string {
  if (end - start > 256) return text.slice(start, end);
  const codes: number[] = [];
  for (let i = start; i < end; i++) codes.push(text.charCodeAt(i));
  return String.fromCharCode(...codes);
}

class Parser {
  private readonly errors: SyntaxError[] = [];
  /** Open elements' indexes; `current` is the top. */
  private readonly stack: number[] = [0];
  private current = 0;
  /** Records so far, the root included. */
  private count = 1;
  private data: Int32Array;
  private readonly names: string[] = ['#document'];
  private readonly nameIds = new Map<string, number>();
  private readonly voidNames: boolean[] = [false];
  private extras: number[] = NONE;
  private readonly parse: number;
  private suppressedErrors = 0;
  private nextAmp = -1;
  private readonly tags: TagScanner;
  private readonly reportError = (start: number, end: number, message: string) => this.error(start, end, message);

  constructor(private readonly text: string) {
    this.tags = new TagScanner(text);
    this.nameIds.set('#document', 0);
    this.data = scratch;
    this.record(0, 0, 0, 0, -1, 0);
    this.parse = parseNumber = parseNumber >= 0x3fffffff ? 1 : parseNumber + 1;
    if (this.parse === 1) slotParse.fill(0);
  }

  private error(start: number, end: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ start, end, message, severity });
    else this.suppressedErrors++;
  }

  private nameOf(index: number): string {
    return this.names[this.data[index * STRIDE + F_NAME]];
  }

  /** Writes element record `index`; its end is its start tag's end until an end tag says otherwise. */
  private record(index: number, nameId: number, start: number, startTagEnd: number, parent: number, flags: number): void {
    let data = this.data;
    const o = index * STRIDE;
    if (o + STRIDE > data.length) {
      data = new Int32Array(data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    data[o + F_NAME] = nameId;
    data[o + F_START] = start;
    data[o + F_START_TAG_END] = startTagEnd;
    data[o + F_END_TAG_START] = startTagEnd;
    data[o + F_END] = startTagEnd;
    data[o + F_PARENT] = parent;
    data[o + F_SUBTREE_END] = flags & SELF_CLOSING ? index + 1 : 0;
    data[o + F_FLAGS] = flags;
  }

  /** Ends element `index` at `end` (its end tag starting at `endTagStart`); its subtree is complete. */
  private close(index: number, endTagStart: number, end: number, closed: boolean): void {
    const o = index * STRIDE;
    const data = this.data;
    data[o + F_END_TAG_START] = endTagStart;
    data[o + F_END] = end;
    data[o + F_SUBTREE_END] = this.count;
    if (!closed) data[o + F_FLAGS] |= UNCLOSED;
  }

  /** Records a comment, CDATA section or skipped range as a child of the current element. */
  private extra(kind: number, start: number, end: number, valueEnd: number): void {
    if (this.extras === NONE) this.extras = [];
    this.extras.push(kind, start, end, valueEnd, this.current);
    this.data[this.current * STRIDE + F_FLAGS] |= HAS_EXTRAS;
  }

  /** The id of the name in [start, end), whose hash the caller computed while scanning it. */
  private intern(start: number, end: number, hash: number): number {
    const text = this.text;
    const slot = hash & (SLOTS - 1);
    let name = slotNames[slot];
    if (name !== undefined && name.length === end - start && isAt(text, start, name)) {
      if (slotParse[slot] === this.parse) return slotId[slot];
    } else {
      name = flatCopy(text, start, end);
      slotNames[slot] = name;
    }
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
      this.voidNames.push(VOID_ELEMENTS.has(name));
    }
    slotParse[slot] = this.parse;
    slotId[slot] = id;
    return id;
  }

  run(): StorageDocument {
    const text = this.text;
    const len = text.length;
    this.checkCharacters();
    let pos = 0;
    while (pos < len) {
      // Markup often follows markup directly (`</p><p>`): no search needed then.
      const lt = text.charCodeAt(pos) === LT ? pos : text.indexOf('<', pos);
      const textEnd = lt < 0 ? len : lt;
      if (textEnd > pos) this.checkReferences(pos, textEnd);
      if (lt < 0) break;
      pos = this.markup(lt);
    }
    for (let i = this.stack.length - 1; i > 0; i--) {
      const el = this.stack[i];
      const name = this.nameOf(el);
      const start = this.data[el * STRIDE + F_START];
      this.error(start, start + 1 + name.length, `<${name}> is never closed`);
      this.close(el, len, len, false);
    }
    this.close(0, len, len, true);
    if (this.suppressedErrors > 0) {
      this.errors.push({ start: len, end: len, message: `${this.suppressedErrors} more syntax errors not shown`, severity: 'error' });
    }
    const data = records(this.data, this.count * STRIDE);
    scratch = this.data.length > SCRATCH_KEEP ? new Int32Array(64 * STRIDE) : this.data;
    return new CompactDocument(text, this.errors, data, this.count - 1, this.names, this.nameIds, this.extras);
  }

  /** Flags characters XML 1.0 forbids, and replacement characters left by a bad decode. */
  private checkCharacters(): void {
    const bad = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
    let match: RegExpExecArray | null;
    let count = 0;
    while ((match = bad.exec(this.text)) !== null && count++ < 20) {
      const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      this.error(match.index, match.index + 1, `control character U+${code} is not allowed in XML`);
    }
    const replacement = this.text.indexOf('\uFFFD');
    if (replacement >= 0) {
      this.error(replacement, replacement + 1, 'replacement character U+FFFD: the file was probably not valid UTF-8', 'warning');
    }
  }

  /**
   * Checks the character references in [start, end). The next `&` in the whole text is
   * cached, so pages without references are not searched again for every text run.
   */
  private checkReferences(start: number, end: number): void {
    const text = this.text;
    if (this.nextAmp < start) this.nextAmp = text.indexOf('&', start);
    if (this.nextAmp < 0) this.nextAmp = text.length;
    if (this.nextAmp >= end) return;
    let amp = this.nextAmp;
    while (amp >= 0 && amp < end) {
      const check = checkReference(text, amp, end);
      if (!check.ok) {
        if (check.reason === 'unterminated') this.error(amp, amp + 1, 'a bare & must be written as &amp;');
        else if (check.reason === 'unknown') this.error(amp, check.end, `unknown entity ${text.slice(amp, check.end)}`);
        else this.error(amp, check.end, `${text.slice(amp, check.end)} is not a valid character`);
      }
      amp = text.indexOf('&', check.end);
    }
    this.nextAmp = amp < 0 ? text.length : amp;
  }

  /** Handles the markup starting with `<` at `lt`; returns where scanning resumes. */
  private markup(lt: number): number {
    const text = this.text;
    const c = text.charCodeAt(lt + 1);
    if (c === BANG) {
      if (text.startsWith('<!--', lt)) return this.comment(lt);
      if (text.startsWith('<![CDATA[', lt)) return this.cdata(lt);
      if (text.startsWith('<!DOCTYPE', lt) || text.startsWith('<!doctype', lt)) return this.doctype(lt);
    } else if (c === QUESTION) {
      const close = text.indexOf('?>', lt + 2);
      const end = close < 0 ? text.length : close + 2;
      if (close < 0) this.error(lt, lt + 2, 'processing instruction is never closed');
      this.extra(EXTRA_SKIPPED, lt, end, end);
      return end;
    } else if (c === SLASH) {
      return this.endTag(lt);
    } else if (isNameStart(c)) {
      return this.startTag(lt);
    }
    this.error(lt, lt + 1, 'a < that does not start a tag must be written as &lt;');
    return lt + 1;
  }

  private comment(lt: number): number {
    const close = this.text.indexOf('-->', lt + 4);
    const end = close < 0 ? this.text.length : close + 3;
    if (close < 0) this.error(lt, lt + 4, 'comment is never closed');
    this.extra(EXTRA_COMMENT, lt, end, close < 0 ? end : close);
    return end;
  }

  private cdata(lt: number): number {
    const valueStart = lt + 9;
    const close = this.text.indexOf(']]>', valueStart);
    const end = close < 0 ? this.text.length : close + 3;
    if (close < 0) this.error(lt, valueStart, 'CDATA section is never closed');
    this.extra(EXTRA_CDATA, lt, end, close < 0 ? end : close);
    return end;
  }

  /**
   * Skips a DOCTYPE, internal subset included. Its entity declarations are reported and
   * never expanded: that is the whole defence against billion-laughs bombs.
   */
  private doctype(lt: number): number {
    const text = this.text;
    let i = lt + 9;
    let depth = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 91 /* [ */) depth++;
      else if (c === 93 /* ] */) depth--;
      else if (c === GT && depth <= 0) break;
      i++;
    }
    const end = Math.min(i + 1, text.length);
    const subset = text.slice(lt, end);
    if (/<!ENTITY/i.test(subset)) {
      this.error(lt, end, 'entity declarations are not allowed in storage format and are never expanded');
    } else {
      this.error(lt, end, 'a DOCTYPE is not allowed in storage format', 'warning');
    }
    this.extra(EXTRA_SKIPPED, lt, end, end);
    return end;
  }

  private scanName(pos: number): number {
    const text = this.text;
    while (pos < text.length && isNameChar(text.charCodeAt(pos))) pos++;
    return pos;
  }

  private skipSpace(pos: number): number {
    const text = this.text;
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    return pos;
  }

  private startTag(lt: number): number {
    const text = this.text;
    const len = text.length;
    // The name is hashed while it is scanned, for interning.
    let nameEnd = lt + 1;
    let hash = 0;
    for (; nameEnd < len; nameEnd++) {
      const c = text.charCodeAt(nameEnd);
      if (!isNameChar(c)) break;
      hash = (hash * 31 + c) | 0;
    }
    const id = this.intern(lt + 1, nameEnd, hash);
    const name = this.names[id];
    const tag = this.tags.scan(nameEnd, name, this.reportError);
    const tagEnd = tag.end;
    if (!tag.terminated) this.error(lt, nameEnd, `<${name}> tag is not closed with >`);
    let selfClosing = tag.selfClosing;
    if (!selfClosing && this.voidNames[id]) {
      this.error(lt, tagEnd, `<${name}> must be self-closed as <${name}/> in storage format`);
      selfClosing = true;
    }
    for (let i = 0; i < tag.referenceCount; i += 2) this.checkReferences(tag.references[i], tag.references[i + 1]);
    const index = this.count++;
    this.record(index, id, lt, tagEnd, this.current, (selfClosing ? SELF_CLOSING : 0) | (tag.hasAttributes ? HAS_ATTRIBUTES : 0));
    if (!selfClosing) {
      this.stack.push(index);
      this.current = index;
    }
    return tagEnd;
  }

  private endTag(lt: number): number {
    const text = this.text;
    const top = this.current;
    // The common case, a well-formed end tag for the innermost element, allocates nothing and
    // compares the open element's name instead of scanning the end tag's.
    if (top !== 0) {
      const topName = this.nameOf(top);
      const after = lt + 2 + topName.length;
      if (isAt(text, lt + 2, topName) && !isNameChar(text.charCodeAt(after))) {
        const gt = this.skipSpace(after);
        if (text.charCodeAt(gt) === GT) {
          this.close(top, lt, gt + 1, true);
          this.pop();
          return gt + 1;
        }
      }
    }
    const nameEnd = this.scanName(lt + 2);
    const p = this.skipSpace(nameEnd);
    const name = text.slice(lt + 2, nameEnd);
    let end: number;
    if (text.charCodeAt(p) === GT) end = p + 1;
    else {
      this.error(lt, nameEnd, `</${name}> is not closed with >`);
      end = p;
    }
    if (name.length === 0) {
      this.error(lt, end, 'end tag has no name');
      this.extra(EXTRA_SKIPPED, lt, Math.max(end, lt + 2), Math.max(end, lt + 2));
      return Math.max(end, lt + 2);
    }
    const stack = this.stack;
    let match = -1;
    for (let i = stack.length - 1; i > 0; i--) {
      if (this.nameOf(stack[i]) === name) {
        match = i;
        break;
      }
    }
    if (match < 0) {
      if (!VOID_ELEMENTS.has(name)) this.error(lt, end, `</${name}> does not match any open element`);
      this.extra(EXTRA_SKIPPED, lt, end, end);
      return end;
    }
    for (let i = stack.length - 1; i > match; i--) {
      const el = stack[i];
      const elName = this.nameOf(el);
      const start = this.data[el * STRIDE + F_START];
      this.error(start, start + 1 + elName.length, `<${elName}> is never closed (closed by </${name}>)`);
      this.close(el, lt, lt, false);
    }
    this.close(stack[match], lt, end, true);
    while (stack.length > match) this.pop();
    return end;
  }

  /** pop() rather than assigning length: V8 makes the latter a slow path. */
  private pop(): void {
    const stack = this.stack;
    stack.pop();
    this.current = stack[stack.length - 1];
  }
}

/** Parses storage-format text. Never throws; problems are in `errors`. */
export function parseStorage(text: string): StorageDocument {
  return new Parser(text).run();
}
