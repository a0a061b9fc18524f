/**
 * JQL parsing with Atlassian's own grammar (@atlassianlabs/jql-parser, ANTLR) through its
 * abstract syntax tree (@atlassianlabs/jql-ast). ANTLR counts Unicode code points, the
 * core counts UTF-16 units: every position leaving this file is converted.
 */
import { JastBuilder, JQLSyntaxError, type AstNode, type Query } from '@atlassianlabs/jql-ast';

export interface JqlSyntaxProblem {
  /** UTF-16 offsets into the JQL text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface ParsedJql {
  readonly jql: string;
  /** The AST; partial when there are syntax errors, undefined when nothing could be read. */
  readonly query: Query | undefined;
  readonly errors: readonly JqlSyntaxProblem[];
  /** UTF-16 range of an AST node, or undefined when the parser gave it no position. */
  rangeOf(node: Pick<AstNode, 'position'>): { start: number; end: number } | undefined;
}

/** Code point index → UTF-16 index, or identity when the text has no astral characters. */
function codePointMap(text: string): (index: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i;
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    map.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
  }
  map.push(text.length);
  return (i) => map[Math.min(Math.max(i, 0), map.length - 1)];
}

const CACHE_SIZE = 512;
// Re-linting a page while it is edited sees the same queries again; the parse is
// deterministic, so the most recent ones are remembered (oldest evicted first).
const cache = new Map<string, ParsedJql>();

/** Parses JQL. Never throws: whatever goes wrong becomes a syntax problem. */
export function parseJql(jql: string): ParsedJql {
  const hit = cache.get(jql);
  if (hit) return hit;
  const parsed = build(jql);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(jql, parsed);
  return parsed;
}

function build(jql: string): ParsedJql {
  const toUtf16 = codePointMap(jql);
  const rangeOf = (node: Pick<AstNode, 'position'>) =>
    node.position ? { start: toUtf16(node.position[0]), end: toUtf16(node.position[1]) } : undefined;
  let query: Query | undefined;
  const errors: JqlSyntaxProblem[] = [];
  try {
    const jast = new JastBuilder().build(jql);
    query = jast.query || undefined;
    for (const e of jast.errors) {
      if (e instanceof JQLSyntaxError) errors.push({ start: toUtf16(e.start), end: toUtf16(Math.max(e.stop, e.start)), message: e.message });
      else errors.push({ start: 0, end: jql.length, message: e.message });
    }
  } catch (e) {
    errors.push({ start: 0, end: jql.length, message: `the JQL parser failed: ${(e as Error).message}` });
  }
  return { jql, query, errors, rangeOf };
}

/** Every AST node below `root` (itself included), parents first; iterative. */
export function astNodes(root: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    const kids = node.getChildren();
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}
