import { decodeText } from '../storage/entities';
import type { XmlElement } from '../storage/tree';
import { textContent } from '../storage/walk';

/**
 * The decoded text of an element holding text only, read from the page between its tags;
 * anything else (child elements, comments, CDATA) goes through `textContent`.
 */
export function leafText(el: XmlElement, source: string | undefined): string {
  if (source === undefined || el.elements.length > 0) return textContent(el);
  if (el.selfClosing) return '';
  const from = el.startTagEnd;
  const to = el.endTagStart;
  const lt = source.indexOf('<', from);
  return lt >= 0 && lt < to ? textContent(el) : decodeText(source.slice(from, to));
}
