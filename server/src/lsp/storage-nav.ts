/**
 * Finding things by offset in a parsed storage page, without recursion (pages nest
 * 10,000 deep) and without scanning long sibling lists (children are in offset order).
 */
import type { XmlElement, XmlNode } from '../core/storage/tree';
import { isMacroElement } from '../core/storage/macro';

/** The last child starting at or before `offset`, by binary search. */
function childAt(children: readonly XmlNode[], offset: number): XmlNode | undefined {
  let lo = 0;
  let hi = children.length - 1;
  let found: XmlNode | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid].start <= offset) {
      found = children[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The innermost element with start ≤ offset < end, or the document root. */
export function elementAt(root: XmlElement, offset: number): XmlElement {
  let el = root;
  for (;;) {
    const child = childAt(el.children, offset);
    if (!child || child.kind !== 'element' || offset >= child.end) return el;
    el = child;
  }
}

/** The nearest macro element at or above `el`. */
export function enclosingMacro(el: XmlElement | undefined): XmlElement | undefined {
  for (let e = el; e; e = e.parent) if (isMacroElement(e)) return e;
  return undefined;
}
