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
import { isMacroElement } from './macro';
import { builtInMacro } from './macro-catalog';
import type { StorageDocument, XmlElement } from './tree';
import { attr } from './walk';

/** What a storage element is in ADF terms. */
export type AdfKind =
  | { readonly kind: 'node'; readonly type: string }
  | { readonly kind: 'transparent' }
  | { readonly kind: 'opaque' };

/** A node kind with what the schema says about its type, so the walk asks the schema once per type. */
interface NodeKind {
  readonly kind: 'node';
  readonly type: string;
  readonly inline: boolean;
  readonly inlineContent: boolean;
}
type Kind = NodeKind | { readonly kind: 'transparent' } | { readonly kind: 'opaque' };

const TRANSPARENT: Kind = { kind: 'transparent' };
const OPAQUE: Kind = { kind: 'opaque' };
// Kinds are immutable: one object per ADF type, so asking for a kind allocates nothing.
const nodeKinds = new Map<string, NodeKind>();
function node(type: string): NodeKind {
  let kind = nodeKinds.get(type);
  if (!kind) nodeKinds.set(type, (kind = { kind: 'node', type, inline: isInlineAdfType(type), inlineContent: holdsInlineContent(type) }));
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
function kindOf(el: XmlElement, parentType: string, inline: boolean, macroName: string | undefined): Kind {
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

const FALLBACK = 'ac:adf-fallback';
const RICH_BODY = 'ac:rich-text-body';
/** Fields per element in the walk's scratch array: holder of its content, textblock of its content, macro flag. */
const SLOTS = 3;
const NONE = -1;

/** One placement as indexes into the document (see `AdfPlacement`); the holder is 0 for `doc`. */
type IndexVisitor = (index: number, type: string, parentType: string, parentIndex: number, inline: boolean) => void;

/**
 * The walk behind both exports, over the document's element records rather than element
 * objects: elements are numbered in document order with parents first, so one pass computes
 * where each element's content goes (its ADF holder and textblock, stored by index) and skips
 * whatever is not document structure (opaque elements, inline nodes, a macro's parameters and
 * plain body, `ac:adf-fallback`) with one jump. Element objects are made only for macros and
 * `ac:adf-node` (their attributes decide their type) and for what the visitor asks for.
 */
function walkIndexes(doc: StorageDocument, visit: IndexVisitor): void {
  const n = doc.elementCount;
  if (n === 0) return;
  // Per element: [holder of its content (NONE: its content is no document structure), textblock, is a macro].
  const scratch = new Int32Array((n + 1) * SLOTS);
  const types: string[] = ['doc'];
  scratch[1] = NONE; // the root: held by doc (index 0), no textblock
  for (let i = 1; i <= n; ) {
    const name = doc.nameOf(i);
    const p = doc.parentOf(i);
    const at = i * SLOTS;
    const parentAt = p * SLOTS;
    if (scratch[parentAt + 2] === 1) {
      // A macro's own children: only its rich bodies hold content, with the macro's content context.
      if (name !== RICH_BODY) {
        i = doc.subtreeEndOf(i);
        continue;
      }
      scratch[at] = scratch[parentAt];
      scratch[at + 1] = scratch[parentAt + 1];
      i++;
      continue;
    }
    const block = scratch[parentAt];
    const textblock = scratch[parentAt + 1];
    const byName = nameKind(name);
    const kind =
      byName === MACRO ? macroKind(doc, i, types[block], textblock !== NONE) : byName === BY_ATTRIBUTES ? kindOf(doc.elementAt(i), types[block], textblock !== NONE, undefined) : byName;
    if (kind.kind === 'opaque') {
      i = doc.subtreeEndOf(i);
      continue;
    }
    if (kind.kind === 'transparent') {
      scratch[at] = block;
      scratch[at + 1] = textblock;
      i++;
      continue;
    }
    const type = kind.type;
    const inline = kind.inline;
    const holder = inline && textblock !== NONE ? textblock : block;
    let holderType = types[holder];
    // Content of a section macro outside its columns is shown inside the section, and the
    // layout rewrite moves it into a cell: it is held by a column, not by the section.
    if (holderType === 'layoutSection' && type !== 'layoutColumn' && scratch[holder * SLOTS + 2] === 1) holderType = 'layoutColumn';
    visit(i, type, holderType, holder, inline);
    if (inline) {
      i = doc.subtreeEndOf(i); // inline nodes hold no document structure
      continue;
    }
    types[i] = type;
    if (kind.inlineContent) {
      scratch[at] = block;
      scratch[at + 1] = i;
    } else {
      scratch[at] = i;
      scratch[at + 1] = NONE;
    }
    if (byName === MACRO) scratch[at + 2] = 1;
    i++;
  }
}

const MACRO_ELEMENTS = new Set(['ac:structured-macro', 'ac:macro']);

/** Element names whose kind needs the element: a macro (its name and body), `ac:image` and `ac:adf-node` (their attributes). */
const MACRO = 1;
const BY_ATTRIBUTES = 2;
type NameKind = Kind | typeof MACRO | typeof BY_ATTRIBUTES;

// What each element name says about its kind, asked once per name rather than of five tables
// per element. Names come from pages, so the table stops growing at a size real pages never reach.
const nameKinds = new Map<string, NameKind>();
const MAX_NAME_KINDS = 4096;

function nameKind(name: string): NameKind {
  let kind = nameKinds.get(name);
  if (kind === undefined) {
    kind = classify(name);
    if (nameKinds.size < MAX_NAME_KINDS) nameKinds.set(name, kind);
  }
  return kind;
}

/** `kindOf` for what the name alone decides. */
function classify(name: string): NameKind {
  if (name === FALLBACK) return OPAQUE;
  if (MACRO_ELEMENTS.has(name)) return MACRO;
  const fixed = ELEMENT_TYPES.get(name);
  if (fixed) return node(fixed);
  if (name === 'ac:image' || name === 'ac:adf-node') return BY_ATTRIBUTES;
  if (TRANSPARENT_AC.has(name)) return TRANSPARENT;
  if (name.includes(':') || OPAQUE_HTML.has(name)) return OPAQUE;
  return TRANSPARENT;
}

/** The kind of macro element `i`: its name from its tag, and whether it has a rich body from the records. */
function macroKind(doc: StorageDocument, i: number, parentType: string, inline: boolean): NodeKind {
  let rich = false;
  for (let j = i + 1, end = doc.subtreeEndOf(i); j < end && !rich; j = doc.subtreeEndOf(j)) rich = doc.nameOf(j) === RICH_BODY;
  return node(macroAdfType(doc.elementAt(i).attribute('ac:name') ?? '', rich, parentType, inline));
}

/**
 * Visits every storage element of the page that becomes an ADF node, in document order, with
 * its ADF type and holder. `ac:adf-fallback` is opaque (it is a rendered copy of content that is
 * already visited). Linear in the number of elements, and iterative: nesting depth is no risk.
 */
export function walkAdfPlacements(doc: StorageDocument, visit: (placement: AdfPlacement) => void): void {
  walkIndexes(doc, (i, type, parentType, holder, inline) =>
    visit({ element: doc.elementAt(i), type, parentType, parentElement: holder === 0 ? undefined : doc.elementAt(holder), inline }),
  );
}

/**
 * Visits the block nodes of the page that the official schema does not allow in their ADF
 * holder (`walkAdfPlacements` filtered by `canContain`), for the `nested-bodied-macro` rule:
 * element objects are made only for those.
 */
export function walkMisplacedAdfNodes(doc: StorageDocument, visit: (placement: AdfPlacement) => void): void {
  walkIndexes(doc, (i, type, parentType, holder, inline) => {
    if (inline || canContain(parentType, type)) return;
    visit({ element: doc.elementAt(i), type, parentType, parentElement: holder === 0 ? undefined : doc.elementAt(holder), inline });
  });
}
