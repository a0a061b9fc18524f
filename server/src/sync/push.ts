/**
 * Push edited files back with optimistic concurrency. A file whose hash equals the index is
 * skipped; a changed one is parsed locally first (nothing unparsable is sent); then the
 * remote version is read: if it moved since the pull, the push is refused, the remote body is
 * written to `.confluence/remote/<file>` for a diff, and nothing is overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseStorage } from '../core/storage/parser';
import { parseAdf } from '../core/adf/parser';
import { checkAdf } from '../core/adf/schema-check';
import { ConflictError } from '../rest/index';
import type { SiteClient } from './connect';
import { resolveInside } from './file-names';
import { META_DIR, REMOTE_DIR, findIndexFolder, readIndex, sha256, writeFileAtomic, writeIndex, type IndexedPage, type MetadataIndex } from './metadata-index';
import { fileText, readPage } from './remote-page';

export type PushOutcome = 'unchanged' | 'pushed' | 'would-push' | 'conflict' | 'invalid' | 'missing' | 'failed';

export interface PushPageResult {
  file: string;
  id: string;
  title: string;
  outcome: PushOutcome;
  /** Version now on the server (pushed) or found there (conflict). */
  version?: number;
  /** Why it was refused or failed. */
  reason?: string;
  /** Conflict: folder-relative path of the remote copy. */
  remoteFile?: string;
}

export interface PushOptions {
  dryRun?: boolean;
  /**
   * Take the remote version recorded by an earlier conflict as the new base (the user merged
   * it into the local file). Refused again if the page moved once more since.
   */
  resolved?: boolean;
  signal?: AbortSignal;
  onPage?: (result: PushPageResult) => void;
}

/** Files to push, grouped by the folder whose index they belong to. */
export interface PushSet {
  folder: string;
  index: MetadataIndex;
  pages: IndexedPage[];
}

/**
 * Groups paths (folders or page files) by their index folder. A folder means every page of its
 * index that lives under it; a file must be listed in its index.
 */
export function selectPages(paths: readonly string[]): PushSet[] {
  const sets = new Map<string, PushSet>();
  const expanded = paths.flatMap((given) => {
    const full = path.resolve(given);
    // A folder holding several pulled folders (a workspace) means all of them.
    if (findIndexFolder(full) === undefined && fs.existsSync(full) && fs.statSync(full).isDirectory()) {
      const below = indexFoldersBelow(full, 4);
      if (below.length > 0) return below;
    }
    return [given];
  });
  for (const given of expanded) {
    const full = path.resolve(given);
    const folder = findIndexFolder(full);
    if (!folder) throw new Error(`${given}: no ${META_DIR}/index.json here or above; pull first`);
    let set = sets.get(folder);
    if (!set) {
      const index = readIndex(folder);
      if (!index) throw new Error(`${given}: cannot read ${META_DIR}/index.json`);
      set = { folder, index, pages: [] };
      sets.set(folder, set);
    }
    const isDir = fs.existsSync(full) && fs.statSync(full).isDirectory();
    const chosen = set.index.pages.filter((p) => {
      const file = resolveInside(folder, p.file);
      return isDir ? file.startsWith(full + path.sep) : file === full;
    });
    if (!isDir && chosen.length === 0) throw new Error(`${given}: not a pulled page (not in ${path.join(folder, META_DIR, 'index.json')})`);
    for (const p of chosen) if (!set.pages.includes(p)) set.pages.push(p);
  }
  return [...sets.values()];
}

/** Folders below `dir` (at most `depth` levels) that hold an index; hidden folders and node_modules are skipped. */
function indexFoldersBelow(dir: string, depth: number): string[] {
  if (depth < 0) return [];
  if (fs.existsSync(path.join(dir, META_DIR, 'index.json'))) return [dir];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') out.push(...indexFoldersBelow(path.join(dir, e.name), depth - 1));
  }
  return out;
}

/** Why the text cannot be sent, or undefined when the core parses it cleanly. */
export function localProblem(text: string, entry: Pick<IndexedPage, 'representation'>): string | undefined {
  if (entry.representation === 'storage') {
    const err = parseStorage(text).errors.find((e) => e.severity === 'error');
    return err ? `not well-formed storage XHTML at offset ${err.start}: ${err.message}` : undefined;
  }
  const doc = parseAdf(text);
  const err = doc.errors.find((e) => e.severity === 'error');
  if (err || doc.json === undefined) return `not valid JSON${err ? ` at offset ${err.start}: ${err.message}` : ''}`;
  const issue = checkAdf(doc.json)[0];
  return issue ? `not valid ADF at ${issue.path.join('.') || 'the root'}: ${issue.message}` : undefined;
}

/** Pushes one folder's selected pages; the index is rewritten after every successful push. */
export async function pushSet(site: SiteClient, set: PushSet, options: PushOptions = {}): Promise<PushPageResult[]> {
  const results: PushPageResult[] = [];
  for (const entry of set.pages) {
    if (options.signal?.aborted) break;
    const r = await pushOne(site, set, entry, options);
    results.push(r);
    options.onPage?.(r);
  }
  return results;
}

async function pushOne(site: SiteClient, set: PushSet, entry: IndexedPage, options: PushOptions): Promise<PushPageResult> {
  const base = { file: entry.file, id: entry.id, title: entry.title };
  let text: string;
  try {
    text = fs.readFileSync(resolveInside(set.folder, entry.file), 'utf8');
  } catch {
    return { ...base, outcome: 'missing', reason: 'the file is gone' };
  }
  const resolving = options.resolved === true && entry.conflict !== undefined;
  if (sha256(text) === entry.hash && !resolving) return { ...base, outcome: 'unchanged', version: entry.version };
  const problem = localProblem(text, entry);
  if (problem) return { ...base, outcome: 'invalid', reason: problem };

  const remote = await readPage(site, entry.id, entry.representation, undefined, options.signal);
  const baseVersion = resolving ? (entry.conflict as NonNullable<IndexedPage['conflict']>).remoteVersion : entry.version;
  if (remote.version !== baseVersion) {
    const remoteFile = path.posix.join(META_DIR, REMOTE_DIR, entry.file);
    if (!options.dryRun) {
      writeFileAtomic(resolveInside(set.folder, remoteFile), fileText(remote));
      entry.conflict = { remoteVersion: remote.version, remoteFile, detectedAt: new Date().toISOString() };
      writeIndex(set.folder, set.index);
    }
    return { ...base, outcome: 'conflict', version: remote.version, remoteFile, reason: `changed on the server since version ${baseVersion} (now ${remote.version})` };
  }
  if (options.dryRun) return { ...base, outcome: 'would-push', version: baseVersion };

  try {
    const version = site.flavor === 'dc'
      ? (await site.client.updatePage({ id: entry.id, title: entry.title, storage: text, baseVersion }, { signal: options.signal })).version?.number
      : (await site.client.updatePage({
        id: entry.id,
        title: entry.title,
        baseVersion,
        body: entry.representation === 'storage' ? { representation: 'storage', value: text } : { representation: 'atlas_doc_format', value: JSON.parse(text) },
      }, { signal: options.signal })).version?.number;
    entry.version = version ?? baseVersion + 1;
    entry.hash = sha256(text);
    delete entry.conflict;
    writeIndex(set.folder, set.index);
    return { ...base, outcome: 'pushed', version: entry.version };
  } catch (err) {
    // The read above saw our base, so someone wrote in between: the same refusal.
    if (err instanceof ConflictError) {
      const now = await readPage(site, entry.id, entry.representation, undefined, options.signal);
      const remoteFile = path.posix.join(META_DIR, REMOTE_DIR, entry.file);
      writeFileAtomic(resolveInside(set.folder, remoteFile), fileText(now));
      entry.conflict = { remoteVersion: now.version, remoteFile, detectedAt: new Date().toISOString() };
      writeIndex(set.folder, set.index);
      return { ...base, outcome: 'conflict', version: now.version, remoteFile, reason: err.message };
    }
    throw err;
  }
}
