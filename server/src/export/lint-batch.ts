/**
 * The unit of work handed to an export lint worker: the raw bytes of consecutive page bodies in
 * one buffer. The buffer is transferred, not copied, and the worker decodes it, so the main thread
 * never builds a body string: it only reads bytes and, while the workers lint, waits.
 */
import { decodeSizedBody, hasIllegalCharacters } from './body-pass';
import { pageLinter, type PageFinding, type PageLintSettings } from './page-lint';

/** Raw bodies of consecutive pages: page i's bytes are `bytes[i === 0 ? 0 : ends[i - 1], ends[i])`. */
export interface BodyBatch {
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  /** 1 where the body is storage format and gets linted; other bodies are only decoded and measured. */
  readonly lint: Uint8Array;
}

/** What became of one body of a batch. */
export interface BodyOutcome {
  readonly findings: PageFinding[];
  /** UTF-16 length of the decoded body. */
  readonly chars: number;
  readonly utf8Bytes: number;
  /** The raw bytes hold characters XML 1.0 forbids. */
  readonly illegal: boolean;
}

/** Lints whole batches with one run's settings; the same function runs in a worker or inline. */
export function batchLinter(settings: PageLintSettings): (batch: BodyBatch) => BodyOutcome[] {
  const lintBody = pageLinter(settings);
  return (batch) => {
    const all = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    const outcomes: BodyOutcome[] = [];
    let from = 0;
    for (let i = 0; i < batch.ends.length; i++) {
      const to = batch.ends[i];
      if (to === from) {
        outcomes.push({ findings: [], chars: 0, utf8Bytes: 0, illegal: false });
        continue;
      }
      const raw = [all.subarray(from, to)];
      from = to;
      const { text, utf8Bytes } = decodeSizedBody(raw);
      outcomes.push({ findings: batch.lint[i] === 1 && text !== '' ? lintBody(text) : [], chars: text.length, utf8Bytes, illegal: hasIllegalCharacters(raw) });
    }
    return outcomes;
  };
}

/**
 * Collects raw bodies into one buffer of `capacity` bytes. A body that does not fit in what is
 * left belongs in the next batch (`fits`); one larger than the capacity gets a buffer of its own
 * size.
 */
export class BatchBuilder<T> {
  /** Allocated by the first `add` of each batch, so a builder that is done holds nothing. */
  private bytes: Buffer | null = null;
  private used = 0;
  private ends: number[] = [];
  private lint: number[] = [];
  private items: T[] = [];

  constructor(private readonly capacity: number) {}

  get pages(): number {
    return this.items.length;
  }

  get size(): number {
    return this.used;
  }

  fits(bytes: number): boolean {
    return this.bytes === null || this.used + bytes <= this.bytes.length;
  }

  add(item: T, pieces: readonly Buffer[], lint: boolean): void {
    const size = pieces.reduce((n, p) => n + p.length, 0);
    // An own ArrayBuffer (never Node's shared pool), so it can be transferred to a worker.
    this.bytes ??= Buffer.allocUnsafeSlow(Math.max(this.capacity, size));
    if (this.used + size > this.bytes.length) throw new Error('BatchBuilder.add: the body does not fit; check fits() first');
    for (const p of pieces) {
      p.copy(this.bytes, this.used);
      this.used += p.length;
    }
    this.ends.push(this.used);
    this.lint.push(lint ? 1 : 0);
    this.items.push(item);
  }

  /** The batch so far and its items; the builder starts over. */
  take(): { batch: BodyBatch; items: T[] } {
    const bytes = this.bytes ?? Buffer.allocUnsafeSlow(0);
    const batch: BodyBatch = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, this.used), ends: Uint32Array.from(this.ends), lint: Uint8Array.from(this.lint) };
    const items = this.items;
    this.bytes = null;
    this.used = 0;
    this.ends = [];
    this.lint = [];
    this.items = [];
    return { batch, items };
  }
}

/** The buffers a batch can hand over to a worker without a copy. */
export function transferList(batch: BodyBatch): ArrayBuffer[] {
  return [batch.bytes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer, batch.lint.buffer as ArrayBuffer];
}
