/**
 * The outside figures the report compares against, each in one place with where it comes from.
 * Tree thresholds are ours: Atlassian publishes DC guardrails for page-tree width and depth, but
 * no numbers we could verify (storage-format.md §6.3), so they are configurable defaults.
 */

/** Largest entities.xml a Cloud site import accepts, as quoted by Atlassian for XML space imports (200 MB). */
export const CLOUD_IMPORT_XML_CAP_BYTES = 200 * 1000 * 1000;

/** Atlassian's quoted migration-assistant throughput: 400,000 pages per 24 hours. */
export const ATLASSIAN_PAGES_PER_HOUR = 400_000 / 24;

/**
 * Our own migration rate (pages per hour): BENCHMARKS.md, section "Migration" — `npm run bench --
 * migrate` (test/bench/migrate.bench.ts) migrated a 10,000-page DC space to the Cloud simulator
 * limited to 40 requests/s at 61,640 pages/hour (2-core Xeon, 2026-11-22). Override with
 * `report --rate`; update this one constant when that section's figure changes.
 */
export const MEASURED_PAGES_PER_HOUR = 61_640;

/** Configurable default: deeper page trees are flagged (`--max-depth`). Not an Atlassian figure. */
export const DEFAULT_MAX_DEPTH = 10;

/** Configurable default: pages with more direct children are flagged (`--max-children`). Not an Atlassian figure. */
export const DEFAULT_MAX_CHILDREN = 200;

/**
 * Bytes of entities.xml one page costs besides its body (the Page and BodyContent objects, their
 * properties, and the usual ContentProperty/OutgoingLink rows), for estimating the XML size of
 * pulled folders. Measured on a 5 MB synthetic export (test/bench/synthetic-export.ts): 1,669 bytes
 * per Page object. Real exports also carry labels, permissions and historical versions, so a
 * folder's estimate errs low; an export's own size is measured instead.
 */
export const PAGE_XML_OVERHEAD_BYTES = 1700;
