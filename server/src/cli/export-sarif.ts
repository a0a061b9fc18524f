/**
 * SARIF for findings inside space exports, added to the log `formatSarif` writes for files:
 * each result's artifact is `EXPORT!/SPACE/PAGEID` (relative to %SRCROOT% like files), its region
 * the line/column inside the page body, with a logical location naming the page and properties
 * spaceKey/pageId/title. Reader problems become tool execution notifications.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../core/types';
import { pageArtifact, readerRuleId, readerSeverity, type ExportLintReport } from './export-lint';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface SarifRun {
  tool: { driver: { rules: Array<{ id: string }> } };
  invocations: Array<Record<string, unknown>>;
  results: unknown[];
}

function artifactOf(report: ExportLintReport, cwd: string, inner: string) {
  const rel = path.relative(cwd, report.path);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: `${pathToFileURL(report.path).href}${inner}` };
  return { uri: `${rel.split(path.sep).map(encodeURIComponent).join('/')}${inner}`, uriBaseId: '%SRCROOT%' };
}

/** Adds the export findings to a SARIF log produced by `formatSarif`. */
export function addExportsToSarif(sarif: string, reports: readonly ExportLintReport[], cwd: string): string {
  if (reports.length === 0) return sarif;
  const log = JSON.parse(sarif) as { runs: SarifRun[] };
  const run = log.runs[0];
  const ruleIndex = new Map(run.tool.driver.rules.map((r, i) => [r.id, i]));
  const notifications: unknown[] = [];
  for (const report of reports) {
    if (report.fatal) {
      notifications.push({ level: 'error', message: { text: `${report.display}: ${report.fatal}` }, descriptor: { id: 'export-unreadable' }, locations: [{ physicalLocation: { artifactLocation: artifactOf(report, cwd, '') } }] });
      continue;
    }
    for (const p of report.summary!.problems) {
      notifications.push({
        level: LEVEL[readerSeverity(p)],
        message: { text: `${report.display}: ${p.message}` },
        descriptor: { id: readerRuleId(p.code) },
        locations: [{ physicalLocation: { artifactLocation: artifactOf(report, cwd, p.pageId ? `!/${p.pageId}` : '') } }],
        ...(p.pageId ? { properties: { pageId: p.pageId } } : {}),
      });
    }
    for (const page of report.pagesWithFindings) {
      const inner = pageArtifact(report, page).slice(report.display.length);
      const artifactLocation = artifactOf(report, cwd, inner);
      const seen = new Map<string, number>();
      for (const f of page.findings) {
        const key = `${f.ruleId}\0${artifactLocation.uri}\0${f.snippet}`;
        const occurrence = seen.get(key) ?? 0;
        seen.set(key, occurrence + 1);
        run.results.push({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: { artifactLocation, region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn } },
              logicalLocations: [{ name: page.title, fullyQualifiedName: `${page.spaceKey}/${page.pageId}`, kind: 'resource' }],
            },
          ],
          partialFingerprints: { 'confluenceTriage/v1': `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${occurrence + 1}` },
          properties: { ...(f.data ?? {}), spaceKey: page.spaceKey, pageId: page.pageId, title: page.title },
        });
      }
    }
  }
  // What was only counted (history, drafts, wiki markup) travels in the run's property bag.
  (run as SarifRun & { properties?: Record<string, unknown> }).properties = {
    exports: reports.map((r) => ({
      path: r.display,
      ...(r.fatal
        ? { error: r.fatal }
        : { currentPages: r.summary!.currentPages, linted: r.linted, wikiMarkupBodies: r.summary!.wikiMarkupBodies, historicalVersions: r.summary!.historicalVersions, drafts: r.summary!.drafts, deleted: r.summary!.deleted, complete: r.summary!.complete }),
    })),
  };
  if (notifications.length > 0) run.invocations[0] = { ...run.invocations[0], toolExecutionNotifications: notifications };
  if (reports.length > 0 && reports.every((r) => r.fatal)) run.invocations[0] = { ...run.invocations[0], executionSuccessful: false };
  return `${JSON.stringify(log, null, 2)}\n`;
}
