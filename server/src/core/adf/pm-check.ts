/**
 * Validation by the official ProseMirror schema (`nodeFromJSON` + `check`), which stops at
 * the first error of a whole document. On failure we walk down to the innermost node that
 * fails on its own, and name the exact child or mark the content expression rejects.
 * What the JSON walk of `pm-fast-check.ts` knows valid skips building nodes: the real check
 * runs only on what it cannot vouch for, so reasons and locations stay ProseMirror's own.
 */
import { adfSchema } from './pm-schema';
import { isKnownValidByProseMirror } from './pm-fast-check';
import type { AdfSchemaIssue, JsonPath } from './schema-issue';

type PmNode = ReturnType<typeof adfSchema.nodeFromJSON>;
type NodeType = PmNode['type'];
type ContentMatch = NodeType['contentMatch'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function build(value: unknown): PmNode | Error {
  try {
    const node = adfSchema.nodeFromJSON(value);
    node.check();
    return node;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const nextTypes = (match: ContentMatch): string[] =>
  Array.from({ length: match.edgeCount }, (_, i) => match.edge(i).type.name);

type MarkType = PmNode['marks'][number]['type'];
const nodeType = (name: unknown) =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(adfSchema.nodes, name)
    ? (adfSchema.nodes[name as keyof typeof adfSchema.nodes] as NodeType)
    : undefined;
const markType = (name: unknown) =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(adfSchema.marks, name)
    ? (adfSchema.marks[name as keyof typeof adfSchema.marks] as MarkType)
    : undefined;

/**
 * Why a node whose children each pass `nodeFromJSON` + `check` is still rejected: what
 * `validContent` checks (the content expression, the end state, marks allowed on children),
 * read from the JSON since every child is known to build.
 */
export function contentIssue(value: Record<string, unknown>, path: JsonPath): AdfSchemaIssue | undefined {
  const type = nodeType(value.type);
  if (!type || !Array.isArray(value.content)) return undefined;
  let match: ContentMatch | null = type.contentMatch;
  for (let i = 0; i < value.content.length; i++) {
    const child = value.content[i] as Record<string, unknown>;
    const childType = nodeType(child.type);
    if (!childType) return undefined;
    const next: ContentMatch | null = match.matchType(childType);
    const childPath = [...path, 'content', i];
    if (!next) {
      const allowed = nextTypes(match);
      const where = i === 0 ? 'first in' : 'at this position in';
      return {
        path: childPath,
        source: 'prosemirror',
        message: `"${childType.name}" is not allowed ${where} "${type.name}" (allowed: ${allowed.join(', ') || 'nothing'})`,
      };
    }
    const marks = Array.isArray(child.marks) ? child.marks : [];
    const badMark = marks.map((m) => markType((m as Record<string, unknown>).type)).find((m) => m && !type.allowsMarkType(m));
    if (badMark) {
      return { path: childPath, source: 'prosemirror', message: `mark "${badMark.name}" is not allowed on content of "${type.name}"` };
    }
    match = next;
  }
  if (!match.validEnd) {
    return { path, source: 'prosemirror', message: `"${type.name}" is incomplete: expected ${nextTypes(match).join(' | ')}` };
  }
  return undefined;
}

function markIssues(value: Record<string, unknown>, path: JsonPath, out: AdfSchemaIssue[]): boolean {
  if (!Array.isArray(value.marks)) return false;
  let found = false;
  value.marks.forEach((mark, i) => {
    try {
      adfSchema.markFromJSON(mark);
    } catch (e) {
      out.push({ path: [...path, 'marks', i], source: 'prosemirror', message: (e as Error).message });
      found = true;
    }
  });
  return found;
}

/** Reports the innermost failures under `value`, which is known to fail. */
function descend(value: unknown, path: JsonPath, error: Error, out: AdfSchemaIssue[]): void {
  if (isObject(value)) {
    let childFailed = false;
    if (Array.isArray(value.content)) {
      value.content.forEach((child, i) => {
        if (isKnownValidByProseMirror(child)) return;
        const result = build(child);
        if (result instanceof Error) {
          descend(child, [...path, 'content', i], result, out);
          childFailed = true;
        }
      });
    }
    if (childFailed || markIssues(value, path, out)) return;
    const precise = contentIssue(value, path);
    if (precise) {
      out.push(precise);
      return;
    }
  }
  out.push({ path, source: 'prosemirror', message: error.message });
}

/** ProseMirror-schema issues of an ADF node's JSON (a doc or any node; empty when valid). Never throws. */
export function checkWithProseMirror(json: unknown): AdfSchemaIssue[] {
  // Valid content (nearly all of it) is judged without building ProseMirror nodes.
  if (isKnownValidByProseMirror(json)) return [];
  const result = build(json);
  if (!(result instanceof Error)) return [];
  const out: AdfSchemaIssue[] = [];
  try {
    descend(json, [], result, out);
  } catch (e) {
    out.push({ path: [], source: 'prosemirror', message: (e as Error).message });
  }
  return out;
}
