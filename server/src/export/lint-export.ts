/**
 * Lints every current page of a space export in bounded memory: the main thread reads the raw
 * bytes of bodies out of the reader and hands them over in batches (one transferred buffer each)
 * to a pool of worker threads, which decode and lint them; results come back in page order. Only
 * a few batches are in flight at a time, so memory stays near (in-flight batches × batch size)
 * plus the reader's own bounded buffers.
 */
import { BatchBuilder, batchLinter, type BodyBatch, type BodyOutcome } from './lint-batch';
import { LintPool, type WorkerUse } from './lint-pool';
import type { PageFinding, PageLintSettings } from './page-lint';
import { controlCharacters, readExport, type ExportPageHead, type ExportReading } from './read-export';
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
  /** A batch is handed over once it holds this many bytes of raw bodies. Default 1 MiB. */
  readonly batchBytes?: number;
  /** Or this many pages. Default 256. */
  readonly batchPages?: number;
  /** Bodies larger than this (raw bytes) are linted on the calling thread, outside the workers' capped heaps. Default 4 MiB. */
  readonly inlineBytes?: number;
}

/** One run over one export: iterate `pages()` once, then read `reading.summary`. */
export interface ExportLintRun {
  readonly reading: ExportReading;
  pages(): AsyncGenerator<LintedPage>;
  /** Per worker, how busy it was between its first batch and the end (empty without workers); final once `pages()` has ended. */
  readonly workers: readonly WorkerUse[];
}

export function lintExport(path: string, settings: PageLintSettings, options: ExportLintOptions): ExportLintRun {
  const reading = readExport(path, options.read);
  const run = { reading, workers: [] as readonly WorkerUse[], pages: () => lintedPages(reading, settings, options, (use) => (run.workers = use)) };
  return run;
}

interface Pending {
  readonly heads: ExportPageHead[];
  readonly results: Promise<BodyOutcome[]>;
}

async function* lintedPages(
  reading: ExportReading,
  settings: PageLintSettings,
  options: ExportLintOptions,
  used: (workers: readonly WorkerUse[]) => void,
): AsyncGenerator<LintedPage> {
  const pool = options.jobs > 0 ? new LintPool(options.jobs, settings, options.workerScript) : null;
  const inline = batchLinter(settings);
  const lintBatch = (batch: BodyBatch): Promise<BodyOutcome[]> => (pool ? pool.lint(batch) : Promise.resolve(inline(batch)));
  const inlineBytes = options.inlineBytes ?? 4 * 1024 * 1024;
  // Two batches per worker keep every worker busy while the main thread reads the next one.
  const maxInFlight = Math.max(2, (pool?.size ?? 1) * 2);
  const batchBytes = options.batchBytes ?? 1024 * 1024;
  const batchPages = options.batchPages ?? 256;
  const queue: Pending[] = [];
  const builder = new BatchBuilder<ExportPageHead>(batchBytes);
  const flush = (): void => {
    if (builder.pages === 0) return;
    const { batch, items } = builder.take();
    queue.push({ heads: items, results: lintBatch(batch) });
  };
  try {
    for await (const { head, pieces } of reading.rawPages()) {
      const size = pieces.reduce((n, p) => n + p.length, 0);
      const lint = head.bodyType === BODY_TYPE_STORAGE;
      if (pool && size > inlineBytes) {
        // Results stay in page order: the batch before it goes first, then this page alone.
        flush();
        const alone = new BatchBuilder<ExportPageHead>(size);
        alone.add(head, pieces, lint);
        const { batch, items } = alone.take();
        queue.push({ heads: items, results: Promise.resolve(inline(batch)) });
        continue;
      }
      if (!builder.fits(size)) flush();
      builder.add(head, pieces, lint);
      if (builder.size >= batchBytes || builder.pages >= batchPages) flush();
      while (queue.length > maxInFlight) yield* settle(queue.shift()!, reading);
    }
    flush();
    while (queue.length > 0) yield* settle(queue.shift()!, reading);
  } finally {
    if (pool) {
      await pool.close();
      used(pool.use);
    }
  }
}

async function* settle(pending: Pending, reading: ExportReading): AsyncGenerator<LintedPage> {
  const outcomes = await pending.results;
  for (let i = 0; i < pending.heads.length; i++) {
    const head = pending.heads[i];
    const outcome = outcomes[i];
    if (outcome.illegal) reading.report(controlCharacters(head.pageId));
    yield linted(head, outcome);
  }
}

function linted(page: ExportPageHead, outcome: BodyOutcome): LintedPage {
  const skipped = page.bodyType === null || outcome.chars === 0 ? 'no-body' : page.bodyType !== BODY_TYPE_STORAGE ? 'wiki-markup' : undefined;
  return {
    contentType: page.contentType,
    spaceKey: page.spaceKey,
    spaceName: page.spaceName,
    pageId: page.pageId,
    title: page.title,
    parentId: page.parentId,
    bodyType: page.bodyType,
    bodyChars: outcome.chars,
    bodyBytes: outcome.utf8Bytes,
    ...(skipped ? { skipped } : {}),
    findings: skipped ? [] : outcome.findings,
  };
}
