/**
 * ADF parser: JSON text → the ADF node tree with exact offsets. Offsets come from
 * jsonc-parser (strict JSON: no comments, no trailing commas), values from JSON.parse.
 * Never throws: syntax errors, non-ADF JSON and hostile nesting become `errors`.
 */
import { getNodeValue, parseTree } from 'jsonc-parser';
import type { SyntaxError } from '../storage/tree';
import type { AdfDocument, AdfMarkNode, AdfNode } from './tree';
import { findDepthOverflow } from './json-depth';
import { scanJsonOffsets, type JsonContainer } from './json-offsets';

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
  const marksAt = at.children.get('marks');
  if (Array.isArray(value.marks) && marksAt) {
    node.marks = [];
    value.marks.forEach((mark, i) => {
      const markAt = marksAt.children.get(i);
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
  const contentAt = at.children.get('content');
  if (Array.isArray(value.content) && contentAt) {
    const self = node as AdfNode;
    node.content = [];
    value.content.forEach((child, i) => {
      const childAt = contentAt.children.get(i);
      // Entries that are not `{ "type": "…" }` objects are not nodes; the schema check reports them.
      if (!isObject(child) || typeof child.type !== 'string' || !childAt) return;
      node.content!.push(buildNode(childAt, child, self, [...path, 'content', i]));
    });
  }
  return node as AdfNode;
}

const error = (start: number, end: number, message: string): SyntaxError => ({ start, end, message, severity: 'error' });

function parse(text: string): AdfDocument {
  const fail = (errors: SyntaxError[], json?: unknown): AdfDocument => ({ format: 'adf', text, root: undefined, json, errors });

  const tooDeep = findDepthOverflow(text, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    return fail([error(tooDeep, tooDeep + 1, `JSON nested deeper than ${MAX_JSON_DEPTH} levels: refused (no real ADF document nests this deep)`)]);
  }
  const scan = scanJsonOffsets(text);
  const errors = scan.errors.map((e) => error(e.start, e.end, `invalid JSON: ${MESSAGES[e.code] ?? e.code}`));
  let json: unknown;
  if (errors.length === 0) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      errors.push(error(0, text.length, `invalid JSON: ${(e as Error).message}`));
    }
  }
  // With syntax errors, still build the tree from what jsonc-parser recovered (the same
  // recovery as the offsets), so an editor keeps its other diagnostics while typing.
  const recovered = errors.length === 0 ? json : getRecoveredValue(text);
  if (!scan.root || !isObject(recovered) || recovered.type !== 'doc') {
    if (errors.length > 0 && !isObject(recovered)) return fail(errors);
    const [start, end] = scan.root ? [scan.root.start, scan.root.end] : [0, text.length];
    errors.push(error(start, end, 'not an ADF document: the top level must be a JSON object with "type": "doc"'));
    return fail(errors, json);
  }
  return { format: 'adf', text, root: buildNode(scan.root, recovered, undefined, []), json, errors };
}

function getRecoveredValue(text: string): unknown {
  const tree = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  return tree ? getNodeValue(tree) : undefined;
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
