/**
 * Validation by the official ProseMirror schema (`nodeFromJSON` + `check`), which stops at
 * the first error of a whole document. On failure we walk down to the innermost node that
 * fails on its own, and name the exact child or mark the content expression rejects.
 */
import { adfSchema } from './pm-schema';
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

/** Why a node whose children are each valid is still rejected: the content expression or marks. */
function contentIssue(value: Record<string, unknown>, path: JsonPath): AdfSchemaIssue | undefined {
  const type = adfSchema.nodes[value.type as keyof typeof adfSchema.nodes] as NodeType | undefined;
  if (!type || !Array.isArray(value.content)) return undefined;
  let match: ContentMatch | null = type.contentMatch;
  for (let i = 0; i < value.content.length; i++) {
    const child = build(value.content[i]);
    if (child instanceof Error) return undefined;
    const next: ContentMatch | null = match.matchType(child.type);
    const childPath = [...path, 'content', i];
    if (!next) {
      const allowed = nextTypes(match);
      const where = i === 0 ? 'first in' : 'at this position in';
      return {
        path: childPath,
        source: 'prosemirror',
        message: `"${child.type.name}" is not allowed ${where} "${type.name}" (allowed: ${allowed.join(', ') || 'nothing'})`,
      };
    }
    const badMark = child.marks.find((m) => !type.allowsMarkType(m.type));
    if (badMark) {
      return { path: childPath, source: 'prosemirror', message: `mark "${badMark.type.name}" is not allowed on content of "${type.name}"` };
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

/** ProseMirror-schema issues of an ADF JSON value (empty when valid). Never throws. */
export function checkWithProseMirror(json: unknown): AdfSchemaIssue[] {
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
