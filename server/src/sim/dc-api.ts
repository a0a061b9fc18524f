/**
 * Data Center REST API (`[context]/rest/api/...`): content read/list/search/create/update,
 * children, attachments, spaces, current user. Shapes follow the DC 10.0.3 spec and the live
 * behaviours in shared/reference/rest-apis.md §1.
 */
import { canRead, cqlFacts, linkBase, storageError, tinyCode, type SimContext } from './context';
import { parseCql } from './cql';
import { json, jsonBody, pageLimit, parseMultipart, restError, withQuery, type Principal, type SimRequest, type SimResponse } from './http';
import { Router } from './router';
import type { Attachment, Page, Space } from './store';

// Default expansion of GET /content/{id} when `expand` is absent.
const DEFAULT_GET_EXPAND = 'history,space,version';
// Default expansion of the create and update answers.
const DEFAULT_WRITE_EXPAND = 'body.storage,history,space,container.history,container.version,version,ancestors';

const GENERIC_400 =
  'No space or no content type, or setup a wrong version type set to content, or status param is not draft and status content is current';

function expandSet(req: SimRequest, fallback: string): Set<string> {
  const raw = req.query.get('expand') ?? fallback;
  return new Set(raw.split(',').map((s) => s.trim()).filter(Boolean));
}

function person(who: { name: string; displayName: string; id: string; kind?: string }): object {
  if (who.kind === 'anonymous') {
    return { type: 'anonymous', profilePicture: { path: '/images/icons/profilepics/anonymous.svg', width: 48, height: 48, isDefault: true }, displayName: 'Anonymous' };
  }
  return {
    type: 'known',
    username: who.name,
    userKey: who.id,
    profilePicture: { path: '/images/icons/profilepics/default.svg', width: 48, height: 48, isDefault: true },
    displayName: who.displayName,
    _links: { self: `/rest/api/user?key=${who.id}` },
  };
}

function authorPerson(authorId: string): object {
  return person({ name: authorId, displayName: authorId, id: authorId });
}

function dcSpaceJson(ctx: SimContext, req: SimRequest, space: Space): object {
  const base = linkBase(ctx, req);
  return {
    id: Number(space.id),
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    _links: { webui: `/display/${space.key}`, self: `${base}/rest/api/space/${space.key}` },
    _expandable: { homepage: space.homepageId ? `/rest/api/content/${space.homepageId}` : '', description: '', metadata: '', icon: '' },
  };
}

function contentJson(ctx: SimContext, req: SimRequest, page: Page, expand: Set<string>, versionNumber?: number): object {
  const store = ctx.store;
  const base = linkBase(ctx, req);
  const ver = versionNumber === undefined ? store.current(page) : page.versions[versionNumber - 1];
  const isCurrent = ver.number === store.current(page).number;
  const out: Record<string, unknown> = {
    id: page.id,
    type: 'page',
    status: isCurrent ? 'current' : 'historical',
    title: ver.title,
  };
  const expandable: Record<string, string> = {};
  const space = store.spaces.get(page.spaceKey);
  if (expand.has('space') && space) out.space = dcSpaceJson(ctx, req, space);
  else expandable.space = `/rest/api/space/${page.spaceKey}`;
  if (expand.has('history') || [...expand].some((e) => e.startsWith('history.'))) {
    out.history = { latest: isCurrent, createdBy: authorPerson(page.authorId), createdDate: page.createdAt, _links: { self: `${base}/rest/api/content/${page.id}/history` } };
  } else expandable.history = `/rest/api/content/${page.id}/history`;
  if (expand.has('version')) {
    out.version = { by: authorPerson(ver.authorId), when: ver.when, message: ver.message, number: ver.number, minorEdit: ver.minorEdit, hidden: false, _links: { self: `${base}/rest/experimental/content/${page.id}/version/${ver.number}` } };
  } else expandable.version = '';
  if (expand.has('ancestors')) {
    out.ancestors = store.ancestors(page).map((a) => contentJson(ctx, req, a, new Set()));
  } else expandable.ancestors = '';
  if (expand.has('body.storage') || expand.has('body')) {
    out.body = expand.has('body.storage')
      ? { storage: { value: store.bodyIn(ver, 'storage'), representation: 'storage', _expandable: { content: `/rest/api/content/${page.id}` } }, _expandable: { editor: '', view: '', export_view: '', styled_view: '', anonymous_export_view: '' } }
      : { _expandable: { storage: '', editor: '', view: '', export_view: '', styled_view: '', anonymous_export_view: '' } };
  } else expandable.body = '';
  if (expand.has('container') || [...expand].some((e) => e.startsWith('container.')) ) {
    if (space) out.container = dcSpaceJson(ctx, req, space);
  } else expandable.container = `/rest/api/space/${page.spaceKey}`;
  out.extensions = { position: 'none' };
  out._links = {
    webui: `/display/${page.spaceKey}/${encodeURIComponent(ver.title).replace(/%20/g, '+')}`,
    edit: `/pages/resumedraft.action?draftId=${page.id}`,
    tinyui: `/x/${tinyCode(page.id)}`,
    self: `${base}/rest/api/content/${page.id}`,
  };
  expandable.children = `/rest/api/content/${page.id}/child`;
  expandable.descendants = `/rest/api/content/${page.id}/descendant`;
  expandable.metadata = '';
  expandable.operations = '';
  expandable.restrictions = `/rest/api/content/${page.id}/restriction/byOperation`;
  out._expandable = expandable;
  return out;
}

function attachmentJson(ctx: SimContext, req: SimRequest, page: Page, att: Attachment): object {
  const base = linkBase(ctx, req);
  return {
    id: att.id,
    type: 'attachment',
    status: 'current',
    title: att.title,
    version: { by: authorPerson(page.authorId), when: att.createdAt, message: '', number: att.version, minorEdit: false, hidden: false },
    metadata: { comment: att.comment, mediaType: att.mediaType },
    extensions: { mediaType: att.mediaType, fileSize: att.data.length, comment: att.comment },
    _links: {
      webui: `/pages/viewpageattachments.action?pageId=${page.id}&preview=${encodeURIComponent(`/${page.id}/${att.id.slice(3)}/${att.title}`)}`,
      download: `/download/attachments/${page.id}/${encodeURIComponent(att.title)}?version=${att.version}&api=v2`,
      self: `${base}/rest/api/content/${att.id}`,
    },
    _expandable: { container: `/rest/api/content/${page.id}`, space: `/rest/api/space/${page.spaceKey}` },
  };
}

// Offset paging with a capped limit; `next`/`prev` are relative to the base, as on DC.
function paged<T>(ctx: SimContext, req: SimRequest, items: T[], defaultLimit: number, render: (t: T) => object): SimResponse {
  const start = Math.max(0, Number.parseInt(req.query.get('start') ?? '0', 10) || 0);
  const limit = pageLimit(req.query, defaultLimit, ctx.maxLimit);
  const slice = items.slice(start, start + limit);
  const rel = `/rest/api${req.path}`;
  const base = linkBase(ctx, req);
  const links: Record<string, string> = { base, context: ctx.contextPath, self: `${base}${withQuery(rel, req.query, {})}` };
  if (start + slice.length < items.length) links.next = withQuery(rel, req.query, { limit: String(limit), start: String(start + limit) });
  if (start > 0) links.prev = withQuery(rel, req.query, { limit: String(limit), start: String(Math.max(0, start - limit)) });
  return json(200, { results: slice.map(render), start, limit, size: slice.length, _links: links });
}

function notFound(id: string): SimResponse {
  return restError(404, `No content found with id: ContentId{id=${id}}`);
}

function readablePage(ctx: SimContext, who: Principal, id: string): Page | undefined {
  const page = ctx.store.pages.get(id);
  return page && canRead(ctx, who, page.spaceKey) ? page : undefined;
}

/** Builds the DC router; paths are relative to the API root `/rest/api`. */
export function dcRouter(ctx: SimContext): Router {
  const store = ctx.store;
  const r = new Router();

  r.add('GET', '/content/{id}', (req, p) => {
    const page = readablePage(ctx, req.principal, p.id);
    if (!page) return notFound(p.id);
    const v = req.query.get('version');
    let number: number | undefined;
    if (v !== null) {
      number = Number.parseInt(v, 10);
      if (!(number >= 1 && number <= page.versions.length)) return notFound(p.id);
    }
    return json(200, contentJson(ctx, req, page, expandSet(req, DEFAULT_GET_EXPAND), number));
  });

  r.add('GET', '/content', (req) => {
    const type = req.query.get('type') ?? 'page';
    const spaceKey = req.query.get('spaceKey');
    const title = req.query.get('title');
    const pages =
      type === 'page'
        ? store.allPages().filter((pg) => canRead(ctx, req.principal, pg.spaceKey) && (spaceKey === null || pg.spaceKey === spaceKey) && (title === null || store.current(pg).title === title))
        : [];
    const expand = expandSet(req, '');
    return paged(ctx, req, pages, 25, (pg) => contentJson(ctx, req, pg, expand));
  });

  r.add('GET', '/content/search', (req) => {
    const cql = req.query.get('cql');
    // DC answers invalid or missing CQL with 404 on this endpoint (spec: "Returned if the CQL is invalid or missing").
    if (cql === null) return restError(404, 'CQL query parameter is required');
    const parsed = parseCql(cql);
    if ('error' in parsed) return restError(404, `Could not parse cql : ${cql}`);
    const pages = store.allPages().filter((pg) => canRead(ctx, req.principal, pg.spaceKey) && parsed.predicate(cqlFacts(store, pg)));
    const expand = expandSet(req, '');
    return paged(ctx, req, pages, 25, (pg) => contentJson(ctx, req, pg, expand));
  });

  r.add('GET', '/content/{id}/child/page', (req, p) => {
    const page = readablePage(ctx, req.principal, p.id);
    if (!page) return notFound(p.id);
    const expand = expandSet(req, '');
    return paged(ctx, req, store.children(page.id), 25, (c) => contentJson(ctx, req, c, expand));
  });

  r.add('POST', '/content', (req) => {
    const body = jsonBody(req);
    if (!body || typeof body !== 'object') return restError(400, GENERIC_400);
    const spaceKey: unknown = body.space?.key;
    if (body.type !== 'page' || typeof spaceKey !== 'string' || typeof body.title !== 'string' || body.title.trim() === '') return restError(400, GENERIC_400);
    if (!store.spaces.has(spaceKey) || !canRead(ctx, req.principal, spaceKey)) return restError(404, `No space with key : ${spaceKey}`);
    if (req.principal.kind === 'anonymous') return restError(403, 'Not permitted to create content in this space');
    const value: unknown = body.body?.storage?.value ?? '';
    if (typeof value !== 'string') return restError(400, GENERIC_400);
    const xmlError = storageError(value);
    if (xmlError) return restError(400, `Error parsing xhtml: ${xmlError}`);
    const ancestors: unknown[] = Array.isArray(body.ancestors) ? body.ancestors : [];
    const parentId = ancestors.length > 0 ? String((ancestors[ancestors.length - 1] as { id?: unknown }).id) : undefined;
    const res = store.createPage({ spaceKey, title: body.title, parentId, body: { written: 'storage', value }, authorId: req.principal.name, message: body.version?.message });
    if (res.kind === 'duplicate-title') {
      return restError(400, `A page with this title already exists: A page already exists with the title ${body.title} in the space with key ${spaceKey}`);
    }
    if (res.kind === 'missing-parent') return restError(404, `No parent content found with id: ContentId{id=${parentId}}`);
    if (res.kind !== 'ok') return restError(400, GENERIC_400);
    ctx.recordWrite();
    // 200, not 201, like the real server.
    return json(200, contentJson(ctx, req, res.page, expandSet(req, DEFAULT_WRITE_EXPAND)));
  });

  r.add('PUT', '/content/{id}', (req, p) => {
    const page = readablePage(ctx, req.principal, p.id);
    if (!page) return notFound(p.id);
    if (req.principal.kind === 'anonymous') return restError(403, 'Not permitted to update this content');
    const body = jsonBody(req);
    const number: unknown = body?.version?.number;
    if (!body || typeof body !== 'object' || body.type !== 'page' || typeof body.title !== 'string' || typeof number !== 'number' || !Number.isInteger(number)) {
      return restError(400, GENERIC_400);
    }
    let value: string | undefined;
    if (body.body?.storage !== undefined) {
      if (typeof body.body.storage.value !== 'string') return restError(400, GENERIC_400);
      value = body.body.storage.value as string;
      const xmlError = storageError(value);
      if (xmlError) return restError(400, `Error parsing xhtml: ${xmlError}`);
    }
    // Moving: the new parent is the first entry of `ancestors`.
    const parentId = Array.isArray(body.ancestors) && body.ancestors.length > 0 ? String(body.ancestors[0]?.id) : undefined;
    const res = store.updatePage(page, {
      versionNumber: number,
      title: body.title,
      parentId,
      body: value === undefined ? undefined : { written: 'storage', value },
      authorId: req.principal.name,
      message: body.version?.message,
      minorEdit: body.version?.minorEdit === true,
    });
    if (res.kind === 'conflict') {
      return restError(409, `com.atlassian.confluence.api.service.exceptions.ConflictException: Version must be incremented on update. Current version is: ${res.current}`);
    }
    if (res.kind === 'duplicate-title') {
      return restError(400, `A page with this title already exists: A page already exists with the title ${body.title} in the space with key ${page.spaceKey}`);
    }
    if (res.kind === 'missing-parent') return restError(404, `No parent content found with id: ContentId{id=${parentId}}`);
    ctx.recordWrite();
    return json(200, contentJson(ctx, req, page, expandSet(req, DEFAULT_WRITE_EXPAND)));
  });

  r.add('GET', '/content/{id}/child/attachment', (req, p) => {
    const page = readablePage(ctx, req.principal, p.id);
    if (!page) return notFound(p.id);
    const filename = req.query.get('filename');
    const mediaType = req.query.get('mediaType');
    const list = page.attachments.filter((a) => (filename === null || a.title === filename) && (mediaType === null || a.mediaType === mediaType));
    // 200 like the live server; the spec's 201 is a known defect (shared/openapi/SOURCES.md).
    return paged(ctx, req, list, 50, (a) => attachmentJson(ctx, req, page, a));
  });

  r.add('POST', '/content/{id}/child/attachment', (req, p) => uploadAttachments(ctx, req, p.id, (page, atts) => {
    const base = linkBase(ctx, req);
    return json(200, { results: atts.map((a) => attachmentJson(ctx, req, page, a)), size: atts.length, _links: { base, context: ctx.contextPath } });
  }));

  r.add('GET', '/space', (req) => {
    const keys = req.query.getAll('spaceKey').flatMap((k) => k.split(','));
    const spaces = [...store.spaces.values()].filter((s) => canRead(ctx, req.principal, s.key) && (keys.length === 0 || keys.includes(s.key)));
    return paged(ctx, req, spaces, 25, (s) => dcSpaceJson(ctx, req, s));
  });

  r.add('GET', '/space/{spaceKey}', (req, p) => {
    const space = store.spaces.get(p.spaceKey);
    if (!space || !canRead(ctx, req.principal, space.key)) return restError(404, `No space found with key : ${p.spaceKey}`);
    return json(200, dcSpaceJson(ctx, req, space));
  });

  r.add('GET', '/user/current', (req) => json(200, person(req.principal)));
  r.add('GET', '/user/anonymous', () => json(200, person({ kind: 'anonymous', name: '', displayName: 'Anonymous', id: '' })));

  return r;
}

/**
 * Shared by DC and Cloud v1: multipart upload with part `file` (one or more) and optional
 * `comment` parts in the same order; needs `X-Atlassian-Token: nocheck` (XSRF guard).
 */
export function uploadAttachments(ctx: SimContext, req: SimRequest, pageId: string, answer: (page: Page, atts: Attachment[]) => SimResponse): SimResponse {
  const cloud = ctx.flavor === 'cloud';
  const page = readablePage(ctx, req.principal, pageId);
  if (!page) return notFound(pageId);
  const xsrf = (req.headers['x-atlassian-token'] ?? '').toString().toLowerCase();
  if (xsrf !== 'nocheck' && xsrf !== 'no-check') {
    return restError(403, 'XSRF check failed');
  }
  if (req.principal.kind === 'anonymous') return restError(403, 'Not permitted to add attachments to this content');
  const parts = parseMultipart(req.headers['content-type'], req.rawBody);
  const files = parts?.filter((pt) => pt.name === 'file' && pt.fileName !== undefined) ?? [];
  if (!parts || files.length === 0) return restError(400, cloud ? 'At least one file is required' : 'No attachments found in request');
  if (cloud) {
    // Cloud's POST refuses an existing file name (PUT would add a version).
    const clash = files.find((f) => page.attachments.some((a) => a.title === f.fileName));
    if (clash) return restError(400, `Cannot add a new attachment with same file name as an existing attachment: ${clash.fileName}`);
  }
  const comments = parts.filter((pt) => pt.name === 'comment').map((pt) => pt.data.toString('utf8'));
  const atts = files.map((f, i) =>
    ctx.store.addAttachment(page, { title: f.fileName as string, mediaType: f.contentType ?? 'application/octet-stream', data: f.data, comment: comments[i] }),
  );
  ctx.recordWrite();
  return answer(page, atts);
}
