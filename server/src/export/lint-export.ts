/**
 * Lints every current page of a space export in bounded memory: the main thread streams bodies
 * out of the reader and hands them over in batches to a pool of worker threads; results come
 * back in page order. Only a few batches are in flight at a time, so memory stays near
 * (in-flight batches × batch size) plus the reader's own bounded buffers.
 */
import { LintPool } from './lint-pool';
import { pageLinter, type PageFinding, type PageLintSettings } from './page-lint';
import { readExport, type ExportReading } from './read-export';
import { BODY_TYPE_STORAGE, type ExportPage, type ExportReadOptions } from './types';

/** An exported page without its body, with what the linters found in it. */
export interface LintedPage {
  readonly contentType: ExportPage['contentType'];
  readonly spaceKey: string;
  readonly spaceName: string;
  readonly pageId: string;
  readonly title: string;
  readonly parentId: string | null;
  readonly bodyType: number | null;
  /** UTF-16 length of the body as yielded (what a Cloud import would carry). */
  readonly bodyChars: number;
  /** Approximate UTF-8 size of the body. */
  readonly bodyBytes: number;
  /** Why the body was not linted: legacy wiki markup or no body at all. */
  readonly skipped?: 'wiki-markup' | 'no-body';
  readonly findings: readonly PageFinding[];
}

export interface ExportLintOptions {
  /** Worker threads; 0 lints on the calling thread (tests, tiny exports). */
  readonly jobs: number;
  readonly read?: ExportReadOptions;
  /** Bundled worker script; defaults to dist/export-worker.js. */
  readonly workerScript?: string;
  /** A batch is handed over once it holds this many UTF-16 units of bodies. Default 1 Mi. */
  readonly batchChars?: number;
  /** Or this many pages. Default 256. */
  readonly batchPages?: number;
  /** Bodies longer than this (UTF-16 units) are linted on the calling thread, outside the workers' capped heaps. Default 4 Mi. */
  readonly inlineChars?: number;
}

/** One run over one export: iterate `pages()` once, then read `reading.summary`. */
export interface ExportLintRun {
  readonly reading: ExportReading;
  pages(): AsyncGenerator<LintedPage>;
}

export function lintExport(path: string, settings: PageLintSettings, options: ExportLintOptions): ExportLintRun {
  const reading = readExport(path, options.read);
  return { reading, pages: () => lintedPages(reading, settings, options) };
}

interface Pending {
  readonly pages: ExportPage[];
  readonly results: Promise<PageFinding[][]>;
}

async function* lintedPages(reading: ExportReading, settings: PageLintSettings, options: ExportLintOptions): AsyncGenerator<LintedPage> {
  const pool = options.jobs > 0 ? new LintPool(options.jobs, settings, options.workerScript) : null;
  const inline = pageLinter(settings);
  const lintBatch = (bodies: string[]): Promise<PageFinding[][]> => (pool ? pool.lint(bodies) : Promise.resolve(bodies.map(inline)));
  const inlineChars = options.inlineChars ?? 4 * 1024 * 1024;
  // Two batches per worker keep every worker busy while the main thread reads the next one.
  const maxInFlight = Math.max(2, (pool?.size ?? 1) * 2);
  const batchChars = options.batchChars ?? 1024 * 1024;
  const batchPages = options.batchPages ?? 256;
  const queue: Pending[] = [];
  let batch: ExportPage[] = [];
  let chars = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const pages = batch;
    queue.push({ pages, results: lintBatch(pages.map((p) => (p.bodyType === BODY_TYPE_STORAGE ? p.body : ''))) });
    batch = [];
    chars = 0;
  };
  try {
    for await (const page of reading) {
      if (pool && page.body.length > inlineChars) {
        // Results stay in page order: the batch before it goes first, then this page alone.
        flush();
        queue.push({ pages: [page], results: Promise.resolve([page.bodyType === BODY_TYPE_STORAGE ? inline(page.body) : []]) });
        continue;
      }
      batch.push(page);
      chars += page.body.length;
      if (chars >= batchChars || batch.length >= batchPages) flush();
      while (queue.length > maxInFlight) yield* settle(queue.shift()!);
    }
    flush();
    while (queue.length > 0) yield* settle(queue.shift()!);
  } finally {
    await pool?.close();
  }
}

async function* settle(pending: Pending): AsyncGenerator<LintedPage> {
  const results = await pending.results;
  for (let i = 0; i < pending.pages.length; i++) yield linted(pending.pages[i], results[i]);
}

function linted(page: ExportPage, findings: PageFinding[]): LintedPage {
  const skipped = page.bodyType === null || page.body === '' ? 'no-body' : page.bodyType !== BODY_TYPE_STORAGE ? 'wiki-markup' : undefined;
  return {
    contentType: page.contentType,
    spaceKey: page.spaceKey,
    spaceName: page.spaceName,
    pageId: page.pageId,
    title: page.title,
    parentId: page.parentId,
    bodyType: page.bodyType,
    bodyChars: page.body.length,
    bodyBytes: Buffer.byteLength(page.body, 'utf8'),
    ...(skipped ? { skipped } : {}),
    findings: skipped ? [] : findings,
  };
}
