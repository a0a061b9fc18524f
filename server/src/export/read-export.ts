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
    if (this.started) throw new Error('an ExportReading can be iterated only once; call readExport again');
    this.started = true;
    return this.run();
  }

  private async *run(): AsyncGenerator<ExportPage> {
    const report = (p: ExportProblem): void => void this.summary.problems.push(p);
    const source = await openExportSource(this.path, this.options, report);
    try {
      const meta = await readMetadata(source, this.options, this.summary);
      yield* pagesOf(source, meta, this.options, report);
    } finally {
      source.close();
    }
  }
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

/** Turns metadata plus a decoded body into the page handed to callers (and to rewriters). */
export function toExportPage(meta: ExportMetadata, page: PageMeta, body: string): ExportPage {
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
    body,
    bodyContentId: page.body?.id ?? null,
  };
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

async function* pagesOf(
  source: ExportSource,
  meta: ExportMetadata,
  options: ExportReadOptions,
  report: ExportReadingReport,
): AsyncGenerator<ExportPage> {
  reportMissingSpaces(meta, report);
  const jobs = bodyJobs(meta, options, report);
  let done = 0;
  if (jobs.length > 0) {
    try {
      for await (const { job, pieces } of fetchBodies(source, jobs, options.chunkBytes)) {
        done++;
        const body = decodeBody(pieces);
        if (hasIllegalCharacters(pieces)) {
          report({ code: 'control-characters', message: 'body contains control characters that are illegal in XML 1.0', pageId: job.page.id });
        }
        yield toExportPage(meta, job.page, body);
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
    if (page.body === null || page.body.end <= page.body.start) yield toExportPage(meta, page, '');
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
