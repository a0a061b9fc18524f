/**
 * Tiny ADF builders for tests: `doc(p('hi ', em('x')))`. They build plain JSON exactly as
 * Confluence Cloud stores it; `adfText(doc(...))` pretty-prints it like an exported page.
 */
export interface AdfJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfJson[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
  version?: number;
}

type Inline = AdfJson | string;

const inline = (items: Inline[]): AdfJson[] => items.map((i) => (typeof i === 'string' ? text(i) : i));

export const doc = (...content: AdfJson[]): AdfJson => ({ version: 1, type: 'doc', content });
export const node = (type: string, attrs?: Record<string, unknown>, ...content: AdfJson[]): AdfJson => ({
  type,
  ...(attrs ? { attrs } : {}),
  ...(content.length ? { content } : {}),
});
export const text = (t: string, ...marks: string[]): AdfJson => ({
  type: 'text',
  text: t,
  ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}),
});
export const em = (t: string) => text(t, 'em');
export const strong = (t: string) => text(t, 'strong');
export const code = (t: string) => text(t, 'code');
export const link = (href: string, t: string): AdfJson => ({ type: 'text', text: t, marks: [{ type: 'link', attrs: { href } }] });
export const p = (...content: Inline[]): AdfJson => ({ type: 'paragraph', content: inline(content) });
export const h = (level: number, ...content: Inline[]): AdfJson => ({ type: 'heading', attrs: { level }, content: inline(content) });
export const panel = (panelType: string, ...content: AdfJson[]) => node('panel', { panelType }, ...content);
export const expand = (title: string, ...content: AdfJson[]) => node('expand', { title }, ...content);
export const nestedExpand = (title: string, ...content: AdfJson[]) => node('nestedExpand', { title }, ...content);
export const codeBlock = (source: string, language?: string): AdfJson =>
  node('codeBlock', language ? { language } : undefined, ...(source ? [text(source)] : []));
export const ul = (...items: AdfJson[]) => node('bulletList', undefined, ...items);
export const ol = (...items: AdfJson[]) => node('orderedList', { order: 1 }, ...items);
export const li = (...content: AdfJson[]) => node('listItem', undefined, ...content);
export const table = (...rows: AdfJson[]) => node('table', undefined, ...rows);
export const tr = (...cells: AdfJson[]) => node('tableRow', undefined, ...cells);
export const td = (...content: AdfJson[]) => node('tableCell', {}, ...content);
export const th = (...content: AdfJson[]) => node('tableHeader', {}, ...content);
export const rule = () => node('rule');
export const layoutSection = (...columns: AdfJson[]) => node('layoutSection', undefined, ...columns);
export const layoutColumn = (width: number, ...content: AdfJson[]) => node('layoutColumn', { width }, ...content);
export const extension = (extensionType: string, extensionKey: string, parameters?: Record<string, unknown>) =>
  node('extension', { extensionType, extensionKey, ...(parameters ? { parameters } : {}) });
export const bodiedExtension = (extensionKey: string, ...content: AdfJson[]) =>
  node('bodiedExtension', { extensionType: 'com.atlassian.confluence.macro.core', extensionKey }, ...content);

/** A Legacy Content Macro wrapping `inner` (a doc), as Confluence stores it: JSON in `parameters.adf`. */
export const legacyContent = (inner: AdfJson): AdfJson =>
  extension('com.atlassian.confluence.migration', 'legacy-content', { adf: JSON.stringify(inner) });

/** Pretty-printed JSON text, two-space indented, as exported pages are. */
export const adfText = (json: unknown): string => JSON.stringify(json, null, 2);
