/**
 * Finding and reading the pages the CLI works on: `*.storage.xhtml` and `*.adf.json`
 * below folders (recursively, skipping dependency and VCS folders), or files named
 * directly. Reading never throws on content: binary files and invalid UTF-8 come back as
 * a per-file error the commands report, so one bad file does not stop a run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Format } from '../core/types';
import { INDEX_DIR, INDEX_FILE } from '../lsp/workspace-index';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Thrown for a path that does not exist or cannot be listed: a fatal error (exit 2). */
export class PathError extends Error {}

export function formatOfPath(file: string): Format | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.storage.xhtml')) return 'storage';
  if (lower.endsWith('.adf.json')) return 'adf';
  return undefined;
}

export interface PageFile {
  readonly path: string;
  readonly format: Format;
}

/**
 * Expands the command-line paths into page files, sorted within each folder. A file named
 * directly is taken even with another extension (`.json` → ADF, anything else → storage).
 */
export function discoverPages(paths: readonly string[], cwd: string): PageFile[] {
  const out: PageFile[] = [];
  const seen = new Set<string>();
  const add = (file: string, format: Format) => {
    if (!seen.has(file)) {
      seen.add(file);
      out.push({ path: file, format });
    }
  };
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new PathError(`${given}: no such file or folder`);
    }
    if (stat.isFile()) {
      add(abs, formatOfPath(abs) ?? (abs.toLowerCase().endsWith('.json') ? 'adf' : 'storage'));
      continue;
    }
    const pending = [abs];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        throw new PathError(`${path.relative(cwd, dir) || dir}: cannot list the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: string[] = [];
      for (const entry of entries) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) subdirs.push(p);
        } else if (entry.isFile()) {
          const format = formatOfPath(entry.name);
          if (format) add(p, format);
        }
      }
      pending.push(...subdirs.reverse());
    }
  }
  return out;
}

export type ReadResult = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

/** Reads a page as UTF-8 text, or says why it cannot be one. */
export function readPage(file: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, reason: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); not a storage or ADF page' };
  try {
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text, bom };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { ok: false, reason: `not valid UTF-8 (first bad byte at offset ${at}); re-save the file as UTF-8` };
  }
}

/** Offset of the first byte that breaks UTF-8, for the error message. */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Binary search on the shortest failing prefix; a prefix that ends mid-character also fails,
  // so the answer can be up to three bytes early, which is close enough for a message.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1));
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

/** Writes a file by renaming a sibling temp file over it, so a crash never leaves half a page. */
export function writeAtomically(file: string, text: string, bom: boolean): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, (bom ? '\uFEFF' : '') + text);
  fs.renameSync(tmp, file);
}

/**
 * Where to look for `.confluence/index.json` (pulled-page metadata for short links): every
 * folder argument (searched downwards by the loader) and the nearest folder above each
 * path that has one.
 */
export function indexRootsFor(paths: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const given of paths) {
    let dir = path.resolve(cwd, given);
    try {
      if (fs.statSync(dir).isDirectory()) roots.add(dir);
      else dir = path.dirname(dir);
    } catch {
      continue;
    }
    for (let d = dir; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, INDEX_DIR, INDEX_FILE))) {
        roots.add(d);
        break;
      }
      if (path.dirname(d) === d) break;
    }
  }
  return [...roots];
}
