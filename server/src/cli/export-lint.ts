/**
 * `lint` over space exports: every current page's body is linted in worker threads and each
 * finding is located by export, space key, page id, title and line/column inside the body.
 * Historical versions and drafts are counted, wiki-markup bodies reported, reader problems
 * (hostile zips, truncation, control characters, duplicate ids) listed with the rest still read.
 */
import * as os from 'node:os';
import { ExportError, type ExportProblem, type ExportProblemCode, type ExportSummary } from '../export/index';
import { lintExport, type LintedPage } from '../export/lint-export';
import type { PageLintSettings } from '../export/page-lint';
import { UsageError } from './command';
import { lastValue, type ParsedArgs } from './args';
import { displayPath } from './lint-files';

/** What reading and linting one export produced; pages without findings are only counted. */
export interface ExportLintReport {
  readonly path: string;
  readonly display: string;
  /** Set when nothing at all could be read from this export. */
  readonly fatal?: string;
  readonly summary?: ExportSummary;
  /** Current pages whose storage body was linted. */
  readonly linted: number;
  readonly pagesWithFindings: LintedPage[];
}

/** Reader problems that mean content was lost or refused: they fail the run like an unreadable file. */
const ERROR_CODES: ReadonlySet<ExportProblemCode> = new Set([
  'zip-slip',
  'zip-bomb-ratio',
  'zip-bomb-size',
  'zip-corrupt',
  'zip-duplicate-entities',
  'entry-size-mismatch',
  'truncated-xml',
  'markup-too-long',
  'not-an-export',
  'duplicate-page-id',
  'duplicate-body',
  'body-too-large',
  'io-error',
]);

export function readerSeverity(problem: ExportProblem): 'error' | 'warning' | 'info' {
  if (ERROR_CODES.has(problem.code)) return 'error';
  return problem.code === 'wiki-markup-body' ? 'info' : 'warning';
}

/** Rule id under which reader problems appear in the outputs (`export-zip-slip`, …). */
export const readerRuleId = (code: ExportProblemCode): string => `export-${code}`;

/** `--jobs N`: worker threads (default: one per available core). */
export function jobsOption(args: ParsedArgs): number {
  const raw = lastValue(args, '--jobs');
  if (raw === undefined) return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 256) throw new UsageError('--jobs must be a whole number from 0 (lint on the main thread) to 256');
  return n;
}

/** Lints one export; never throws for the export's content (an unreadable export comes back `fatal`). */
export async function lintOneExport(file: string, cwd: string, settings: PageLintSettings, jobs: number): Promise<ExportLintReport> {
  const display = displayPath(file, cwd);
  const run = lintExport(file, settings, { jobs });
  const pagesWithFindings: LintedPage[] = [];
  let linted = 0;
  try {
    for await (const page of run.pages()) {
      if (!page.skipped) linted++;
      if (page.findings.length > 0) pagesWithFindings.push(page);
    }
  } catch (e) {
    if (e instanceof ExportError) return { path: file, display, fatal: e.message, linted: 0, pagesWithFindings: [] };
    throw e;
  }
  return { path: file, display, summary: run.reading.summary, linted, pagesWithFindings };
}

/** The artifact name of a page inside an export: `EXPORT!/SPACE/PAGEID`. */
export const pageArtifact = (report: ExportLintReport, page: LintedPage): string => `${report.display}!/${page.spaceKey || '_'}/${page.pageId}`;

/** One line describing what was read and what was only counted. */
export function summaryLine(report: ExportLintReport): string {
  if (report.fatal) return `${report.display}: not read: ${report.fatal}`;
  const s = report.summary!;
  const parts = [
    `${s.currentPages} current page${s.currentPages === 1 ? '' : 's'}${s.blogPosts > 0 ? ` (${s.blogPosts} blog posts)` : ''}, ${report.linted} linted`,
    `${s.wikiMarkupBodies} wiki-markup bod${s.wikiMarkupBodies === 1 ? 'y' : 'ies'} reported, not parsed`,
    `${s.historicalVersions} historical version${s.historicalVersions === 1 ? '' : 's'}, ${s.drafts} draft${s.drafts === 1 ? '' : 's'} and ${s.deleted} deleted counted, not linted`,
  ];
  if (!s.complete) parts.push('READ STOPPED EARLY: the rest of entities.xml was not read');
  return `${report.display}: ${parts.join('; ')}`;
}

/** Text lines: findings as `EXPORT!/SPACE/ID:line:col: severity rule message (page "Title")`, then reader problems. */
export function formatExportText(reports: readonly ExportLintReport[]): { out: string; count: number } {
  let out = '';
  let count = 0;
  for (const report of reports) {
    if (report.fatal) {
      out += `${report.display}:1:1: error export-unreadable ${report.fatal}\n`;
      count++;
      continue;
    }
    for (const page of report.pagesWithFindings) {
      const where = pageArtifact(report, page);
      for (const f of page.findings) {
        out += `${where}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} ${f.message.replace(/\s*\n\s*/g, ' ')} (page "${page.title}")\n`;
        count++;
      }
    }
    for (const p of report.summary!.problems) {
      const at = p.pageId ? `!/${pageSpace(report, p.pageId)}${p.pageId}` : '';
      out += `${report.display}${at}: ${readerSeverity(p)} ${readerRuleId(p.code)} ${p.message}${p.offset !== undefined ? ` (byte ${p.offset} of entities.xml)` : ''}\n`;
      count++;
    }
  }
  return { out, count };
}

function pageSpace(report: ExportLintReport, pageId: string): string {
  const page = report.pagesWithFindings.find((p) => p.pageId === pageId);
  return page ? `${page.spaceKey || '_'}/` : '';
}

/** The `exports` member of the JSON output. */
export function exportsJson(reports: readonly ExportLintReport[]): unknown[] {
  return reports.map((r) => ({
    path: r.display,
    ...(r.fatal ? { error: r.fatal } : {}),
    ...(r.summary
      ? {
          summary: {
            currentPages: r.summary.currentPages,
            blogPosts: r.summary.blogPosts,
            linted: r.linted,
            wikiMarkupBodies: r.summary.wikiMarkupBodies,
            historicalVersions: r.summary.historicalVersions,
            drafts: r.summary.drafts,
            deleted: r.summary.deleted,
            duplicatePageIds: r.summary.duplicatePageIds,
            complete: r.summary.complete,
            bytesRead: r.summary.bytesRead,
          },
          problems: r.summary.problems.map((p) => ({ code: p.code, ruleId: readerRuleId(p.code), severity: readerSeverity(p), message: p.message, ...(p.pageId ? { pageId: p.pageId } : {}), ...(p.offset !== undefined ? { offset: p.offset } : {}) })),
        }
      : {}),
    pages: r.pagesWithFindings.map((p) => ({
      spaceKey: p.spaceKey,
      pageId: p.pageId,
      title: p.title,
      problems: p.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        start: f.start,
        end: f.end,
        ...(f.fix ? { fix: f.fix } : {}),
        ...(f.data ? { data: f.data } : {}),
      })),
    })),
  }));
}

/** True when the export reports make the run fail (exit 1): an error finding or an error-level reader problem. */
export function exportsFailed(reports: readonly ExportLintReport[]): boolean {
  return reports.some(
    (r) =>
      r.fatal !== undefined ||
      r.summary!.problems.some((p) => readerSeverity(p) === 'error') ||
      r.pagesWithFindings.some((p) => p.findings.some((f) => f.severity === 'error')),
  );
}

/** Adds export findings and error-level reader problems to the JSON output's severity counts. */
export function countExportFindings(summary: Record<string, number>, reports: readonly ExportLintReport[]): Record<string, number> {
  const out = { ...summary };
  for (const r of reports) {
    if (r.fatal) out.error = (out.error ?? 0) + 1;
    for (const p of r.summary?.problems ?? []) out[readerSeverity(p)] = (out[readerSeverity(p)] ?? 0) + 1;
    for (const page of r.pagesWithFindings) for (const f of page.findings) out[f.severity] = (out[f.severity] ?? 0) + 1;
  }
  return out;
}
