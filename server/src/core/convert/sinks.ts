/**
 * Where converted nodes go. Storage mixes inline content and blocks freely (text straight in
 * a table cell, a panel macro inside a `<p>`); ADF does not. A sink receives both and keeps
 * ADF's shape: inline runs outside a textblock become paragraphs, and a block met inside a
 * textblock ends it, lands in the enclosing container, and the textblock resumes after it.
 */
import type { XmlElement } from '../storage/tree';
import { node, paragraph, textNode, type AdfJson, type AdfMark } from './adf-json';

export interface Sink {
  inline(node: AdfJson): void;
  /** `inline` of a one-space text node, which is only made where the space can matter. */
  space(marks: readonly AdfMark[]): void;
  block(node: AdfJson): void;
  /** True inside a textblock (paragraph, heading), where inline macros become inline nodes. */
  readonly inText: boolean;
}

export const isXmlSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Whether `text` is empty or white space only, as `String.prototype.trim` sees it (no-break
 * spaces too), without allocating the trimmed copy for the usual ASCII text.
 */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isXmlSpace(c) || c === 11 || c === 12) continue;
    return c < 128 ? false : text.trim() === '';
  }
  return true;
}

/**
 * Drops leading and trailing white space of an inline run, and the text nodes it empties.
 * Trims the run in place (every caller hands over a run it no longer uses); a text node is
 * copied only when its text changes.
 */
export function trimRun(run: AdfJson[]): AdfJson[] {
  let lo = 0;
  while (lo < run.length && run[lo].type === 'text') {
    const text = run[lo].text!;
    let i = 0;
    while (i < text.length && isXmlSpace(text.charCodeAt(i))) i++;
    if (i < text.length) {
      if (i > 0) run[lo] = { ...run[lo], text: text.slice(i) };
      break;
    }
    lo++;
  }
  let hi = run.length;
  while (hi > lo && run[hi - 1].type === 'text') {
    const text = run[hi - 1].text!;
    let i = text.length;
    while (i > 0 && isXmlSpace(text.charCodeAt(i - 1))) i--;
    if (i > 0) {
      if (i < text.length) run[hi - 1] = { ...run[hi - 1], text: text.slice(0, i) };
      break;
    }
    hi--;
  }
  if (hi < run.length) run.length = hi;
  if (lo > 0) run.splice(0, lo);
  return run;
}

/** A container of blocks: loose inline content is wrapped in implicit paragraphs. */
export class BlockSink implements Sink {
  readonly out: AdfJson[] = [];
  private run: AdfJson[] | undefined;
  readonly inText = false;

  inline(node: AdfJson): void {
    // White space between blocks is layout, not content.
    if (!this.run && node.type === 'text' && isBlank(node.text!)) return;
    (this.run ??= []).push(node);
  }

  space(marks: readonly AdfMark[]): void {
    if (this.run) this.run.push(textNode(' ', marks));
  }

  block(node: AdfJson): void {
    this.flush();
    this.out.push(node);
  }

  /** The blocks, with any pending inline run closed. */
  finish(): AdfJson[] {
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (!this.run) return;
    const run = trimRun(this.run);
    this.run = undefined;
    if (run.length) this.out.push(paragraph(run));
  }
}

/** Records where a converted node came from (the converter). */
export interface SourceRecorder {
  from<T extends AdfJson>(el: XmlElement, n: T): T;
}

/** A paragraph (level 0) or heading being filled; blocks inside it split it around them. */
export class TextblockSink implements Sink {
  private content: AdfJson[] = [];
  private emitted = false;
  readonly inText = true;

  constructor(
    private readonly parent: Sink,
    private readonly sources: SourceRecorder,
    private readonly el: XmlElement,
    private readonly level: number,
  ) {}

  inline(node: AdfJson): void {
    this.content.push(node);
  }

  space(marks: readonly AdfMark[]): void {
    this.content.push(textNode(' ', marks));
  }

  block(node: AdfJson): void {
    this.emit(false);
    this.parent.block(node);
  }

  /** Closes the textblock. An empty `<p></p>` is kept as an empty paragraph (an empty line). */
  finish(): void {
    this.emit(!this.emitted);
  }

  private emit(keepEmpty: boolean): void {
    const run = trimRun(this.content);
    this.content = [];
    if (run.length || keepEmpty) {
      const made = this.level === 0 ? paragraph(run) : node('heading', { level: this.level }, run);
      this.parent.block(this.sources.from(this.el, made));
      this.emitted = true;
    }
  }
}
