import { isAscii, isUtf8, transcode } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ExportSource } from './export-source';
import type { PageMeta } from './metadata-pass';
import { TextCollector } from './text-collector';
import { XmlScanner, type XmlHandler } from './xml-scanner';

/** A body to fetch: the raw bytes of its `<property name="body">` content, [start, end). */
export interface BodyJob {
  readonly page: PageMeta;
  readonly start: number;
  readonly end: number;
}

/** The raw bytes of one job, as slices of the chunks they came in. */
export interface PickedBody {
  readonly job: BodyJob;
  readonly pieces: Buffer[];
}

/**
 * Streams entities.xml once and hands out the byte ranges of `jobs` (sorted by start, not
 * overlapping) as they complete. Only the body being assembled is held; reading stops right after
 * the last range, so a late zip bomb or a truncated tail is never reached twice.
 */
export async function* pickBodies(stream: Readable, jobs: readonly BodyJob[]): AsyncGenerator<PickedBody> {
  let i = 0;
  let offset = 0;
  let pieces: Buffer[] = [];
  if (jobs.length === 0) {
    stream.destroy();
    return;
  }
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const chunkStart = offset;
    const chunkEnd = offset + chunk.length;
    offset = chunkEnd;
    const ready: PickedBody[] = [];
    while (i < jobs.length) {
      const job = jobs[i];
      if (job.start >= chunkEnd) break;
      const a = Math.max(job.start, chunkStart);
      const b = Math.min(job.end, chunkEnd);
      if (b > a) pieces.push(chunk.subarray(a - chunkStart, b - chunkStart));
      if (job.end > chunkEnd) break;
      ready.push({ job, pieces });
      pieces = [];
      i++;
    }
    for (const r of ready) yield r;
    if (i >= jobs.length) return;
  }
}

/**
 * The bytes of each job, in order: positional reads of just those ranges from a bare file, or one
 * streaming pass over a zip entry. The pieces are only valid until the next job is requested.
 */
export async function* fetchBodies(source: ExportSource, jobs: readonly BodyJob[], chunkBytes?: number): AsyncGenerator<PickedBody> {
  if (jobs.length === 0) return;
  if (source.file === null) {
    const stream = await source.openEntities(chunkBytes);
    try {
      yield* pickBodies(stream, jobs);
    } finally {
      stream.destroy();
    }
    return;
  }
  const fh = await open(source.file, 'r');
  // One scratch buffer, grown to the largest body: each body is decoded before the next is read.
  let scratch = Buffer.allocUnsafe(0);
  try {
    for (const job of jobs) {
      if (scratch.length < job.end - job.start) scratch = Buffer.allocUnsafe(Math.max(job.end - job.start, 2 * scratch.length, 1 << 16));
      const buf = scratch.subarray(0, job.end - job.start);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, job.start + got);
        if (bytesRead === 0) throw new Error(`entities.xml ended at byte ${job.start + got}: it changed or was truncated since the first pass`);
        got += bytesRead;
      }
      yield { job, pieces: [buf] };
    }
  } finally {
    await fh.close();
  }
}

const LINE_SEPARATORS = /[\u2028\u2029]/g;
// ignoreBOM keeps a U+FEFF at the start of a run, like every other character of the body.
const BODY_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * True when the raw bytes hold a character XML 1.0 forbids: a C0 control other than tab, LF, CR
 * (UTF-8 encodes those as single bytes), or U+FFFE/U+FFFF (EF BF BE / EF BF BF). Checked on bytes,
 * four at a time: a regex over the decoded text costs several times more on multi-byte text.
 */
export function hasIllegalCharacters(pieces: readonly Buffer[]): boolean {
  for (const b of pieces) if (illegalIn(b)) return true;
  return false;
}

function illegalIn(b: Buffer): boolean {
  const n = b.length;
  let i = 0;
  const misalign = b.byteOffset & 3;
  if (misalign !== 0) {
    for (const end = Math.min(n, 4 - misalign); i < end; i++) if (illegalAt(b, i)) return true;
  }
  const words = new Uint32Array(b.buffer, b.byteOffset + i, (n - i) >>> 2);
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const ef = w ^ 0xefefefef;
    // SWAR: a high bit survives for a byte below 0x20, or a byte equal to 0xEF (false positives only).
    if ((((w - 0x20202020) & ~w) | ((ef - 0x01010101) & ~ef)) & 0x80808080) {
      const at = i + 4 * k;
      for (let j = at; j < at + 4; j++) if (illegalAt(b, j)) return true;
    }
  }
  for (let j = i + 4 * words.length; j < n; j++) if (illegalAt(b, j)) return true;
  return false;
}

function illegalAt(b: Buffer, i: number): boolean {
  const c = b[i];
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  return c === 0xef && b[i + 1] === 0xbf && (b[i + 2] === 0xbe || b[i + 2] === 0xbf);
}

/**
 * The text of a body property's raw content: CDATA sections as written (with Confluence's `]] >`
 * turned back into `]]>`), text with XML escapes undone, U+2028/U+2029 as `\n`.
 */
export function decodeBody(pieces: readonly Buffer[]): string {
  return decodeSizedBody(pieces).text;
}

/** `decodeBody`, plus the UTF-8 size of the text (known without a count for the usual body). */
export function decodeSizedBody(pieces: readonly Buffer[]): { text: string; utf8Bytes: number } {
  const single = pieces.length === 1 ? singleCdata(pieces[0]) : null;
  if (single !== null) return single;
  let text = scanBody(pieces);
  if (text.includes('\u2028') || text.includes('\u2029')) text = text.replace(LINE_SEPARATORS, '\n');
  return { text, utf8Bytes: Buffer.byteLength(text, 'utf8') };
}

const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const CDATA_END_ESCAPED = Buffer.from(']] >');
const LINE_SEPARATOR_UTF8 = Buffer.from('\u2028');
const PARAGRAPH_SEPARATOR_UTF8 = Buffer.from('\u2029');

// Bodies up to this size are transcoded through a UTF-16 copy of twice their size.
const TRANSCODE_MAX_BYTES = 16 * 1024 * 1024;
const SEPARATORS_UTF16 = [Buffer.from('\u2028', 'utf16le'), Buffer.from('\u2029', 'utf16le')];

/**
 * The usual body, one whole CDATA section in one buffer, decoded in a single non-streaming call;
 * null when the body is anything else. CDATA holds no escapes, so what needs undoing is looked for
 * in the bytes (memory-speed searches) rather than in the decoded text. Decoding is what
 * `TextDecoder` gives, faster: ASCII as Latin-1 (a copy), valid UTF-8 through ICU's converter into
 * UTF-16 (about 3 times faster than TextDecoder on multi-byte text; `transcode` throws on invalid
 * UTF-8, hence the check first), where line separators become `\n` in place (a regex over the
 * decoded text cost more than the decoding). Invalid UTF-8 keeps TextDecoder.
 */
function singleCdata(raw: Buffer): { text: string; utf8Bytes: number } | null {
  const n = raw.length;
  if (n < 12 || !startsWithBytes(raw, CDATA_OPEN) || raw.indexOf(CDATA_CLOSE, CDATA_OPEN.length) !== n - 3) return null;
  const inner = raw.subarray(CDATA_OPEN.length, n - 3);
  let utf8Bytes = inner.length;
  let text: string;
  if (isAscii(inner)) {
    text = inner.toString('latin1');
  } else {
    const separators = inner.indexOf(LINE_SEPARATOR_UTF8) >= 0 || inner.indexOf(PARAGRAPH_SEPARATOR_UTF8) >= 0;
    if (inner.length <= TRANSCODE_MAX_BYTES && isUtf8(inner)) {
      const units = transcode(inner, 'utf8', 'utf16le');
      // Three bytes become one each.
      if (separators) utf8Bytes -= 2 * separatorsToNewlines(units);
      text = units.toString('utf16le');
    } else {
      text = BODY_DECODER.decode(inner);
      if (separators) {
        text = text.replace(LINE_SEPARATORS, '\n');
        utf8Bytes = Buffer.byteLength(text, 'utf8');
      }
    }
  }
  if (inner.indexOf(CDATA_END_ESCAPED) >= 0) {
    // Each `]] >` loses one byte, which is one UTF-16 unit.
    const before = text.length;
    text = text.replaceAll(']] >', ']]>');
    utf8Bytes -= before - text.length;
  }
  return { text, utf8Bytes };
}

/** Turns U+2028 and U+2029 into `\n` in UTF-16LE code units, in place; returns how many. */
function separatorsToNewlines(units: Buffer): number {
  let count = 0;
  for (const unit of SEPARATORS_UTF16) {
    for (let i = units.indexOf(unit); i >= 0; i = units.indexOf(unit, i + 1)) {
      // A match at an odd offset straddles two code units.
      if ((i & 1) !== 0) continue;
      units[i] = 0x0a;
      units[i + 1] = 0;
      count++;
    }
  }
  return count;
}

function startsWithBytes(buf: Buffer, prefix: Buffer): boolean {
  if (buf.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false;
  return true;
}

function scanBody(pieces: readonly Buffer[]): string {
  const collector = new TextCollector(Number.POSITIVE_INFINITY, true, BODY_DECODER);
  const handler: XmlHandler = {
    open: () => undefined,
    close: () => undefined,
    data: (buf, from, to, cdata) => collector.add(buf, from, to, cdata),
  };
  // Bodies have no markup outside CDATA, so there is no tag length to bound here.
  const scanner = new XmlScanner(handler, Number.POSITIVE_INFINITY);
  for (const piece of pieces) scanner.write(piece);
  scanner.end();
  return collector.finish();
}
