/**
 * ADF parser: JSON text → the ADF node tree with exact offsets. Values come from JSON.parse;
 * offsets from a flat scan when the JSON is valid, from jsonc-parser (strict: no comments, no
 * trailing commas) when it is not.
 * Never throws: syntax errors, non-ADF JSON and hostile nesting become `errors`.
 */
import type { SyntaxError } from '../storage/tree';
import type { AdfDocument, AdfMarkNode, AdfNode } from './tree';
import { findDepthOverflow } from './json-depth';
import { childAt, scanJsonOffsets, type JsonContainer } from './json-offsets';
import { scanValidJson } from './valid-json-offsets';

/**
 * Deepest JSON nesting (objects + arrays) accepted. Real ADF stays far below 100; jsonc-parser
 * overflows Node's default stack between 3,000 and 5,000 nested objects (measured, see
 * BENCHMARKS.md "ADF diagnostics"), and the schema checks recurse too.
 */
export const MAX_JSON_DEPTH = 2000;

type Path = readonly (string | number)[];
type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number format',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace expected',
  CloseBracketExpected: 'closing bracket expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unexpected end of comment',
  UnexpectedEndOfString: 'unexpected end of string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

interface MutableAdfNode {
  type: string;
  attrs?: JsonObject;
  content?: AdfNode[];
  marks?: AdfMarkNode[];
  text?: string;
  parent: AdfNode | undefined;
  start: number;
  end: number;
  path: Path;
}

function buildNode(at: JsonContainer, value: JsonObject, parent: AdfNode | undefined, path: Path): AdfNode {
  const node: MutableAdfNode = { type: value.type as string, parent, start: at.start, end: at.end, path };
  if (isObject(value.attrs)) node.attrs = value.attrs;
  if (typeof value.text === 'string') node.text = value.text;
  const marksAt = childAt(at, 'marks');
  if (Array.isArray(value.marks) && marksAt) {
    node.marks = [];
    value.marks.forEach((mark, i) => {
      const markAt = childAt(marksAt, i);
      if (!isObject(mark) || typeof mark.type !== 'string' || !markAt) return;
      node.marks!.push({
        type: mark.type,
        ...(isObject(mark.attrs) ? { attrs: mark.attrs } : {}),
        start: markAt.start,
        end: markAt.end,
        path: [...path, 'marks', i],
      });
    });
  }
  const contentAt = childAt(at, 'content');
  if (Array.isArray(value.content) && contentAt) {
    const self = node as AdfNode;
    node.content = [];
    value.content.forEach((child, i) => {
      const childJson = childAt(contentAt, i);
      // Entries that are not `{ "type": "…" }` objects are not nodes; the schema check reports them.
      if (!isObject(child) || typeof child.type !== 'string' || !childJson) return;
      node.content!.push(buildNode(childJson, child, self, [...path, 'content', i]));
    });
  }
  return node as AdfNode;
}

const error = (start: number, end: number, message: string): SyntaxError => ({ start, end, message, severity: 'error' });

function parse(text: string): AdfDocument {
  const fail = (errors: SyntaxError[], json?: unknown): AdfDocument => ({ format: 'adf', text, root: undefined, json, errors });
  const tooDeep = (at: number) =>
    fail([error(at, at + 1, `JSON nested deeper than ${MAX_JSON_DEPTH} levels: refused (no real ADF document nests this deep)`)]);

  // Fast path: valid JSON (V8's JSON.parse does not recurse), then a flat scan for offsets.
  let json: unknown;
  let root: JsonContainer | undefined;
  let value: unknown;
  const errors: SyntaxError[] = [];
  // A byte-order mark is not JSON, but editors write it; JSON.parse must not see it.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    json = JSON.parse(bom ? text.slice(1) : text);
  } catch (e) {
    errors.push(error(0, text.length, `invalid JSON: ${(e as Error).message}`));
  }
  if (errors.length === 0) {
    const scan = scanValidJson(text, MAX_JSON_DEPTH, bom);
    if (scan.tooDeepAt !== undefined) return tooDeep(scan.tooDeepAt);
    root = scan.root;
    value = json;
  } else {
    // Invalid JSON: jsonc-parser gives exact error offsets and the same recovery for offsets
    // and values, so an editor keeps its other diagnostics while the user types.
    const at = findDepthOverflow(text, MAX_JSON_DEPTH);
    if (at !== undefined) return tooDeep(at);
    const scan = scanJsonOffsets(text);
    if (scan.errors.length > 0) {
      errors.length = 0;
      errors.push(...scan.errors.map((e) => error(e.start, e.end, `invalid JSON: ${MESSAGES[e.code] ?? e.code}`)));
    }
    root = scan.root;
    value = scan.value;
  }
  if (!root || !isObject(value) || value.type !== 'doc') {
    if (errors.length > 0 && !isObject(value)) return fail(errors);
    const [start, end] = root ? [root.start, root.end] : [0, text.length];
    errors.push(error(start, end, 'not an ADF document: the top level must be a JSON object with "type": "doc"'));
    return fail(errors, json);
  }
  return { format: 'adf', text, root: buildNode(root, value, undefined, []), json, errors };
}

/** Parses ADF JSON text. Never throws. */
export function parseAdf(text: string): AdfDocument {
  try {
    return parse(text);
  } catch (e) {
    // Defence in depth: the depth scan keeps the recursive parsers inside the stack.
    return { format: 'adf', text, root: undefined, json: undefined, errors: [error(0, 0, `ADF parser failure: ${(e as Error).message}`)] };
  }
}
