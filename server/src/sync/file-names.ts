/**
 * Page titles → file names that are readable, portable and can never leave the target folder.
 * A title is only ever used as one path segment: separators, `..`, control characters and
 * Windows-reserved names are neutralised, and the final path is resolved and checked.
 */
import * as path from 'node:path';

/** Longest file name stem we produce (UTF-16 units); leaves room for suffixes under 255 bytes. */
const MAX_STEM = 120;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

export type PageFileKind = 'storage' | 'adf';

/** File suffix of each kind (the language server keys on them). */
export const SUFFIX: Readonly<Record<PageFileKind, string>> = { storage: '.storage.xhtml', adf: '.adf.json' };

/**
 * One safe path segment for a title: no `/`, `\`, `:` or other characters Windows forbids,
 * no control characters, no leading dots (hidden files, `..`), no trailing dots or spaces,
 * not a reserved device name, at most MAX_STEM characters (cut on a code point boundary).
 */
export function safeStem(title: string): string {
  let s = title.normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[/\\:*?"<>|]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+/, '')
    .replace(/[.\s]+$/, '');
  if (RESERVED.test(s.split('.')[0] ?? '')) s = `_${s}`;
  if (s.length > MAX_STEM) {
    s = Array.from(s).reduce((acc, ch) => (acc.length + ch.length <= MAX_STEM ? acc + ch : acc), '').replace(/[.\s]+$/, '');
  }
  return s === '' ? 'untitled' : s;
}

/**
 * Hands out file names, unique case-insensitively (macOS and Windows folders are): the second
 * "Notes" becomes "Notes (2)". Names already taken (from the index or disk) are reserved first.
 */
export class FileNamer {
  private readonly taken = new Set<string>();

  constructor(existing: Iterable<string> = []) {
    for (const name of existing) this.taken.add(name.toLowerCase());
  }

  reserve(name: string): void {
    this.taken.add(name.toLowerCase());
  }

  /** A free name for this title and kind; `id` breaks ties when counting would run long. */
  next(title: string, kind: PageFileKind, id: string): string {
    const stem = safeStem(title);
    const suffix = SUFFIX[kind];
    for (let n = 1; n <= 20; n++) {
      const name = `${stem}${n === 1 ? '' : ` (${n})`}${suffix}`;
      if (!this.taken.has(name.toLowerCase())) {
        this.reserve(name);
        return name;
      }
    }
    const name = `${stem} (${safeStem(id)})${suffix}`;
    this.reserve(name);
    return name;
  }
}

/**
 * `folder/name`, resolved, after checking that it stays inside `folder`. Throws otherwise:
 * names come from titles on a server, and a bug elsewhere must not become a write outside.
 */
export function resolveInside(folder: string, name: string): string {
  const root = path.resolve(folder);
  const full = path.resolve(root, name);
  const rel = path.relative(root, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new Error(`refusing to write '${name}': it resolves outside ${root}`);
  }
  return full;
}
