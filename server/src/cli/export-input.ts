/**
 * Tells space exports apart from workspace pages on the command line: a `.zip` or a `.xml`
 * file (a bare `entities.xml`) is an export; everything else is a page file or a folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function isExportPath(given: string, cwd: string): boolean {
  const abs = path.resolve(cwd, given);
  const lower = abs.toLowerCase();
  if (!lower.endsWith('.zip') && !lower.endsWith('.xml')) return false;
  try {
    return fs.statSync(abs).isFile();
  } catch {
    // A missing .zip is still meant as an export: the reader says it is not there.
    return true;
  }
}

/** Splits the positional arguments into exports (absolute paths) and workspace paths (as given). */
export function splitInputs(positional: readonly string[], cwd: string): { exports: string[]; paths: string[] } {
  const exports: string[] = [];
  const paths: string[] = [];
  for (const given of positional) {
    if (isExportPath(given, cwd)) exports.push(path.resolve(cwd, given));
    else paths.push(given);
  }
  return { exports, paths };
}
