/**
 * A tolerant, push-based XML tokenizer over byte chunks, made for Hibernate space exports.
 *
 * It works on bytes, not decoded text, for two reasons: all markup in entities.xml is ASCII so
 * `Buffer.indexOf` finds it at memory speed without decoding the (huge) bodies, and every event
 * carries its absolute byte offset, which the body pass and the splicing rewriter need. Character
 * data is handed out as byte slices; `TextCollector` decodes the slices it is asked to keep with a
 * streaming TextDecoder, so a multi-byte character split across chunks decodes correctly.
 *
 * Chunk boundaries may fall anywhere. Only short tails are carried over to the next chunk: an
 * unfinished tag/comment/DOCTYPE (capped by maxMarkupBytes) or up to two `]`/`-` bytes that may
 * start a `]]>`/`-->`. Character data is never carried, so memory stays flat whatever the body size.
 *
 * Tolerance: control characters and invalid UTF-8 pass through untouched; a stray `<` that cannot
 * start markup is character data; a DOCTYPE is skipped whole (its entities are never expanded).
 */

/**
 * The attributes of the tag being reported, parsed only if asked for (most tags of an export are
 * never asked: everything inside objects nobody reads). Valid only during the `open` call.
 */
export interface XmlAttrs {
  get(name: string): string | undefined;
  all(): Readonly<Record<string, string>>;
}

class LazyAttrs implements XmlAttrs {
  private buf: Buffer = Buffer.alloc(0);
  private from = 0;
  private to = 0;
  private parsed: Record<string, string> | null = null;

  reset(buf: Buffer, from: number, to: number): this {
    this.buf = buf;
    this.from = from;
    this.to = to;
    this.parsed = null;
    return this;
  }

  get(name: string): string | undefined {
    return this.all()[name];
  }

  all(): Readonly<Record<string, string>> {
    this.parsed ??= this.from < this.to ? parseAttrs(this.buf, this.from, this.to) : {};
    return this.parsed;
  }
}

export interface XmlHandler {
  /** `<name …>` or `<name …/>`; `start` is the offset of `<`, `end` the offset after `>`. */
  open(name: string, attrs: XmlAttrs, selfClosing: boolean, start: number, end: number): void;
  close(name: string, start: number, end: number): void;
  /**
   * Character data (text or CDATA content) in `buf[from, to)`, starting at absolute offset `start`.
   * One run may arrive in several calls. Passed as a range, not a slice, because most runs (the
   * whitespace between tags, bodies nobody asked for) are never looked at and a slice costs an object.
   */
  data(buf: Buffer, from: number, to: number, cdata: boolean, start: number): void;
  /** A DOCTYPE was skipped; `internalSubset` tells whether it declared anything. */
  doctype?(start: number, end: number, internalSubset: boolean): void;
}

export class MarkupTooLongError extends Error {
  constructor(readonly offset: number, readonly limit: number) {
    super(`markup at byte ${offset} is longer than ${limit} bytes without being closed`);
  }
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const QUOT = 0x22;
const APOS = 0x27;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const DASH = 0x2d;
const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');
const DOCTYPE_OPEN = Buffer.from('<!DOCTYPE');
const PI_CLOSE = Buffer.from('?>');

const enum Mode {
  Text,
  Cdata,
  Comment,
}

/** Where the input stopped, if it stopped inside something. */
export type OpenConstruct = 'cdata' | 'comment' | 'markup' | null;

export class XmlScanner {
  private mode = Mode.Text;
  private readonly attrs = new LazyAttrs();
  private carry: Buffer | null = null;
  /** Absolute offset of the first byte of the next chunk written. */
  private offset = 0;

  constructor(
    private readonly handler: XmlHandler,
    private readonly maxMarkupBytes = 1 << 20,
    startOffset = 0,
  ) {
    this.offset = startOffset;
  }

  /** Absolute offset just past the last byte written. */
  get position(): number {
    return this.offset;
  }

  write(chunk: Buffer): void {
    const base = this.offset;
    this.offset += chunk.length;
    let from = 0;
    // A construct cut by the previous chunk boundary is finished on a small copy (the carry plus
    // the next few bytes) instead of copying the whole new chunk behind it; the scan of that copy
    // stops at the first token boundary inside the new bytes and the chunk goes on from there.
    while (this.carry !== null && from < chunk.length) {
      const carry = this.carry;
      this.carry = null;
      const take = Math.min(chunk.length - from, Math.max(1024, carry.length));
      const head = Buffer.concat([carry, chunk.subarray(from, from + take)]);
      const reached = this.scan(head, base + from - carry.length, 0, carry.length);
      from += reached - carry.length;
    }
    if (from < chunk.length) this.scan(chunk, base, from, chunk.length);
  }

  /**
   * Scans buf from `pos`; returns where it stopped: the first token boundary at or past `stopAt`,
   * or buf.length when it consumed everything (then an unfinished tail is in `carry`).
   */
  private scan(buf: Buffer, base: number, pos: number, stopAt: number): number {
    const len = buf.length;
    const h = this.handler;
    while (pos < len) {
      if (pos >= stopAt) return pos;
      if (this.mode === Mode.Cdata) {
        const e = buf.indexOf(CDATA_CLOSE, pos);
        if (e < 0) {
          const keep = trailing(buf, pos, RBRACKET);
          if (len - keep > pos) h.data(buf, pos, len - keep, true, base + pos);
          if (keep > 0) this.carry = Buffer.from(buf.subarray(len - keep));
          return len;
        }
        if (e > pos) h.data(buf, pos, e, true, base + pos);
        pos = e + 3;
        this.mode = Mode.Text;
        continue;
      }
      if (this.mode === Mode.Comment) {
        const e = buf.indexOf(COMMENT_CLOSE, pos);
        if (e < 0) {
          const keep = trailing(buf, pos, DASH);
          if (keep > 0) this.carry = Buffer.from(buf.subarray(len - keep));
          return len;
        }
        pos = e + 3;
        this.mode = Mode.Text;
        continue;
      }
      const lt = buf.indexOf(LT, pos);
      if (lt < 0) {
        h.data(buf, pos, len, false, base + pos);
        return len;
      }
      if (lt > pos) h.data(buf, pos, lt, false, base + pos);
      const next = this.markup(buf, lt, base);
      if (next < 0) {
        if (len - lt > this.maxMarkupBytes) throw new MarkupTooLongError(base + lt, this.maxMarkupBytes);
        this.carry = Buffer.from(buf.subarray(lt));
        return len;
      }
      pos = next;
    }
    return len;
  }

  /** Call at end of input: what was left open, if anything. */
  end(): OpenConstruct {
    if (this.mode === Mode.Cdata) return 'cdata';
    if (this.mode === Mode.Comment) return 'comment';
    if (this.carry !== null && this.carry.length > 0) {
      // A carried `<` run at the very end is unfinished markup.
      return 'markup';
    }
    return null;
  }

  /** Handles markup starting at `lt`; returns the position after it, or -1 if it is incomplete. */
  private markup(buf: Buffer, lt: number, base: number): number {
    const len = buf.length;
    if (lt + 1 >= len) return -1;
    const c = buf[lt + 1];
    if (c === SLASH) {
      const gt = buf.indexOf(GT, lt + 2);
      if (gt < 0) return -1;
      const nameEnd = nameEndAt(buf, lt + 2, gt);
      this.handler.close(intern(buf, lt + 2, nameEnd), base + lt, base + gt + 1);
      return gt + 1;
    }
    if (c === BANG) {
      if (startsWith(buf, lt, CDATA_OPEN)) {
        this.mode = Mode.Cdata;
        return lt + CDATA_OPEN.length;
      }
      if (startsWith(buf, lt, COMMENT_OPEN)) {
        this.mode = Mode.Comment;
        return lt + COMMENT_OPEN.length;
      }
      if (startsWithIgnoreCase(buf, lt, DOCTYPE_OPEN)) return this.doctype(buf, lt, base);
      // Undecidable yet: the chunk ends inside a prefix of one of the openers.
      if (isPrefixAtEnd(buf, lt, CDATA_OPEN) || isPrefixAtEnd(buf, lt, COMMENT_OPEN) || isPrefixAtEnd(buf, lt, DOCTYPE_OPEN)) {
        return -1;
      }
      const gt = buf.indexOf(GT, lt + 2);
      return gt < 0 ? -1 : gt + 1;
    }
    if (c === QMARK) {
      const e = buf.indexOf(PI_CLOSE, lt + 2);
      return e < 0 ? -1 : e + 2;
    }
    if (!isNameStart(c)) {
      // A stray `<` in text: tolerate it as character data.
      this.handler.data(buf, lt, lt + 1, false, base + lt);
      return lt + 1;
    }
    return this.openTag(buf, lt, base);
  }

  private openTag(buf: Buffer, lt: number, base: number): number {
    const len = buf.length;
    let quote = 0;
    let gt = -1;
    for (let i = lt + 1; i < len; i++) {
      const b = buf[i];
      if (quote !== 0) {
        if (b === quote) quote = 0;
      } else if (b === QUOT || b === APOS) {
        quote = b;
      } else if (b === GT) {
        gt = i;
        break;
      }
    }
    if (gt < 0) return -1;
    const selfClosing = buf[gt - 1] === SLASH;
    const tagEnd = selfClosing ? gt - 1 : gt;
    const nameEnd = nameEndAt(buf, lt + 1, tagEnd);
    const name = intern(buf, lt + 1, nameEnd);
    this.handler.open(name, this.attrs.reset(buf, nameEnd, tagEnd), selfClosing, base + lt, base + gt + 1);
    return gt + 1;
  }

  private doctype(buf: Buffer, lt: number, base: number): number {
    const len = buf.length;
    let quote = 0;
    let depth = 0;
    let subset = false;
    for (let i = lt + DOCTYPE_OPEN.length; i < len; i++) {
      const b = buf[i];
      if (quote !== 0) {
        if (b === quote) quote = 0;
      } else if (b === QUOT || b === APOS) {
        quote = b;
      } else if (b === LBRACKET) {
        depth++;
        subset = true;
      } else if (b === RBRACKET) {
        if (depth > 0) depth--;
      } else if (b === GT && depth === 0) {
        this.handler.doctype?.(base + lt, base + i + 1, subset);
        return i + 1;
      }
    }
    return -1;
  }
}

function trailing(buf: Buffer, from: number, byte: number): number {
  let n = 0;
  for (let i = buf.length - 1; i >= from && n < 2 && buf[i] === byte; i--) n++;
  return n;
}

function startsWith(buf: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

function startsWithIgnoreCase(buf: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let i = 0; i < prefix.length; i++) if ((buf[at + i] | 0x20) !== (prefix[i] | 0x20)) return false;
  return true;
}

/** The buffer ends before `prefix` could be matched in full, and what is there matches so far. */
function isPrefixAtEnd(buf: Buffer, at: number, prefix: Buffer): boolean {
  const avail = buf.length - at;
  if (avail >= prefix.length) return false;
  for (let i = 0; i < avail; i++) if ((buf[at + i] | 0x20) !== (prefix[i] | 0x20)) return false;
  return true;
}

function isNameStart(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f || b === 0x3a || b >= 0x80;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

function nameEndAt(buf: Buffer, from: number, limit: number): number {
  let i = from;
  while (i < limit && !isSpace(buf[i]) && buf[i] !== SLASH && buf[i] !== GT) i++;
  return i;
}

/** `name="value"` pairs; values keep their bytes as UTF-8 and get the five XML escapes undone. */
function parseAttrs(buf: Buffer, from: number, to: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  let i = from;
  while (i < to) {
    while (i < to && isSpace(buf[i])) i++;
    const nameStart = i;
    while (i < to && buf[i] !== 0x3d && !isSpace(buf[i])) i++;
    const name = intern(buf, nameStart, i);
    while (i < to && isSpace(buf[i])) i++;
    if (i >= to || buf[i] !== 0x3d) {
      if (name) attrs[name] = '';
      continue;
    }
    i++;
    while (i < to && isSpace(buf[i])) i++;
    const q = buf[i];
    if (q !== QUOT && q !== APOS) {
      const vStart = i;
      while (i < to && !isSpace(buf[i])) i++;
      attrs[name] = attrValue(buf, vStart, i);
      continue;
    }
    const vStart = i + 1;
    const vEnd = buf.indexOf(q, vStart);
    const end = vEnd < 0 || vEnd > to ? to : vEnd;
    attrs[name] = attrValue(buf, vStart, end);
    i = end + 1;
  }
  return attrs;
}

function attrValue(buf: Buffer, from: number, to: number): string {
  const s = intern(buf, from, to);
  return s.indexOf('&') < 0 ? s : decodeEntities(s);
}

// Names and attribute values of entities.xml repeat endlessly ("property", "name", "com.atlassian…");
// turning bytes into a string through Buffer#toString costs about a microsecond per call, so short
// ASCII ones are hashed and looked up instead.
const INTERN_MAX = 64;
const internTable = new Map<number, string>();

function intern(buf: Buffer, from: number, to: number): string {
  const n = to - from;
  if (n > INTERN_MAX) return buf.toString('utf8', from, to);
  let h = n;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b >= 0x80) return buf.toString('utf8', from, to);
    h = (Math.imul(h, 31) + b) | 0;
  }
  const hit = internTable.get(h);
  if (hit !== undefined && hit.length === n) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (hit.charCodeAt(i) !== buf[from + i]) {
        same = false;
        break;
      }
    }
    if (same) return hit;
  }
  const s = buf.toString('latin1', from, to);
  // Bounded: a hostile file with endless distinct names must not grow the table forever.
  if (internTable.size < 4096) internTable.set(h, s);
  return s;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Undoes the five predefined XML escapes and numeric character references. Any other `&name;`
 * stays as written: entities declared in a DTD are never expanded (no entity bombs, no XXE).
 */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 0x23) return NAMED[ref];
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}
