/**
 * The workspace's page index for short links: page id → title and space key, read from
 * pulled-page metadata files named `.confluence/index.json` anywhere in the workspace.
 *
 * File format (small on purpose; either form is accepted):
 *
 *   [ { "id": "123", "title": "Release notes", "spaceKey": "ENG" }, ... ]
 *
 *   { "pages": [ ...same objects... ] }   or   { "123": { "title": "...", "spaceKey": "ENG" }, ... }
 *
 * `pull` writes the `{ "pages": [...] }` form (server/src/sync/metadata-index.ts, with more
 * fields per page that are ignored here). `id` may be a string or a number; entries without
 * an id or title are skipped and reported. Used by the language server and the CLI (plain
 * Node, no LSP types).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnownPage, WorkspaceIndex } from '../core/types';

export const INDEX_DIR = '.confluence';
export const INDEX_FILE = 'index.json';

/** Directories never searched: dependency trees and VCS metadata. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Bounds for the search, so a workspace at `/` cannot stall the server. */
const MAX_DEPTH = 12;
const MAX_DIRS = 20000;

export interface IndexLoad {
  readonly pages: readonly KnownPage[];
  readonly errors: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toPage(value: unknown, fallbackId?: string): KnownPage | undefined {
  if (!isRecord(value)) return undefined;
  const rawId = value.id ?? fallbackId;
  const id = typeof rawId === 'number' ? String(rawId) : rawId;
  if (typeof id !== 'string' || id === '' || typeof value.title !== 'string') return undefined;
  return { id, title: value.title, spaceKey: typeof value.spaceKey === 'string' ? value.spaceKey : '' };
}

/** Parses one index file's text. Never throws. */
export function parseIndexFile(text: string, name = INDEX_FILE): IndexLoad {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { pages: [], errors: [`${name}: invalid JSON: ${(e as Error).message}`] };
  }
  const entries: [unknown, string | undefined][] = Array.isArray(json)
    ? json.map((v) => [v, undefined])
    : isRecord(json) && Array.isArray(json.pages)
      ? json.pages.map((v: unknown) => [v, undefined])
      : isRecord(json)
        ? Object.entries(json).map(([k, v]) => [v, k])
        : [];
  if (!Array.isArray(json) && !isRecord(json)) return { pages: [], errors: [`${name}: expected an array or an object of pages`] };
  const pages: KnownPage[] = [];
  let skipped = 0;
  for (const [value, key] of entries) {
    const page = toPage(value, key);
    if (page) pages.push(page);
    else skipped++;
  }
  return { pages, errors: skipped > 0 ? [`${name}: ${skipped} entries without an id and title were skipped`] : [] };
}

/** Every `.confluence/index.json` below `root`, breadth first, within the search bounds. */
export function findIndexFiles(root: string): string[] {
  const found: string[] = [];
  let queue: string[] = [root];
  let visited = 0;
  for (let depth = 0; depth <= MAX_DEPTH && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (++visited > MAX_DIRS) return found;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name)) continue;
        const child = path.join(dir, entry.name);
        if (entry.name === INDEX_DIR) {
          const file = path.join(child, INDEX_FILE);
          if (fs.existsSync(file)) found.push(file);
        } else next.push(child);
      }
    }
    queue = next;
  }
  return found;
}

/** Loads every index file below the given roots into one lookup. Never throws. */
export function loadWorkspaceIndex(roots: readonly string[]): { index: WorkspaceIndex; pages: readonly KnownPage[]; errors: string[] } {
  const byId = new Map<string, KnownPage>();
  const errors: string[] = [];
  for (const root of roots) {
    for (const file of findIndexFiles(root)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        errors.push(`${file}: ${(e as Error).message}`);
        continue;
      }
      const load = parseIndexFile(text, file);
      errors.push(...load.errors);
      for (const page of load.pages) if (!byId.has(page.id)) byId.set(page.id, page);
    }
  }
  return { index: indexOf([...byId.values()]), pages: [...byId.values()], errors };
}

/** A lookup over a list of pages (also used to rebuild the index inside a worker thread). */
export function indexOf(pages: readonly KnownPage[]): WorkspaceIndex {
  const byId = new Map(pages.map((p) => [p.id, p]));
  return { pageById: (id) => byId.get(id) };
}
