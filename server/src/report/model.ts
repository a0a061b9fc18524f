/**
 * The report's data: pages from exports and pulled folders go in one at a time (without bodies),
 * and `finishReport` turns them into per-space counts, worst pages, page-tree shape, XML size
 * estimates and the cutover time. Pure data, no IO, so the unit tests check figures directly.
 */
import type { Severity } from '../core/types';
import { ATLASSIAN_PAGES_PER_HOUR, CLOUD_IMPORT_XML_CAP_BYTES } from './figures';

/** One current page as the report keeps it. */
export interface ReportPageInput {
  readonly source: string;
  readonly spaceKey: string;
  readonly spaceName: string;
  readonly pageId: string;
  readonly title: string;
  readonly parentId: string | null;
  /** UTF-8 bytes of the body (storage or wiki markup). */
  readonly bodyBytes: number;
  readonly wikiMarkup: boolean;
  readonly findings: ReadonlyArray<{ readonly ruleId: string; readonly severity: Severity }>;
}

export interface ReportSettings {
  readonly maxDepth: number;
  readonly maxChildren: number;
  /** Our migration rate, pages per hour. */
  readonly ratePerHour: number;
  /** How many worst/biggest/deepest pages each list shows. */
  readonly listLength?: number;
}

/** What a source (export or folder) contributed beyond its pages. */
export interface SourceInfo {
  readonly name: string;
  readonly kind: 'export' | 'folder';
  /** Bytes of entities.xml (exports) — the measured part of the size estimate. */
  readonly xmlBytes?: number;
  readonly historicalVersions?: number;
  readonly drafts?: number;
  readonly problems: ReadonlyArray<{ readonly code: string; readonly severity: string; readonly message: string; readonly pageId?: string }>;
  /** Set when the source could not be read at all. */
  readonly fatal?: string;
}

export interface PageLine {
  readonly pageId: string;
  readonly title: string;
  readonly value: number;
  readonly errors?: number;
  readonly warnings?: number;
}

export interface SpaceReport {
  readonly key: string;
  readonly name: string;
  readonly sources: string[];
  readonly pages: number;
  readonly wikiMarkupPages: number;
  readonly findings: number;
  readonly bySeverity: Record<Severity, number>;
  /** Rule id → findings, most first. */
  readonly byRule: Array<[string, number]>;
  readonly worstPages: PageLine[];
  readonly maxDepth: number;
  readonly maxChildren: number;
  readonly tooDeep: { count: number; pages: PageLine[] };
  readonly tooWide: { count: number; pages: PageLine[] };
  readonly estimatedXmlBytes: number;
  readonly overImportCap: boolean;
  readonly biggestPages: PageLine[];
}

export interface Report {
  readonly sources: SourceInfo[];
  readonly spaces: SpaceReport[];
  readonly totals: { pages: number; findings: number; bySeverity: Record<Severity, number>; spacesOverCap: number };
  readonly settings: Required<ReportSettings>;
  readonly cutover: { pages: number; atlassianHours: number; ourHours: number | null };
  readonly importCapBytes: number;
  readonly atlassianPagesPerHour: number;
}

interface PageRow {
  readonly id: string;
  readonly title: string;
  readonly parentId: string | null;
  readonly bytes: number;
  readonly errors: number;
  readonly warnings: number;
  readonly total: number;
}

interface SpaceAcc {
  key: string;
  name: string;
  sources: Set<string>;
  rows: PageRow[];
  byRule: Map<string, number>;
  bySeverity: Record<Severity, number>;
  wiki: number;
  /** Per source: body bytes and pages of this space (to share out a multi-space export's measured size). */
  bySource: Map<string, { bytes: number; pages: number }>;
}

const zero = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0, hint: 0 });

export class ReportBuilder {
  private readonly spaces = new Map<string, SpaceAcc>();
  private readonly sources: SourceInfo[] = [];
  /** Per source, total body bytes of all its spaces. */
  private readonly bodyBytesOfSource = new Map<string, number>();

  addPage(page: ReportPageInput): void {
    const key = page.spaceKey || '(no space)';
    let acc = this.spaces.get(key);
    if (!acc) {
      acc = { key, name: page.spaceName, sources: new Set(), rows: [], byRule: new Map(), bySeverity: zero(), wiki: 0, bySource: new Map() };
      this.spaces.set(key, acc);
    }
    if (!acc.name && page.spaceName) acc.name = page.spaceName;
    acc.sources.add(page.source);
    let errors = 0;
    let warnings = 0;
    for (const f of page.findings) {
      acc.byRule.set(f.ruleId, (acc.byRule.get(f.ruleId) ?? 0) + 1);
      acc.bySeverity[f.severity]++;
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
    if (page.wikiMarkup) acc.wiki++;
    acc.rows.push({ id: page.pageId, title: page.title, parentId: page.parentId, bytes: page.bodyBytes, errors, warnings, total: page.findings.length });
    const own = acc.bySource.get(page.source) ?? { bytes: 0, pages: 0 };
    acc.bySource.set(page.source, { bytes: own.bytes + page.bodyBytes, pages: own.pages + 1 });
    this.bodyBytesOfSource.set(page.source, (this.bodyBytesOfSource.get(page.source) ?? 0) + page.bodyBytes);
  }

  addSource(info: SourceInfo): void {
    this.sources.push(info);
  }

  finish(settings: ReportSettings, pageOverheadBytes: number): Report {
    const full: Required<ReportSettings> = { listLength: 10, ...settings };
    const xmlOf = new Map(this.sources.map((s) => [s.name, s.xmlBytes]));
    const spaces = [...this.spaces.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((acc) => this.space(acc, full, xmlOf, pageOverheadBytes));
    const bySeverity = zero();
    for (const s of spaces) for (const k of Object.keys(bySeverity) as Severity[]) bySeverity[k] += s.bySeverity[k];
    const pages = spaces.reduce((n, s) => n + s.pages, 0);
    return {
      sources: this.sources,
      spaces,
      totals: { pages, findings: spaces.reduce((n, s) => n + s.findings, 0), bySeverity, spacesOverCap: spaces.filter((s) => s.overImportCap).length },
      settings: full,
      cutover: {
        pages,
        atlassianHours: pages / ATLASSIAN_PAGES_PER_HOUR,
        ourHours: full.ratePerHour > 0 ? pages / full.ratePerHour : null,
      },
      importCapBytes: CLOUD_IMPORT_XML_CAP_BYTES,
      atlassianPagesPerHour: ATLASSIAN_PAGES_PER_HOUR,
    };
  }

  private space(acc: SpaceAcc, settings: Required<ReportSettings>, xmlOf: Map<string, number | undefined>, overhead: number): SpaceReport {
    const n = settings.listLength;
    const shape = treeShape(acc.rows);
    const line = (r: PageRow, value: number): PageLine => ({ pageId: r.id, title: r.title, value });
    const worst = acc.rows
      .filter((r) => r.total > 0)
      .sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || b.total - a.total || a.id.localeCompare(b.id))
      .slice(0, n)
      .map((r) => ({ ...line(r, r.total), errors: r.errors, warnings: r.warnings }));
    const deep = acc.rows.filter((r) => (shape.depth.get(r.id) ?? 1) > settings.maxDepth);
    const wide = acc.rows.filter((r) => (shape.children.get(r.id) ?? 0) > settings.maxChildren);
    // An export's entities.xml size is measured; it is shared among its spaces by body bytes.
    // A folder has no XML yet: its bodies plus a per-page overhead are the estimate.
    let estimated = 0;
    for (const [source, own] of acc.bySource) {
      const xml = xmlOf.get(source);
      const all = this.bodyBytesOfSource.get(source) ?? 0;
      if (xml !== undefined) estimated += all > 0 ? Math.round((xml * own.bytes) / all) : 0;
      else estimated += own.bytes + own.pages * overhead;
    }
    return {
      key: acc.key,
      name: acc.name,
      sources: [...acc.sources],
      pages: acc.rows.length,
      wikiMarkupPages: acc.wiki,
      findings: [...acc.byRule.values()].reduce((a, b) => a + b, 0),
      bySeverity: acc.bySeverity,
      byRule: [...acc.byRule.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      worstPages: worst,
      maxDepth: shape.maxDepth,
      maxChildren: shape.maxChildren,
      tooDeep: { count: deep.length, pages: deep.sort((a, b) => shape.depth.get(b.id)! - shape.depth.get(a.id)!).slice(0, n).map((r) => line(r, shape.depth.get(r.id)!)) },
      tooWide: { count: wide.length, pages: wide.sort((a, b) => shape.children.get(b.id)! - shape.children.get(a.id)!).slice(0, n).map((r) => line(r, shape.children.get(r.id)!)) },
      estimatedXmlBytes: estimated,
      overImportCap: estimated > CLOUD_IMPORT_XML_CAP_BYTES,
      biggestPages: [...acc.rows].sort((a, b) => b.bytes - a.bytes).slice(0, n).map((r) => line(r, r.bytes)),
    };
  }
}

/**
 * Depth (a root page is 1) and direct-children count of every page of a space. A parent outside
 * the space (or missing) makes a page a root; a parent cycle is cut where it closes.
 */
export function treeShape(rows: readonly { id: string; parentId: string | null }[]): { depth: Map<string, number>; children: Map<string, number>; maxDepth: number; maxChildren: number } {
  const parent = new Map(rows.map((r) => [r.id, r.parentId]));
  const children = new Map<string, number>();
  for (const r of rows) if (r.parentId !== null && parent.has(r.parentId)) children.set(r.parentId, (children.get(r.parentId) ?? 0) + 1);
  const depth = new Map<string, number>();
  let maxDepth = 0;
  for (const r of rows) {
    // Walk up to a page of known depth, then assign depths on the way back down (iterative: trees can be deep).
    const chain: string[] = [];
    const onChain = new Set<string>();
    let at: string | null = r.id;
    while (at !== null && !depth.has(at) && parent.has(at) && !onChain.has(at)) {
      chain.push(at);
      onChain.add(at);
      at = parent.get(at) ?? null;
    }
    let d = at !== null && depth.has(at) ? depth.get(at)! : 0;
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i], ++d);
    maxDepth = Math.max(maxDepth, depth.get(r.id) ?? 0);
  }
  let maxChildren = 0;
  for (const c of children.values()) maxChildren = Math.max(maxChildren, c);
  return { depth, children, maxDepth, maxChildren };
}
