/**
 * Where a value of an ADF node sits in the JSON text. The tree keeps offsets of nodes and
 * marks only; findings about one attribute (a URL, a mention id, a macro parameter) must land
 * on that attribute's characters, and fixes must replace exactly its string literal.
 */
import { createScanner, ScanError, SyntaxKind, type JSONScanner } from 'jsonc-parser';

export interface JsonValueRange {
  /** Offsets of the whole value: a string literal with its quotes, or an object's braces. */
  readonly start: number;
  readonly end: number;
  /** The decoded string, for string literals. */
  readonly string: string | undefined;
}

/** Skips the value whose first token is current; false on a syntax error. */
function skipValue(scanner: JSONScanner): boolean {
  const first = scanner.getToken();
  if (first !== SyntaxKind.OpenBraceToken && first !== SyntaxKind.OpenBracketToken) {
    return first !== SyntaxKind.EOF && scanner.getTokenError() === ScanError.None;
  }
  let depth = 1;
  while (depth > 0) {
    const t = scanner.scan();
    if (t === SyntaxKind.EOF || scanner.getTokenError() !== ScanError.None) return false;
    if (t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken) depth++;
    else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) depth--;
  }
  return true;
}

/**
 * Walks the object whose `{` is the current token down `path` (property names); the last
 * duplicate name wins, as in JSON.parse. Leaves the scanner on the object's `}`.
 */
function find(scanner: JSONScanner, path: readonly string[], i: number, contentEnd: number | undefined): JsonValueRange | undefined | null {
  let found: JsonValueRange | undefined;
  for (let t = scanner.scan(); t !== SyntaxKind.CloseBraceToken; t = scanner.scan()) {
    if (t === SyntaxKind.CommaToken) continue;
    if (t !== SyntaxKind.StringLiteral || scanner.getTokenError() !== ScanError.None) return null;
    const name = scanner.getTokenValue();
    if (scanner.scan() !== SyntaxKind.ColonToken) return null;
    const v = scanner.scan();
    const start = scanner.getTokenOffset();
    if (name !== path[i]) {
      // Children are already located by the tree: jump past them rather than read them again.
      if (i === 0 && name === 'content' && v === SyntaxKind.OpenBracketToken && contentEnd !== undefined && contentEnd > start) {
        scanner.setPosition(contentEnd);
        if (scanner.scan() !== SyntaxKind.CloseBracketToken) return null;
      } else if (!skipValue(scanner)) return null;
    } else if (i + 1 < path.length) {
      if (v !== SyntaxKind.OpenBraceToken) {
        if (!skipValue(scanner)) return null;
        found = undefined;
        continue;
      }
      const inner = find(scanner, path, i + 1, undefined);
      if (inner === null) return null;
      found = inner;
    } else {
      const string = v === SyntaxKind.StringLiteral ? scanner.getTokenValue() : undefined;
      if (!skipValue(scanner)) return null;
      found = { start, end: scanner.getTokenOffset() + scanner.getTokenLength(), string };
    }
  }
  return found;
}

/**
 * The value at `path` inside the JSON object that starts at `objectStart` (an ADF node's or
 * mark's `start`), e.g. `["attrs", "url"]`; undefined when it is not there or the JSON around
 * it does not scan. Reads only that object (nested values are skipped, not built).
 * `contentEnd`, the end of the last child of the node's own `content` array, lets the scan
 * jump over the children: looking up a value of every node of a deep tree stays linear.
 */
export function jsonValueAt(text: string, objectStart: number, path: readonly string[], contentEnd?: number): JsonValueRange | undefined {
  if (path.length === 0) return undefined;
  const scanner = createScanner(text, true);
  scanner.setPosition(objectStart);
  if (scanner.scan() !== SyntaxKind.OpenBraceToken) return undefined;
  return find(scanner, path, 0, contentEnd) ?? undefined;
}

/**
 * The string literal at `path` whose decoded value is `expected` (the value the tree holds);
 * undefined otherwise, so recovered or duplicated JSON never yields a range for another value.
 */
export function jsonStringAt(
  text: string,
  objectStart: number,
  path: readonly string[],
  expected: string,
  contentEnd?: number,
): JsonValueRange | undefined {
  const found = jsonValueAt(text, objectStart, path, contentEnd);
  return found?.string === expected ? found : undefined;
}
