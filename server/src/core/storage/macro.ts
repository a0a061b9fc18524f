/**
 * A read-only view of a macro element, covering both the current `ac:structured-macro`
 * and the Confluence 4.0-era `ac:macro` form, which real pages still contain.
 */
import type { StorageDocument, XmlAttribute, XmlElement } from './tree';
import { textContent } from './walk';

export interface MacroParam {
  readonly element: XmlElement;
  /** `''` for the unnamed default parameter. */
  readonly name: string;
  /** Decoded text of the parameter. */
  readonly value: string;
  /** Offsets of the parameter's content (between its tags). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface Macro {
  readonly element: XmlElement;
  readonly name: string;
  /** The `ac:name` attribute (for ranges); undefined when it is missing. */
  readonly nameAttribute: XmlAttribute | undefined;
  /** True for the old `ac:macro` element. */
  readonly legacyElement: boolean;
  readonly params: readonly MacroParam[];
  readonly richBody: XmlElement | undefined;
  readonly plainBody: XmlElement | undefined;
}

const MACRO_ELEMENTS = new Set(['ac:structured-macro', 'ac:macro']);

export function isMacroElement(el: XmlElement): boolean {
  return MACRO_ELEMENTS.has(el.name);
}

/** A parameter whose text is decoded on first use: most rules only look at names. */
class Param implements MacroParam {
  private text: string | undefined;
  constructor(
    readonly element: XmlElement,
    readonly name: string,
  ) {}
  get value(): string {
    this.text ??= textContent(this.element);
    return this.text;
  }
  get valueStart(): number {
    return this.element.startTagEnd;
  }
  get valueEnd(): number {
    return this.element.endTagStart;
  }
}

/**
 * A macro whose parts are read on first use: most callers need only the name, or one
 * parameter, and each part costs a scan of the element's tags.
 */
class MacroView implements Macro {
  private nameAttr: XmlAttribute | null | undefined;
  private paramList: MacroParam[] | undefined;
  private bodies: [XmlElement | undefined, XmlElement | undefined] | undefined;
  constructor(
    readonly element: XmlElement,
    readonly name: string,
  ) {}
  get nameAttribute(): XmlAttribute | undefined {
    if (this.nameAttr === undefined) this.nameAttr = this.element.attributes.find((a) => a.name === 'ac:name') ?? null;
    return this.nameAttr ?? undefined;
  }
  get legacyElement(): boolean {
    return this.element.name === 'ac:macro';
  }
  get params(): readonly MacroParam[] {
    if (this.paramList === undefined) {
      const params: MacroParam[] = [];
      for (const child of this.element.elements) {
        if (child.name === 'ac:parameter' || child.name === 'ac:default-parameter') {
          const name = child.name === 'ac:default-parameter' ? '' : (child.attribute('ac:name') ?? '');
          params.push(new Param(child, name));
        }
      }
      this.paramList = params;
    }
    return this.paramList;
  }
  get richBody(): XmlElement | undefined {
    return this.body()[0];
  }
  get plainBody(): XmlElement | undefined {
    return this.body()[1];
  }
  private body(): [XmlElement | undefined, XmlElement | undefined] {
    if (this.bodies === undefined) {
      const kids = this.element.elements;
      this.bodies = [kids.find((c) => c.name === 'ac:rich-text-body'), kids.find((c) => c.name === 'ac:plain-text-body')];
    }
    return this.bodies;
  }
}

/** Views an element as a macro, or returns undefined if it is not one. */
export function asMacro(el: XmlElement): Macro | undefined {
  if (!MACRO_ELEMENTS.has(el.name)) return undefined;
  return new MacroView(el, el.attribute('ac:name') ?? '');
}

/** A parameter by name (case-sensitive, as Confluence stores them). */
export function param(macro: Macro, name: string): MacroParam | undefined {
  return macro.params.find((p) => p.name === name);
}

/** The macro elements of a page with their names, as every macro rule needs them. */
export interface PageMacros {
  /** Both macro elements (`ac:structured-macro`, `ac:macro`) in document order, `ac:adf-fallback` content left out. */
  readonly elements: readonly XmlElement[];
  /** The `ac:name` of each element, `''` when it has none. */
  readonly names: readonly string[];
}

// Four macro rules and the Jira macro list ask for the same page's macros in one lint; the
// document is immutable, so the list (and each name, read once from its tag) is kept with it.
const pageMacros = new WeakMap<StorageDocument, PageMacros>();

/** Every macro of the page, from the document's name index (no walk over other elements). */
export function macrosOf(doc: StorageDocument): PageMacros {
  let found = pageMacros.get(doc);
  if (!found) {
    const elements = inDocumentOrder(doc.elementsNamed('ac:structured-macro'), doc.elementsNamed('ac:macro'));
    found = { elements, names: elements.map((el) => el.attribute('ac:name') ?? '') };
    pageMacros.set(doc, found);
  }
  return found;
}

/** Merges two lists of elements of one document, each in document order (elements start in that order). */
function inDocumentOrder(a: readonly XmlElement[], b: readonly XmlElement[]): readonly XmlElement[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: XmlElement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i].start <= b[j].start ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}
