/**
 * The simulator's deliberately trivial body conversion. The simulator keeps the body exactly
 * as written; a read in the other representation gets a TEXT-ONLY rendering: one paragraph
 * per top-level block (storage → ADF paragraphs of the block's text; ADF → `<p>` of each
 * top-level node's text). Macros, marks, tables and attributes are dropped, so tests must
 * compare bodies in the representation they wrote. The real converter lives in
 * server/src/core/convert and is not used here on purpose: the simulator models the server,
 * not our own conversion.
 */
import type { SimRepresentation } from './options';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

function adfText(node: any): string {
  if (!node || typeof node !== 'object') return '';
  if (typeof node.text === 'string') return node.text;
  return Array.isArray(node.content) ? node.content.map(adfText).join('') : '';
}

// Text of each top-level block of a storage fragment.
function storageBlocks(storage: string): string[] {
  const blocks = storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, t: string) => escapeXml(t))
    .split(/<\/(?:p|h[1-6]|li|tr|pre|blockquote)>|<br\s*\/?>/i)
    .map((b) => decodeEntities(b.replace(/<[^>]*>/g, '')).trim())
    .filter((b) => b.length > 0);
  return blocks;
}

/** Converts `value` from one representation to the other (text only, see above). */
export function convertBody(value: string, from: SimRepresentation, to: SimRepresentation): string {
  if (from === to) return value;
  if (from === 'storage') {
    const content = storageBlocks(value).map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] }));
    return JSON.stringify({ type: 'doc', version: 1, content });
  }
  let doc: any;
  try {
    doc = JSON.parse(value);
  } catch {
    return '';
  }
  const blocks: any[] = Array.isArray(doc?.content) ? doc.content : [];
  return blocks
    .map(adfText)
    .filter((t) => t.length > 0)
    .map((t) => `<p>${escapeXml(t)}</p>`)
    .join('');
}
