import { randomUUID } from 'node:crypto';

/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  value: Uint8Array | string;
  filename?: string;
  contentType?: string;
}

/**
 * Builds a multipart/form-data body as bytes, so that a retried upload resends exactly the same
 * bytes and tests can inspect them.
 */
export function multipartBody(parts: readonly FormPart[]): { body: Uint8Array; contentType: string } {
  const boundary = `----confluence-triage-${randomUUID()}`;
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
    if (part.filename !== undefined) head += `; filename="${quote(part.filename)}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(enc.encode(`${head}\r\n`));
    chunks.push(typeof part.value === 'string' ? enc.encode(part.value) : part.value);
    chunks.push(enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

// A quote or line break in a file name would end the header early; percent-encode them as browsers do.
function quote(s: string): string {
  return s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
