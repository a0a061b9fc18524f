/** What the converter tells the user about constructs it could not map one to one. */

export type FindingAction =
  /** Moved or reshaped into a valid construct; all text kept. */
  | 'restructured'
  /** Mapped to the closest native construct; some presentation detail is lost. */
  | 'approximated'
  /** Kept as an extension or text because Cloud has no native equivalent. */
  | 'kept-as-extension'
  /** Needs information only the target site has (an account id, a page URL, an uploaded file). */
  | 'needs-mapping';

export interface ConversionFinding {
  /** Offsets of the storage construct in the page. */
  readonly start: number;
  readonly end: number;
  /** Short id of the kind of finding, e.g. `panel-in-panel`, `unmapped-user`. */
  readonly code: string;
  readonly action: FindingAction;
  readonly message: string;
  readonly suggestion?: string;
}
