/**
 * Rewrites a legacy `section` macro and its `column` macros as a page layout
 * (`ac:layout` > `ac:layout-section ac:type` > `ac:layout-cell`), choosing the classic
 * layout type whose column widths are closest to the columns' `width` parameters.
 *
 * Layouts exist only at the top level of a Cloud page, so only a section that is a direct
 * child of the page gets a fix. More than three columns get none: the classic types stop at
 * three, and the names of Cloud's 4- and 5-column types are not documented anywhere we could
 * verify (storage-format.md §3.2), so we do not guess them.
 */
import { asMacro, param, type Macro } from './macro';
import type { StorageDocument, XmlElement, XmlNode } from './tree';
import { hasRegularShape, innerSource, isBlank, nodeSource, rewrite, type Rewrite } from './storage-writer';
import { attr } from './walk';

/** Classic layout types by column count, each with its column widths in percent. Equal layouts first: they win ties. */
const LAYOUT_TYPES: readonly { readonly type: string; readonly widths: readonly number[] }[] = [
  { type: 'single', widths: [100] },
  { type: 'two_equal', widths: [50, 50] },
  { type: 'two_left_sidebar', widths: [100 / 3, 200 / 3] },
  { type: 'two_right_sidebar', widths: [200 / 3, 100 / 3] },
  { type: 'three_equal', widths: [100 / 3, 100 / 3, 100 / 3] },
  { type: 'three_with_sidebars', widths: [25, 50, 25] },
];

/** The most columns a classic layout has. */
export const MAX_LAYOUT_COLUMNS = 3;

const WIDTH = /^\s*(\d+(?:\.\d+)?)\s*(%|px)?\s*$/i;

/** A column `width` parameter as a number and unit; a bare number is pixels, as in CSS. */
function parseWidth(value: string | undefined): { value: number; unit: '%' | 'px' } | undefined {
  const m = value === undefined ? null : WIDTH.exec(value);
  if (!m || Number(m[1]) <= 0) return undefined;
  return { value: Number(m[1]), unit: m[2] === '%' ? '%' : 'px' };
}

/**
 * Column widths (the `width` parameters as written, undefined when absent) → shares in
 * percent. Missing widths take what a percentage layout leaves over, or the average of the
 * given ones; mixed units or no usable width at all give equal columns.
 */
export function columnShares(widths: readonly (string | undefined)[]): number[] {
  const parsed = widths.map(parseWidth);
  const known = parsed.filter((w) => w !== undefined);
  const units = new Set(known.map((w) => w.unit));
  if (known.length === 0 || units.size > 1) return widths.map(() => 100 / widths.length);
  const sum = known.reduce((s, w) => s + w.value, 0);
  const missing = widths.length - known.length;
  const leftOver = units.has('%') && missing > 0 ? (100 - sum) / missing : 0;
  const fill = leftOver > 0 ? leftOver : sum / known.length;
  const values = parsed.map((w) => w?.value ?? fill);
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => (v / total) * 100);
}

/**
 * The classic `ac:type` closest to the given column widths (smallest sum of differences in
 * percent), or undefined for no columns or more than three.
 */
export function layoutTypeForWidths(widths: readonly (string | undefined)[]): string | undefined {
  const shares = columnShares(widths);
  let best: { type: string; distance: number } | undefined;
  for (const candidate of LAYOUT_TYPES) {
    if (candidate.widths.length !== shares.length) continue;
    const distance = candidate.widths.reduce((d, w, i) => d + Math.abs(w - shares[i]), 0);
    if (!best || distance < best.distance) best = { type: candidate.type, distance };
  }
  return best?.type;
}

/** The section macro a column belongs to, when it is a direct part of one. */
export function sectionOfColumn(column: Macro): Macro | undefined {
  const body = column.element.parent;
  const owner = body?.name === 'ac:rich-text-body' ? body.parent : undefined;
  const section = owner ? asMacro(owner) : undefined;
  return section?.name === 'section' && section.richBody === body ? section : undefined;
}

/** The empty paragraphs the legacy editor leaves around macros so the cursor can reach them. */
function isCursorTarget(node: XmlNode): boolean {
  return (
    node.kind === 'element' &&
    node.name === 'p' &&
    attr(node, 'class') === 'auto-cursor-target' &&
    node.children.every((c) => isBlank(c) || (c.kind === 'element' && c.name === 'br'))
  );
}

/** `section` macro → `ac:layout`; see the file comment for when there is no fix. */
export function sectionToLayout(doc: StorageDocument, section: Macro): Rewrite {
  if (section.element.parent?.name !== '#document') {
    return { reason: 'the Cloud editor allows layouts only at the top level of a page, and this section is nested' };
  }
  const body = section.richBody;
  if (!hasRegularShape(doc.text, section, body)) return { reason: 'the macro holds content outside its body, which a rewrite would lose' };
  const columns: Macro[] = [];
  for (const el of body?.elements ?? []) {
    const m = asMacro(el);
    if (m?.name === 'column') columns.push(m);
  }
  for (const column of columns) {
    if (!hasRegularShape(doc.text, column, column.richBody)) {
      return { reason: 'a column holds content outside its body, which a rewrite would lose' };
    }
  }
  const type = layoutTypeForWidths(columns.length === 0 ? [undefined] : columns.map((c) => param(c, 'width')?.value));
  if (!type) {
    return { reason: `the section has ${columns.length} columns and the classic layouts have at most ${MAX_LAYOUT_COLUMNS}` };
  }
  return rewrite(`Convert to layout (${type})`, section.element, () => layoutText(type, layoutCells(doc.text, body, columns)));
}

/** The content of each layout cell: the column bodies, with what lies between the columns kept. */
function layoutCells(text: string, body: XmlElement | undefined, columns: readonly Macro[]): string[] {
  if (!body || columns.length === 0) return [body ? innerSource(text, body) : ''];
  const cells = columns.map((c) => (c.richBody ? innerSource(text, c.richBody) : ''));
  // Content between the columns is kept: before the first column it opens the first cell,
  // anywhere else it closes the cell of the column before it. Comments right before a
  // column annotate that column, so they open its cell.
  let cell = -1;
  let leading = '';
  let comments = '';
  for (const node of body.children) {
    const columnIndex = columns.findIndex((c) => c.element === node);
    if (columnIndex >= 0) {
      cell = columnIndex;
      cells[cell] = comments + cells[cell];
      comments = '';
    } else if (node.kind === 'comment') comments += nodeSource(text, node);
    else if (!isBlank(node) && !isCursorTarget(node)) {
      const kept = comments + nodeSource(text, node);
      comments = '';
      if (cell < 0) leading += kept;
      else cells[cell] += kept;
    }
  }
  cells[cells.length - 1] += comments;
  cells[0] = leading + cells[0];
  return cells;
}

function layoutText(type: string, cells: readonly string[]): string {
  const cellsXml = cells.map((c) => `<ac:layout-cell>${c.trim() === '' ? '<p />' : c}</ac:layout-cell>`).join('');
  return `<ac:layout><ac:layout-section ac:type="${type}">${cellsXml}</ac:layout-section></ac:layout>`;
}
