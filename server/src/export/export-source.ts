import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { InflateGuard } from './inflate-guard';
import { ExportError, type ExportLimits, type ExportProblem } from './types';

/** One zip entry as the reader sees it: its decoded name and the yauzl entry behind it. */
export interface ZipEntryInfo {
  readonly name: string;
  readonly entry: yauzl.Entry;
}

/** An opened export: a bare entities.xml, or a zip holding one. */
export interface ExportSource {
  readonly kind: 'zip' | 'xml';
  /** A fresh stream of entities.xml's (inflated) bytes; each pass opens its own. */
  openEntities(chunkBytes?: number): Promise<Readable>;
  /**
   * entities.xml's bytes in chunks, for a single sequential pass. A bare file is read into one
   * reused buffer, so each chunk is only valid until the next one is requested.
   */
  readChunks(chunkBytes?: number): AsyncIterable<Buffer>;
  /**
   * Random access to a bare entities.xml (null for zips, whose deflate stream has none): the body
   * pass then reads only the bodies of current pages and skips historical versions altogether.
   */
  readonly file: string | null;
  /**
   * Entries to copy when rewriting a zip, in their original order (unsafe names left out); only
   * kept when asked for, so reading a zip with a huge number of entries holds none of them.
   */
  readonly entries: readonly ZipEntryInfo[];
  readonly entitiesEntry: ZipEntryInfo | null;
  /** A fresh inflated stream of any safe entry, under the same limits as entities.xml. */
  openEntry(info: ZipEntryInfo): Promise<Readable>;
  close(): void;
}

const ZIP_MAGIC = [0x504b0304, 0x504b0506, 0x504b0708];

/** Opens `path` as a zip (by its magic bytes, not its extension) or as a bare entities.xml. */
export async function openExportSource(
  path: string,
  limits: ExportLimits,
  report: (problem: ExportProblem) => void,
  keepEntries = false,
): Promise<ExportSource> {
  let head: Buffer;
  try {
    const fh = await openFile(path, 'r');
    try {
      head = Buffer.alloc(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ExportError(code === 'ENOENT' ? 'not-found' : 'io-error', `cannot open ${path}: ${(err as Error).message}`);
  }
  if (head.length === 4 && ZIP_MAGIC.includes(head.readUInt32BE(0))) return openZipSource(path, limits, report, keepEntries);
  return xmlSource(path);
}

function xmlSource(path: string): ExportSource {
  return {
    kind: 'xml',
    file: path,
    entries: [],
    entitiesEntry: null,
    openEntities: async (chunkBytes = 1 << 20) => createReadStream(path, { highWaterMark: chunkBytes }),
    readChunks: (chunkBytes = 1 << 20) => fileChunks(path, chunkBytes),
    openEntry: async () => {
      throw new Error('a bare entities.xml has no entries');
    },
    close: () => undefined,
  };
}

async function* fileChunks(path: string, size: number): AsyncGenerator<Buffer> {
  const fh = await openFile(path, 'r');
  const buf = Buffer.allocUnsafe(size);
  try {
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, size, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

async function* streamChunks(open: () => Promise<Readable>): AsyncGenerator<Buffer> {
  const stream = await open();
  try {
    yield* stream as AsyncIterable<Buffer>;
  } finally {
    stream.destroy();
  }
}

/**
 * Why an entry name must not be used, or null. Names are only ever looked at, never extracted,
 * but a rewritten zip must not carry a zip-slip entry on to the next tool either.
 */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL byte';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return 'is an absolute path';
  if (n.split('/').includes('..')) return 'climbs out of the export with ".."';
  return null;
}

type FileNameDecoder = (flags: number, raw: Buffer, extraFields: unknown[], strict: boolean) => string;
// Exported by yauzl 3 but missing from @types/yauzl 2.
const getFileNameLowLevel = (yauzl as unknown as { getFileNameLowLevel: FileNameDecoder }).getFileNameLowLevel;

async function openZipSource(
  path: string,
  limits: ExportLimits,
  report: (problem: ExportProblem) => void,
  keepEntries: boolean,
): Promise<ExportSource> {
  let zipfile: yauzl.ZipFile;
  try {
    // decodeStrings:false keeps yauzl from aborting the whole zip on one hostile name: we
    // validate names ourselves and skip just that entry. Sizes are checked by InflateGuard.
    zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false }, (err, zf) =>
        err ? reject(err) : resolve(zf),
      ),
    );
  } catch (err) {
    throw new ExportError('truncated-zip', `${path} is not a readable zip (truncated or corrupt: ${(err as Error).message})`);
  }
  const entries: ZipEntryInfo[] = [];
  const candidates: ZipEntryInfo[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zipfile.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        const name = getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
        const why = unsafeEntryName(name);
        if (why !== null) {
          report({ code: 'zip-slip', message: `zip entry "${name}" rejected: its name ${why} (zip slip); skipped` });
        } else {
          const info = { name, entry };
          if (keepEntries) entries.push(info);
          if (name === 'entities.xml') candidates.push(info);
        }
        zipfile.readEntry();
      });
      zipfile.once('end', () => resolve());
      zipfile.once('error', reject);
      zipfile.readEntry();
    });
  } catch (err) {
    zipfile.close();
    throw new ExportError('truncated-zip', `${path}: the zip's central directory is truncated or corrupt (${(err as Error).message})`);
  }
  if (candidates.length > 1) {
    report({ code: 'zip-duplicate-entities', message: `the zip holds ${candidates.length} entities.xml entries; the first is read` });
  }
  const entitiesEntry = candidates[0] ?? null;
  if (entitiesEntry === null) {
    zipfile.close();
    throw new ExportError('no-entities-xml', `${path} holds no entities.xml at its root: not a Confluence space export`);
  }

  const mismatched = new Set<string>();
  const openEntry = async (info: ZipEntryInfo): Promise<Readable> => {
    const raw = await new Promise<Readable>((resolve, reject) =>
      zipfile.openReadStream(info.entry, (err, stream) => (err ? reject(err) : resolve(stream))),
    );
    const guard = new InflateGuard(info.name, info.entry.compressedSize, info.entry.uncompressedSize, limits, (actual, declared) => {
      // Each pass re-inflates the entry; say it once.
      if (mismatched.has(info.name)) return;
      mismatched.add(info.name);
      report({ code: 'entry-size-mismatch', message: `zip entry "${info.name}" inflated to ${actual} bytes but its header says ${declared}` });
    });
    // pipeline forwards inflate errors to the guard and tears the inflater down when a reader stops early.
    return pipeline(raw, guard, () => undefined);
  };

  return {
    kind: 'zip',
    file: null,
    entries,
    entitiesEntry,
    openEntities: () => openEntry(entitiesEntry),
    readChunks: () => streamChunks(() => openEntry(entitiesEntry)),
    openEntry,
    close: () => zipfile.close(),
  };
}
