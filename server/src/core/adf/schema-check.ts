/**
 * The ADF schema check: Atlassian's ProseMirror schema and its published JSON schema, both.
 * They are generated from the same source but are not identical (the JSON schema also checks
 * attribute values, `version`, and unknown properties; ProseMirror also rejects duplicate
 * marks), so a converted page is only known valid when both accept it.
 *
 * A doc is checked block by block: each top-level node against both schemas on its own (both
 * are context-free below the doc), then the doc itself (its content expression, and the JSON
 * schema's doc shell). The verdict is exactly that of checking the whole document at once;
 * the JSON schema then reports the first issue of every invalid block instead of only the
 * first of the page. Block results are cached by block object and, across re-parses of an
 * edited document, by block source text, so an edit re-checks only the blocks it touched.
 */
import { checkBlockWithJsonSchema, checkWithJsonSchema } from './json-schema-check';
import { checkWithProseMirror, contentIssue } from './pm-check';
import type { AdfSchemaIssue } from './schema-issue';
import type { AdfDocument } from './tree';

export type { AdfSchemaIssue, JsonPath } from './schema-issue';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface BlockResult {
  readonly pm: readonly AdfSchemaIssue[];
  readonly jsonSchema: readonly AdfSchemaIssue[];
}

const byJson = new WeakMap<object, readonly AdfSchemaIssue[]>();
const byBlock = new WeakMap<object, BlockResult>();
/** Block source text → result, for the blocks of the last checked document only (bounded memory). */
let byText = new Map<string, BlockResult>();

const DOC_KEYS = new Set(['type', 'version', 'content']);

/** A plain `doc` whose content entries are all objects: what block-by-block checking covers. */
function blocksOf(json: unknown): Json[] | undefined {
  if (!isObject(json) || json.type !== 'doc' || !Array.isArray(json.content)) return undefined;
  if (Object.keys(json).some((k) => !DOC_KEYS.has(k))) return undefined;
  return json.content.every(isObject) ? (json.content as Json[]) : undefined;
}

function checkBlock(block: Json, text: string | undefined, seen: Map<string, BlockResult> | undefined): BlockResult {
  let result = byBlock.get(block) ?? (text !== undefined ? (seen?.get(text) ?? byText.get(text)) : undefined);
  result ??= { pm: checkWithProseMirror(block), jsonSchema: checkBlockWithJsonSchema(block) };
  byBlock.set(block, result);
  if (text !== undefined) seen?.set(text, result);
  return result;
}

function checkDoc(json: Json, blocks: Json[], textOf?: (i: number) => string): AdfSchemaIssue[] {
  const seen = textOf ? new Map<string, BlockResult>() : undefined;
  const pm: AdfSchemaIssue[] = [];
  const jsonSchema: AdfSchemaIssue[] = [];
  blocks.forEach((block, i) => {
    const r = checkBlock(block, textOf?.(i), seen);
    for (const issue of r.pm) pm.push({ ...issue, path: ['content', i, ...issue.path] });
    for (const issue of r.jsonSchema) jsonSchema.push({ ...issue, path: ['content', i, ...issue.path] });
  });
  if (seen) byText = seen;
  // As in a whole-document check: the doc's own content is judged once every block builds.
  if (pm.length === 0) {
    const own = contentIssue(json, []);
    if (own) pm.push(own);
  }
  return [...pm, ...checkWithJsonSchema({ ...json, content: [] }), ...jsonSchema];
}

/**
 * Schema issues of an ADF JSON value: ProseMirror issues (innermost, every independent one),
 * then JSON-schema issues. Empty when the document is valid. Never throws. Results are cached
 * per object (the doc and each top-level block): check a value only once it is final.
 */
export function checkAdf(json: unknown): readonly AdfSchemaIssue[] {
  if (!isObject(json)) return [...checkWithProseMirror(json), ...checkWithJsonSchema(json)];
  let issues = byJson.get(json);
  if (!issues) {
    const blocks = blocksOf(json);
    issues = blocks ? checkDoc(json, blocks) : [...checkWithProseMirror(json), ...checkWithJsonSchema(json)];
    byJson.set(json, issues);
  }
  return issues;
}

/**
 * `checkAdf` of a parsed document, reusing the results of unchanged blocks (same source text)
 * from the previous call: what an editor needs on every keystroke. Empty when the document
 * has syntax errors or is not ADF (the parser's errors say why). Never throws.
 */
export function checkAdfDocument(doc: AdfDocument): readonly AdfSchemaIssue[] {
  const { json, root, text } = doc;
  if (!root || json === undefined) return [];
  const blocks = blocksOf(json);
  const nodes = root.content ?? [];
  if (!blocks || nodes.length !== blocks.length || !isObject(json)) return checkAdf(json);
  let issues = byJson.get(json);
  if (!issues) {
    issues = checkDoc(json, blocks, (i) => text.slice(nodes[i].start, nodes[i].end));
    byJson.set(json, issues);
  }
  return issues;
}

/** Whether both schemas accept the value. */
export function isValidAdf(json: unknown): boolean {
  return checkAdf(json).length === 0;
}
