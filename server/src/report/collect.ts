/**
 * Feeds the report from its sources: space exports (every current page linted in the worker
 * pool, bodies never kept) and pulled folders (`.confluence/index.json` + the page files it
 * names, linted on this thread; page files no index names go under "(no space)").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../core/lint';
import type { KnownPage } from '../core/types';
import { ExportError } from '../export/index';
import { lintExport } from '../export/lint-export';
import type { PageLintSettings } from '../export/page-lint';
import { discoverPages, readPage, formatOfPath } from '../cli/files';
import { readerSeverity } from '../cli/export-lint';
import { displayPath } from '../cli/lint-files';
import { findIndexFiles, indexOf } from '../lsp/workspace-index';
import type { ReportBuilder } from './model';

export async function collectExport(builder: ReportBuilder, file: string, cwd: string, settings: PageLintSettings, jobs: number): Promise<void> {
  const name = displayPath(file, cwd);
  const run = lintExport(file, settings, { jobs });
  try {
    for await (const page of run.pages()) {
      builder.addPage({
        source: name,
        spaceKey: page.spaceKey,
        spaceName: page.spaceName,
        pageId: page.pageId,
        title: page.title,
        parentId: page.parentId,
        bodyBytes: page.bodyBytes,
        wikiMarkup: page.skipped === 'wiki-markup',
        findings: page.findings,
      });
    }
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    builder.addSource({ name, kind: 'export', problems: [], fatal: e.message });
    return;
  }
  const s = run.reading.summary;
  builder.addSource({
    name,
    kind: 'export',
    xmlBytes: s.bytesRead,
    historicalVersions: s.historicalVersions,
    drafts: s.drafts,
    problems: s.problems.map((p) => ({ code: p.code, severity: readerSeverity(p), message: p.message, ...(p.pageId ? { pageId: p.pageId } : {}) })),
  });
}

interface IndexEntry {
  id: string;
  title: string;
  spaceKey: string;
  parentId: string | null;
  file?: string;
}

function entriesOf(indexFile: string): { entries: IndexEntry[]; error?: string } {
  try {
    const json = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { pages?: unknown };
    const list = Array.isArray(json) ? json : Array.isArray(json.pages) ? json.pages : [];
    const entries: IndexEntry[] = [];
    for (const v of list as Array<Record<string, unknown>>) {
      const id = typeof v.id === 'number' ? String(v.id) : v.id;
      if (typeof id !== 'string' || typeof v.title !== 'string') continue;
      entries.push({
        id,
        title: v.title,
        spaceKey: typeof v.spaceKey === 'string' ? v.spaceKey : '',
        parentId: typeof v.parentId === 'string' ? v.parentId : typeof v.parentId === 'number' ? String(v.parentId) : null,
        ...(typeof v.file === 'string' ? { file: v.file } : {}),
      });
    }
    return { entries };
  } catch (e) {
    return { entries: [], error: (e as Error).message };
  }
}

export function collectFolder(builder: ReportBuilder, folder: string, cwd: string, settings: PageLintSettings): void {
  const name = displayPath(folder, cwd) || '.';
  const problems: { code: string; severity: string; message: string; pageId?: string }[] = [];
  const index = indexOf(settings.knownPages as KnownPage[]);
  const seenFiles = new Set<string>();
  const lintFile = (file: string) => {
    const format = formatOfPath(file) ?? 'storage';
    const read = readPage(file);
    if (!read.ok) {
      problems.push({ code: 'unreadable-file', severity: 'error', message: `${displayPath(file, cwd)}: ${read.reason}` });
      return { bytes: 0, findings: [] };
    }
    const { problems: found } = lint(read.text, format, { config: settings.config, index, only: settings.only });
    return { bytes: Buffer.byteLength(read.text, 'utf8'), findings: found.map((p) => ({ ruleId: p.ruleId, severity: p.severity })) };
  };
  for (const indexFile of findIndexFiles(folder)) {
    const base = path.dirname(path.dirname(indexFile));
    const { entries, error } = entriesOf(indexFile);
    if (error) problems.push({ code: 'bad-index', severity: 'error', message: `${displayPath(indexFile, cwd)}: ${error}` });
    for (const e of entries) {
      let bytes = 0;
      let findings: { ruleId: string; severity: 'error' | 'warning' | 'info' | 'hint' }[] = [];
      if (e.file !== undefined) {
        const file = path.resolve(base, e.file);
        // Index entries that point outside their folder are not followed.
        if (path.relative(base, file).startsWith('..')) continue;
        seenFiles.add(file);
        if (fs.existsSync(file)) ({ bytes, findings } = lintFile(file));
        else problems.push({ code: 'missing-file', severity: 'warning', message: `${displayPath(file, cwd)}: named in ${displayPath(indexFile, cwd)} but missing`, pageId: e.id });
      }
      builder.addPage({ source: name, spaceKey: e.spaceKey, spaceName: '', pageId: e.id, title: e.title, parentId: e.parentId, bodyBytes: bytes, wikiMarkup: false, findings });
    }
  }
  for (const page of discoverPages([folder], cwd)) {
    if (seenFiles.has(page.path)) continue;
    const { bytes, findings } = lintFile(page.path);
    builder.addPage({ source: name, spaceKey: '', spaceName: '', pageId: displayPath(page.path, cwd), title: path.basename(page.path), parentId: null, bodyBytes: bytes, wikiMarkup: false, findings });
  }
  builder.addSource({ name, kind: 'folder', problems });
}
