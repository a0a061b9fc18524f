/** A finding of the ADF schema checks, located by JSON path. */

/** JSON path from the document root, e.g. ["content", 0, "attrs", "panelType"]. */
export type JsonPath = readonly (string | number)[];

export interface AdfSchemaIssue {
  /** Path of the innermost offending value (a node, a mark, or a property of one). */
  readonly path: JsonPath;
  /** The schema's reason, in its own words where they are clear. */
  readonly message: string;
  readonly source: 'prosemirror' | 'json-schema';
}
