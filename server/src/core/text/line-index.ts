/** Offset ↔ line/column conversion for shells that are not LSP (the CLI, SARIF). */

export interface LineColumn {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units like LSP and SARIF's default. */
  readonly column: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    let i = text.indexOf('\n');
    while (i >= 0) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }

  /** 1-based line and column of an offset. */
  at(offset: number): LineColumn {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
