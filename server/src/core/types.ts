/**
 * Shared vocabulary of the pure core. Everything here is plain, immutable data:
 * offsets into the source text (UTF-16 code units, as JavaScript strings index them),
 * never line/column positions. Shells convert offsets to positions at the edge.
 */

/** How loud a finding is. `off` only appears in configuration, never on a Problem. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** The document formats the core understands. */
export type Format = 'storage' | 'adf';

/** One text replacement: replace source[start, end) with `text`. */
export interface Fix {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Values a rule may attach to a problem (shown in SARIF properties and LSP Diagnostic.data). */
export type ProblemData = Readonly<Record<string, string | number | boolean>>;

/** A finding, as reported by a rule. */
export interface Problem {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** One replacement that resolves the problem without losing text. */
  readonly fix?: Fix;
  /** Short imperative title of the fix, for quick-fix menus ("Convert to layout"). */
  readonly fixTitle?: string;
  readonly data?: ProblemData;
}

/** What a rule hands to `report`; the engine fills in ruleId and severity. */
export interface Report {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /**
   * The fix, or a function that builds it (returning the same object on every call) when its
   * text is costly and most readers never ask: the Problem's `fix` is then a property that
   * calls it on first read, so every reader still sees plain data.
   */
  readonly fix?: Fix | (() => Fix);
  readonly fixTitle?: string;
  readonly data?: ProblemData;
}

/** A page the workspace knows about, for resolving short links to titles. */
export interface KnownPage {
  readonly id: string;
  readonly title: string;
  readonly spaceKey: string;
}

/** Lookups the shells provide to the core (built from pulled metadata or export indexes). */
export interface WorkspaceIndex {
  pageById(id: string): KnownPage | undefined;
}
