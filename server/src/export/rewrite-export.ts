import { createWriteStream } from 'node:fs';
import { realpath, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yazl from 'yazl';
import { decodeBody, type BodyJob } from './body-pass';
import { openExportSource, type ExportSource } from './export-source';
import { emptySummary, type ExportMetadata } from './metadata-pass';
import { readMetadata } from './metadata-read';
import { bodyJobs, toExportPage } from './read-export';
import { BODY_TYPE_STORAGE, ExportError, type ExportPage, type ExportReadOptions, type ExportSummary } from './types';

/** Returns the new storage body of a page, or undefined (or the same text) to keep it as it is. */
export type BodyRewriter = (page: ExportPage) => string | undefined;

export interface RewriteResult {
  readonly outPath: string;
  /** Current storage bodies offered to the rewriter. */
  readonly bodiesOffered: number;
  readonly bodiesRewritten: number;
  readonly summary: ExportSummary;
}

/**
 * Writes a copy of an export with some BodyContent bodies replaced, and every other byte of
 * entities.xml as it was: the file is streamed through and only changed bodies are spliced in, as
 * CDATA with `]]>` escaped Confluence's way (`]] >`). In a zip, every other entry is copied with
 * its name, date and mode (contents identical; compressed anew). The output goes to a temporary
 * file beside `outPath` and is renamed into place only when complete; the input is never written.
 * Refuses (ExportError) when entities.xml cannot be read to its end, so a rewrite never truncates.
 */
export async function rewriteExport(
  inPath: string,
  outPath: string,
  rewriteBody: BodyRewriter,
  options: ExportReadOptions = {},
): Promise<RewriteResult> {
  const input = await realpath(inPath).catch(() => resolve(inPath));
  const output = await realpath(outPath).catch(() => resolve(outPath));
  if (input === output) throw new ExportError('same-path', `refusing to rewrite ${inPath} in place: write beside it`);

  const summary = emptySummary();
  const source = await openExportSource(inPath, options, (p) => summary.problems.push(p), true);
  const tmp = `${output}.partial-${process.pid}`;
  try {
    const meta = await readMetadata(source, options, summary);
    if (!summary.complete) {
      const codes = summary.problems.map((p) => p.code).join(', ');
      throw new ExportError('incomplete-input', `refusing to rewrite ${inPath}: entities.xml could not be read to its end (${codes})`);
    }
    const jobs = bodyJobs(meta, options, (p) => summary.problems.push(p)).filter((j) => j.page.body?.bodyType === BODY_TYPE_STORAGE);
    const counts = { offered: 0, rewritten: 0 };
    const splice = async (): Promise<Readable> =>
      Readable.from(spliceBodies(await source.openEntities(options.chunkBytes), jobs, meta, rewriteBody, counts));
    if (source.kind === 'xml') await pipeline(await splice(), createWriteStream(tmp));
    else await writeZip(source, tmp, splice);
    await rename(tmp, output);
    return { outPath: output, bodiesOffered: counts.offered, bodiesRewritten: counts.rewritten, summary };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    source.close();
  }
}

/** Copies the stream through, replacing the byte range of each job whose body the rewriter changes. */
async function* spliceBodies(
  stream: Readable,
  jobs: readonly BodyJob[],
  meta: ExportMetadata,
  rewriteBody: BodyRewriter,
  counts: { offered: number; rewritten: number },
): AsyncGenerator<Buffer> {
  let i = 0;
  let offset = 0;
  let pieces: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const chunkStart = offset;
    offset += chunk.length;
    let p = 0;
    while (p < chunk.length) {
      const job = jobs[i];
      if (job === undefined) {
        yield chunk.subarray(p);
        break;
      }
      if (chunkStart + p < job.start) {
        const n = Math.min(chunk.length, job.start - chunkStart);
        yield chunk.subarray(p, n);
        p = n;
        continue;
      }
      const n = Math.min(chunk.length, job.end - chunkStart);
      pieces.push(chunk.subarray(p, n));
      p = n;
      if (chunkStart + p >= job.end) {
        yield replacement(job, pieces, meta, rewriteBody, counts);
        pieces = [];
        i++;
      }
    }
  }
}

function replacement(
  job: BodyJob,
  pieces: Buffer[],
  meta: ExportMetadata,
  rewriteBody: BodyRewriter,
  counts: { offered: number; rewritten: number },
): Buffer {
  const body = decodeBody(pieces);
  counts.offered++;
  const next = rewriteBody(toExportPage(meta, job.page, body));
  if (next === undefined || next === body) return Buffer.concat(pieces);
  counts.rewritten++;
  return Buffer.from(`<![CDATA[${next.replaceAll(']]>', ']] >')}]]>`, 'utf8');
}

async function writeZip(source: ExportSource, tmp: string, splice: () => Promise<Readable>): Promise<void> {
  const zip = new yazl.ZipFile();
  let failed: Error | null = null;
  const done = new Promise<void>((resolveDone, reject) => {
    const fail = (err: Error): void => {
      failed ??= err;
      reject(err);
    };
    zip.on('error', fail);
    const out = createWriteStream(tmp);
    out.on('error', fail);
    out.on('close', () => (failed === null ? resolveDone() : reject(failed)));
    zip.outputStream.on('error', fail);
    zip.outputStream.pipe(out);
    for (const info of source.entries) {
      const mtime = info.entry.getLastModDate();
      const unixMode = info.entry.externalFileAttributes >>> 16;
      const mode = unixMode !== 0 ? unixMode : undefined;
      if (info.name.endsWith('/')) {
        zip.addEmptyDirectory(info.name, { mtime, mode });
        continue;
      }
      zip.addReadStreamLazy(info.name, { mtime, mode, compress: info.entry.compressionMethod !== 0 }, (cb) => {
        const open = info === source.entitiesEntry ? splice() : source.openEntry(info);
        open.then(
          (stream) => {
            // yazl pipes without forwarding errors; a zip-bomb stop must fail the whole rewrite.
            stream.on('error', (err: Error) => {
              fail(err);
              zip.outputStream.unpipe(out);
              out.destroy();
            });
            cb(null, stream);
          },
          (err: Error) => cb(err),
        );
      });
    }
    zip.end();
  });
  await done;
}
