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
import { checkReference, decodeText } from './entities';
import { elementsByName } from './walk';
import { NONE, TagScanner, isNameChar, isNameStart, isSpace } from './tag-scanner';
import type { StorageDocument, SyntaxError, XmlAttribute, XmlCData, XmlComment, XmlElement, XmlNode } from './tree';

/** Past this many syntax errors the rest are summarised in one, to keep hostile input cheap. */
const MAX_ERRORS = 500;

/** HTML elements that have no end tag; Confluence wants them self-closed (`<br/>`). */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'col', 'input', 'meta', 'area', 'base', 'wbr', 'source', 'embed', 'param', 'track']);

const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?


/**
 * The mutable twin of XmlElement, used only while building; one class keeps one shape.
 *
 * Text is not stored at parse time: an element keeps only its markup children (elements,
 * comments, CDATA), and its text nodes are cut from the gaps between them the first time
 * someone reads `children`. Most text is never read by rules, and not allocating it at
 * parse time roughly halves the parser's cost (see BENCHMARKS.md).
 */
class BuildElement {
  /** Markup children in document order. */
  markup: (BuildElement | XmlComment | XmlCData)[] = NONE;
  /** Flat [start, end] pairs of markup that is neither text nor a node (stray end tags, DOCTYPE, PIs). */
  skipped: number[] = NONE;
  end: number;
  endTagStart: number;
  closed = true;
  private attrs: XmlAttribute[] | undefined;
  private all: XmlNode[] | undefined;
  private onlyElements: XmlElement[] | undefined;
  constructor(
    private readonly source: string,
    readonly name: string,
    /** Where the attributes begin (just past the name), or -1 when there are none. */
    private readonly attrsFrom: number,
    readonly parent: BuildElement | undefined,
    readonly start: number,
    readonly startTagEnd: number,
    readonly selfClosing: boolean,
  ) {
    this.end = startTagEnd;
    this.endTagStart = startTagEnd;
  }

  get kind(): 'element' {
    return 'element';
  }

  add(node: BuildElement | XmlComment | XmlCData): void {
    if (this.markup === NONE) this.markup = [node];
    else this.markup.push(node);
  }

  skip(start: number, end: number): void {
    if (this.skipped === NONE) this.skipped = [start, end];
    else this.skipped.push(start, end);
  }

  /** Attributes are materialised on first use: most elements' attributes are never read. */
  get attributes(): readonly XmlAttribute[] {
    this.attrs ??= this.attrsFrom < 0 ? NONE : new TagScanner(this.source).attributes(this.attrsFrom, this.name);
    return this.attrs;
  }

  /** One attribute's value; reads the tag without materialising the other attributes. */
  attribute(name: string): string | undefined {
    if (this.attrs !== undefined) {
      for (const a of this.attrs) if (a.name === name) return a.value;
      return undefined;
    }
    return this.attrsFrom < 0 ? undefined : new TagScanner(this.source).valueOf(this.attrsFrom, this.name, name);
  }

  get elements(): readonly XmlElement[] {
    if (this.onlyElements === undefined) {
      const markup = this.markup;
      const pure = markup.every((n) => n instanceof BuildElement);
      this.onlyElements = (pure ? markup : markup.filter((n) => n instanceof BuildElement)) as unknown as XmlElement[];
    }
    return this.onlyElements;
  }

  get children(): readonly XmlNode[] {
    if (this.all === undefined) {
      if (this.selfClosing) this.all = NONE;
      else {
        const all: XmlNode[] = [];
        let cursor = this.startTagEnd;
        for (const node of this.markup) {
          this.addText(all, cursor, node.start);
          all.push(node as unknown as XmlNode);
          cursor = node.end;
        }
        this.addText(all, cursor, this.endTagStart);
        this.all = all;
      }
    }
    return this.all;
  }

  /** Adds the text of [from, to), minus skipped markup, as text nodes. */
  private addText(out: XmlNode[], from: number, to: number): void {
    let cursor = from;
    for (let i = 0; i < this.skipped.length; i += 2) {
      const s = this.skipped[i];
      if (s < from || s >= to) continue;
      if (s > cursor) out.push(new LazyText(this.source, cursor, s, this as unknown as XmlElement));
      cursor = Math.max(cursor, this.skipped[i + 1]);
    }
    if (to > cursor) out.push(new LazyText(this.source, cursor, to, this as unknown as XmlElement));
  }
}

/** A text node whose decoded value is computed on first use. */
class LazyText {
  private decoded: string | undefined;
  constructor(
    private readonly source: string,
    readonly start: number,
    readonly end: number,
    readonly parent: XmlElement,
  ) {}
  get kind(): 'text' {
    return 'text';
  }
  get value(): string {
    if (this.decoded === undefined) this.decoded = decodeText(this.source.slice(this.start, this.end));
    return this.decoded;
  }
}

/**
 * Interns element names: a page uses a few dozen names hundreds of thousands of times, and
 * slicing a fresh string for each tag was a large share of the parser's garbage.
 */
const nameSlots: (string | undefined)[] = new Array(1024);

/** Shared by all parses (pages are small, so a per-page table would cost more than it saves). */
class NameTable {
  constructor(private readonly text: string) {}

  intern(start: number, end: number): string {
    const text = this.text;
    let h = end - start;
    for (let i = start; i < end; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    const slot = h & 1023;
    const known = nameSlots[slot];
    if (known !== undefined && known.length === end - start && text.startsWith(known, start)) return known;
    const name = text.slice(start, end);
    nameSlots[slot] = name;
    return name;
  }
}

class Parser {
  private readonly errors: SyntaxError[] = [];
  private readonly stack: BuildElement[] = [];
  private elementCount = 0;
  private suppressedErrors = 0;
  private nextAmp = -1;
  private readonly tags: TagScanner;
  private readonly names: NameTable;
  private readonly reportError = (start: number, end: number, message: string) => this.error(start, end, message);
  readonly root: BuildElement;

  constructor(private readonly text: string) {
    this.root = new BuildElement(text, '#document', -1, undefined, 0, 0, false);
    this.root.end = text.length;
    this.root.endTagStart = text.length;
    this.stack.push(this.root);
    this.tags = new TagScanner(text);
    this.names = new NameTable(text);
  }

  private error(start: number, end: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ start, end, message, severity });
    else this.suppressedErrors++;
  }

  private get current(): BuildElement {
    return this.stack[this.stack.length - 1];
  }

  run(): StorageDocument {
    const text = this.text;
    const len = text.length;
    this.checkCharacters();
    let pos = 0;
    while (pos < len) {
      const lt = text.indexOf('<', pos);
      const textEnd = lt < 0 ? len : lt;
      if (textEnd > pos) this.addText(pos, textEnd);
      if (lt < 0) break;
      pos = this.markup(lt);
    }
    for (let i = this.stack.length - 1; i > 0; i--) {
      const el = this.stack[i];
      this.error(el.start, el.start + 1 + el.name.length, `<${el.name}> is never closed`);
      el.end = len;
      el.endTagStart = len;
      el.closed = false;
    }
    if (this.suppressedErrors > 0) {
      this.errors.push({ start: len, end: len, message: `${this.suppressedErrors} more syntax errors not shown`, severity: 'error' });
    }
    const root = this.root as unknown as XmlElement;
    return {
      format: 'storage',
      text,
      root,
      errors: this.errors,
      elementCount: this.elementCount,
      elementsNamed: (name) => elementsByName(root).get(name) ?? NONE,
    };
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

  /** Text becomes nodes lazily (see BuildElement); here it is only checked. */
  private addText(start: number, end: number): void {
    this.checkReferences(start, end);
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
      this.current.skip(lt, end);
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
    const parent = this.current as unknown as XmlElement;
    this.current.add({ kind: 'comment', start: lt, end, value: this.text.slice(lt + 4, close < 0 ? end : close), parent });
    return end;
  }

  private cdata(lt: number): number {
    const valueStart = lt + 9;
    const close = this.text.indexOf(']]>', valueStart);
    const end = close < 0 ? this.text.length : close + 3;
    if (close < 0) this.error(lt, valueStart, 'CDATA section is never closed');
    const parent = this.current as unknown as XmlElement;
    this.current.add({
      kind: 'cdata',
      start: lt,
      end,
      value: this.text.slice(valueStart, close < 0 ? end : close),
      valueStart,
      parent,
    });
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
    this.current.skip(lt, end);
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
    const nameEnd = this.scanName(lt + 1);
    const name = this.names.intern(lt + 1, nameEnd);
    const tag = this.tags.scan(nameEnd, name, this.reportError);
    let tagEnd = tag.end;
    if (!tag.terminated) this.error(lt, nameEnd, `<${name}> tag is not closed with >`);
    let selfClosing = tag.selfClosing;
    if (!selfClosing && VOID_ELEMENTS.has(name)) {
      this.error(lt, tagEnd, `<${name}> must be self-closed as <${name}/> in storage format`);
      selfClosing = true;
    }
    for (let i = 0; i < tag.referenceCount; i += 2) this.checkReferences(tag.references[i], tag.references[i + 1]);
    const parent = this.current;
    const el = new BuildElement(text, name, tag.hasAttributes ? nameEnd : -1, parent, lt, tagEnd, selfClosing);
    this.elementCount++;
    parent.add(el);
    if (!selfClosing) this.stack.push(el);
    return tagEnd;
  }

  private endTag(lt: number): number {
    const text = this.text;
    const nameEnd = this.scanName(lt + 2);
    const p = this.skipSpace(nameEnd);
    const top = this.current;
    // The common case, a well-formed end tag for the innermost element, allocates nothing.
    if (
      text.charCodeAt(p) === GT &&
      this.stack.length > 1 &&
      nameEnd - lt - 2 === top.name.length &&
      text.startsWith(top.name, lt + 2)
    ) {
      top.endTagStart = lt;
      top.end = p + 1;
      this.stack.pop();
      return p + 1;
    }
    const name = text.slice(lt + 2, nameEnd);
    let end: number;
    if (text.charCodeAt(p) === GT) end = p + 1;
    else {
      this.error(lt, nameEnd, `</${name}> is not closed with >`);
      end = p;
    }
    if (name.length === 0) {
      this.error(lt, end, 'end tag has no name');
      this.current.skip(lt, Math.max(end, lt + 2));
      return Math.max(end, lt + 2);
    }
    let match = -1;
    for (let i = this.stack.length - 1; i > 0; i--) {
      if (this.stack[i].name === name) {
        match = i;
        break;
      }
    }
    if (match < 0) {
      if (!VOID_ELEMENTS.has(name)) this.error(lt, end, `</${name}> does not match any open element`);
      this.current.skip(lt, end);
      return end;
    }
    for (let i = this.stack.length - 1; i > match; i--) {
      const el = this.stack[i];
      this.error(el.start, el.start + 1 + el.name.length, `<${el.name}> is never closed (closed by </${name}>)`);
      el.end = lt;
      el.endTagStart = lt;
      el.closed = false;
    }
    const el = this.stack[match];
    el.endTagStart = lt;
    el.end = end;
    // pop() rather than assigning length: V8 makes the latter a slow path.
    while (this.stack.length > match) this.stack.pop();
    return end;
  }
}

/** Parses storage-format text. Never throws; problems are in `errors`. */
export function parseStorage(text: string): StorageDocument {
  return new Parser(text).run();
}
