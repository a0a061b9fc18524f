/**
 * A flat, iterative scan for the nesting depth of JSON text. jsonc-parser, JSON.parse
 * consumers, ProseMirror and ajv all recurse per level, so a hostile `[[[[…` must be
 * refused before any of them sees it.
 */

/** Where the text first nests deeper than `limit`, or undefined if it never does. */
export function findDepthOverflow(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      // Unbalanced closers are the parser's business; they must not hide later openers.
      if (depth > 0) depth--;
    }
  }
  return undefined;
}
