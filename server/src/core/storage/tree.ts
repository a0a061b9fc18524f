/**
 * The storage-format syntax tree. Every node carries offsets into the source text.
 * The tree never changes after parsing. Nodes are created on first access (see
 * compact-tree.ts) and then kept, so the same node is always the same object.
 */

export interface XmlAttribute {
  /** Qualified name as written, e.g. `ac:name` or `href`. */
  readonly name: string;
  /** Decoded value (entities resolved). */
  readonly value: string;
  readonly nameStart: number;
  /** Offsets of the raw value between the quotes (equal to each other for an empty value). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface XmlElement {
  readonly kind: 'element';
  /** Qualified name as written (`ac:structured-macro`); `#document` for the synthetic root. */
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  /** The decoded value of one attribute (cheaper than `attributes` for a single lookup). */
  attribute(name: string): string | undefined;
  /** All child nodes, text included (text nodes are created on first access). */
  readonly children: readonly XmlNode[];
  /** Child elements only: cheaper than `children`, so walks use it. */
  readonly elements: readonly XmlElement[];
  readonly parent: XmlElement | undefined;
  /** Start of `<`. */
  readonly start: number;
  /** Just past the end tag's `>` (or past `/>`, or where recovery closed the element). */
  readonly end: number;
  /** Just past the start tag's `>`. Equals `end` for self-closing elements. */
  readonly startTagEnd: number;
  /** Start of `</name>`, or `end` when the element is self-closing or was never closed. */
  readonly endTagStart: number;
  readonly selfClosing: boolean;
  /** False when the element was closed by recovery (missing end tag). */
  readonly closed: boolean;
}

export interface XmlText {
  readonly kind: 'text';
  readonly start: number;
  readonly end: number;
  /** Decoded text (entities resolved). */
  readonly value: string;
  readonly parent: XmlElement;
}

export interface XmlCData {
  readonly kind: 'cdata';
  /** Start of `<![CDATA[`. */
  readonly start: number;
  /** Just past `]]>`. */
  readonly end: number;
  /** The raw content between the markers. */
  readonly value: string;
  readonly valueStart: number;
  readonly parent: XmlElement;
}

export interface XmlComment {
  readonly kind: 'comment';
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly parent: XmlElement;
}

export type XmlNode = XmlElement | XmlText | XmlCData | XmlComment;

/** A syntax problem found while parsing; becomes an `xml-syntax` diagnostic. */
export interface SyntaxError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface StorageDocument {
  readonly format: 'storage';
  readonly text: string;
  /** Synthetic root named `#document` spanning the whole text. */
  readonly root: XmlElement;
  readonly errors: readonly SyntaxError[];
  /** Number of elements, for budgets and benchmarks. */
  readonly elementCount: number;
  /**
   * Every element with this qualified name, in document order, leaving out `ac:adf-fallback`
   * and everything inside it (as `walkElements` does). Built once per document for all names,
   * so rules interested in a few names never walk the whole tree.
   */
  elementsNamed(name: string): readonly XmlElement[];

  // Index-level access, for hot paths that need names, offsets or ancestry without creating
  // element objects. Elements are numbered in document order: 0 is the root, 1..elementCount
  // the elements. The descendants of `i` are exactly `i + 1 .. subtreeEndOf(i) - 1`, so its
  // children are `for (let j = i + 1; j < subtreeEndOf(i); j = subtreeEndOf(j))` and skipping a
  // subtree is one jump. Unlike `elementsNamed`, nothing here leaves out `ac:adf-fallback`.

  /** The qualified name of element `index` (`#document` for 0). */
  nameOf(index: number): string;
  /** The index of the parent of element `index`; -1 for the root. */
  parentOf(index: number): number;
  /** The index just past the last descendant of element `index`. */
  subtreeEndOf(index: number): number;
  /** `start` of element `index`. */
  startOf(index: number): number;
  /** `end` of element `index`. */
  endOf(index: number): number;
  /** The element at `index`: always the same object for the same index (a RangeError outside 0..elementCount). */
  elementAt(index: number): XmlElement;
  /** The index of an element of this document; -1 for an element of another document. */
  indexOf(element: XmlElement): number;
}
