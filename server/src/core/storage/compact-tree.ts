/**
 * The parsed storage tree as flat integer records, with element objects created on demand.
 *
 * A page's elements are numbered in document order (0 is the `#document` root) and stored as
 * eight int32 fields per element in one Int32Array. Pages are small (2.3 KB on average), so one
 * interleaved array costs one allocation per page where one typed array per field would cost
 * eight, and a rule reading an element's offsets touches one cache line. Keeping the tree as
 * numbers is what keeps the parser out of the garbage collector: an object per element, all
 * promoted to old space, cost about a quarter of lint time.
 *
 * Elements (`XmlElement`) are small views over (document, index), created on first request and
 * cached per index so the same element is always the same object. Comments, CDATA sections and
 * skipped markup (stray end tags, DOCTYPE, processing instructions) are rare, so they are kept
 * as a side list of records and become nodes only when someone reads their parent's children.
 */
import { decodeText } from './entities';
import { NONE, TagScanner } from './tag-scanner';
import type { StorageDocument, SyntaxError, XmlAttribute, XmlCData, XmlComment, XmlElement, XmlNode, XmlText } from './tree';

/** Int32 fields per element record. */
export const STRIDE = 8;
export const F_NAME = 0;
export const F_START = 1;
export const F_START_TAG_END = 2;
export const F_END_TAG_START = 3;
export const F_END = 4;
export const F_PARENT = 5;
/** The index just past the element's last descendant: skipping a subtree is one jump. */
export const F_SUBTREE_END = 6;
export const F_FLAGS = 7;

export const SELF_CLOSING = 1;
export const UNCLOSED = 2;
/** The start tag has attributes; they begin just past the name (`start + 1 + name.length`). */
export const HAS_ATTRIBUTES = 4;
/** Comments, CDATA or skipped markup among the children: the side list must be consulted. */
export const HAS_EXTRAS = 8;

/** Fields per side-list record: kind, start, end, end of the value, parent index. */
export const EXTRA_STRIDE = 5;
export const EXTRA_COMMENT = 0;
export const EXTRA_CDATA = 1;
export const EXTRA_SKIPPED = 2;

const FALLBACK = 'ac:adf-fallback';

/** A text node whose decoded value is computed on first use. */
class LazyText implements XmlText {
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

/** One element of a CompactDocument; its node lists are computed on first access. */
class ElementView implements XmlElement {
  private attrs: readonly XmlAttribute[] | undefined;
  private all: readonly XmlNode[] | undefined;
  private onlyElements: readonly XmlElement[] | undefined;

  constructor(
    readonly owner: CompactDocument,
    readonly index: number,
  ) {}

  get kind(): 'element' {
    return 'element';
  }
  get name(): string {
    return this.owner.nameOf(this.index);
  }
  get start(): number {
    return this.owner.data[this.index * STRIDE + F_START];
  }
  get startTagEnd(): number {
    return this.owner.data[this.index * STRIDE + F_START_TAG_END];
  }
  get endTagStart(): number {
    return this.owner.data[this.index * STRIDE + F_END_TAG_START];
  }
  get end(): number {
    return this.owner.data[this.index * STRIDE + F_END];
  }
  get selfClosing(): boolean {
    return (this.owner.data[this.index * STRIDE + F_FLAGS] & SELF_CLOSING) !== 0;
  }
  get closed(): boolean {
    return (this.owner.data[this.index * STRIDE + F_FLAGS] & UNCLOSED) === 0;
  }
  get parent(): XmlElement | undefined {
    return this.index === 0 ? undefined : this.owner.elementAt(this.owner.data[this.index * STRIDE + F_PARENT]);
  }

  /** Attributes are materialised on first use: most elements' attributes are never read. */
  get attributes(): readonly XmlAttribute[] {
    if (this.attrs === undefined) {
      const name = this.name;
      this.attrs = this.hasAttributes() ? this.owner.scanner().attributes(this.start + 1 + name.length, name) : NONE;
    }
    return this.attrs;
  }

  /** One attribute's value; reads the tag without materialising the other attributes. */
  attribute(name: string): string | undefined {
    if (this.attrs !== undefined) {
      for (const a of this.attrs) if (a.name === name) return a.value;
      return undefined;
    }
    if (!this.hasAttributes()) return undefined;
    const tagName = this.name;
    return this.owner.scanner().valueOf(this.start + 1 + tagName.length, tagName, name);
  }

  get elements(): readonly XmlElement[] {
    this.onlyElements ??= this.owner.elementsOf(this.index);
    return this.onlyElements;
  }

  get children(): readonly XmlNode[] {
    this.all ??= this.owner.childrenOf(this.index, this);
    return this.all;
  }

  private hasAttributes(): boolean {
    return (this.owner.data[this.index * STRIDE + F_FLAGS] & HAS_ATTRIBUTES) !== 0;
  }
}

/** A parsed page: element records, interned names, the side list, and the element views made so far. */
export class CompactDocument implements StorageDocument {
  readonly format = 'storage' as const;
  /** Views by index, created on first request (identity: one object per element). */
  private views: (ElementView | undefined)[] | undefined;
  private byName: Map<string, readonly XmlElement[]> | undefined;
  /** Side-list record offsets by parent index, built the first time children need them. */
  private extrasByParent: Map<number, number[]> | undefined;
  private tagScanner: TagScanner | undefined;

  constructor(
    readonly text: string,
    readonly errors: readonly SyntaxError[],
    /** STRIDE int32 fields per element, index 0 the root. */
    readonly data: Int32Array,
    readonly elementCount: number,
    /** Names by id; F_NAME holds the id. */
    private readonly names: readonly string[],
    private readonly nameIds: ReadonlyMap<string, number>,
    /** EXTRA_STRIDE numbers per comment, CDATA section or skipped range, in document order. */
    private readonly extras: readonly number[],
  ) {}

  get root(): XmlElement {
    return this.elementAt(0);
  }

  elementsNamed(name: string): readonly XmlElement[] {
    let found = this.byName?.get(name);
    if (found !== undefined) return found;
    const id = this.nameIds.get(name);
    const out: XmlElement[] = [];
    if (id !== undefined) {
      const data = this.data;
      const fallback = this.nameIds.get(FALLBACK) ?? -1;
      for (let i = 1; i <= this.elementCount; ) {
        const n = data[i * STRIDE + F_NAME];
        if (n === fallback) i = data[i * STRIDE + F_SUBTREE_END];
        else {
          if (n === id) out.push(this.elementAt(i));
          i++;
        }
      }
    }
    found = out.length === 0 ? NONE : out;
    (this.byName ??= new Map()).set(name, found);
    return found;
  }

  nameOf(index: number): string {
    return this.names[this.data[index * STRIDE + F_NAME]];
  }
  parentOf(index: number): number {
    return index === 0 ? -1 : this.data[index * STRIDE + F_PARENT];
  }
  subtreeEndOf(index: number): number {
    return this.data[index * STRIDE + F_SUBTREE_END];
  }
  startOf(index: number): number {
    return this.data[index * STRIDE + F_START];
  }
  endOf(index: number): number {
    return this.data[index * STRIDE + F_END];
  }

  elementAt(index: number): XmlElement {
    let views = this.views;
    if (views === undefined) {
      // Filled rather than `new Array(n)`: V8 keeps a large holey array in slow dictionary mode.
      views = [];
      for (let i = 0; i <= this.elementCount; i++) views.push(undefined);
      this.views = views;
    }
    let view = views[index];
    if (view === undefined) {
      if (!(index >= 0 && index <= this.elementCount)) throw new RangeError(`no element ${index} in a document of ${this.elementCount}`);
      view = new ElementView(this, index);
      views[index] = view;
    }
    return view;
  }

  indexOf(element: XmlElement): number {
    return element instanceof ElementView && element.owner === this ? element.index : -1;
  }

  /**
   * Visits the elements below `index` in document order from the records, creating views only
   * for the elements visited; `false` from `visit` skips that element's subtree.
   */
  walk(index: number, visit: (el: XmlElement) => boolean | void, includeFallback: boolean): void {
    const data = this.data;
    const fallback = includeFallback ? -1 : (this.nameIds.get(FALLBACK) ?? -1);
    const stop = data[index * STRIDE + F_SUBTREE_END];
    for (let i = index + 1; i < stop; ) {
      const o = i * STRIDE;
      if (data[o + F_NAME] === fallback || visit(this.elementAt(i)) === false) i = data[o + F_SUBTREE_END];
      else i++;
    }
  }

  /** @internal One scanner per document re-reads start tags for attributes. */
  scanner(): TagScanner {
    this.tagScanner ??= new TagScanner(this.text);
    return this.tagScanner;
  }

  /** @internal The child elements of `index`, as views. */
  elementsOf(index: number): readonly XmlElement[] {
    const data = this.data;
    const stop = data[index * STRIDE + F_SUBTREE_END];
    if (stop === index + 1) return NONE;
    const out: XmlElement[] = [];
    for (let j = index + 1; j < stop; j = data[j * STRIDE + F_SUBTREE_END]) out.push(this.elementAt(j));
    return out;
  }

  /**
   * @internal All child nodes of `index`: its child elements, comments and CDATA in document
   * order, with text nodes cut from the gaps between them (minus skipped markup).
   */
  childrenOf(index: number, parent: XmlElement): readonly XmlNode[] {
    const data = this.data;
    const o = index * STRIDE;
    if (data[o + F_FLAGS] & SELF_CLOSING) return NONE;
    const extras = this.extras;
    const records = data[o + F_FLAGS] & HAS_EXTRAS ? this.extrasOf(index) : NONE;
    const skipped: number[] = [];
    for (const r of records) if (extras[r] === EXTRA_SKIPPED) skipped.push(extras[r + 1], extras[r + 2]);
    const out: XmlNode[] = [];
    let cursor = data[o + F_START_TAG_END];
    let x = 0;
    const stop = data[o + F_SUBTREE_END];
    for (let j = index + 1; ; j = data[j * STRIDE + F_SUBTREE_END]) {
      const elementStart = j < stop ? data[j * STRIDE + F_START] : Infinity;
      for (; x < records.length && extras[records[x] + 1] < elementStart; x++) {
        const r = records[x];
        if (extras[r] === EXTRA_SKIPPED) continue;
        const node = this.markupNode(r, parent);
        this.addText(out, cursor, node.start, skipped, parent);
        out.push(node);
        cursor = node.end;
      }
      if (j >= stop) break;
      this.addText(out, cursor, elementStart, skipped, parent);
      out.push(this.elementAt(j));
      cursor = data[j * STRIDE + F_END];
    }
    this.addText(out, cursor, data[o + F_END_TAG_START], skipped, parent);
    return out;
  }

  private markupNode(r: number, parent: XmlElement): XmlComment | XmlCData {
    const e = this.extras;
    const start = e[r + 1];
    const end = e[r + 2];
    if (e[r] === EXTRA_COMMENT) return { kind: 'comment', start, end, value: this.text.slice(start + 4, e[r + 3]), parent };
    const valueStart = start + 9;
    return { kind: 'cdata', start, end, value: this.text.slice(valueStart, e[r + 3]), valueStart, parent };
  }

  /** Adds the text of [from, to), minus skipped markup, as text nodes. */
  private addText(out: XmlNode[], from: number, to: number, skipped: readonly number[], parent: XmlElement): void {
    let cursor = from;
    for (let i = 0; i < skipped.length; i += 2) {
      const s = skipped[i];
      if (s < from || s >= to) continue;
      if (s > cursor) out.push(new LazyText(this.text, cursor, s, parent));
      cursor = Math.max(cursor, skipped[i + 1]);
    }
    if (to > cursor) out.push(new LazyText(this.text, cursor, to, parent));
  }

  private extrasOf(index: number): readonly number[] {
    if (this.extrasByParent === undefined) {
      const map = new Map<number, number[]>();
      const e = this.extras;
      for (let r = 0; r < e.length; r += EXTRA_STRIDE) {
        const list = map.get(e[r + 4]);
        if (list) list.push(r);
        else map.set(e[r + 4], [r]);
      }
      this.extrasByParent = map;
    }
    return this.extrasByParent.get(index) ?? NONE;
  }
}

/** The walk over records when `root` belongs to a CompactDocument; false for any other element. */
export function walkCompact(root: XmlElement, visit: (el: XmlElement) => boolean | void, includeFallback: boolean): boolean {
  if (!(root instanceof ElementView)) return false;
  root.owner.walk(root.index, visit, includeFallback);
  return true;
}
