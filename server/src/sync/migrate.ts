/**
 * Migrate a Data Center space to Cloud as cloud-editor pages (ADF, `editor` = v2), keeping
 * the tree, titles and attachments, with links rewritten to the new pages.
 *
 * Two passes. Pass 1 creates pages parents-first (a child starts as soon as its parent has
 * a Cloud id), each converted with every link resolvable at that moment. A page whose body
 * still pointed at a page without a Cloud id, or at its own attachments (which can only be
 * uploaded once the page exists), is flagged; pass 2 rewrites just those pages with the final
 * links. So most pages cost one body write, and no page is created twice to learn its id.
 *
 * Exactly once: every step is recorded in an fsync'd journal (journal.ts). Before a create,
 * an intent is recorded; a re-run that finds the intent without a result looks the title up
 * in Cloud and adopts the page instead of creating it again. A create refused because the
 * title exists, with no intent on record, is someone else's page: reported, never touched.
 * Updates (pass 2, delta) are based on the Cloud version we last wrote, so a Cloud page edited
 * since is refused by the server (409) and reported, never overwritten.
 */
import { lint } from '../core/lint';
import { DEFAULT_CONFIG, type TriageConfig } from '../core/config';
import type { KnownPage, WorkspaceIndex } from '../core/types';
import { parseStorage } from '../core/storage/parser';
import { convertStorageToAdf } from '../core/convert/index';
import { AbortError, AuthError, ConflictError, HttpError, NetworkError, RateLimitError, collect, type CloudClient, type DcAttachment, type DcClient } from '../rest/index';
import { Journal, type JournalPage } from './journal';
import { SpaceMap, pageHrefFor, relinkAdf, type LinkTally } from './link-map';
import { ReportLog, writeReport, type PageReport, type PageStatus, type ReportSummary } from './migration-report';

export interface MigrateOptions {
  dc: DcClient;
  cloud: CloudClient;
  /** DC space key; the Cloud space with the same key (or `targetSpaceKey`) must exist. */
  spaceKey: string;
  targetSpaceKey?: string;
  /** Journal and report log live here. */
  stateDir: string;
  /** Also update Cloud copies of pages changed on DC since they were migrated. */
  delta?: boolean;
  /** Pages worked on at once (default 4); requests still share each site's one limiter. */
  concurrency?: number;
  config?: TriageConfig;
  /** Report path (default `<stateDir>/report.json`); a `.txt` summary goes beside it. */
  reportFile?: string;
  signal?: AbortSignal;
  onEvent?: (event: MigrateEvent) => void;
}

export type MigrateEvent =
  | { kind: 'phase'; phase: 'list' | 'create' | 'relink' | 'delta'; total: number }
  | { kind: 'page'; phase: 'create' | 'relink' | 'delta'; oldId: string; title: string; status: PageStatus; newId?: string };

export interface MigrateResult {
  summary: ReportSummary;
  reportFile: string;
  /** True when every page of the space is in Cloud and nothing needs attention. */
  clean: boolean;
}

interface SourcePage {
  id: string;
  title: string;
  parentId?: string;
  version: number;
}

/** Errors that will fail every page alike: stop the run instead of reporting each page. */
function isFatal(err: unknown): boolean {
  return err instanceof AbortError || err instanceof AuthError || err instanceof RateLimitError || err instanceof NetworkError;
}

function isTitleTaken(err: unknown): boolean {
  return err instanceof HttpError && (err.status === 400 || err.status === 409) && /already exists/i.test(err.serverMessage);
}

export async function migrateSpace(o: MigrateOptions): Promise<MigrateResult> {
  const startedAt = new Date().toISOString();
  const config = o.config ?? DEFAULT_CONFIG;
  const targetKey = o.targetSpaceKey ?? o.spaceKey;
  const signal = o.signal;
  const journal = await Journal.open(o.stateDir);
  const report = new ReportLog(o.stateDir);
  const from = `${o.dc.http.origin}${o.dc.http.contextPath}`;
  const to = o.cloud.http.origin + o.cloud.http.contextPath.replace(/\/wiki$/, '');
  const reportFile = o.reportFile ?? `${o.stateDir}/report.json`;
  const listed = new Map<string, SourcePage>();
  let complete = false;
  let failure: unknown;
  let listedAll = false;
  try {
    await o.dc.whoAmI({ signal });
    await o.cloud.whoAmI({ signal });
    const spaceId = (await o.cloud.getSpaceByKey(targetKey, { signal }).catch((e: unknown) => {
      if (e instanceof HttpError && e.status === 404) throw new Error(`the Cloud site has no space ${targetKey}: create it first (the migration fills an existing space)`);
      throw e;
    })).id;
    await journal.append({ t: 'run', at: startedAt, from, to, space: o.spaceKey, delta: o.delta === true });

    const map = new SpaceMap(o.spaceKey, targetKey, to, (old) => journal.pages.get(old)?.newId);
    const known = new Map<string, KnownPage>();
    for await (const p of o.dc.listPages(o.spaceKey, { expand: 'version,ancestors', limit: 100, signal })) {
      const parent = p.ancestors?.[p.ancestors.length - 1]?.id;
      const page: SourcePage = { id: String(p.id), title: p.title, parentId: parent === undefined ? undefined : String(parent), version: p.version?.number ?? 1 };
      listed.set(page.id, page);
      map.add(page.id, page.title);
      known.set(page.id, { id: page.id, title: page.title, spaceKey: o.spaceKey });
    }
    listedAll = true;
    o.onEvent?.({ kind: 'phase', phase: 'list', total: listed.size });
    const dcIndex: WorkspaceIndex = { pageById: (id) => known.get(id) };
    const children = new Map<string, SourcePage[]>();
    const roots: SourcePage[] = [];
    for (const p of listed.values()) {
      if (p.parentId !== undefined && listed.has(p.parentId)) {
        const list = children.get(p.parentId) ?? [];
        list.push(p);
        children.set(p.parentId, list);
      } else roots.push(p);
    }

    const ctx: PageContext = { o, config, journal, report, map, dcIndex, spaceId, listed };
    const touched = new Set<string>();

    // Pass 1: create, parents first.
    const todo = [...listed.values()].filter((p) => !journal.pages.get(p.id)?.ready).length;
    o.onEvent?.({ kind: 'phase', phase: 'create', total: todo });
    await runTree(roots, (p) => children.get(p.id) ?? [], o.concurrency ?? 4, signal, async (page, release) => {
      const j = journal.pages.get(page.id);
      if (j?.newId && j.ready) return release();
      const parentNew = page.parentId !== undefined && listed.has(page.parentId) ? journal.pages.get(page.parentId)?.newId : undefined;
      if (page.parentId !== undefined && listed.has(page.parentId) && parentNew === undefined) {
        return addReport(ctx, page, 'blocked', { reason: 'its parent page was not migrated' });
      }
      touched.add(page.id);
      await createOne(ctx, page, parentNew, release);
    });

    // Pass 2: pages created with links that had no target yet.
    const relink = [...listed.values()].filter((p) => journal.pages.get(p.id)?.needsFinal && journal.pages.get(p.id)?.ready);
    o.onEvent?.({ kind: 'phase', phase: 'relink', total: relink.length });
    await runPool(relink, o.concurrency ?? 4, signal, async (page) => {
      touched.add(page.id);
      await rewriteOne(ctx, page, 'relink');
    });

    if (o.delta) {
      const changed = [...listed.values()].filter((p) => {
        const j = journal.pages.get(p.id);
        return !touched.has(p.id) && j?.newId !== undefined && j.ready && j.dcVersion !== undefined && p.version > j.dcVersion;
      });
      o.onEvent?.({ kind: 'phase', phase: 'delta', total: changed.length });
      await runPool(changed, o.concurrency ?? 4, signal, (page) => rewriteOne(ctx, page, 'delta'));
    }
    complete = [...listed.values()].every((p) => journal.pages.get(p.id)?.ready && !journal.pages.get(p.id)?.needsFinal);
  } catch (err) {
    failure = err;
  } finally {
    await journal.append({ t: 'end', at: new Date().toISOString(), complete }).catch(() => undefined);
    await journal.close();
    await report.close();
  }
  // Without the full page list a report would wrongly show an empty space: keep the last one.
  if (!listedAll) throw failure;
  const summary = await writeReport(o.stateDir, reportFile, {
    space: o.spaceKey, from, to, startedAt, finishedAt: new Date().toISOString(), complete, pagesInSpace: listed.size, thisRun: report.thisRun,
  }, new Set(listed.keys()));
  // Even a cancelled or failed run leaves a report of what it did; then the error goes up.
  if (failure !== undefined) throw failure;
  const bad = Object.keys(summary.byStatus).some((s) => !['created', 'adopted', 'updated'].includes(s));
  return { summary, reportFile, clean: complete && !bad };
}

interface PageContext {
  o: MigrateOptions;
  config: TriageConfig;
  journal: Journal;
  report: ReportLog;
  map: SpaceMap;
  dcIndex: WorkspaceIndex;
  spaceId: string;
  listed: Map<string, SourcePage>;
}

interface Converted {
  adf: object;
  triage: PageReport['triage'];
  conversion: PageReport['conversion'];
  links: LinkTally;
  attachments: DcAttachment[];
  dcVersion: number;
  title: string;
}

/** Reads the DC page and its attachment list, lints and converts it with the links known now. */
async function convertOne(ctx: PageContext, page: SourcePage, newId: string | undefined, uploaded: boolean): Promise<Converted> {
  const { o, map } = ctx;
  const signal = o.signal;
  const [dcPage, attachments] = await Promise.all([o.dc.getPage(page.id, { signal }), collect(o.dc.listAttachments(page.id, { limit: 100, signal }))]);
  const names = new Set(attachments.map((a) => a.title));
  const storage = dcPage.body?.storage?.value ?? '';
  const links: LinkTally = { rewritten: 0, unresolved: 0 };
  const triage = lint(storage, 'storage', { config: ctx.config, index: ctx.dcIndex }).problems
    .map((p) => ({ ruleId: p.ruleId, severity: p.severity, start: p.start, end: p.end, message: p.message }));
  const { adf, findings } = convertStorageToAdf(parseStorage(storage), {
    config: ctx.config,
    // Short links to pages of this space resolve like title links, through pageHref.
    index: ctx.dcIndex,
    spaceKey: o.spaceKey,
    pageHref: pageHrefFor(map, links),
    attachmentUrl: (filename, pageTitle) => {
      if (pageTitle !== undefined && pageTitle !== page.title) {
        const other = map.oldIdByTitle(pageTitle);
        const otherNew = other === undefined ? undefined : ctx.journal.pages.get(other);
        if (otherNew?.newId && otherNew.ready) return attachmentUrl(map, otherNew.newId, filename);
        if (other !== undefined) links.unresolved++;
        return undefined;
      }
      if (!names.has(filename)) return undefined;
      if (newId !== undefined && uploaded) return attachmentUrl(map, newId, filename);
      links.unresolved++;
      return undefined;
    },
  });
  relinkAdf(adf, map, links);
  return {
    adf,
    triage,
    conversion: findings.map((f) => ({ code: f.code, action: f.action, start: f.start, end: f.end, message: f.message, ...(f.suggestion ? { suggestion: f.suggestion } : {}) })),
    links,
    attachments,
    dcVersion: dcPage.version?.number ?? page.version,
    title: dcPage.title,
  };
}

function attachmentUrl(map: SpaceMap, pageId: string, filename: string): string {
  return `${map.cloudSite}/wiki/download/attachments/${pageId}/${encodeURIComponent(filename)}`;
}

function addReport(ctx: PageContext, page: SourcePage, status: PageStatus, extra: Partial<PageReport> = {}, phase: 'create' | 'relink' | 'delta' = 'create'): void {
  const entry: PageReport = { oldId: page.id, title: page.title, status, triage: [], conversion: [], at: new Date().toISOString(), dcVersion: page.version, ...extra };
  if (entry.newId) entry.url = ctx.map.pageUrl(entry.newId);
  ctx.report.add(entry);
  ctx.o.onEvent?.({ kind: 'page', phase, oldId: page.id, title: page.title, status, newId: entry.newId });
}

/** Pass 1 for one page; `release` lets its children start once it has a Cloud id. */
async function createOne(ctx: PageContext, page: SourcePage, parentId: string | undefined, release: () => void): Promise<void> {
  const { o, journal } = ctx;
  const signal = o.signal;
  let j: JournalPage | undefined = journal.pages.get(page.id);
  try {
    const cv = await convertOne(ctx, page, j?.newId, false);
    let status: PageStatus = 'created';
    let createdNow = false;
    if (!j?.newId) {
      let created = j?.intent ? await o.cloud.findPageByTitle({ spaceId: ctx.spaceId }, page.title, { bodyFormat: 'atlas_doc_format', signal }) : undefined;
      if (created) status = 'adopted';
      else {
        await journal.append({ t: 'creating', old: page.id, title: page.title });
        try {
          created = await o.cloud.createPage({ space: { spaceId: ctx.spaceId }, title: page.title, parentId, body: { representation: 'atlas_doc_format', value: cv.adf } }, { signal });
          createdNow = true;
        } catch (err) {
          if (!isTitleTaken(err)) throw err;
          // Ours only if an earlier run recorded the intent (a crash between create and record).
          const found = j?.intent ? await o.cloud.findPageByTitle({ spaceId: ctx.spaceId }, page.title, { signal }) : undefined;
          if (!found) return addReport(ctx, page, 'title-taken', { reason: 'a page with this title already exists in the Cloud space and was not created by this migration', triage: cv.triage, conversion: cv.conversion });
          created = found;
          status = 'adopted';
        }
      }
      const needsFinal = cv.links.unresolved > 0 || status === 'adopted';
      await journal.append({ t: 'created', old: page.id, new: created.id, title: page.title, dcVersion: cv.dcVersion, cloudVersion: created.version?.number ?? 1, needsFinal });
      j = journal.pages.get(page.id) as JournalPage;
    }
    release();
    const newId = j.newId as string;
    await setEditorV2(o.cloud, newId, createdNow, signal);
    // A page from an earlier run (or adopted) may already hold some of the files.
    await uploadAttachments(ctx, newId, cv.attachments, !createdNow);
    await journal.append({ t: 'ready', old: page.id });
    addReport(ctx, page, status, { newId, cloudVersion: j.cloudVersion, dcVersion: cv.dcVersion, attachments: cv.attachments.length, links: cv.links, triage: cv.triage, conversion: cv.conversion });
  } catch (err) {
    if (isFatal(err)) throw err;
    addReport(ctx, page, 'failed', { newId: j?.newId, reason: (err as Error).message });
  }
}

/**
 * Sets `editor` = v2. A page this run just created has no properties, so the property is
 * POSTed at once (one request instead of the read-then-write of setEditorV2); anything
 * unexpected (an existing property, a lost answer) falls back to setEditorV2, which reads first.
 */
async function setEditorV2(cloud: CloudClient, pageId: string, fresh: boolean, signal: AbortSignal | undefined): Promise<void> {
  if (fresh) {
    try {
      await cloud.http.request({ method: 'POST', path: `/api/v2/pages/${encodeURIComponent(pageId)}/properties`, json: { key: 'editor', value: 'v2' }, signal, retryAmbiguous: false });
      return;
    } catch (err) {
      if (err instanceof AbortError || err instanceof AuthError) throw err;
    }
  }
  await cloud.setEditorV2(pageId, { signal });
}

/** Uploads the page's DC attachments that Cloud does not have yet. */
async function uploadAttachments(ctx: PageContext, newId: string, attachments: DcAttachment[], checkExisting: boolean): Promise<void> {
  const { o } = ctx;
  const signal = o.signal;
  if (attachments.length === 0) return;
  const present = new Set<string>();
  const refresh = async () => {
    for await (const a of o.cloud.listAttachments(newId, { signal })) present.add(a.title);
  };
  if (checkExisting) await refresh();
  for (const a of attachments) {
    if (present.has(a.title)) continue;
    const data = await o.dc.downloadAttachment(a, { signal });
    const file = { filename: a.title, data, contentType: a.metadata?.mediaType ?? a.extensions?.mediaType, comment: a.metadata?.comment ?? a.extensions?.comment };
    try {
      await o.cloud.uploadAttachment(newId, file, { signal });
    } catch (err) {
      // The upload is not resent by the REST layer (a lost answer may have stored it): look first.
      if (err instanceof AbortError || err instanceof AuthError) throw err;
      await refresh();
      if (present.has(a.title)) continue;
      await o.cloud.uploadAttachment(newId, file, { signal });
    }
    present.add(a.title);
  }
}

/** Pass 2 and delta: writes the page again from its current DC body, based on our last Cloud version. */
async function rewriteOne(ctx: PageContext, page: SourcePage, phase: 'relink' | 'delta'): Promise<void> {
  const { o, journal } = ctx;
  const j = journal.pages.get(page.id) as JournalPage;
  const newId = j.newId as string;
  try {
    const cv = await convertOne(ctx, page, newId, true);
    if (phase === 'delta') await uploadAttachments(ctx, newId, cv.attachments, true);
    const parentOld = page.parentId !== undefined && ctx.listed.has(page.parentId) ? journal.pages.get(page.parentId)?.newId : undefined;
    let updated;
    try {
      updated = await o.cloud.updatePage({ id: newId, title: cv.title, parentId: parentOld, baseVersion: j.cloudVersion ?? 1, body: { representation: 'atlas_doc_format', value: cv.adf } }, { signal: o.signal });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return addReport(ctx, page, 'conflict', {
        newId, cloudVersion: err.currentVersion, dcVersion: cv.dcVersion, triage: cv.triage, conversion: cv.conversion,
        reason: `the Cloud page was edited since this migration wrote version ${j.cloudVersion}; not overwritten`,
      }, phase);
    }
    await journal.append({ t: 'updated', old: page.id, dcVersion: cv.dcVersion, cloudVersion: updated.version?.number ?? (j.cloudVersion ?? 1) + 1 });
    addReport(ctx, page, phase === 'relink' ? 'created' : 'updated', {
      newId, cloudVersion: journal.pages.get(page.id)?.cloudVersion, dcVersion: cv.dcVersion, attachments: cv.attachments.length, links: cv.links, triage: cv.triage, conversion: cv.conversion,
    }, phase);
  } catch (err) {
    if (isFatal(err)) throw err;
    addReport(ctx, page, 'failed', { newId, reason: (err as Error).message }, phase);
  }
}

/**
 * Runs `work` over a forest, at most `concurrency` at once; a node's children are queued when
 * its worker calls `release` (or returns). Stops taking work when the signal aborts, waits for
 * what is running, and rethrows the first fatal error.
 */
async function runTree<T>(roots: T[], childrenOf: (t: T) => T[], concurrency: number, signal: AbortSignal | undefined, work: (t: T, release: () => void) => Promise<void>): Promise<void> {
  const queue = [...roots];
  let active = 0;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (failure === undefined && !signal?.aborted && active < concurrency && queue.length > 0) {
        const item = queue.shift() as T;
        active++;
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          queue.push(...childrenOf(item));
          pump();
        };
        work(item, release).then(
          () => release(),
          (err: unknown) => {
            failure ??= err;
          },
        ).finally(() => {
          active--;
          pump();
          if (active === 0 && (queue.length === 0 || failure !== undefined || signal?.aborted)) resolve();
        });
      }
      if (active === 0 && (queue.length === 0 || failure !== undefined || signal?.aborted)) resolve();
    };
    pump();
  });
  if (failure !== undefined) throw failure;
  if (signal?.aborted) throw new AbortError();
}

function runPool<T>(items: T[], concurrency: number, signal: AbortSignal | undefined, work: (t: T) => Promise<void>): Promise<void> {
  return runTree(items, () => [], concurrency, signal, (t) => work(t));
}
