/**
 * Schedules lints and publishes their diagnostics: a light debounce on edits, stale work
 * cancelled (a newer version replaces a pending or running job, a result for an old
 * version is dropped), huge documents linted in a worker thread.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument } from '../core/lint';
import { SOURCE, toDiagnostic, toRange } from './convert';
import { MAX_DIAGNOSTICS, runLintJob, type LintJobInput, type LintJobResult } from './lint-job';
import { lintInWorker, type CancellableJob } from './lint-worker';
import { ruleDocsHref } from './rule-docs';

/**
 * The pause after an edit. Short on purpose: edits that queue up while a lint runs are all
 * read before the timer fires, so they collapse into one lint anyway; this only merges
 * keystrokes that arrive together.
 */
const DEBOUNCE_MS = 15;

/** Documents at least this long (UTF-16 units) are linted off the main thread. */
const WORKER_THRESHOLD = 4_000_000;

export interface SchedulerHost {
  /** The current document and lint input for a URI, or undefined when it is not ours. */
  target(uri: string): { doc: TextDocument; input: LintJobInput } | undefined;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  /** Told about documents parsed on the main thread, so hover and friends can reuse them. */
  parsed(uri: string, version: number, parsed: ParsedDocument): void;
  error(message: string): void;
  /** The server bundle, run as the worker; undefined disables workers (e.g. under tsx). */
  readonly workerScript: string | undefined;
}

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly jobs = new Map<string, CancellableJob>();
  private readonly published = new Map<string, { version: number; diagnostics: Diagnostic[] }>();

  constructor(private readonly host: SchedulerHost) {}

  /** Lints `uri` soon: at once when opened, after DEBOUNCE_MS while typing. */
  schedule(uri: string, immediate = false): void {
    clearTimeout(this.timers.get(uri));
    this.jobs.get(uri)?.cancel();
    const delay = immediate ? 0 : DEBOUNCE_MS;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri).catch((e: unknown) => this.host.error(`lint of ${uri} failed: ${(e as Error).stack ?? String(e)}`));
      }, delay),
    );
  }

  /** Stops all work for a closed document and clears its diagnostics. */
  forget(uri: string, clear: boolean): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.jobs.get(uri)?.cancel();
    this.jobs.delete(uri);
    this.published.delete(uri);
    if (clear) this.host.publish(uri, 0, []);
  }

  /** The diagnostics last published for this exact version, if any. */
  publishedFor(uri: string, version: number): Diagnostic[] | undefined {
    const p = this.published.get(uri);
    return p && p.version === version ? p.diagnostics : undefined;
  }

  private async run(uri: string): Promise<void> {
    const target = this.host.target(uri);
    if (!target) return;
    const { doc, input } = target;
    let result: LintJobResult | undefined;
    if (input.text.length >= WORKER_THRESHOLD && this.host.workerScript) {
      const job = lintInWorker(this.host.workerScript, input);
      this.jobs.set(uri, job);
      try {
        result = await job.promise;
      } finally {
        if (this.jobs.get(uri) === job) this.jobs.delete(uri);
      }
      if (!result) return;
    } else {
      const run = runLintJob(input);
      result = run.result;
      this.host.parsed(uri, doc.version, run.doc);
    }
    const current = this.host.target(uri)?.doc;
    if (!current || current.version !== doc.version) return;
    const diagnostics = result.problems.map((p, i) => toDiagnostic(doc, p, ruleDocsHref(p.ruleId), result.anchors[i]));
    if (result.total > result.problems.length) {
      diagnostics.push({
        range: toRange(doc, input.text.length, input.text.length),
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        message: `${result.total - result.problems.length} more problems not shown (at most ${MAX_DIAGNOSTICS} per file); run the CLI for the full list`,
      });
    }
    this.published.set(uri, { version: doc.version, diagnostics });
    this.host.publish(uri, doc.version, diagnostics);
  }
}
