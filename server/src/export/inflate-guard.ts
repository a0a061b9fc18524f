import { Transform, type TransformCallback } from 'node:stream';
import type { ExportLimits, ExportProblemCode } from './types';

export const DEFAULT_MAX_UNCOMPRESSED = 64 * 1024 ** 3;
export const DEFAULT_MAX_RATIO = 200;
export const DEFAULT_RATIO_GRACE = 16 * 1024 ** 2;

/** Raised inside the stream when an inflated entry crosses a limit. */
export class ZipLimitError extends Error {
  constructor(readonly code: Extract<ExportProblemCode, 'zip-bomb-ratio' | 'zip-bomb-size'>, message: string) {
    super(message);
  }
}

/**
 * Counts the bytes an entry really inflates to and stops the stream as soon as they cross the
 * absolute limit or the compression-ratio limit. The sizes in zip headers are attacker-controlled,
 * so they are only used for the ratio's denominator (which yauzl bounds by the file's real size)
 * and for a mismatch report at the end.
 */
export class InflateGuard extends Transform {
  private inflated = 0;
  private readonly maxBytes: number;
  private readonly maxRatio: number;
  private readonly grace: number;

  constructor(
    private readonly entryName: string,
    private readonly compressedSize: number,
    private readonly declaredSize: number,
    limits: ExportLimits,
    private readonly onSizeMismatch: (actual: number, declared: number) => void,
  ) {
    super();
    this.maxBytes = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
    this.maxRatio = limits.maxCompressionRatio ?? DEFAULT_MAX_RATIO;
    this.grace = limits.ratioGraceBytes ?? DEFAULT_RATIO_GRACE;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.inflated += chunk.length;
    if (this.inflated > this.maxBytes) {
      cb(new ZipLimitError('zip-bomb-size', `zip entry "${this.entryName}" inflates past the limit of ${this.maxBytes} bytes; reading stopped there`));
      return;
    }
    if (this.inflated > this.grace && this.inflated > this.maxRatio * Math.max(this.compressedSize, 1)) {
      cb(new ZipLimitError('zip-bomb-ratio', `zip entry "${this.entryName}" inflates more than ${this.maxRatio} times its compressed size (${this.compressedSize} bytes): likely a zip bomb; reading stopped`));
      return;
    }
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.inflated !== this.declaredSize) this.onSizeMismatch(this.inflated, this.declaredSize);
    cb();
  }
}
