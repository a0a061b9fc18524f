/**
 * The converter's output: plain ADF JSON, built with small constructors. Source offsets of
 * the storage element a node came from are kept beside the tree (not in it), so findings
 * about a node can point back into the page.
 */

export interface AdfMark {
  readonly type: string;
  readonly attrs?: Record<string, unknown>;
}

export interface AdfJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfJson[];
  marks?: AdfMark[];
  text?: string;
}

export interface AdfDoc extends AdfJson {
  type: 'doc';
  version: 1;
  content: AdfJson[];
}

export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where each converted node came from in the storage page. A Map, not a WeakMap: it lives
 * for one conversion only, and WeakMap entries cost the garbage collector far more.
 */
export type SourceMap = Map<AdfJson, SourceRange>;

/**
 * A text node. Its marks array may be shared with its siblings (the converter passes the
 * marks in force): the normaliser gives every text node its own fitted array.
 */
export function textNode(text: string, marks: readonly AdfMark[]): AdfJson {
  return marks.length > 0 ? { type: 'text', text, marks: marks as AdfMark[] } : { type: 'text', text };
}

export function paragraph(content: AdfJson[] = []): AdfJson {
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

export function node(type: string, attrs?: Record<string, unknown>, content?: AdfJson[]): AdfJson {
  const out: AdfJson = { type };
  if (attrs && hasKeys(attrs)) out.attrs = attrs;
  if (content) out.content = content;
  return out;
}

/** `Object.keys(o).length > 0` without building the array of keys. */
function hasKeys(o: Record<string, unknown>): boolean {
  for (const key in o) if (Object.prototype.hasOwnProperty.call(o, key)) return true;
  return false;
}

/** A bold first paragraph: how the Cloud editor keeps a legacy macro's title. */
export function titleParagraph(title: string): AdfJson {
  return paragraph([textNode(title, [{ type: 'strong' }])]);
}

/** Concatenated text of a subtree, iteratively. */
export function adfText(root: AdfJson): string {
  let out = '';
  const stack: AdfJson[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.text) out += n.text;
    if (n.content) for (let i = n.content.length - 1; i >= 0; i--) stack.push(n.content[i]);
  }
  return out;
}
