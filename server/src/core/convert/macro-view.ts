/**
 * The parts of a macro element the converter reads, gathered in one pass over its child
 * elements and one read of its attributes (`asMacro` serves the rules, which need ranges;
 * it walks the children three times and the converter then a fourth for the bodies).
 */
import type { MacroParam } from '../storage/macro';
import type { XmlAttribute, XmlElement } from '../storage/tree';
import { leafText } from './leaf-text';

export interface MacroView {
  readonly element: XmlElement;
  readonly name: string;
  /** The macro element's attributes, read once. */
  readonly attributes: readonly XmlAttribute[];
  readonly params: readonly MacroParam[];
  /** Every `ac:rich-text-body` (some macros, e.g. details, were seen with more than one). */
  readonly richBodies: readonly XmlElement[];
  readonly richBody: XmlElement | undefined;
  readonly plainBody: XmlElement | undefined;
}

/** A parameter whose text is decoded on first use. */
class Param implements MacroParam {
  private text: string | undefined;
  constructor(
    readonly element: XmlElement,
    readonly name: string,
    /** The page text, when `element` belongs to the page being converted. */
    private readonly source: string | undefined,
  ) {}
  get value(): string {
    this.text ??= leafText(this.element, this.source);
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
 * The macro view of an element, or undefined if it is not a macro element. `source` is the
 * page text when `el` belongs to the page being converted (parameter text is read from it).
 */
export function macroView(el: XmlElement, source?: string): MacroView | undefined {
  if (el.name !== 'ac:structured-macro' && el.name !== 'ac:macro') return undefined;
  const attributes = el.attributes;
  let name = '';
  for (const a of attributes) {
    if (a.name === 'ac:name') {
      name = a.value;
      break;
    }
  }
  const params: MacroParam[] = [];
  const richBodies: XmlElement[] = [];
  let plainBody: XmlElement | undefined;
  for (const child of el.elements) {
    const childName = child.name;
    if (childName === 'ac:parameter') params.push(new Param(child, child.attribute('ac:name') ?? '', source));
    else if (childName === 'ac:default-parameter') params.push(new Param(child, '', source));
    else if (childName === 'ac:rich-text-body') richBodies.push(child);
    else if (childName === 'ac:plain-text-body') plainBody ??= child;
  }
  return { element: el, name, attributes, params, richBodies, richBody: richBodies[0], plainBody };
}

/** A parameter by name (case-sensitive, as Confluence stores them). */
export function macroParam(macro: MacroView, name: string): MacroParam | undefined {
  for (const p of macro.params) if (p.name === name) return p;
  return undefined;
}
