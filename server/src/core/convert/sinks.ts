/**
 * Where converted nodes go. Storage mixes inline content and blocks freely (text straight in
 * a table cell, a panel macro inside a `<p>`); ADF does not. A sink receives both and keeps
 * ADF's shape: inline runs outside a textblock become paragraphs, and a block met inside a
 * textblock ends it, lands in the enclosing container, and the textblock resumes after it.
 */
import { paragraph, type AdfJson } from './adf-json';

export interface Sink {
  inline(node: AdfJson): void;
  block(node: AdfJson): void;
  /** True inside a textblock (paragraph, heading), where inline macros become inline nodes. */
  readonly inText: boolean;
}

/** Drops leading and trailing white space of an inline run, and the text nodes it empties. */
export function trimRun(run: AdfJson[]): AdfJson[] {
  const out = [...run];
  while (out.length && out[0].type === 'text') {
    const t = out[0].text!.replace(/^[ \t\r\n]+/, '');
    if (t) {
      out[0] = { ...out[0], text: t };
      break;
    }
    out.shift();
  }
  while (out.length && out[out.length - 1].type === 'text') {
    const last = out[out.length - 1];
    const t = last.text!.replace(/[ \t\r\n]+$/, '');
    if (t) {
      out[out.length - 1] = { ...last, text: t };
      break;
    }
    out.pop();
  }
  return out;
}

/** A container of blocks: loose inline content is wrapped in implicit paragraphs. */
export class BlockSink implements Sink {
  readonly out: AdfJson[] = [];
  private run: AdfJson[] | undefined;
  readonly inText = false;

  inline(node: AdfJson): void {
    // White space between blocks is layout, not content.
    if (!this.run && node.type === 'text' && !node.text!.trim()) return;
    (this.run ??= []).push(node);
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

/** A paragraph or heading being filled; blocks inside it split it around them. */
export class TextblockSink implements Sink {
  private content: AdfJson[] = [];
  private emitted = false;
  readonly inText = true;

  constructor(
    private readonly parent: Sink,
    private readonly make: (content: AdfJson[]) => AdfJson,
  ) {}

  inline(node: AdfJson): void {
    this.content.push(node);
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
      this.parent.block(this.make(run));
      this.emitted = true;
    }
  }
}
