import { decodeEntities } from './xml-scanner';

/**
 * Turns the byte slices of one element's character data into a string. A slice cut by a chunk
 * boundary is decoded with a streaming TextDecoder (a UTF-8 sequence split across chunks decodes as
 * one character), any other in one plain call; invalid bytes become U+FFFD, never an exception. Text runs get XML escapes undone; CDATA runs are taken
 * as written, except that Confluence's `]] >` (its escape of a CDATA end inside a CDATA body) can
 * be turned back into `]]>`.
 */
const STREAM = { stream: true };

export class TextCollector {
  private readonly parts: string[] = [];
  private segment = '';
  private segmentIsCdata = false;
  private chars = 0;
  /** The shared decoder holds state of this collector (a run reached the end of its chunk). */
  private streaming = false;
  /** Set when input past maxChars was dropped. */
  truncated = false;

  /**
   * Pass a long-lived `decoder` when collecting many small values: building a TextDecoder costs
   * far more than decoding a title; create it with `ignoreBOM: true`, so that a U+FEFF starting a
   * run stays, as it does when the run is decoded in one plain call. The collector leaves it
   * flushed when it finishes.
   */
  constructor(
    private readonly maxChars = Number.POSITIVE_INFINITY,
    private readonly unescapeCdataEnd = false,
    private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true }),
  ) {}

  add(buf: Buffer, from: number, to: number, cdata: boolean): void {
    if (cdata !== this.segmentIsCdata) {
      this.flush();
      this.segmentIsCdata = cdata;
    }
    if (this.chars >= this.maxChars) {
      this.truncated = true;
      return;
    }
    // A run that stops before the end of its chunk stops before markup (ASCII), so it cannot end
    // inside a character: it is decoded in one plain call. Only a run cut by the chunk boundary
    // needs the streaming decoder (cleared first of anything an abandoned collector left in it).
    let s: string;
    if (to < buf.length && !this.streaming) {
      s = buf.toString('utf8', from, to);
    } else {
      if (!this.streaming) {
        this.decoder.decode();
        this.streaming = true;
      }
      s = this.decoder.decode(buf.subarray(from, to), STREAM);
    }
    this.segment += s;
    this.chars += s.length;
  }

  finish(): string {
    this.flush();
    const out = this.parts.length === 1 ? this.parts[0] : this.parts.length === 0 ? '' : this.parts.join('');
    return out.length > this.maxChars ? out.slice(0, this.maxChars) : out;
  }

  private flush(): void {
    let s = this.segment;
    if (this.streaming) {
      s += this.decoder.decode();
      this.streaming = false;
    }
    this.segment = '';
    if (s.length === 0) return;
    if (this.segmentIsCdata) this.parts.push(this.unescapeCdataEnd && s.includes(']] >') ? s.replaceAll(']] >', ']]>') : s);
    else this.parts.push(decodeEntities(s));
  }
}
