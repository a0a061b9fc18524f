/**
 * Seed data for the simulator, from a folder of page files or from a space export.
 *
 * Folder layout: every `*.storage.xhtml` and `*.adf.json` under the folder (recursively) is a
 * page. Its title is the file name without the extension unless a sibling `<name>.meta.json`
 * says otherwise: `{ "title"?, "spaceKey"?, "parentTitle"?, "id"?, "attachments"?: ["rel/path"],
 * "properties"?: { "editor": "v2" } }`. A pulled folder's `.confluence/index.json` (the format
 * `confluence-triage pull` writes) supplies title, id, space and parent for the files it lists,
 * so a user can seed the simulator with pages they pulled. Pages without a space key go to
 * `defaultSpaceKey`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BODY_TYPE_STORAGE, readExport } from '../export/index';
import type { SeedAttachment, SeedData, SeedPage, SimRepresentation } from './options';

const PAGE_SUFFIXES: readonly [string, SimRepresentation][] = [
  ['.storage.xhtml', 'storage'],
  ['.adf.json', 'atlas_doc_format'],
];

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
};

interface PageMeta {
  title?: string;
  spaceKey?: string;
  parentTitle?: string;
  parentId?: string;
  id?: string;
  attachments?: string[];
  properties?: Record<string, unknown>;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Page metadata from every `.confluence/index.json` below the folder, keyed by the page file's path. */
function pulledIndexes(files: readonly string[]): Map<string, PageMeta> {
  const byFile = new Map<string, PageMeta>();
  for (const file of files) {
    if (path.basename(file) !== 'index.json' || path.basename(path.dirname(file)) !== '.confluence') continue;
    const folder = path.dirname(path.dirname(file));
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { pages?: (PageMeta & { file?: string; parentId?: string })[] };
    for (const entry of parsed.pages ?? []) {
      if (typeof entry.file !== 'string') continue;
      byFile.set(path.resolve(folder, entry.file), { title: entry.title, spaceKey: entry.spaceKey, id: entry.id, parentId: entry.parentId });
    }
  }
  return byFile;
}

/** Reads a folder of page files (see the module comment for the layout). */
export function loadSeedFolder(dir: string, defaultSpaceKey = 'DEMO'): SeedData {
  const pages: SeedPage[] = [];
  const files = walk(dir);
  const indexed = pulledIndexes(files);
  for (const file of files) {
    const suffix = PAGE_SUFFIXES.find(([s]) => file.endsWith(s));
    if (!suffix) continue;
    const stem = file.slice(0, -suffix[0].length);
    const metaFile = `${stem}.meta.json`;
    const meta: PageMeta = fs.existsSync(metaFile) ? JSON.parse(fs.readFileSync(metaFile, 'utf8')) : (indexed.get(path.resolve(file)) ?? {});
    const attachments: SeedAttachment[] = (meta.attachments ?? []).map((rel) => {
      const full = path.resolve(path.dirname(file), rel);
      if (!full.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${metaFile}: attachment '${rel}' is outside the seed folder`);
      return { fileName: path.basename(full), mediaType: MEDIA_TYPES[path.extname(full).toLowerCase()], data: fs.readFileSync(full) };
    });
    pages.push({
      id: meta.id,
      title: meta.title ?? path.basename(stem),
      spaceKey: meta.spaceKey ?? defaultSpaceKey,
      parentTitle: meta.parentTitle,
      parentId: meta.parentId,
      body: fs.readFileSync(file, 'utf8'),
      representation: suffix[1],
      attachments,
      properties: meta.properties,
    });
  }
  return { pages };
}

export interface ExportSeed {
  seed: SeedData;
  /** Pages not loaded (blog posts, wiki-markup or missing bodies), by reason. */
  skipped: Record<string, number>;
}

/**
 * Reads a space export (`.zip` or `entities.xml`) with the project's streaming export reader:
 * current pages with storage bodies keep their ids, titles and parents; a parent that is not
 * among them is dropped so the page becomes a root page.
 */
export async function loadSeedExport(file: string): Promise<ExportSeed> {
  const pages: SeedPage[] = [];
  const spaces = new Map<string, string>();
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  for await (const page of readExport(file)) {
    if (page.contentType !== 'page') skip('blogpost');
    else if (page.bodyType !== BODY_TYPE_STORAGE) skip(page.bodyType === null ? 'missing-body' : 'wiki-markup');
    else {
      spaces.set(page.spaceKey, page.spaceName);
      pages.push({ id: page.pageId, title: page.title, spaceKey: page.spaceKey, parentId: page.parentId ?? undefined, body: page.body, representation: 'storage' });
    }
  }
  // Titles must be unique per space, as in Confluence; an export may still repeat one.
  const seen = new Set<string>();
  const unique = pages.filter((p) => {
    const key = `${p.spaceKey}\u0000${p.title}`;
    if (seen.has(key)) {
      skip('duplicate-title');
      return false;
    }
    seen.add(key);
    return true;
  });
  const ids = new Set(unique.map((p) => p.id));
  for (const p of unique) if (p.parentId !== undefined && !ids.has(p.parentId)) p.parentId = undefined;
  return { seed: { spaces: [...spaces].map(([key, name]) => ({ key, name })), pages: unique }, skipped };
}

/** A folder is read as page files; a file as a space export. */
export async function loadSeed(target: string, defaultSpaceKey?: string): Promise<ExportSeed> {
  if (fs.statSync(target).isDirectory()) return { seed: loadSeedFolder(target, defaultSpaceKey), skipped: {} };
  return loadSeedExport(target);
}
