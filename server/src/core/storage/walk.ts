/**
 * Iterative tree walks. Pages can nest 10,000 levels deep, so nothing here recurses.
 * `ac:adf-fallback` holds a pre-rendered copy of Cloud content for old renderers; it is
 * skipped by default because analysing it would report everything twice.
 */
import { walkCompact } from './compact-tree';
import type { XmlElement, XmlNode } from './tree';

export interface WalkOptions {
  /** Also visit the inside of `ac:adf-fallback` (default false). */
  readonly includeFallback?: boolean;
}

const nameIndexes = new WeakMap<XmlElement, Map<string, XmlElement[]>>();

/** The document's elements grouped by name, in document order, fallback copies left out. */
export function elementsByName(root: XmlElement): ReadonlyMap<string, readonly XmlElement[]> {
  let index = nameIndexes.get(root);
  if (!index) {
    const built = new Map<string, XmlElement[]>();
    walkElements(root, (el) => {
      const list = built.get(el.name);
      if (list) list.push(el);
      else built.set(el.name, [el]);
    });
    nameIndexes.set(root, built);
    index = built;
  }
  return index;
}

/** Visits every element below `root` in document order. Return `false` to skip an element's children. */
export function walkElements(root: XmlElement, visit: (el: XmlElement) => boolean | void, options: WalkOptions = {}): void {
  // A parsed document's elements are walked from its records, creating only the visited views.
  if (walkCompact(root, visit, options.includeFallback === true)) return;
  const stack: XmlElement[] = [];
  for (let i = root.elements.length - 1; i >= 0; i--) stack.push(root.elements[i]);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!options.includeFallback && node.name === 'ac:adf-fallback') continue;
    if (visit(node) === false) continue;
    const kids = node.elements;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/** Every element below `root` with the given qualified name, in document order. */
export function elementsNamed(root: XmlElement, ...names: string[]): XmlElement[] {
  const out: XmlElement[] = [];
  walkElements(root, (el) => {
    if (names.includes(el.name)) out.push(el);
  });
  return out;
}

/** The value of an attribute, or undefined. */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attribute(name);
}

/** Direct element children with the given name. */
export function childElements(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.elements) if (name === undefined || c.name === name) out.push(c);
  return out;
}

/** Decoded text content of an element (text and CDATA), iteratively. */
export function textContent(el: XmlElement): string {
  let out = '';
  const stack: XmlNode[] = [el];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'text' || node.kind === 'cdata') out += node.value;
    else if (node.kind === 'element') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/** Ancestors of an element from its parent up to (not including) the document root. */
export function ancestors(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let p = el.parent; p && p.name !== '#document'; p = p.parent) out.push(p);
  return out;
}
