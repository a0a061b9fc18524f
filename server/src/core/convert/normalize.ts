/**
 * Makes a converted tree fit the official ADF schema, asking the schema's own content
 * expressions (prosemirror-model ContentMatch) at every step rather than a hand-written
 * list. Where a child does not fit its container, the child is reshaped in the way that
 * keeps the most: wrapped in a paragraph, renamed to its nested variant, demoted (a heading
 * in a list item becomes bold text), unwrapped (a layout inside a panel gives up its
 * columns), or lifted out to the nearest ancestor that accepts it (a panel in a panel).
 * Text is never dropped; every reshape is reported as a finding.
 */
import { Fragment, Mark, type NodeType } from 'prosemirror-model';
import { adfSchema } from '../adf/pm-schema';
import { adfText, paragraph, type AdfJson, type AdfMark, type SourceRange } from './adf-json';
import type { FindingAction } from './findings';

type ContentMatch = NodeType['contentMatch'];

export interface NormalizeContext {
  /** Reports a reshape of `subject` (located through the converter's source map). */
  report(subject: AdfJson, code: string, action: FindingAction, message: string, suggestion?: string): void;
  sourceOf(subject: AdfJson): SourceRange | undefined;
}

const nodeTypes = new Map<string, NodeType>(Object.entries(adfSchema.nodes as Record<string, NodeType>));
const nodeType = (name: string): NodeType | undefined => nodeTypes.get(name);

/**
 * Structural nodes that only make sense inside their own container: out of place, they are
 * unwrapped into their content. Every other block that does not fit is lifted out whole,
 * splitting its container around it.
 */
const UNWRAP = new Set(['layoutSection', 'layoutColumn', 'listItem', 'tableRow', 'tableCell', 'tableHeader', 'taskItem', 'decisionItem', 'caption']);

/** A node type as words ("tableCell" → "table cell"), remembered per type: reshapes repeat. */
const described = new Map<string, string>();
function describe(type: string): string {
  let words = described.get(type);
  if (words === undefined) described.set(type, (words = type.replace(/([A-Z])/g, ' $1').toLowerCase()));
  return words;
}

type MarkType = Mark['type'];
const markTypes = new Map<string, MarkType>(Object.entries(adfSchema.marks as Record<string, MarkType>));

/** Attributes each mark type requires (no default): `create` throws without them. */
const requiredAttrs = new Map<MarkType, readonly string[]>(
  [...markTypes.values()].map((t) => [t, Object.entries(t.spec.attrs ?? {}).filter(([, a]) => !('default' in a)).map(([k]) => k)]),
);

/** Marks allowed on a text child of `parent`, deduplicated and in schema order. */
function fitMarks(parent: NodeType, marks: readonly AdfMark[] | undefined): AdfMark[] | undefined {
  if (!marks || marks.length === 0) return undefined;
  const picked = cachedPick(parent, marks);
  if (picked === undefined) return fitMarksBySchema(parent, marks);
  if (picked.length === 0) return undefined;
  const out: AdfMark[] = new Array(picked.length);
  for (let i = 0; i < picked.length; i++) out[i] = marks[picked[i]];
  return out;
}

/**
 * The outcome of `fitMarksBySchema` as indexes into `marks`, remembered per parent type and
 * sequence of mark types. It depends on nothing else when the types are distinct and every
 * mark has its required attributes (so `create` cannot throw); otherwise undefined, and the
 * caller asks the schema.
 */
interface PickNode {
  readonly next: Map<string, PickNode>;
  picked?: readonly number[];
}
const pickCache = new Map<NodeType, PickNode>();

function cachedPick(parent: NodeType, marks: readonly AdfMark[]): readonly number[] | undefined {
  let node: PickNode | undefined = pickCache.get(parent);
  if (!node) pickCache.set(parent, (node = { next: new Map() }));
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    for (let j = 0; j < i; j++) if (marks[j].type === m.type) return undefined;
    const type = markTypes.get(m.type);
    if (type) for (const k of requiredAttrs.get(type)!) if (m.attrs?.[k] === undefined) return undefined;
    let next: PickNode | undefined = node.next.get(m.type);
    if (!next) node.next.set(m.type, (next = { next: new Map() }));
    node = next;
  }
  if (!node.picked) {
    const fitted = fitMarksBySchema(parent, marks) ?? [];
    node.picked = fitted.map((m) => marks.indexOf(m));
  }
  return node.picked;
}

function fitMarksBySchema(parent: NodeType, marks: readonly AdfMark[]): AdfMark[] | undefined {
  let set = Mark.none;
  for (const m of marks) {
    const type = markTypes.get(m.type);
    if (!type || !parent.allowsMarkType(type)) continue;
    try {
      set = type.create(m.attrs).addToSet(set);
    } catch {
      // Attributes the schema rejects: the mark is presentation only, the text stays.
    }
  }
  // The schema decides which marks stay and their order; the JSON is the original (PM's
  // toJSON would add every defaulted attribute, which the JSON schema rejects).
  const out = set.map((pm) => marks.find((m) => m.type === pm.type.name)!);
  return out.length ? out : undefined;
}

/** Leaves a reader sees although they hold no text. */
const VISIBLE_LEAVES = new Set([
  'mention', 'emoji', 'date', 'status', 'placeholder', 'inlineCard', 'blockCard', 'embedCard', 'media', 'mediaInline',
  'extension', 'inlineExtension', 'rule', 'decisionItem', 'taskItem',
]);

/**
 * Whether a subtree holds anything a reader sees: text, or a visible leaf. A piece of a split
 * container without any (an empty list item left behind by a lift) is dropped.
 */
function hasContent(root: AdfJson): boolean {
  if (adfText(root).trim() !== '') return true;
  const stack: AdfJson[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (VISIBLE_LEAVES.has(n.type)) return true;
    if (n.content) stack.push(...n.content);
  }
  return false;
}

/** Drops null attributes, which PM fills in for defaults and the JSON schema rejects. */
function clean(json: AdfJson): AdfJson {
  if (json.attrs) {
    for (const [k, v] of Object.entries(json.attrs)) if (v === null) delete json.attrs[k];
    if (Object.keys(json.attrs).length === 0) delete json.attrs;
  }
  json.content?.forEach(clean);
  return json;
}

/**
 * What ProseMirror fills in to end a container validly from `match` (an empty paragraph
 * closing a split list item), as cleaned JSON, asked once per content-match state: the
 * schema's search for it cost more than the rest of a reshape. Callers clone it.
 */
const fills = new Map<ContentMatch, readonly AdfJson[]>();
function fillFor(match: ContentMatch): readonly AdfJson[] {
  let fill = fills.get(match);
  if (fill === undefined) {
    const made = match.fillBefore(Fragment.empty, true);
    fill = made ? ((made.toJSON() as AdfJson[] | null) ?? []).map(clean) : [];
    fills.set(match, fill);
  }
  return fill;
}

/**
 * Nestings that read better unwrapped in place than lifted out: a table in a table cell
 * gives its cells' content to the cell (lifting it would split the outer table), and an
 * expand in a nested expand gives up its fold (lifting would split every level above it).
 */
function unwrapsInPlace(child: string, parent: string): boolean {
  if (child === 'table') return parent === 'tableCell' || parent === 'tableHeader';
  return (child === 'expand' || child === 'nestedExpand') && parent === 'nestedExpand';
}

/** Unwraps a node into blocks its parent may hold: a title paragraph, then its content. */
function unwrap(child: AdfJson): AdfJson[] {
  if (child.type === 'layoutSection') return (child.content ?? []).flatMap((col) => col.content ?? []);
  if (child.type === 'table') return (child.content ?? []).flatMap((row) => (row.content ?? []).flatMap((cell) => cell.content ?? []));
  const title = typeof child.attrs?.title === 'string' && child.attrs.title ? [paragraph([{ type: 'text', text: child.attrs.title, marks: [{ type: 'strong' }] }])] : [];
  return [...title, ...(child.content ?? [])];
}

/** A heading that may not stand here becomes a paragraph of bold text. */
function demoteHeading(child: AdfJson): AdfJson {
  const content = (child.content ?? []).map((c) =>
    c.type === 'text' && !c.marks?.some((m) => m.type === 'strong') ? { ...c, marks: [...(c.marks ?? []), { type: 'strong' }] } : c,
  );
  return paragraph(content);
}

export class Normalizer {
  private readonly reported = new WeakSet<AdfJson>();
  /** Fitted children of the containers being fitted, innermost last (see `fitInto`). */
  private readonly stack: AdfJson[] = [];

  constructor(private readonly ctx: NormalizeContext) {}

  /** Normalises the document in place. */
  doc(doc: AdfJson): void {
    // The root cannot be split: `fit` unwraps there instead of lifting.
    const [fitted] = this.fit(doc, true);
    doc.content = fitted.content ?? [];
  }

  private reportOnce(child: AdfJson, code: string, message: string, suggestion?: string): void {
    if (this.reported.has(child)) return;
    this.reported.add(child);
    this.ctx.report(child, code, 'restructured', message, suggestion);
  }

  /**
   * Fits `n` and its subtree, and returns what replaces `n` in its parent: `[n]` when all
   * its children fit, or, around each child that must be lifted out, `n` split in two with
   * the child between the halves.
   */
  private fit(n: AdfJson, isRoot = false): AdfJson[] {
    const out: AdfJson[] = [];
    this.fitInto(n, out, isRoot);
    return out;
  }

  /**
   * `fit`, appending what replaces `n` to `dest`. The usual container, whose fitted children
   * all match its content expression in order, is settled in one pass with no allocation
   * beyond its new content array; anything else goes to `reshape`.
   */
  private fitInto(n: AdfJson, dest: AdfJson[], isRoot: boolean): void {
    const type = nodeType(n.type);
    if (!type || type.isLeaf) {
      dest.push(n);
      return;
    }
    if (type.isTextblock || type.inlineContent) {
      dest.push(n);
      this.inline(n, type, dest);
      return;
    }
    // Children are fitted onto the shared stack; the container keeps its own content array
    // when each child came back as itself alone (nearly always), so nothing is copied.
    const content = n.content;
    const stack = this.stack;
    const base = stack.length;
    let changed = content === undefined;
    if (content) {
      for (let i = 0; i < content.length; i++) {
        const at = stack.length;
        this.fitInto(content[i], stack, false);
        if (stack.length !== at + 1 || stack[at] !== content[i]) changed = true;
      }
    }
    const kids = changed ? stack.slice(base) : content!;
    stack.length = base;
    let match: ContentMatch = type.contentMatch;
    let placed = 0;
    for (; placed < kids.length; placed++) {
      const childType = nodeType(kids[placed].type);
      if (!childType || childType.isInline) break;
      const next = match.matchType(childType);
      if (!next) break;
      match = next;
    }
    if (placed === kids.length && match.validEnd) {
      if (n.attrs === undefined) delete n.attrs;
      n.content = kids;
      dest.push(n);
      return;
    }
    // `reshape` splices its list: never the node's own array.
    this.reshape(n, type, kids === content ? kids.slice() : kids, placed, match, dest, isRoot);
  }

  /**
   * Places the children of `n` from `kids[placed]` on (the ones before already fit, leaving
   * `match`), and appends the pieces that replace `n` to `dest`: `n` split around each child
   * that must be lifted out. Splitting keeps the reading order: the text before the lifted
   * child stays before it, the text after it stays after it.
   */
  private reshape(n: AdfJson, type: NodeType, kids: AdfJson[], placed: number, start: ContentMatch, dest: AdfJson[], isRoot: boolean): void {
    const pieces: AdfJson[] = [];
    let out: AdfJson[] = kids.slice(0, placed);
    let match: ContentMatch = start;
    let run: AdfJson[] = [];
    const paragraphType = nodeType('paragraph')!;
    const place = (child: AdfJson, next: ContentMatch) => {
      out.push(child);
      match = next;
    };
    const closePiece = () => {
      if (!match.validEnd) {
        for (const filler of fillFor(match)) out.push(JSON.parse(JSON.stringify(filler)) as AdfJson);
      }
      // An empty piece after a lifted child is dropped; the first piece keeps the node's attributes (a title).
      if (pieces.length === 0 || out.some(hasContent)) {
        const piece: AdfJson = pieces.length === 0 ? n : { ...n, attrs: n.attrs ? { ...n.attrs } : undefined };
        if (piece.attrs === undefined) delete piece.attrs;
        // Each half of a split node needs its own local id.
        else if (piece !== n && typeof piece.attrs.localId === 'string' && piece.attrs.localId) piece.attrs.localId += `-${pieces.length}`;
        piece.content = out;
        if (pieces.length === 0 || out.length > 0) pieces.push(piece);
      }
      out = [];
      match = type.contentMatch;
    };
    const lift = (child: AdfJson) => {
      closePiece();
      pieces.push(child);
    };
    const flushRun = () => {
      if (run.length === 0) return;
      const para = paragraph(run);
      run = [];
      // A run holds inline nodes only: nothing overflows.
      this.inline(para, paragraphType, undefined);
      const next = match.matchType(paragraphType);
      if (next) place(para, next);
      else lift(para);
    };

    for (let i = placed; i < kids.length; i++) {
      const child = kids[i];
      const childType = nodeType(child.type);
      if (!childType) continue;
      if (childType.isInline && !type.inlineContent) {
        run.push(child);
        continue;
      }
      flushRun();
      const direct = match.matchType(childType);
      if (direct) {
        place(child, direct);
        continue;
      }
      // Expands have a nested twin for inside tables and other expands.
      const twin = child.type === 'expand' ? 'nestedExpand' : child.type === 'nestedExpand' ? 'expand' : undefined;
      const twinMatch = twin ? match.matchType(nodeType(twin)!) : null;
      if (twin && twinMatch) {
        child.type = twin;
        kids.splice(i, 1, ...this.fit(child));
        i--;
        continue;
      }
      // A list item must start with a paragraph: an empty one makes room for what follows.
      const viaParagraph = match.matchType(paragraphType)?.matchType(childType);
      if (viaParagraph) {
        out.push(paragraph());
        place(child, viaParagraph);
        continue;
      }
      if (child.type === 'heading' && match.matchType(paragraphType)) {
        this.reportOnce(child, 'heading-not-allowed', `a heading inside a ${describe(n.type)} became bold text`);
        kids.splice(i + 1, 0, demoteHeading(child));
        continue;
      }
      if (!isRoot && !UNWRAP.has(child.type) && !unwrapsInPlace(child.type, n.type)) {
        this.reportOnce(
          child,
          `${child.type}-in-${n.type}`,
          `a ${describe(child.type)} inside a ${describe(n.type)} cannot be represented: the ${describe(n.type)} was split around it`,
          'check that the split reads well',
        );
        lift(child);
        continue;
      }
      if (child.content && child.content.length > 0) {
        this.reportOnce(
          child,
          `${child.type}-in-${n.type}`,
          `a ${describe(child.type)} inside a ${describe(n.type)} cannot be represented: its content was kept in place without it`,
        );
        kids.splice(i + 1, 0, ...unwrap(child));
        continue;
      }
      // A leaf with no text that nothing here can hold (a rule in a list at the root).
      this.reportOnce(child, `${child.type}-dropped`, `a ${describe(child.type)} could not be placed and was left out`);
    }
    flushRun();
    closePiece();
    for (const piece of pieces) dest.push(piece);
  }

  /**
   * Fits inline children: allowed nodes and marks only. Blocks are lifted out, fitted, and
   * appended to `overflow` (which comes right after `n` in its parent).
   */
  private inline(n: AdfJson, type: NodeType, overflow: AdfJson[] | undefined): void {
    const content = n.content;
    if (!content) return;
    // Fitted in place: the content array is the converter's own, held by `n` alone.
    let kept = 0;
    const code = !!type.spec.code;
    for (let i = 0; i < content.length; i++) {
      const child = content[i];
      const childType = nodeType(child.type);
      if (!childType) continue;
      if (!childType.isInline) {
        this.fitInto(child, overflow ?? [], false);
        continue;
      }
      if (code) {
        // Code blocks hold plain text only.
        const text = child.type === 'text' ? child.text! : child.type === 'hardBreak' ? '\n' : '';
        if (text) content[kept++] = { type: 'text', text };
        continue;
      }
      if (!type.contentMatch.matchType(childType)) {
        const text = child.type === 'text' ? child.text : typeof child.attrs?.text === 'string' ? (child.attrs.text as string) : '';
        if (text) content[kept++] = { type: 'text', text };
        continue;
      }
      if (child.type === 'text') {
        if (!child.text) continue;
        // Text nodes are the converter's own and belong to this parent only: fitted in place.
        const marks = fitMarks(type, child.marks);
        if (marks) child.marks = marks;
        else delete child.marks;
        content[kept++] = child;
        continue;
      }
      // Other inline nodes are copied, as they always were (their source range stays with
      // the converter's node).
      const fitted: AdfJson = { ...child };
      delete fitted.marks;
      content[kept++] = fitted;
    }
    if (kept > 0) content.length = kept;
    else delete n.content;
  }
}
