/**
 * The official ProseMirror schema's verdict on plain ADF JSON, without building a Node.
 *
 * `nodeFromJSON(json).check()` allocates a Node, a Fragment and attribute objects for every
 * ADF node, which made it the most expensive step of ADF diagnostics (see BENCHMARKS.md "ADF
 * diagnostics"). This walk asks the same schema objects the same questions on the JSON
 * itself: the content automaton (`contentMatch`, `matchType`, `validEnd`), the marks a parent
 * allows (`allowsMarkType`), the mark-set rules (the official `markFromJSON`, `Mark.addToSet`
 * and `Mark.eq`), the attributes ProseMirror requires or validates, and the text-node rules.
 *
 * It only ever answers "valid" when `nodeFromJSON` + `check` would accept the value; any shape
 * it does not model exactly (`"attrs": null`, a non-string `type`, …) answers "not known
 * valid", and the caller runs the real check, which also gives the official reason.
 * test/core/adf/pm-fast-check.test.ts pins the equivalence on real pages and mutations.
 */
import { adfSchema, type AdfSchema } from './pm-schema';

type NodeType = AdfSchema['topNodeType'];
type ContentMatch = NodeType['contentMatch'];
type Mark = ReturnType<AdfSchema['markFromJSON']>;
type MarkType = Mark['type'];
type Json = Record<string, unknown>;

/** prosemirror-model's compiled attribute (`NodeType.attrs[name]`; not in its public typings). */
interface CompiledAttr {
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly validate?: (value: unknown) => void;
}

/** `MarkType.rank`, the order of marks in a set (internal to prosemirror-model's typings). */
const rankOf = (type: MarkType): number => (type as unknown as { rank: number }).rank;

/** The attributes whose absence or value ProseMirror checks: required ones and validated ones. */
interface CheckedAttr {
  readonly name: string;
  readonly attr: CompiledAttr;
}

const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkedAttrs(type: NodeType | MarkType): CheckedAttr[] | undefined {
  const attrs = (type as unknown as { attrs?: Record<string, CompiledAttr> }).attrs;
  if (typeof attrs !== 'object' || attrs === null) return undefined;
  const out: CheckedAttr[] = [];
  for (const name in attrs) {
    const attr = attrs[name];
    // A prosemirror-model whose internals differ from what this walk models: no fast path.
    if (typeof attr?.hasDefault !== 'boolean' || (attr.validate !== undefined && typeof attr.validate !== 'function')) return undefined;
    if (!attr.hasDefault || attr.validate) out.push({ name, attr });
  }
  return out;
}

interface FastSchema {
  readonly schema: AdfSchema;
  readonly nodes: ReadonlyMap<string, { readonly type: NodeType; readonly attrs: readonly CheckedAttr[] }>;
  readonly marks: ReadonlyMap<string, MarkType>;
}

function compile(schema: AdfSchema): FastSchema | undefined {
  const nodes = new Map<string, { type: NodeType; attrs: readonly CheckedAttr[] }>();
  for (const [name, type] of Object.entries(schema.nodes) as [string, NodeType][]) {
    const attrs = checkedAttrs(type);
    if (!attrs) return undefined;
    nodes.set(name, { type, attrs });
  }
  const marks = new Map<string, MarkType>();
  for (const [name, type] of Object.entries(schema.marks) as [string, MarkType][]) {
    // Marks are built by the official markFromJSON; only the shape of their attributes is needed.
    if (!checkedAttrs(type) || typeof rankOf(type) !== 'number') return undefined;
    marks.set(name, type);
  }
  return { schema, nodes, marks };
}

/** As `NodeType.computeAttrs` + `checkAttrs`: missing required attributes and failed validators reject. */
function attrsPass(checked: readonly CheckedAttr[], attrs: Json | undefined): boolean {
  for (const { name, attr } of checked) {
    let value = attrs?.[name];
    if (value === undefined) {
      if (!attr.hasDefault) return false;
      value = attr.default;
    }
    if (attr.validate) {
      try {
        attr.validate(value);
      } catch {
        return false;
      }
    }
  }
  return true;
}

/**
 * As `Mark.setFrom` (sort by rank) then `check`'s rebuild with `addToSet` compared by
 * `Mark.sameSet`: duplicates and marks that exclude each other reject the node.
 */
function markSetPasses(marks: readonly Mark[]): boolean {
  const sorted = marks.slice().sort((a, b) => rankOf(a.type) - rankOf(b.type));
  let set: readonly Mark[] = [];
  for (const mark of sorted) set = mark.addToSet(set);
  if (set.length !== sorted.length) return false;
  for (let i = 0; i < set.length; i++) if (!set[i].eq(sorted[i])) return false;
  return true;
}

/** Marks built by the official `markFromJSON`, or undefined when one is not known valid. */
function marksOf(s: FastSchema, list: readonly unknown[]): Mark[] | undefined {
  const out: Mark[] = [];
  for (const json of list) {
    if (!isPlainObject(json) || typeof json.type !== 'string' || !s.marks.has(json.type)) return undefined;
    if (json.attrs !== undefined && !isPlainObject(json.attrs)) return undefined;
    try {
      out.push(s.schema.markFromJSON(json));
    } catch {
      return undefined;
    }
  }
  return out.length > 1 && !markSetPasses(out) ? undefined : out;
}

const NO_MARKS: readonly Mark[] = [];

/**
 * Whether `nodeFromJSON(json).check()` accepts `json`, walking the JSON; returns the node's
 * marks (for its parent's `allowsMarkType`) or undefined when not known valid.
 */
function walk(s: FastSchema, json: unknown): readonly Mark[] | undefined {
  if (!isPlainObject(json) || typeof json.type !== 'string') return undefined;
  const entry = s.nodes.get(json.type);
  if (!entry) return undefined;
  let marks = NO_MARKS;
  if (json.marks !== undefined) {
    if (!Array.isArray(json.marks)) return undefined;
    const built = marksOf(s, json.marks);
    if (!built) return undefined;
    marks = built;
  }
  const { type } = entry;
  if (type.isText) {
    // `schema.text`: a non-empty string; a text node's other properties are ignored.
    return typeof json.text === 'string' && json.text.length > 0 ? marks : undefined;
  }
  const { attrs, content } = json;
  if (attrs !== undefined && !isPlainObject(attrs)) return undefined;
  if (entry.attrs.length > 0 && !attrsPass(entry.attrs, attrs)) return undefined;
  let match: ContentMatch | null = type.contentMatch;
  if (content !== undefined) {
    if (!Array.isArray(content)) return undefined;
    const restrictsMarks = type.markSet !== null;
    for (const child of content) {
      const childMarks = walk(s, child);
      if (!childMarks) return undefined;
      match = match.matchType(s.nodes.get((child as Json).type as string)!.type);
      if (!match) return undefined;
      if (restrictsMarks) for (const mark of childMarks) if (!type.allowsMarkType(mark.type)) return undefined;
    }
  }
  return match.validEnd ? marks : undefined;
}

/**
 * The fast verdict of a ProseMirror schema built by the same prosemirror-model as ADF's
 * (tests use small schemas with required and validated attributes, which ADF has none of).
 * The returned function is true only when `nodeFromJSON` + `check` accepts the value.
 */
export function proseMirrorFastCheck(schema: AdfSchema): (json: unknown) => boolean {
  const compiled = compile(schema);
  if (!compiled) return () => false;
  return (json) => {
    try {
      return walk(compiled, json) !== undefined;
    } catch {
      // A stack overflow on hostile nesting, or anything unforeseen: the real check decides.
      return false;
    }
  };
}

let adfCheck: ((json: unknown) => boolean) | undefined;

/**
 * True only when the official ADF ProseMirror schema accepts `json` (`nodeFromJSON` + `check`,
 * so the node's own marks are not judged against a parent). False means "run the real
 * check": the value is invalid, or has a shape this walk does not model. Never throws.
 */
export function isKnownValidByProseMirror(json: unknown): boolean {
  adfCheck ??= proseMirrorFastCheck(adfSchema);
  return adfCheck(json);
}
