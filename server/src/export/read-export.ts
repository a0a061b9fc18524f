import { decodeBody, fetchBodies, hasIllegalCharacters, type BodyJob } from './body-pass';
import { openExportSource, type ExportSource } from './export-source';
import { emptySummary, type ExportMetadata, type PageMeta } from './metadata-pass';
import { problemFromError, readMetadata } from './metadata-read';
import type { ExportPage, ExportPageRef, ExportProblem, ExportReadOptions, ExportSummary } from './types';

/**
 * One read of an export. Iterate it once; `summary` holds the metadata counts as soon as the
 * first page arrives and is final when the loop has run to its end.
 */
export class ExportReading implements AsyncIterable<ExportPage> {
  readonly summary: ExportSummary = emptySummary();
  private started = false;

  constructor(
    readonly path: string,
    private readonly options: ExportReadOptions,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<ExportPage> {
    return this.decoded(this.rawPages());
  }

  /**
   * The same pages with each body still as the raw bytes of entities.xml, for a caller that
   * decodes them elsewhere (the lint workers, see lint-batch.ts) and reports what it found
   * through `report`. Either this or the iterator, once.
   */
  rawPages(): AsyncGenerator<RawExportPage> {
    if (this.started) throw new Error('an ExportReading can be iterated only once; call readExport again');
    this.started = true;
    return this.run();
  }

  /** Adds a problem found in a body decoded outside the reader. */
  readonly report = (problem: ExportProblem): void => void this.summary.problems.push(problem);

  private async *run(): AsyncGenerator<RawExportPage> {
    const source = await openExportSource(this.path, this.options, this.report);
    try {
      const meta = await readMetadata(source, this.options, this.summary);
      yield* rawPagesOf(source, meta, this.options, this.report);
    } finally {
      source.close();
    }
  }

  private async *decoded(raws: AsyncGenerator<RawExportPage>): AsyncGenerator<ExportPage> {
    for await (const raw of raws) {
      const { body, illegal } = decodeRawBody(raw.pieces);
      if (illegal) this.report(controlCharacters(raw.head.pageId));
      yield { ...raw.head, body };
    }
  }
}

/** A page as the reader yields it, its body not decoded yet. */
export interface RawExportPage {
  readonly head: ExportPageHead;
  /** Raw bytes of the body property's content; valid only until the next page is requested. Empty when there is no body. */
  readonly pieces: readonly Buffer[];
}

export type ExportPageHead = Omit<ExportPage, 'body'>;

/** The body text of raw bytes, and whether they hold characters XML 1.0 forbids. */
export function decodeRawBody(pieces: readonly Buffer[]): { body: string; illegal: boolean } {
  if (pieces.length === 0) return { body: '', illegal: false };
  return { body: decodeBody(pieces), illegal: hasIllegalCharacters(pieces) };
}

/** The problem reported for a body with characters XML 1.0 forbids. */
export function controlCharacters(pageId: string): ExportProblem {
  return { code: 'control-characters', message: 'body contains control characters that are illegal in XML 1.0', pageId };
}

/**
 * Streams the current pages and blog posts of a space export (`.zip` or bare `entities.xml`) with
 * their bodies, in bounded memory: a first pass collects metadata and body offsets, a second
 * streams the bodies. Historical versions, drafts and deleted pages are counted, not yielded.
 * Throws `ExportError` only when nothing can be read; everything else lands in `summary.problems`.
 */
export function readExport(path: string, options: ExportReadOptions = {}): ExportReading {
  return new ExportReading(path, options);
}

/** The cheap half of a read: id → space key and title of every current page and blog post. */
export interface ExportPageIndex {
  readonly pages: Map<string, ExportPageRef>;
  readonly summary: ExportSummary;
}

/** Builds the page index from the metadata pass alone (bodies are never decoded). */
export async function buildPageIndex(path: string, options: ExportReadOptions = {}): Promise<ExportPageIndex> {
  const summary = emptySummary();
  const source = await openExportSource(path, options, (p) => summary.problems.push(p));
  try {
    const meta = await readMetadata(source, options, summary);
    const pages = new Map<string, ExportPageRef>();
    for (const page of meta.pages.values()) {
      pages.set(page.id, { id: page.id, spaceKey: meta.spaces.get(page.spaceId ?? '')?.key ?? '', title: page.title });
    }
    return { pages, summary };
  } finally {
    source.close();
  }
}

/** The page handed to callers (and to rewriters), without its body. */
export function pageHead(meta: ExportMetadata, page: PageMeta): ExportPageHead {
  const space = meta.spaces.get(page.spaceId ?? '');
  return {
    contentType: page.contentType,
    spaceKey: space?.key ?? '',
    spaceName: space?.name ?? '',
    pageId: page.id,
    title: page.title,
    version: page.version,
    parentId: page.parentId,
    bodyType: page.body?.bodyType ?? null,
    bodyContentId: page.body?.id ?? null,
  };
}

/** Turns metadata plus a decoded body into the page handed to callers (and to rewriters). */
export function toExportPage(meta: ExportMetadata, page: PageMeta, body: string): ExportPage {
  return { ...pageHead(meta, page), body };
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/**
 * Body jobs of every current page that has a non-empty body, in file order. A body past
 * maxBodyBytes is reported and left out: one body is the only thing held whole in memory.
 */
export function bodyJobs(meta: ExportMetadata, options: ExportReadOptions, report: ExportReadingReport): BodyJob[] {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const jobs: BodyJob[] = [];
  for (const page of meta.pages.values()) {
    const body = page.body;
    if (body === null || body.end <= body.start) continue;
    if (body.end - body.start > max) {
      report({ code: 'body-too-large', message: `body of ${body.end - body.start} bytes is over the limit of ${max}; page skipped`, pageId: page.id, offset: body.start });
      continue;
    }
    jobs.push({ page, start: body.start, end: body.end });
  }
  return jobs.sort((a, b) => a.start - b.start);
}

async function* rawPagesOf(
  source: ExportSource,
  meta: ExportMetadata,
  options: ExportReadOptions,
  report: ExportReadingReport,
): AsyncGenerator<RawExportPage> {
  reportMissingSpaces(meta, report);
  const jobs = bodyJobs(meta, options, report);
  let done = 0;
  if (jobs.length > 0) {
    try {
      for await (const { job, pieces } of fetchBodies(source, jobs, options.chunkBytes)) {
        done++;
        yield { head: pageHead(meta, job.page), pieces };
      }
    } catch (err) {
      report(problemFromError(err, jobs[done]?.start ?? 0));
      meta.summary.complete = false;
    }
    for (const job of jobs.slice(done)) {
      report({ code: 'io-error', message: 'body could not be read in the second pass', pageId: job.page.id, offset: job.start });
    }
  }
  for (const page of meta.pages.values()) {
    if (page.body === null || page.body.end <= page.body.start) yield { head: pageHead(meta, page), pieces: [] };
  }
}

export type ExportReadingReport = (problem: ExportProblem) => void;

function reportMissingSpaces(meta: ExportMetadata, report: ExportReadingReport): void {
  const missing = new Set<string>();
  for (const page of meta.pages.values()) {
    const id = page.spaceId ?? '';
    if (!meta.spaces.has(id) && !missing.has(id)) {
      missing.add(id);
      report({
        code: 'missing-space',
        message: id === '' ? 'a page has no space reference' : `space ${id} is referenced but not in the export`,
        pageId: page.id,
      });
    }
  }
}
