/**
 * Schedules lints and publishes their diagnostics. An edit to an idle document is linted at
 * once (after the messages already queued, so a burst read together still lints once); only
 * edits that follow another within DEBOUNCE_MS wait. Stale work is cancelled: a newer version
 * replaces a pending or running job, and a result for an old version is dropped. Huge
 * documents are linted in a worker thread.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from '../core/lint';
import { SOURCE, toDiagnostics } from './convert';
import { MAX_DIAGNOSTICS, runLintJob, suppressionAnchor, type LintJobInput, type LintJobResult } from './lint-job';
import { lintInWorker, type CancellableJob } from './lint-worker';
import { PositionIndex } from './position-index';
import { PublishedLint } from './published-lint';
import { ruleDocsHref } from './rule-docs';

/** Edits closer together than this are a burst: lint once, this long after the last one. */
const DEBOUNCE_MS = 15;

/** Documents at least this long (UTF-16 units) are linted off the main thread. */
const WORKER_THRESHOLD = 4_000_000;

/** How long a code action waits for the lint of the version it is asked about, by default. */
const SETTLE_TIMEOUT_MS = 3000;

export interface SchedulerHost {
  /** The current document and lint input for a URI, or undefined when it is not ours. */
  target(uri: string): { doc: TextDocument; input: LintJobInput } | undefined;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  /** Told about documents parsed on the main thread, so hover and friends can reuse them. */
  parsed(uri: string, version: number, parsed: ParsedDocument): void;
  /** The parse of this version of a document (cached, or parsed again), or undefined once it changed. */
  parsedAt(uri: string, version: number): ParsedDocument | undefined;
  error(message: string): void;
  /** The server bundle, run as the worker; undefined disables workers (e.g. under tsx). */
  readonly workerScript: string | undefined;
}

interface Waiter {
  readonly version: number;
  readonly resolve: (published: PublishedLint | undefined) => void;
}

/** Runs `fn` after every message the connection has already queued (it handles one per setImmediate). */
function afterQueuedMessages(fn: () => void): () => void {
  let inner: ReturnType<typeof setImmediate> | undefined;
  const outer = setImmediate(() => {
    inner = setImmediate(fn);
  });
  return () => {
    clearImmediate(outer);
    if (inner) clearImmediate(inner);
  };
}

export class DiagnosticsScheduler {
  /** Cancels the lint waiting to start, per URI. */
  private readonly pending = new Map<string, () => void>();
  private readonly jobs = new Map<string, CancellableJob>();
  private readonly lastScheduled = new Map<string, number>();
  private readonly published = new Map<string, PublishedLint>();
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(private readonly host: SchedulerHost) {}

  /** Lints `uri` soon: at once when idle (or `immediate`), DEBOUNCE_MS after the last edit of a burst. */
  schedule(uri: string, immediate = false): void {
    const now = performance.now();
    const burst = !immediate && now - (this.lastScheduled.get(uri) ?? -Infinity) < DEBOUNCE_MS;
    this.lastScheduled.set(uri, now);
    this.pending.get(uri)?.();
    this.jobs.get(uri)?.cancel();
    const start = () => {
      this.pending.delete(uri);
      this.run(uri).catch((e: unknown) => {
        this.host.error(`lint of ${uri} failed: ${(e as Error).stack ?? String(e)}`);
        this.settle(uri, undefined);
      });
    };
    if (burst) {
      const timer = setTimeout(start, DEBOUNCE_MS);
      this.pending.set(uri, () => clearTimeout(timer));
    } else {
      this.pending.set(uri, afterQueuedMessages(start));
    }
  }

  /** Stops all work for a closed document and clears its diagnostics. */
  forget(uri: string, clear: boolean): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.jobs.get(uri)?.cancel();
    this.jobs.delete(uri);
    this.lastScheduled.delete(uri);
    this.published.delete(uri);
    this.settle(uri, undefined);
    if (clear) this.host.publish(uri, 0, []);
  }

  /** A lint of `uri` is waiting to start or running. */
  busy(uri: string): boolean {
    return this.pending.has(uri) || this.jobs.has(uri);
  }

  /** The lint last published for this exact version, if any. */
  publishedFor(uri: string, version: number): PublishedLint | undefined {
    const p = this.published.get(uri);
    return p && p.version === version ? p : undefined;
  }

  /**
   * The lint of this version once no lint of it is under way (a re-lint after a settings change
   * is waited for too); undefined when a newer version replaces it, or after `timeoutMs`.
   */
  settled(uri: string, version: number, timeoutMs = SETTLE_TIMEOUT_MS): Promise<PublishedLint | undefined> {
    if (!this.busy(uri)) return Promise.resolve(this.publishedFor(uri, version));
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const list = this.waiters.get(uri) ?? [];
      list.push({ version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      this.waiters.set(uri, list);
    });
  }

  /** Answers every waiter of `uri`: with `published` when it is their version. */
  private settle(uri: string, published: PublishedLint | undefined): void {
    const list = this.waiters.get(uri);
    if (!list) return;
    this.waiters.delete(uri);
    for (const w of list) w.resolve(published?.version === w.version ? published : undefined);
  }

  private async run(uri: string): Promise<void> {
    const target = this.host.target(uri);
    if (!target) return this.settle(uri, undefined);
    const { doc, input } = target;
    const version = doc.version;
    let result: LintJobResult | undefined;
    let anchorOf: (problem: number) => number | undefined;
    if (input.text.length >= WORKER_THRESHOLD && this.host.workerScript) {
      const job = lintInWorker(this.host.workerScript, input);
      this.jobs.set(uri, job);
      try {
        result = await job.promise;
      } finally {
        if (this.jobs.get(uri) === job) this.jobs.delete(uri);
      }
      if (!result) return;
      const anchors = result.anchors;
      anchorOf = (i) => anchors?.[i];
    } else {
      const run = runLintJob(input);
      result = run.result;
      this.host.parsed(uri, version, run.doc);
      // Only a code action needs one, for one problem: from the tree kept for hover, not 1,000 up front.
      const problems = result.problems;
      anchorOf = (i) => {
        const parsed = this.host.parsedAt(uri, version);
        return parsed && suppressionAnchor(parsed, problems[i].start);
      };
    }
    const current = this.host.target(uri)?.doc;
    if (!current || current.version !== version) return;
    const previous = this.published.get(uri);
    // A re-lint of the same version (settings changed) keeps the line index.
    const positions = previous?.version === version ? previous.positions : new PositionIndex(current);
    const diagnostics = toDiagnostics(result.problems, positions, ruleDocsHref);
    if (result.total > result.problems.length) {
      const end = positions.positionAt(input.text.length);
      diagnostics.push({
        range: { start: end, end },
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        message: `${result.total - result.problems.length} more problems not shown (at most ${MAX_DIAGNOSTICS} per file); run the CLI for the full list`,
      });
    }
    const published = new PublishedLint(version, diagnostics, result.problems, anchorOf, positions);
    this.published.set(uri, published);
    this.host.publish(uri, version, diagnostics);
    this.settle(uri, published);
  }
}
