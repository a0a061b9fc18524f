/**
 * Page layouts: `ac:layout` and the legacy section/column macros both become ADF
 * layoutSection/layoutColumn. The full ADF schema allows two or three columns per section,
 * so a single column is unwrapped into the page and wider sections are split, with a finding.
 */
import type { XmlElement } from '../storage/tree';
import { attr } from '../storage/walk';
import { node, type AdfJson } from './adf-json';
import type { Converter } from './converter';
import { macroParam, macroView, type MacroView } from './macro-view';
import { BlockSink, type Sink } from './sinks';
import { own } from '../own';

/** Column widths (percent) of each classic `ac:type`. */
const TYPE_WIDTHS: Readonly<Record<string, readonly number[]>> = {
  single: [100],
  two_equal: [50, 50],
  two_left_sidebar: [33.33, 66.67],
  two_right_sidebar: [66.67, 33.33],
  three_equal: [33.33, 33.33, 33.34],
  three_with_sidebars: [25, 50, 25],
};

interface Column {
  readonly width: number | undefined;
  readonly blocks: AdfJson[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Emits sections of at most three columns; one column is unwrapped into the container. */
function emit(cv: Converter, el: XmlElement, columns: Column[], sink: Sink): void {
  const nonEmpty = columns.filter((c) => c.blocks.length > 0);
  if (nonEmpty.length <= 1) {
    if (columns.length > 1) cv.finding(el, 'layout-single-column', 'restructured', 'a layout with one non-empty column was unwrapped into the page');
    for (const b of nonEmpty[0]?.blocks ?? []) sink.block(b);
    return;
  }
  if (nonEmpty.length > 3) {
    cv.finding(el, 'layout-too-many-columns', 'restructured', `a layout with ${nonEmpty.length} columns was split into sections of at most three`);
  }
  for (let i = 0; i < nonEmpty.length; ) {
    const take = nonEmpty.length - i === 4 ? 2 : Math.min(3, nonEmpty.length - i);
    const group = nonEmpty.slice(i, i + take);
    i += take;
    if (group.length === 1) {
      for (const b of group[0].blocks) sink.block(b);
      continue;
    }
    const given = group.map((c) => c.width);
    const known = given.every((w) => w !== undefined && w > 0);
    const total = known ? given.reduce((a, b) => a! + b!, 0)! : 0;
    const widths = group.map((c) => (known ? round2((c.width! / total) * 100) : round2(100 / group.length)));
    const cols = group.map((c, k) => node('layoutColumn', { width: widths[k] }, c.blocks));
    sink.block(cv.from(el, node('layoutSection', {}, cols)));
  }
}

export function convertLayout(cv: Converter, layout: XmlElement, sink: Sink): void {
  for (const section of layout.elements) {
    if (section.name !== 'ac:layout-section') continue;
    const widths = own(TYPE_WIDTHS, attr(section, 'ac:type') ?? '');
    const cells = section.elements.filter((c) => c.name === 'ac:layout-cell');
    const columns = cells.map((cell, i) => ({ width: widths?.[i], blocks: cv.blocks(cell) }));
    emit(cv, section, columns, sink);
  }
}

/** Width of a column macro in percent (pixels are compared relative to each other). */
function columnWidth(macro: MacroView): number | undefined {
  const raw = macroParam(macro, 'width')?.value.trim() ?? '';
  const n = parseFloat(raw);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function convertSection(cv: Converter, section: MacroView, sink: Sink): void {
  const columns: Column[] = [];
  const stray = new BlockSink();
  let strayBefore: AdfJson[] = [];
  for (const child of section.richBody?.children ?? []) {
    const macro = child.kind === 'element' ? macroView(child) : undefined;
    if (macro?.name === 'column') {
      const blocks = [...(columns.length === 0 ? (strayBefore = stray.finish().splice(0)) : []), ...(macro.richBody ? cv.blocks(macro.richBody) : [])];
      columns.push({ width: columnWidth(macro), blocks });
    } else cv.visit(child, stray, []);
  }
  const after = stray.finish();
  // Content of the section outside its columns is shown in it: keep it in the nearest column.
  if (columns.length === 0) columns.push({ width: undefined, blocks: [...strayBefore, ...after] });
  else columns[columns.length - 1].blocks.push(...after);
  emit(cv, section.element, columns, sink);
}
