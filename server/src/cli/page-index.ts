/**
 * The page index for short links across spaces: page id → (space key, title), built from any
 * number of space exports (metadata pass only, bodies never decoded) and pulled folders
 * (`.confluence/index.json` files below them). The first source that names an id wins.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnownPage } from '../core/types';
import { buildPageIndex, ExportError } from '../export/index';
import { INDEX_DIR, INDEX_FILE, loadWorkspaceIndex, parseIndexFile } from '../lsp/workspace-index';
import { isExportPath } from './export-input';
import { displayPath } from './lint-files';

export interface PageIndexBuild {
  readonly pages: KnownPage[];
  /** One line per source that could not be read whole (the rest of it still counts). */
  readonly problems: string[];
  /** Pages found per source, for the progress line. */
  readonly counts: ReadonlyArray<{ source: string; pages: number }>;
}

export async function buildIndexFrom(sources: readonly string[], cwd: string): Promise<PageIndexBuild> {
  const byId = new Map<string, KnownPage>();
  const problems: string[] = [];
  const counts: { source: string; pages: number }[] = [];
  const add = (page: KnownPage): void => {
    if (!byId.has(page.id)) byId.set(page.id, page);
  };
  for (const given of sources) {
    const abs = path.resolve(cwd, given);
    const name = displayPath(abs, cwd);
    if (isExportPath(given, cwd)) {
      try {
        const { pages, summary } = await buildPageIndex(abs);
        for (const page of pages.values()) add(page);
        counts.push({ source: name, pages: pages.size });
        for (const p of summary.problems) {
          if (p.code === 'duplicate-page-id' || p.code === 'wiki-markup-body' || p.code === 'control-characters') continue;
          problems.push(`${name}: ${p.code}: ${p.message}`);
        }
      } catch (e) {
        problems.push(`${name}: ${e instanceof ExportError ? e.message : (e as Error).message}`);
      }
      continue;
    }
    if (!fs.existsSync(abs)) {
      problems.push(`${name}: no such file or folder`);
      continue;
    }
    if (fs.statSync(abs).isFile()) {
      const load = parseIndexFile(fs.readFileSync(abs, 'utf8'), name);
      load.pages.forEach(add);
      problems.push(...load.errors);
      counts.push({ source: name, pages: load.pages.length });
      continue;
    }
    const load = loadWorkspaceIndex([abs]);
    load.pages.forEach(add);
    problems.push(...load.errors);
    counts.push({ source: name, pages: load.pages.length });
  }
  return { pages: [...byId.values()], problems, counts };
}

/** Writes `DIR/.confluence/index.json` in the format the language server and the CLI load. */
export function writeIndexFolder(dir: string, pages: readonly KnownPage[]): string {
  const file = path.join(dir, INDEX_DIR, INDEX_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sorted = [...pages].sort((a, b) => a.spaceKey.localeCompare(b.spaceKey) || compareIds(a.id, b.id));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: 1, pages: sorted.map((p) => ({ id: p.id, title: p.title, spaceKey: p.spaceKey })) }, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
