/**
 * `.confluence/index.json`: what was pulled from where, so push knows each file's page and
 * base version. The language server reads `pages[].id/title/spaceKey` from the same file for
 * short-link fixes. Credentials are never stored here.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveInside } from './file-names';

export const META_DIR = '.confluence';
export const INDEX_NAME = 'index.json';
/** Remote bodies written beside a conflict, for a diff of remote vs local. */
export const REMOTE_DIR = 'remote';

export type Flavor = 'dc' | 'cloud';
export type Representation = 'storage' | 'atlas_doc_format';

/** Where pages come from: no credentials, ever. */
export interface InstanceRef {
  flavor: Flavor;
  baseUrl: string;
}

/** A push refused because the remote page moved; cleared by a successful push. */
export interface ConflictRecord {
  remoteVersion: number;
  /** Folder-relative path of the remote body (`.confluence/remote/<file>`). */
  remoteFile: string;
  detectedAt: string;
}

export interface IndexedPage {
  id: string;
  title: string;
  spaceKey: string;
  spaceId?: string;
  parentId?: string;
  version: number;
  representation: Representation;
  /** File name relative to the folder that holds `.confluence/`. */
  file: string;
  /** sha256 (hex) of the file content as pulled or last pushed. */
  hash: string;
  pulledAt: string;
  conflict?: ConflictRecord;
}

export interface MetadataIndex {
  version: 1;
  instance: InstanceRef;
  pages: IndexedPage[];
}

/** sha256 hex of a text as UTF-8. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function indexPath(folder: string): string {
  return path.join(folder, META_DIR, INDEX_NAME);
}

/** The index of a folder, or undefined when there is none. Throws with the file name on bad JSON. */
export function readIndex(folder: string): MetadataIndex | undefined {
  const file = indexPath(folder);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: Partial<MetadataIndex>;
  try {
    json = JSON.parse(text) as Partial<MetadataIndex>;
  } catch (e) {
    throw new Error(`${file}: invalid JSON (${(e as Error).message})`);
  }
  if (json.version !== 1 || !json.instance || !Array.isArray(json.pages)) {
    throw new Error(`${file}: not a version 1 index with an instance (was it written by hand? pull again to create one)`);
  }
  for (const p of json.pages) resolveInside(folder, p.file);
  return json as MetadataIndex;
}

/** Writes the index atomically (temp file + rename), so a crash never leaves half of it. */
export function writeIndex(folder: string, index: MetadataIndex): void {
  writeFileAtomic(indexPath(folder), `${JSON.stringify(index, null, 2)}\n`);
}

/** Writes through a sibling temp file and a rename; creates the parent folder. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The folder at or above `start` that holds `.confluence/index.json`. */
export function findIndexFolder(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    if (fs.existsSync(indexPath(dir))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
