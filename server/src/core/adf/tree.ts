/**
 * ADF (Atlassian Document Format) documents as the core sees them: the parsed JSON value
 * plus, for every ADF node, the offsets of its JSON object in the source text.
 */
import type { SyntaxError } from '../storage/tree';

export interface AdfMarkNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly start: number;
  readonly end: number;
  /** JSON path from the document root, e.g. ["content", 0, "content", 1, "marks", 0]. */
  readonly path: readonly (string | number)[];
}

export interface AdfNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly AdfNode[];
  readonly marks?: readonly AdfMarkNode[];
  readonly text?: string;
  readonly parent: AdfNode | undefined;
  /** Offsets of the node's JSON object `{ ... }`. */
  readonly start: number;
  readonly end: number;
  /** JSON path from the document root, e.g. ["content", 0, "content", 2]. */
  readonly path: readonly (string | number)[];
}

export interface AdfDocument {
  readonly format: 'adf';
  readonly text: string;
  /** The `doc` node, or undefined when the text is not an ADF document at all. */
  readonly root: AdfNode | undefined;
  /**
   * The plain JSON value (undefined when the text is not JSON). When the JSON has syntax
   * errors, `json` is undefined but `root` is still built from what the parser recovered.
   */
  readonly json: unknown;
  readonly errors: readonly SyntaxError[];
}
