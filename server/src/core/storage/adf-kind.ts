/**
 * Which ADF node each storage construct becomes in the Cloud editor, and which ADF node will
 * hold it. This is the one storage → ADF structure mapping of the project: the
 * `nested-bodied-macro` rule asks the schema about each (parent, child) pair it yields, and the
 * converter can walk the same placements to build its output.
 *
 * Three kinds of storage element:
 * - nodes, which become an ADF node (`p` → paragraph, `info` macro → panel, …);
 * - transparent wrappers, whose children belong to the wrapper's ADF parent
 *   (`ac:rich-text-body`, `ac:layout`, `ac:adf-extension`, `ac:adf-content`, `div`, `span`,
 *   `tbody`, inline formatting such as `strong`);
 * - opaque elements, which hold no document structure (macro parameters, plain-text bodies,
 *   `ac:adf-fallback`, resource identifiers, links): not looked into.
 *
 * Whether a type is inline, or holds inline content, comes from the official ProseMirror
 * schema. A block found inside inline content (a panel macro inside a `<p>`) is placed in the
 * textblock's parent, as the Cloud editor lifts it there.
 */
import { canContain } from '../adf/nesting';
import { adfSchema } from '../adf/pm-schema';
import { isMacroElement, macrosOf } from './macro';
import { builtInMacro } from './macro-catalog';
import type { StorageDocument, XmlElement } from './tree';
import { attr } from './walk';

/** What a storage element is in ADF terms. */
export type AdfKind =
  | { readonly kind: 'node'; readonly type: string }
  | { readonly kind: 'transparent' }
  | { readonly kind: 'opaque' };

const TRANSPARENT: AdfKind = { kind: 'transparent' };
const OPAQUE: AdfKind = { kind: 'opaque' };
// Kinds are immutable: one object per ADF type, so asking for a kind allocates nothing.
const nodeKinds = new Map<string, AdfKind>();
function node(type: string): AdfKind {
  let kind = nodeKinds.get(type);
  if (!kind) nodeKinds.set(type, (kind = { kind: 'node', type }));
  return kind;
}

/** Element name → ADF type, for elements whose type does not depend on context. */
const ELEMENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['p', 'paragraph'],
  ['h1', 'heading'],
  ['h2', 'heading'],
  ['h3', 'heading'],
  ['h4', 'heading'],
  ['h5', 'heading'],
  ['h6', 'heading'],
  ['ul', 'bulletList'],
  ['ol', 'orderedList'],
  ['li', 'listItem'],
  ['table', 'table'],
  ['tr', 'tableRow'],
  ['th', 'tableHeader'],
  ['td', 'tableCell'],
  ['blockquote', 'blockquote'],
  ['pre', 'codeBlock'],
  ['hr', 'rule'],
  ['br', 'hardBreak'],
  ['time', 'date'],
  ['ac:emoticon', 'emoji'],
  ['ac:placeholder', 'placeholder'],
  ['ac:layout-section', 'layoutSection'],
  ['ac:layout-cell', 'layoutColumn'],
  ['ac:task-list', 'taskList'],
  ['ac:task', 'taskItem'],
]);

/** `ac:` elements that only wrap content that belongs to their parent. */
const TRANSPARENT_AC = new Set([
  'ac:rich-text-body',
  'ac:layout',
  'ac:adf-extension',
  'ac:adf-content',
  'ac:task-body',
  'ac:inline-comment-marker',
]);

/** HTML elements that hold no document structure of their own. */
const OPAQUE_HTML = new Set(['colgroup', 'col', 'caption', 'script', 'style']);

/** Macros with a native ADF node of their own (everything else is an extension). */
const MACRO_TYPES: ReadonlyMap<string, string> = new Map([
  ['code', 'codeBlock'],
  ['noformat', 'codeBlock'],
  ['info', 'panel'],
  ['tip', 'panel'],
  ['note', 'panel'],
  ['warning', 'panel'],
  ['panel', 'panel'],
  ['section', 'layoutSection'],
  ['column', 'layoutColumn'],
  ['status', 'status'],
]);

/** ADF parents in which Cloud stores an `expand` macro as `nestedExpand`. */
const NESTED_EXPAND_PARENTS = new Set(['tableCell', 'tableHeader', 'expand', 'nestedExpand']);

function isSchemaType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(adfSchema.nodes, type);
}

/** Whether an ADF node type is inline (text-level), per the official schema. */
export function isInlineAdfType(type: string): boolean {
  return isSchemaType(type) && adfSchema.nodes[type as keyof typeof adfSchema.nodes].isInline;
}

/** Whether an ADF node type holds inline content (paragraph, heading, codeBlock, taskItem, …), per the schema. */
export function holdsInlineContent(type: string): boolean {
  return isSchemaType(type) && adfSchema.nodes[type as keyof typeof adfSchema.nodes].inlineContent;
}

/**
 * The ADF node type of a macro, from its storage name and whether it has a rich-text body.
 * `parentType` is the ADF type that will hold it and `inline` says whether it sits in inline
 * content: `expand` is `nestedExpand` inside a table cell or another expand, and a macro
 * without a rich body is an `inlineExtension` inside text.
 */
export function macroAdfType(name: string, hasRichBody: boolean, parentType: string, inline: boolean): string {
  if (name === 'expand') return NESTED_EXPAND_PARENTS.has(parentType) ? 'nestedExpand' : 'expand';
  const native = MACRO_TYPES.get(name);
  if (native) return native;
  if (hasRichBody || builtInMacro(name)?.body === 'rich') return 'bodiedExtension';
  return inline ? 'inlineExtension' : 'extension';
}

const isRichBody = (el: XmlElement) => el.name === 'ac:rich-text-body';

/** `decision-list` → `decisionList`: Cloud writes ADF names in kebab case in `ac:adf-node`. */
const camelCase = (kebab: string) => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** What one storage element becomes in ADF; see the file comment. */
export function adfKindOf(el: XmlElement, parentType: string, inline: boolean): AdfKind {
  return kindOf(el, parentType, inline, isMacroElement(el) ? (attr(el, 'ac:name') ?? '') : undefined);
}

/** `adfKindOf` with the macro name already known (undefined for an element that is no macro). */
function kindOf(el: XmlElement, parentType: string, inline: boolean, macroName: string | undefined): AdfKind {
  if (macroName !== undefined) {
    // Only the name and the body matter here: cheaper than a full `asMacro` view.
    return node(macroAdfType(macroName, el.elements.some(isRichBody), parentType, inline));
  }
  const fixed = ELEMENT_TYPES.get(el.name);
  if (fixed) return node(fixed);
  if (el.name === 'ac:image') return node(inline ? 'mediaInline' : 'mediaSingle');
  if (el.name === 'ac:adf-node') {
    // Unknown node types (newer than our schema) are looked through rather than guessed at.
    const type = camelCase(attr(el, 'type') ?? '');
    return isSchemaType(type) ? node(type) : TRANSPARENT;
  }
  if (TRANSPARENT_AC.has(el.name)) return TRANSPARENT;
  if (el.name.includes(':') || OPAQUE_HTML.has(el.name)) return OPAQUE;
  return TRANSPARENT;
}

/** One storage element that becomes an ADF node, with the ADF node that will hold it. */
export interface AdfPlacement {
  readonly element: XmlElement;
  readonly type: string;
  /**
   * The ADF type of the holder: `doc` at the top level. For a block inside inline content it
   * is the textblock's parent (where Cloud lifts it). For an inline node outside any textblock
   * it is the block container, which Cloud fills with an implicit paragraph.
   */
  readonly parentType: string;
  /** The storage element of the holder; undefined for `doc`. */
  readonly parentElement: XmlElement | undefined;
  /** True when the node is inline (text-level) per the schema. */
  readonly inline: boolean;
}

interface Holder {
  readonly type: string;
  readonly element: XmlElement | undefined;
}

/** Where an element's content goes: the nearest block container, and the textblock when inside inline content. */
interface Context {
  readonly block: Holder;
  readonly textblock: Holder | undefined;
}

/** The names of every element that can become an ADF node (see `adfKindOf`); all others are wrappers or opaque. */
const NODE_ELEMENTS: readonly string[] = [...ELEMENT_TYPES.keys(), 'ac:structured-macro', 'ac:macro', 'ac:image', 'ac:adf-node'];

/** NODE_ELEMENTS less the elements that are always inline nodes (`br`, `time`, emoticons, placeholders). */
const BLOCK_NODE_ELEMENTS: readonly string[] = NODE_ELEMENTS.filter((name) => {
  const type = ELEMENT_TYPES.get(name);
  return type === undefined || !isInlineAdfType(type);
});

/**
 * Elements whose ADF type never depends on context and whose children are held by the element
 * itself (block nodes that hold blocks, not inline content), with that type.
 */
const BLOCK_HOLDER_TYPES: ReadonlyMap<string, string> = new Map(
  [...ELEMENT_TYPES].filter(([, type]) => !isInlineAdfType(type) && !holdsInlineContent(type)),
);

/** More than the number of names in NODE_ELEMENTS: the low part of a merge key. */
const LIST_SLOTS = 64;

const TOP: Context = { block: { type: 'doc', element: undefined }, textblock: undefined };

/**
 * The contexts of one page's elements, filled in along parent chains as candidates need them.
 * `inner` is the context an element's children sit in, null when they are not part of the
 * document structure (inside an opaque element, an inline node, or a macro outside its bodies).
 */
class Contexts {
  private readonly inner: Map<XmlElement, Context | null>;
  private readonly missing: XmlElement[] = [];
  constructor(
    root: XmlElement,
    private readonly macroNames: ReadonlyMap<XmlElement, string>,
  ) {
    this.inner = new Map([[root, TOP]]);
  }

  kindIn(el: XmlElement, around: Context): AdfKind {
    return kindOf(el, around.block.type, around.textblock !== undefined, this.macroNames.get(el));
  }

  /** The context `el` sits in: its parent's `inner`, filling in missing ancestors top-down (iteratively: pages nest deep). */
  of(el: XmlElement): Context | null {
    const parent = el.parent;
    if (!parent) return null;
    const known = this.inner.get(parent);
    if (known !== undefined) return known;
    const missing = this.missing;
    let p: XmlElement | undefined = parent;
    for (; p && !this.inner.has(p); p = p.parent) missing.push(p);
    if (!p) {
      missing.length = 0;
      return null; // not below this document's root
    }
    while (missing.length > 0) {
      const m = missing.pop()!;
      this.inner.set(m, this.innerOf(m));
    }
    return this.inner.get(parent)!;
  }

  /** `inner` of one element whose ancestors' `inner` is known. */
  private innerOf(el: XmlElement): Context | null {
    // Only a macro's rich bodies hold content; its parameters and plain body do not.
    if (this.macroNames.has(el)) return null;
    const parent = el.parent!;
    if (isRichBody(el) && this.macroNames.has(parent)) {
      const around = this.inner.get(parent.parent!);
      if (!around) return null;
      const kind = this.kindIn(parent, around);
      return kind.kind === 'node' ? contentOf(parent, kind.type, around) : null;
    }
    const around = this.inner.get(parent);
    if (!around) return null;
    const kind = this.kindIn(el, around);
    if (kind.kind === 'opaque') return null;
    if (kind.kind === 'transparent') return around;
    return contentOf(el, kind.type, around);
  }
}

/** What a node element's own content sits in, given the context of the node itself. */
function contentOf(el: XmlElement, type: string, around: Context): Context | null {
  if (isInlineAdfType(type)) return null; // inline nodes hold no document structure
  const self: Holder = { type, element: el };
  return holdsInlineContent(type) ? { block: around.block, textblock: self } : { block: self, textblock: undefined };
}

/** The page's elements that can become ADF nodes, in document order, from its name index. */
function candidatesOf(doc: StorageDocument): readonly XmlElement[] {
  const lists: (readonly XmlElement[])[] = [];
  let total = 0;
  for (const name of NODE_ELEMENTS) {
    const list = doc.elementsNamed(name);
    if (list.length === 0) continue;
    lists.push(list);
    total += list.length;
  }
  if (lists.length <= 1) return lists[0] ?? [];
  // A k-way merge by one numeric sort: each key is a start offset with its list's number in the
  // low bits, and each list is already in document order, so the n-th key of list i is list[i][n].
  const keys = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < lists.length; i++) for (const el of lists[i]) keys[k++] = el.start * LIST_SLOTS + i;
  keys.sort();
  const next = new Int32Array(lists.length);
  const out: XmlElement[] = [];
  for (const key of keys) {
    const i = key % LIST_SLOTS;
    out.push(lists[i][next[i]++]);
  }
  return out;
}

/**
 * Visits every storage element of the page that becomes an ADF node, in document order, with
 * its ADF type and holder. `ac:adf-fallback` is opaque (it is a rendered copy of content that is
 * already visited).
 *
 * Only elements that can become nodes are looked at, from the document's name index; the
 * context each one sits in comes from its parent chain, computed once per ancestor and kept, so
 * the cost is linear in those elements and their ancestors however deep the page nests.
 */
export function walkAdfPlacements(doc: StorageDocument, visit: (placement: AdfPlacement) => void): void {
  const candidates = candidatesOf(doc);
  if (candidates.length === 0) return;
  const contexts = contextsOf(doc);
  for (const el of candidates) {
    const placement = placementOf(contexts, el);
    if (placement) visit(placement);
  }
}

/**
 * Visits, in no particular order, the block nodes of the page that the official schema does not
 * allow in their ADF holder: `walkAdfPlacements` filtered by `canContain`, for the
 * `nested-bodied-macro` rule. Cheaper than the full walk: inline nodes are never misplaced and
 * not looked at, and an element whose parent is an HTML block container that may hold it
 * (`p` in `td`, `li` in `ul`, anything allowed at the top level) is accepted without its
 * context, since either that parent holds it or neither of them is part of the document.
 */
export function walkMisplacedAdfNodes(doc: StorageDocument, visit: (placement: AdfPlacement) => void): void {
  let contexts: Contexts | undefined;
  const root = doc.root;
  for (const name of BLOCK_NODE_ELEMENTS) {
    const list = doc.elementsNamed(name);
    if (list.length === 0) continue;
    const fixed = ELEMENT_TYPES.get(name);
    for (const el of list) {
      if (fixed !== undefined) {
        const parent = el.parent;
        const holder = parent === root ? 'doc' : parent && BLOCK_HOLDER_TYPES.get(parent.name);
        if (holder && canContain(holder, fixed)) continue;
      }
      contexts ??= contextsOf(doc);
      const placement = placementOf(contexts, el);
      if (placement && !placement.inline && !canContain(placement.parentType, placement.type)) visit(placement);
    }
  }
}

function contextsOf(doc: StorageDocument): Contexts {
  const macros = macrosOf(doc);
  const macroNames = new Map<XmlElement, string>();
  for (let i = 0; i < macros.elements.length; i++) macroNames.set(macros.elements[i], macros.names[i]);
  return new Contexts(doc.root, macroNames);
}

/** Where one candidate element goes in ADF, or undefined when it is no node or not part of the document. */
function placementOf(contexts: Contexts, el: XmlElement): AdfPlacement | undefined {
  const around = contexts.of(el);
  if (!around) return undefined;
  const kind = contexts.kindIn(el, around);
  if (kind.kind !== 'node') return undefined;
  const inline = isInlineAdfType(kind.type);
  let holder = inline ? (around.textblock ?? around.block) : around.block;
  // Content of a section macro outside its columns is shown inside the section, and the
  // layout rewrite moves it into a cell: it is held by a column, not by the section.
  if (holder.type === 'layoutSection' && kind.type !== 'layoutColumn' && holder.element && isMacroElement(holder.element)) {
    holder = { type: 'layoutColumn', element: holder.element };
  }
  return { element: el, type: kind.type, parentType: holder.type, parentElement: holder.element, inline };
}
