import { decodeEntities } from './xml-scanner';

/**
 * Turns the byte slices of one element's character data into a string. Slices are decoded with a
 * streaming TextDecoder (a UTF-8 sequence split across chunks decodes as one character; invalid
 * bytes become U+FFFD, never an exception). Text runs get XML escapes undone; CDATA runs are taken
 * as written, except that Confluence's `]] >` (its escape of a CDATA end inside a CDATA body) can
 * be turned back into `]]>`.
 */
const STREAM = { stream: true };

export class TextCollector {
  private readonly parts: string[] = [];
  private segment = '';
  private segmentIsCdata = false;
  private chars = 0;
  /** Set when input past maxChars was dropped. */
  truncated = false;

  /**
   * Pass a long-lived `decoder` when collecting many small values: building a TextDecoder costs
   * far more than decoding a title. The collector leaves it flushed when it finishes.
   */
  constructor(
    private readonly maxChars = Number.POSITIVE_INFINITY,
    private readonly unescapeCdataEnd = false,
    private readonly decoder = new TextDecoder('utf-8'),
  ) {
    // Drop anything a previous, abandoned collector left half-decoded in a shared decoder.
    decoder.decode();
  }

  add(buf: Buffer, from: number, to: number, cdata: boolean): void {
    if (cdata !== this.segmentIsCdata) {
      this.flush();
      this.segmentIsCdata = cdata;
    }
    if (this.chars >= this.maxChars) {
      this.truncated = true;
      return;
    }
    const s = this.decoder.decode(buf.subarray(from, to), STREAM);
    this.segment += s;
    this.chars += s.length;
  }

  finish(): string {
    this.flush();
    const out = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    return out.length > this.maxChars ? out.slice(0, this.maxChars) : out;
  }

  private flush(): void {
    const s = this.segment + this.decoder.decode();
    this.segment = '';
    if (s.length === 0) return;
    if (this.segmentIsCdata) this.parts.push(this.unescapeCdataEnd && s.includes(']] >') ? s.replaceAll(']] >', ']]>') : s);
    else this.parts.push(decodeEntities(s));
  }
}
