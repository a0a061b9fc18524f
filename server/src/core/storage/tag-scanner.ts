/**
 * Scans the inside of a start tag: attributes up to `>` or `/>`. The parser runs it once to
 * find the tag's end and report syntax errors without allocating attribute objects; an
 * element runs it again, collecting, the first time someone reads its attributes.
 */
import { decodeText } from './entities';
import type { XmlAttribute } from './tree';

/** Shared by every element without attributes or children, so they allocate no arrays. */
export const NONE: never[] = [];
Object.freeze(NONE);

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQ = 61;
const DQ = 34;
const SQ = 39;

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** ASCII name characters by code: one load instead of seven comparisons in the hottest loops. */
const ASCII_NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_NAME_CHARS[c] = Number(
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 58 || c === 46,
  );
}

/** XML name characters, loosely: letters, digits, `-_.:` and anything non-ASCII. */
export function isNameChar(c: number): boolean {
  return c > 127 || ASCII_NAME_CHARS[c] === 1;
}

export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

export type ErrorSink = (start: number, end: number, message: string) => void;

/** Called with each attribute's name and raw value ranges; returning true stops the scan. */
export type AttributeVisitor = (nameStart: number, nameEnd: number, valueStart: number, valueEnd: number) => boolean | void;

/** The result of one scan; the scanner reuses this object to stay allocation-free. */
export interface TagScan {
  end: number;
  selfClosing: boolean;
  /** False when the tag was cut off (end of text or a new `<`). */
  terminated: boolean;
  hasAttributes: boolean;
  /** Raw value ranges containing `&` as flat [start, end] pairs, for the parser to check references. */
  references: number[];
  referenceCount: number;
}

export class TagScanner {
  private readonly result: TagScan = {
    end: 0,
    selfClosing: false,
    terminated: false,
    hasAttributes: false,
    references: [],
    referenceCount: 0,
  };
  /** Name ranges of the current tag's attributes as flat pairs, for the duplicate check. */
  private readonly names: number[] = [];
  private nameCount = 0;

  /**
   * The next `<` and `&` at or after the position last asked for (the text's length when there
   * is none). The parser scans forward, so one `indexOf` serves every value up to the hit
   * instead of a loop over each value's characters; asking further back searches again.
   */
  private nextLt = -1;
  private ltFrom = 0;
  private nextAmp = -1;
  private ampFrom = 0;

  constructor(private readonly text: string) {}

  private nextLtFrom(from: number): number {
    if (this.nextLt < from || from < this.ltFrom) {
      this.ltFrom = from;
      const i = this.text.indexOf('<', from);
      this.nextLt = i < 0 ? this.text.length : i;
    }
    return this.nextLt;
  }

  private nextAmpFrom(from: number): number {
    if (this.nextAmp < from || from < this.ampFrom) {
      this.ampFrom = from;
      const i = this.text.indexOf('&', from);
      this.nextAmp = i < 0 ? this.text.length : i;
    }
    return this.nextAmp;
  }

  /**
   * Scans from just past the tag name. Reports errors to `report` when given, and pushes
   * decoded attributes to `out` when given.
   */
  scan(from: number, tagName: string, report: ErrorSink | undefined, visit?: AttributeVisitor): TagScan {
    const text = this.text;
    const len = text.length;
    const r = this.result;
    r.selfClosing = false;
    r.terminated = false;
    r.hasAttributes = false;
    r.referenceCount = 0;
    this.nameCount = 0;
    let pos = from;
    while (pos < len) {
      while (pos < len && isSpace(text.charCodeAt(pos))) pos++;
      const c = text.charCodeAt(pos);
      if (c === GT) {
        r.terminated = true;
        pos++;
        break;
      }
      if (c === SLASH && text.charCodeAt(pos + 1) === GT) {
        r.terminated = true;
        r.selfClosing = true;
        pos += 2;
        break;
      }
      if (c === LT || pos >= len) break;
      if (!isNameChar(c)) {
        report?.(pos, pos + 1, `unexpected character in <${tagName}> tag`);
        pos++;
        continue;
      }
      r.hasAttributes = true;
      pos = this.attribute(pos, tagName, report, visit);
      if (pos < 0) {
        // The visitor found what it looked for; the rest of the tag is not needed.
        r.end = -pos;
        return r;
      }
    }
    r.end = pos;
    return r;
  }

  private isDuplicate(start: number, end: number): boolean {
    const text = this.text;
    const n = this.names;
    for (let i = 0; i < this.nameCount; i += 2) {
      if (n[i + 1] - n[i] !== end - start) continue;
      let k = 0;
      while (k < end - start && text.charCodeAt(n[i] + k) === text.charCodeAt(start + k)) k++;
      if (k === end - start) return true;
    }
    n[this.nameCount++] = start;
    n[this.nameCount++] = end;
    return false;
  }

  /** Scans one attribute; returns where to resume, negated when the visitor asked to stop. */
  private attribute(pos: number, tagName: string, report: ErrorSink | undefined, visit: AttributeVisitor | undefined): number {
    const text = this.text;
    const len = text.length;
    const nameStart = pos;
    let nameEnd = pos;
    while (nameEnd < len && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    if (report && this.isDuplicate(nameStart, nameEnd)) {
      report(nameStart, nameEnd, `duplicate attribute ${text.slice(nameStart, nameEnd)} on <${tagName}>`);
    }
    let p = nameEnd;
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== EQ) {
      report?.(nameStart, nameEnd, `attribute ${text.slice(nameStart, nameEnd)} has no value`);
      return visit?.(nameStart, nameEnd, nameEnd, nameEnd) === true ? -nameEnd : nameEnd;
    }
    p++;
    while (p < len && isSpace(text.charCodeAt(p))) p++;
    const quote = text.charCodeAt(p);
    let valueStart: number;
    let valueEnd: number;
    let next: number;
    if (quote !== DQ && quote !== SQ) {
      // HTML-style unquoted value: accept up to whitespace or the end of the tag.
      let e = p;
      while (e < len) {
        const c = text.charCodeAt(e);
        if (isSpace(c) || c === GT || c === LT || (c === SLASH && text.charCodeAt(e + 1) === GT)) break;
        e++;
      }
      report?.(p, Math.max(e, p + 1), `value of ${text.slice(nameStart, nameEnd)} must be quoted`);
      valueStart = p;
      valueEnd = e;
      next = e;
    } else {
      valueStart = p + 1;
      valueEnd = text.indexOf(quote === DQ ? '"' : "'", valueStart);
      if (valueEnd < 0) {
        report?.(p, p + 1, `value of ${text.slice(nameStart, nameEnd)} is never closed`);
        valueEnd = len;
      }
      next = Math.min(valueEnd + 1, len);
      if (report) {
        // Every < before the first & is an error; an & hands the value to the reference check.
        const amp = this.nextAmpFrom(valueStart);
        const stop = Math.min(amp, valueEnd);
        for (let lt = this.nextLtFrom(valueStart); lt < stop; lt = this.nextLtFrom(lt + 1)) {
          report(lt, lt + 1, `< is not allowed in the value of ${text.slice(nameStart, nameEnd)}`);
        }
        if (amp < valueEnd) {
          const r = this.result;
          r.references[r.referenceCount++] = valueStart;
          r.references[r.referenceCount++] = valueEnd;
        }
      }
    }
    return visit?.(nameStart, nameEnd, valueStart, valueEnd) === true ? -next : next;
  }

  /** Every attribute of the tag whose name ends at `from`, decoded. */
  attributes(from: number, tagName: string): XmlAttribute[] {
    const text = this.text;
    const out: XmlAttribute[] = [];
    this.scan(from, tagName, undefined, (nameStart, nameEnd, valueStart, valueEnd) => {
      out.push({ name: text.slice(nameStart, nameEnd), value: decodeText(text.slice(valueStart, valueEnd)), nameStart, valueStart, valueEnd });
    });
    return out;
  }

  /** The decoded value of one attribute, found without building the others. */
  valueOf(from: number, tagName: string, name: string): string | undefined {
    const text = this.text;
    let value: string | undefined;
    this.scan(from, tagName, undefined, (nameStart, nameEnd, valueStart, valueEnd) => {
      if (nameEnd - nameStart !== name.length || !text.startsWith(name, nameStart)) return false;
      value = decodeText(text.slice(valueStart, valueEnd));
      return true;
    });
    return value;
  }
}
