/**
 * Which ADF node may directly contain which, answered by the content expressions of the
 * official ProseMirror schema (never a hand-written list), so a schema upgrade updates it.
 *
 * Storage → ADF note for callers: Confluence writes an `expand` macro as ADF `expand` at the
 * top level or in a layout column / bodied macro, but as `nestedExpand` inside a table cell
 * or inside another expand. Map storage to the ADF type first, then ask `canContain`.
 */
import { adfSchema } from './pm-schema';

type ContentMatch = (typeof adfSchema.topNodeType)['contentMatch'];

const childrenCache = new Map<string, ReadonlySet<string>>();

/** Every node type that can appear anywhere in the content automaton of `match`. */
function reachableTypes(start: ContentMatch): Set<string> {
  const types = new Set<string>();
  const seen = new Set<ContentMatch>();
  const pending = [start];
  while (pending.length > 0) {
    const match = pending.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      types.add(edge.type.name);
      pending.push(edge.next);
    }
  }
  return types;
}

/**
 * The ADF node types that may appear as direct children of `parentType`, in any position
 * (e.g. a listItem's later children, not only its first). Empty for unknown or leaf types.
 */
export function allowedChildren(parentType: string): ReadonlySet<string> {
  let children = childrenCache.get(parentType);
  if (!children) {
    const type = Object.prototype.hasOwnProperty.call(adfSchema.nodes, parentType)
      ? adfSchema.nodes[parentType as keyof typeof adfSchema.nodes]
      : undefined;
    children = type ? reachableTypes(type.contentMatch) : new Set<string>();
    childrenCache.set(parentType, children);
  }
  return children;
}

/** Whether the official ADF schema lets a `parentType` node directly contain a `childType` node. */
export function canContain(parentType: string, childType: string): boolean {
  return allowedChildren(parentType).has(childType);
}
