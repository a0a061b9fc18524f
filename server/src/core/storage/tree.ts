/**
 * The storage-format syntax tree. Every node carries offsets into the source text.
 * Nodes are created once by the parser and never mutated afterwards (parents are set
 * while building and then left alone).
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
}
