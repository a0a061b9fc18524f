import type { ExportSource } from './export-source';
import { ZipLimitError } from './inflate-guard';
import { MetadataPass, type ExportMetadata } from './metadata-pass';
import type { ExportProblem, ExportReadOptions, ExportSummary } from './types';
import { MarkupTooLongError, XmlScanner } from './xml-scanner';

/** Runs the metadata pass over the source's entities.xml; never throws on bad content. */
export async function readMetadata(source: ExportSource, options: ExportReadOptions, summary: ExportSummary): Promise<ExportMetadata> {
  const pass = new MetadataPass(options.maxValueChars, summary);
  const scanner = new XmlScanner(pass, options.maxMarkupBytes ?? 1 << 20);
  try {
    for await (const chunk of source.readChunks(options.chunkBytes)) scanner.write(chunk);
  } catch (err) {
    pass.stopped(problemFromError(err, scanner.position));
    return pass.finish(null, scanner.position);
  }
  return pass.finish(scanner.end(), scanner.position);
}

/** Turns whatever stopped a read into a problem with a stable code and a clear message. */
export function problemFromError(err: unknown, offset: number): ExportProblem {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ZipLimitError) return { code: err.code, message, offset };
  if (err instanceof MarkupTooLongError) return { code: 'markup-too-long', message: `entities.xml: ${message}; reading stopped`, offset };
  const errno = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const zipish = errno.startsWith('Z_') || /zip|inflate|deflate|crc|header|signature/i.test(message);
  return {
    code: zipish ? 'zip-corrupt' : 'io-error',
    message: `entities.xml could not be read past byte ${offset}: ${message}; everything before it was read`,
    offset,
  };
}
