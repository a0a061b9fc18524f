/**
 * Lints a set of page files: the shared first half of `lint` and `fix`. Each file ends up
 * with its problems (offsets from the core plus 1-based line/columns for output) or with
 * the reason it could not be read, reported as an `unreadable-file` error finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TriageConfig } from '../core/config';
import { lint } from '../core/lint';
import { RULES } from '../core/rules/index';
import type { Rule } from '../core/rules/rule';
import { LineIndex, type LineColumn } from '../core/text/line-index';
import type { Format, Problem, WorkspaceIndex } from '../core/types';
import { readPage, type PageFile } from './files';

/** Pseudo rule id of a file that is not UTF-8 text (never a core rule: the core sees only text). */
export const UNREADABLE_FILE = 'unreadable-file';

export interface LocatedProblem {
  readonly problem: Problem;
  readonly from: LineColumn;
  readonly to: LineColumn;
}

export interface FileReport {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the working directory, with forward slashes (for output). */
  readonly display: string;
  readonly format: Format;
  readonly text?: string;
  readonly bom?: boolean;
  readonly problems: readonly LocatedProblem[];
  /** Why the file could not be linted. */
  readonly unreadable?: string;
  /** File size in bytes (for whole-file locations of unreadable files). */
  readonly size?: number;
}

export interface LintSettings {
  readonly config: TriageConfig;
  readonly index: WorkspaceIndex;
  readonly only: readonly string[] | undefined;
  readonly rules?: readonly Rule[];
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

export function lintFile(page: PageFile, cwd: string, settings: LintSettings): FileReport {
  const display = displayPath(page.path, cwd);
  const read = readPage(page.path);
  if (!read.ok) {
    let size = 0;
    try {
      size = fs.statSync(page.path).size;
    } catch {
      // Unreadable metadata too; the reason already says what went wrong.
    }
    return { path: page.path, display, format: page.format, problems: [], unreadable: read.reason, size };
  }
  const { problems } = lint(read.text, page.format, { config: settings.config, index: settings.index, only: settings.only, rules: settings.rules ?? RULES });
  const lines = new LineIndex(read.text);
  return {
    path: page.path,
    display,
    format: page.format,
    text: read.text,
    bom: read.bom,
    problems: problems.map((problem) => ({ problem, from: lines.at(problem.start), to: lines.at(problem.end) })),
  };
}
