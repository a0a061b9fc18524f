/**
 * Confluence Cloud: REST v2 (`/wiki/api/v2/...`) for spaces, pages, children, properties and
 * attachment lists, plus the v1 endpoints that still exist (`/wiki/rest/api/...`: CQL search,
 * attachment upload, current user). The removed v1 content endpoints answer 410 Gone.
 * Shapes follow the v2/v1 specs and shared/reference/rest-apis.md §2.
 */
import { cqlFacts, linkBase, storageError, tinyCode, type SimContext } from './context';
import { parseCql } from './cql';
import { decodeCursor, encodeCursor, json, jsonBody, pageLimit, restError, v2Error, withQuery, type SimRequest, type SimResponse } from './http';
import { uploadAttachments } from './dc-api';
import { Router } from './router';
import type { Attachment, ContentProperty, Page, PageVersion, Space, StoredBody } from './store';
import type { SimRepresentation } from './options';

// POST /pages refuses bodies over 5 MB.
const CLOUD_MAX_CREATE_BYTES = 5 * 1024 * 1024;

const GONE = 'com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been removed.';

const notFound = (): SimResponse => v2Error(404, 'NOT_FOUND', 'Not Found');
const badRequest = (title: string): SimResponse => v2Error(400, 'INVALID_REQUEST_PARAMETER', title);

function v2Version(v: { number: number; when: string; message: string; minorEdit: boolean; authorId: string }): object {
  return { createdAt: v.when, message: v.message, number: v.number, minorEdit: v.minorEdit, authorId: v.authorId };
}

function spaceJson(space: Space): object {
  const out: Record<string, unknown> = {
    id: space.id,
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    authorId: 'seed',
    createdAt: space.createdAt,
    _links: { webui: `/spaces/${space.key}` },
  };
  if (space.homepageId) out.homepageId = space.homepageId;
  return out;
}

function bodyFormat(req: SimRequest): SimRepresentation | undefined | 'unsupported' {
  const f = req.query.get('body-format');
  if (f === null) return undefined;
  return f === 'storage' || f === 'atlas_doc_format' ? f : 'unsupported';
}

function pageJson(ctx: SimContext, page: Page, format: SimRepresentation | undefined, ver?: PageVersion): Record<string, unknown> {
  const store = ctx.store;
  const v = ver ?? store.current(page);
  const space = store.spaces.get(page.spaceKey) as Space;
  const out: Record<string, unknown> = {
    id: page.id,
    status: v === store.current(page) ? 'current' : 'historical',
    title: v.title,
    spaceId: space.id,
  };
  if (v.parentId) {
    out.parentId = v.parentId;
    out.parentType = 'page';
  }
  out.position = null;
  out.authorId = page.authorId;
  out.ownerId = page.authorId;
  out.lastOwnerId = null;
  out.createdAt = page.createdAt;
  out.version = v2Version(v);
  out.body = format ? { [format]: { representation: format, value: store.bodyIn(v, format) } } : {};
  out._links = {
    webui: `/spaces/${page.spaceKey}/pages/${page.id}/${encodeURIComponent(v.title).replace(/%20/g, '+')}`,
    editui: `/pages/resumedraft.action?draftId=${page.id}`,
    tinyui: `/x/${tinyCode(page.id)}`,
  };
  return out;
}

function propertyJson(p: ContentProperty): object {
  return { id: p.id, key: p.key, value: p.value, version: { createdAt: p.createdAt, message: '', number: p.version, minorEdit: false, authorId: 'seed' } };
}

function attachmentJson(page: Page, a: Attachment): object {
  const download = `/download/attachments/${page.id}/${encodeURIComponent(a.title)}?version=${a.version}&api=v2`;
  return {
    id: a.id,
    status: 'current',
    title: a.title,
    createdAt: a.createdAt,
    pageId: page.id,
    mediaType: a.mediaType,
    comment: a.comment,
    fileId: a.fileId,
    fileSize: a.data.length,
    webuiLink: `/pages/viewpageattachments.action?pageId=${page.id}`,
    downloadLink: download,
    version: { createdAt: a.createdAt, message: '', number: a.version, minorEdit: false, authorId: page.authorId },
    _links: { webui: `/pages/viewpageattachments.action?pageId=${page.id}`, download },
  };
}

// Cursor paging: `_links.next` (relative, absent at the end), `_links.base`, and the `Link` header.
function cursorPaged<T>(ctx: SimContext, req: SimRequest, items: T[], defaultLimit: number, render: (t: T) => object): SimResponse {
  const offset = decodeCursor(req.query.get('cursor'));
  if (offset === undefined) return badRequest('Invalid cursor');
  const limit = pageLimit(req.query, defaultLimit, ctx.maxLimit);
  const slice = items.slice(offset, offset + limit);
  const base = linkBase(ctx, req);
  const links: Record<string, string> = {};
  const headers: Record<string, string> = {};
  if (offset + slice.length < items.length) {
    links.next = withQuery(`/wiki/api/v2${req.path}`, req.query, { limit: String(limit), cursor: encodeCursor(offset + limit) });
    headers.Link = `<${links.next}>; rel="next", <${base}>; rel="base"`;
  }
  links.base = base;
  return json(200, { results: slice.map(render), _links: links }, headers);
}

// Reads a v2 write body: flat `{representation,value}` or nested `{storage:{...}}`.
function writeBody(raw: any): StoredBody | string {
  let b = raw;
  if (b && typeof b === 'object' && b.representation === undefined) {
    const key = ['atlas_doc_format', 'storage', 'wiki'].find((k) => b[k] !== undefined);
    b = key ? { representation: key, ...b[key] } : undefined;
  }
  if (!b || typeof b.value !== 'string') return 'Body is required';
  if (b.representation === 'storage') {
    const err = storageError(b.value);
    return err ? `Error parsing xhtml: ${err}` : { written: 'storage', value: b.value };
  }
  if (b.representation === 'atlas_doc_format') {
    let doc: any;
    try {
      doc = JSON.parse(b.value);
    } catch {
      doc = undefined;
    }
    // Cloud stores ADF by converting it to storage; what is not an ADF doc fails that step.
    if (!doc || doc.type !== 'doc' || !Array.isArray(doc.content)) return 'Error converting ADF to storage format';
    return { written: 'atlas_doc_format', value: b.value };
  }
  return `Unsupported body representation: ${String(b.representation)}`;
}

function pagesFiltered(ctx: SimContext, req: SimRequest, base: Page[]): Page[] | string {
  const title = req.query.get('title');
  const statuses = req.query.getAll('status').flatMap((s) => s.split(','));
  const ids = req.query.getAll('id').flatMap((s) => s.split(','));
  if (statuses.length > 0 && !statuses.includes('current')) return [];
  return base.filter((p) => (title === null || ctx.store.current(p).title === title) && (ids.length === 0 || ids.includes(p.id)));
}

/** Builds the v2 router; paths are relative to `/wiki/api/v2`. */
export function cloudV2Router(ctx: SimContext): Router {
  const store = ctx.store;
  const r = new Router();
  const pageOf = (id: string) => store.pages.get(id);

  r.add('GET', '/spaces', (req) => {
    const keys = req.query.getAll('keys').flatMap((k) => k.split(','));
    const ids = req.query.getAll('ids').flatMap((k) => k.split(','));
    const spaces = [...store.spaces.values()].filter((s) => (keys.length === 0 || keys.includes(s.key)) && (ids.length === 0 || ids.includes(s.id)));
    return cursorPaged(ctx, req, spaces, 25, spaceJson);
  });

  r.add('GET', '/spaces/{id}', (_req, p) => {
    const space = store.spaceById(p.id);
    return space ? json(200, spaceJson(space)) : notFound();
  });

  r.add('GET', '/spaces/{id}/pages', (req, p) => {
    const space = store.spaceById(p.id);
    if (!space) return notFound();
    const format = bodyFormat(req);
    if (format === 'unsupported') return badRequest('Invalid body-format');
    const depth = req.query.get('depth') ?? 'all';
    const inSpace = store.allPages().filter((pg) => pg.spaceKey === space.key && (depth !== 'root' || store.current(pg).parentId === undefined));
    const pages = pagesFiltered(ctx, req, inSpace);
    if (typeof pages === 'string') return badRequest(pages);
    return cursorPaged(ctx, req, pages, 25, (pg) => pageJson(ctx, pg, format));
  });

  r.add('GET', '/pages', (req) => {
    const format = bodyFormat(req);
    if (format === 'unsupported') return badRequest('Invalid body-format');
    const spaceIds = req.query.getAll('space-id').flatMap((s) => s.split(','));
    const keys = new Set(spaceIds.map((id) => store.spaceById(id)?.key));
    const inSpaces = store.allPages().filter((pg) => spaceIds.length === 0 || keys.has(pg.spaceKey));
    const pages = pagesFiltered(ctx, req, inSpaces);
    if (typeof pages === 'string') return badRequest(pages);
    return cursorPaged(ctx, req, pages, 25, (pg) => pageJson(ctx, pg, format));
  });

  r.add('GET', '/pages/{id}', (req, p) => {
    const page = pageOf(p.id);
    if (!page) return notFound();
    if (page.hiddenReads > 0) {
      page.hiddenReads--;
      return notFound();
    }
    const f = req.query.get('body-format');
    // view/export_view/... are not rendered by the simulator.
    if (f !== null && f !== 'storage' && f !== 'atlas_doc_format') return badRequest(`body-format ${f} is not supported by the simulator`);
    const v = req.query.get('version');
    let ver: PageVersion | undefined;
    if (v !== null) {
      ver = page.versions[Number.parseInt(v, 10) - 1];
      if (!ver) return notFound();
    }
    const out = pageJson(ctx, page, f ?? undefined, ver);
    if (req.query.get('include-properties') === 'true') {
      out.properties = { results: page.properties.map(propertyJson), meta: { hasMore: false }, _links: { self: `/wiki/api/v2/pages/${page.id}/properties` } };
    }
    if (req.query.get('include-version') === 'false') delete out.version;
    (out._links as Record<string, string>).base = linkBase(ctx, req);
    return json(200, out);
  });

  r.add('POST', '/pages', (req) => {
    if (req.rawBody.length > CLOUD_MAX_CREATE_BYTES) return v2Error(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request entity too large');
    const body = jsonBody(req);
    if (!body || typeof body !== 'object' || typeof body.spaceId !== 'string') return badRequest('spaceId is required');
    const space = store.spaceById(body.spaceId);
    if (!space) return notFound();
    if (body.status !== undefined && body.status !== 'current') return badRequest('The simulator creates current pages only');
    if (typeof body.title !== 'string' || body.title.trim() === '') return badRequest('Title is required for a current page');
    const stored = body.body === undefined ? ({ written: 'storage', value: '' } as StoredBody) : writeBody(body.body);
    if (typeof stored === 'string') return badRequest(stored);
    const rootLevel = req.query.get('root-level') === 'true';
    if (rootLevel && body.parentId !== undefined) return badRequest('parentId may not be given with root-level=true');
    const parentId: string | undefined = body.parentId !== undefined ? String(body.parentId) : rootLevel ? undefined : space.homepageId;
    if (parentId !== undefined && store.pages.get(parentId)?.spaceKey !== space.key) return notFound();
    const res = store.createPage({ spaceKey: space.key, title: body.title, parentId, body: stored, authorId: req.principal.id });
    if (res.kind === 'duplicate-title') return badRequest('A page with this title already exists: A page already exists with the same title in this space');
    if (res.kind !== 'ok') return notFound();
    ctx.recordWrite();
    res.page.hiddenReads = ctx.staleReadsAfterCreate;
    const out = pageJson(ctx, res.page, stored.written);
    (out._links as Record<string, string>).base = linkBase(ctx, req);
    return json(200, out);
  });

  r.add('PUT', '/pages/{id}', (req, p) => {
    const page = pageOf(p.id);
    if (!page) return notFound();
    const body = jsonBody(req);
    const missing = ['id', 'status', 'title', 'body', 'version'].filter((k) => body?.[k] === undefined);
    if (!body || typeof body !== 'object' || missing.length > 0) return badRequest(`Missing required fields: ${missing.join(', ')}`);
    if (String(body.id) !== page.id) return badRequest('Page id in the body does not match the path');
    if (body.status !== 'current') return badRequest('The simulator supports status current only');
    const space = store.spaces.get(page.spaceKey) as Space;
    if (body.spaceId !== undefined && String(body.spaceId) !== space.id) return badRequest('Moving a page to another space is not supported');
    const number: unknown = body.version?.number;
    if (typeof number !== 'number' || !Number.isInteger(number)) return badRequest('version.number is required');
    const stored = writeBody(body.body);
    if (typeof stored === 'string') return badRequest(stored);
    const parentId = body.parentId !== undefined ? String(body.parentId) : undefined;
    if (parentId !== undefined && store.pages.get(parentId)?.spaceKey !== page.spaceKey) return notFound();
    const res = store.updatePage(page, { versionNumber: number, title: body.title, parentId, body: stored, authorId: req.principal.id, message: body.version?.message });
    if (res.kind === 'conflict') {
      return v2Error(409, 'CONFLICT', `Version must be incremented when updating a page. Current Version: [${res.current}]. Provided version: [${res.provided}]`);
    }
    if (res.kind === 'duplicate-title') return badRequest('A page with this title already exists: A page already exists with the same title in this space');
    if (res.kind !== 'ok') return notFound();
    ctx.recordWrite();
    const out = pageJson(ctx, page, stored.written);
    (out._links as Record<string, string>).base = linkBase(ctx, req);
    return json(200, out);
  });

  const children = (childType: boolean) => (req: SimRequest, p: Record<string, string>): SimResponse => {
    const page = pageOf(p.id);
    if (!page) return notFound();
    const space = store.spaces.get(page.spaceKey) as Space;
    return cursorPaged(ctx, req, store.children(page.id), 25, (c) => ({
      id: c.id,
      status: 'current',
      title: store.current(c).title,
      ...(childType ? { type: 'page' } : {}),
      spaceId: space.id,
      childPosition: null,
    }));
  };
  // `/children` is deprecated in favour of `/direct-children`; both are served.
  r.add('GET', '/pages/{id}/children', children(false));
  r.add('GET', '/pages/{id}/direct-children', children(true));

  r.add('GET', '/pages/{id}/versions', (req, p) => {
    const page = pageOf(p.id);
    if (!page) return notFound();
    const newestFirst = [...page.versions].reverse();
    return cursorPaged(ctx, req, newestFirst, 25, (v) => ({ ...v2Version(v), page: { id: page.id, title: v.title } }));
  });

  r.add('GET', '/pages/{id}/attachments', (req, p) => {
    const page = pageOf(p.id);
    if (!page) return notFound();
    const filename = req.query.get('filename');
    const mediaType = req.query.get('mediaType');
    const list = page.attachments.filter((a) => (filename === null || a.title === filename) && (mediaType === null || a.mediaType === mediaType));
    return cursorPaged(ctx, req, list, 50, (a) => attachmentJson(page, a));
  });

  r.add('GET', '/pages/{page-id}/properties', (req, p) => {
    const page = pageOf(p['page-id']);
    if (!page) return notFound();
    const key = req.query.get('key');
    return cursorPaged(ctx, req, page.properties.filter((pr) => key === null || pr.key === key), 25, propertyJson);
  });

  r.add('POST', '/pages/{page-id}/properties', (req, p) => {
    const page = pageOf(p['page-id']);
    if (!page) return notFound();
    const body = jsonBody(req);
    if (!body || typeof body.key !== 'string' || body.key === '' || body.value === undefined) return badRequest('key and value are required');
    if (page.properties.some((pr) => pr.key === body.key)) return badRequest(`A property with key '${body.key}' already exists`);
    const prop = store.addProperty(page, body.key, body.value);
    ctx.recordWrite();
    return json(200, propertyJson(prop));
  });

  const propertyOf = (p: Record<string, string>) => pageOf(p['page-id'])?.properties.find((pr) => pr.id === p['property-id']);

  r.add('GET', '/pages/{page-id}/properties/{property-id}', (_req, p) => {
    const prop = propertyOf(p);
    return prop ? json(200, propertyJson(prop)) : notFound();
  });

  r.add('PUT', '/pages/{page-id}/properties/{property-id}', (req, p) => {
    const prop = propertyOf(p);
    if (!prop) return notFound();
    const body = jsonBody(req);
    const number: unknown = body?.version?.number;
    if (!body || typeof body.key !== 'string' || body.value === undefined || typeof number !== 'number') return badRequest('key, value and version.number are required');
    if (body.key !== prop.key) return badRequest('The key of a property cannot be changed');
    if (number !== prop.version + 1) {
      return v2Error(409, 'CONFLICT', `Version must be incremented when updating a property. Current Version: [${prop.version}]. Provided version: [${number}]`);
    }
    prop.value = body.value;
    prop.version = number;
    prop.createdAt = store.timestamp();
    ctx.recordWrite();
    return json(200, propertyJson(prop));
  });

  r.add('DELETE', '/pages/{page-id}/properties/{property-id}', (_req, p) => {
    const page = pageOf(p['page-id']);
    const prop = propertyOf(p);
    if (!page || !prop) return notFound();
    page.properties = page.properties.filter((pr) => pr !== prop);
    ctx.recordWrite();
    return { status: 204 };
  });

  return r;
}

function v1Content(ctx: SimContext, req: SimRequest, page: Page, expand: Set<string>): object {
  const store = ctx.store;
  const cur = store.current(page);
  const space = store.spaces.get(page.spaceKey) as Space;
  const base = linkBase(ctx, req);
  const out: Record<string, unknown> = { id: page.id, type: 'page', status: 'current', title: cur.title };
  if (expand.has('space')) {
    out.space = { id: Number(space.id), key: space.key, name: space.name, type: 'global', status: 'current', _expandable: {}, _links: { webui: `/spaces/${space.key}`, self: `${base}/rest/api/space/${space.key}` } };
  }
  if (expand.has('version')) out.version = { when: cur.when, message: cur.message, number: cur.number, minorEdit: cur.minorEdit, _expandable: {}, _links: {} };
  if (expand.has('ancestors')) out.ancestors = store.ancestors(page).map((a) => ({ id: a.id, type: 'page', status: 'current', title: store.current(a).title }));
  if (expand.has('body.storage')) out.body = { storage: { value: store.bodyIn(cur, 'storage'), representation: 'storage' } };
  out._links = { webui: `/spaces/${page.spaceKey}/pages/${page.id}`, tinyui: `/x/${tinyCode(page.id)}`, self: `${base}/rest/api/content/${page.id}` };
  out._expandable = { space: `/rest/api/space/${page.spaceKey}`, version: '', history: `/rest/api/content/${page.id}/history` };
  return out;
}

function v1Attachment(ctx: SimContext, req: SimRequest, page: Page, a: Attachment): object {
  const base = linkBase(ctx, req);
  return {
    id: a.id,
    type: 'attachment',
    status: 'current',
    title: a.title,
    version: { when: a.createdAt, message: '', number: a.version, minorEdit: false },
    extensions: { mediaType: a.mediaType, fileSize: a.data.length, comment: a.comment, fileId: a.fileId },
    _links: { download: `/download/attachments/${page.id}/${encodeURIComponent(a.title)}?version=${a.version}&api=v2`, self: `${base}/rest/api/content/${a.id}` },
    _expandable: { container: `/rest/api/content/${page.id}` },
  };
}

// Cursor paging of the v1 search endpoints; `next` is relative to `_links.base` (…/wiki).
function v1Search(ctx: SimContext, req: SimRequest, render: (pages: Page[], start: number, limit: number, total: number) => object): SimResponse {
  const cql = req.query.get('cql');
  if (cql === null) return restError(400, 'cql is required');
  const parsed = parseCql(cql);
  if ('error' in parsed) return restError(400, `Could not parse cql : ${cql}`);
  const offset = decodeCursor(req.query.get('cursor'));
  if (offset === undefined) return restError(400, 'Invalid cursor');
  const limit = pageLimit(req.query, 25, ctx.maxLimit);
  const all = ctx.store.allPages().filter((pg) => parsed.predicate(cqlFacts(ctx.store, pg)));
  const slice = all.slice(offset, offset + limit);
  const rel = req.path.replace(/^\/wiki/, '');
  const base = linkBase(ctx, req);
  const links: Record<string, string> = { base, context: '/wiki', self: `${base}${withQuery(rel, req.query, {})}` };
  if (offset + slice.length < all.length) links.next = withQuery(rel, req.query, { limit: String(limit), cursor: encodeCursor(offset + limit) });
  return json(200, { ...render(slice, offset, limit, all.length), _links: links }, links.next ? { Link: `<${links.next}>; rel="next", <${base}>; rel="base"` } : {});
}

/** Builds the v1 router; paths are the full `/wiki/rest/api/...` paths. */
export function cloudV1Router(ctx: SimContext): Router {
  const store = ctx.store;
  const r = new Router();
  const gone = (): SimResponse => restError(410, GONE);
  for (const t of ['/wiki/rest/api/content', '/wiki/rest/api/content/{id}', '/wiki/rest/api/content/{id}/child', '/wiki/rest/api/content/{id}/child/{type}', '/wiki/rest/api/content/{id}/property', '/wiki/rest/api/content/{id}/property/{key}']) {
    r.add('*', t, gone);
  }

  r.add('GET', '/wiki/rest/api/content/search', (req) => {
    const expand = new Set((req.query.get('expand') ?? '').split(',').filter(Boolean));
    return v1Search(ctx, req, (pages, start, limit) => ({ results: pages.map((pg) => v1Content(ctx, req, pg, expand)), start, limit, size: pages.length }));
  });

  r.add('GET', '/wiki/rest/api/search', (req) => {
    const started = Date.now();
    return v1Search(ctx, req, (pages, start, limit, total) => ({
      results: pages.map((pg) => {
        const cur = store.current(pg);
        const space = store.spaces.get(pg.spaceKey) as Space;
        return {
          content: v1Content(ctx, req, pg, new Set()),
          title: cur.title,
          excerpt: '',
          url: `/spaces/${pg.spaceKey}/pages/${pg.id}`,
          resultGlobalContainer: { title: space.name, displayUrl: `/spaces/${space.key}` },
          breadcrumbs: [],
          entityType: 'content',
          iconCssClass: 'aui-icon content-type-page',
          lastModified: cur.when,
          friendlyLastModified: cur.when.slice(0, 10),
          score: 1,
        };
      }),
      start,
      limit,
      size: pages.length,
      totalSize: total,
      cqlQuery: req.query.get('cql') ?? '',
      searchDuration: Date.now() - started,
    }));
  });

  r.add('POST', '/wiki/rest/api/content/{id}/child/attachment', (req, p) =>
    uploadAttachments(ctx, req, p.id, (page, atts) =>
      json(200, { results: atts.map((a) => v1Attachment(ctx, req, page, a)), size: atts.length, _links: { base: linkBase(ctx, req), context: '/wiki' } }),
    ),
  );

  r.add('GET', '/wiki/rest/api/user/current', (req) =>
    json(200, {
      type: 'known',
      accountId: req.principal.id,
      accountType: 'atlassian',
      email: req.principal.name,
      publicName: req.principal.displayName,
      profilePicture: { path: '/wiki/aa-avatar/default.png', width: 48, height: 48, isDefault: true },
      displayName: req.principal.displayName,
      isExternalCollaborator: false,
      isGuest: false,
      _expandable: { operations: '', personalSpace: '' },
      _links: { self: `${linkBase(ctx, req)}/rest/api/user?accountId=${req.principal.id}`, base: linkBase(ctx, req), context: '/wiki' },
    }),
  );

  return r;
}
