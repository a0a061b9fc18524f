/**
 * Public vocabulary of the space-export reader: what it yields, what it reports, and the limits
 * that keep hostile input bounded.
 */

/** Stable identifiers of the things the reader reports; tests and callers match on these. */
export type ExportProblemCode =
  | 'zip-slip'
  | 'zip-bomb-ratio'
  | 'zip-bomb-size'
  | 'zip-corrupt'
  | 'zip-duplicate-entities'
  | 'entry-size-mismatch'
  | 'truncated-xml'
  | 'markup-too-long'
  | 'doctype-ignored'
  | 'not-an-export'
  | 'control-characters'
  | 'wiki-markup-body'
  | 'duplicate-page-id'
  | 'duplicate-body'
  | 'missing-body'
  | 'body-too-large'
  | 'missing-space'
  | 'missing-id'
  | 'value-truncated'
  | 'unknown-status'
  | 'io-error';

/** Something the reader noticed. The read goes on unless `code` says it could not. */
export interface ExportProblem {
  readonly code: ExportProblemCode;
  readonly message: string;
  readonly pageId?: string;
  /** Byte offset in entities.xml, when the problem has a place. */
  readonly offset?: number;
}

/** Thrown only when nothing at all can be read (missing file, unreadable zip, no entities.xml). */
export class ExportError extends Error {
  constructor(
    readonly code: 'not-found' | 'truncated-zip' | 'no-entities-xml' | 'same-path' | 'incomplete-input' | 'io-error',
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Storage XHTML; the only body type the linters parse. */
export const BODY_TYPE_STORAGE = 2;
/** Legacy wiki markup: reported, never parsed as storage. */
export const BODY_TYPE_WIKI = 0;

/** The current version of one page or blog post, with its body. */
export interface ExportPage {
  readonly contentType: 'page' | 'blogpost';
  readonly spaceKey: string;
  readonly spaceName: string;
  readonly pageId: string;
  readonly title: string;
  readonly version: number | null;
  readonly parentId: string | null;
  /** 2 = storage, 0 = wiki markup, null = no BodyContent found for the page. */
  readonly bodyType: number | null;
  /** Body with `]] >` turned back into `]]>` and U+2028/U+2029 into `\n`. */
  readonly body: string;
  readonly bodyContentId: string | null;
}

/** Counts and problems of one read; final once iteration is over. */
export interface ExportSummary {
  /** Page and BlogPost objects of every status and version. */
  pages: number;
  /** Current pages and blog posts (the ones yielded). */
  currentPages: number;
  blogPosts: number;
  historicalVersions: number;
  drafts: number;
  deleted: number;
  wikiMarkupBodies: number;
  duplicatePageIds: number;
  /** False when entities.xml could not be read to its end (truncation, bomb limit, IO error). */
  complete: boolean;
  /** Bytes of entities.xml (uncompressed) scanned by the metadata pass. */
  bytesRead: number;
  problems: ExportProblem[];
}

/** Limits applied to inflated zip entries. Counted on the bytes actually inflated, never on headers. */
export interface ExportLimits {
  /** Stop an entry once it inflates past this many bytes. Default 64 GiB. */
  readonly maxUncompressedBytes?: number;
  /** Stop an entry once inflated/compressed exceeds this. Default 200. */
  readonly maxCompressionRatio?: number;
  /** The ratio is only enforced past this many inflated bytes, so tiny files may compress well. Default 16 MiB. */
  readonly ratioGraceBytes?: number;
  /** Longest tag, comment or DOCTYPE accepted in entities.xml. Default 1 MiB. */
  readonly maxMarkupBytes?: number;
  /** Largest body (raw bytes in entities.xml) that is decoded and yielded; larger ones are reported and skipped. Default 64 MiB. */
  readonly maxBodyBytes?: number;
  /** Longest captured metadata value (titles, keys). Default 64 KiB. */
  readonly maxValueChars?: number;
}

export interface ExportReadOptions extends ExportLimits {
  /** Size of the reads from a bare entities.xml. Default 1 MiB. */
  readonly chunkBytes?: number;
}

/** Page id → where it lives, for resolving short links across spaces. */
export interface ExportPageRef {
  readonly id: string;
  readonly spaceKey: string;
  readonly title: string;
}
