/**
 * The ADF schema check: Atlassian's ProseMirror schema and its published JSON schema, both.
 * They are generated from the same source but are not identical (the JSON schema also checks
 * attribute values, `version`, and unknown properties), so a converted page is only known
 * valid when both accept it.
 */
import { checkWithJsonSchema } from './json-schema-check';
import { checkWithProseMirror } from './pm-check';
import type { AdfSchemaIssue } from './schema-issue';

export type { AdfSchemaIssue, JsonPath } from './schema-issue';

const cache = new WeakMap<object, readonly AdfSchemaIssue[]>();

/**
 * Schema issues of an ADF JSON value, innermost first per check: all ProseMirror failures,
 * then the first JSON-schema failure. Empty when the document is valid. Results are cached
 * per JSON object (several rules look at the same parsed document). Never throws.
 */
export function checkAdf(json: unknown): readonly AdfSchemaIssue[] {
  const cacheable = typeof json === 'object' && json !== null;
  const cached = cacheable ? cache.get(json) : undefined;
  if (cached) return cached;
  const issues = [...checkWithProseMirror(json), ...checkWithJsonSchema(json)];
  if (cacheable) cache.set(json, issues);
  return issues;
}

/** Whether both schemas accept the value. */
export function isValidAdf(json: unknown): boolean {
  return checkAdf(json).length === 0;
}
