import { AuthError, ConflictError, NotFoundError } from './errors';
import { sameAdf, sameStorage } from './body-compare';
import { BodyFormat, CloudAttachment, CloudBodyWrite, CloudChild, CloudPage, CloudProperty, CloudSearchResult, CloudSpace } from './cloud-types';
import { CallOptions, CloudUser, DcAttachment, ListOptions, UploadFile } from './dc-types';
import { HttpOptions, RestHttp, isAmbiguous } from './http';
import { multipartBody } from './multipart';
import { paged } from './paging';
import { writeWithRecovery } from './write-recovery';

const V2 = '/api/v2';

/** Options of {@link CloudClient}; `baseUrl` is the site (`https://x.atlassian.net`, `/wiki` optional). */
export type CloudClientOptions = HttpOptions;

/** Where a page goes: a numeric space id, or a key resolved through `GET /spaces?keys=`. */
export type SpaceRef = { spaceId: string } | { spaceKey: string };

/** A new Cloud page. */
export interface CloudCreatePage {
  space: SpaceRef;
  title: string;
  body: CloudBodyWrite;
  parentId?: string;
}

/** An edit of a Cloud page, based on the version the editor pulled. */
export interface CloudUpdatePage {
  id: string;
  title: string;
  body: CloudBodyWrite;
  /** The version the edit was made against; the request creates baseVersion + 1. */
  baseVersion: number;
  parentId?: string;
  message?: string;
}

/**
 * Confluence Cloud REST client: v2 (`/wiki/api/v2`) for spaces, pages, children, properties and
 * attachment listing; v1 only where v2 has no equivalent (CQL search, attachment upload, current
 * user). The removed v1 content endpoints (410 Gone) are never called.
 */
export class CloudClient {
  readonly http: RestHttp;
  private readonly spaceIds = new Map<string, string>();

  constructor(options: CloudClientOptions) {
    if (options.credentials.kind !== 'cloud-token') throw new Error('CloudClient needs Cloud credentials (email and API token)');
    const base = new URL(options.baseUrl);
    base.pathname = base.pathname.replace(/\/+$/, '').replace(/\/wiki$/, '');
    this.http = new RestHttp({ ...options, baseUrl: base.href }, '/wiki');
  }

  /** Confirms who the credentials act as; an anonymous answer is an {@link AuthError}. */
  async whoAmI(opts: CallOptions = {}): Promise<CloudUser> {
    const { data, status } = await this.http.request<CloudUser>({ method: 'GET', path: '/rest/api/user/current', signal: opts.signal });
    if (!data || data.type === 'anonymous' || !data.accountId) {
      throw new AuthError(status, 'anonymous', '', { method: 'GET', url: `${this.http.origin}${this.http.contextPath}/rest/api/user/current` });
    }
    return data;
  }

  /** Every space visible to the user. */
  listSpaces(opts: ListOptions = {}): AsyncIterable<CloudSpace> {
    return paged<CloudSpace>(this.http, { method: 'GET', path: `${V2}/spaces`, query: { limit: opts.limit }, signal: opts.signal });
  }

  /** The space with this key (v2 has no by-key path; `GET /spaces?keys=`). Cached per client. */
  async getSpaceByKey(key: string, opts: CallOptions = {}): Promise<CloudSpace> {
    const { data } = await this.http.request<{ results?: CloudSpace[] }>({
      method: 'GET', path: `${V2}/spaces`, query: { keys: key }, signal: opts.signal,
    });
    const space = data?.results?.find((s) => s.key === key);
    if (!space) throw new NotFoundError(404, `no space with key ${key}`, { method: 'GET', url: `${this.http.origin}${this.http.contextPath}${V2}/spaces` });
    this.spaceIds.set(key, space.id);
    return space;
  }

  /** The numeric space id for a reference. */
  async spaceIdOf(ref: SpaceRef, opts: CallOptions = {}): Promise<string> {
    if ('spaceId' in ref) return ref.spaceId;
    return this.spaceIds.get(ref.spaceKey) ?? (await this.getSpaceByKey(ref.spaceKey, opts)).id;
  }

  /** Every page of a space (cursor paging through the `Link` header / `_links.next`). */
  async *listPages(space: SpaceRef, opts: ListOptions & { bodyFormat?: BodyFormat; depth?: 'all' | 'root' } = {}): AsyncGenerator<CloudPage> {
    const id = await this.spaceIdOf(space, opts);
    yield* paged<CloudPage>(this.http, {
      method: 'GET', path: `${V2}/spaces/${enc(id)}/pages`, signal: opts.signal,
      query: { depth: opts.depth, 'body-format': opts.bodyFormat, limit: opts.limit },
    });
  }

  /** One page with its body in the chosen format (ADF comes back as a JSON string). */
  async getPage(id: string, opts: CallOptions & { bodyFormat?: BodyFormat } = {}): Promise<CloudPage> {
    return (await this.http.request<CloudPage>({
      method: 'GET', path: `${V2}/pages/${enc(id)}`, query: { 'body-format': opts.bodyFormat ?? 'storage' }, signal: opts.signal,
    })).data;
  }

  /** Direct children of a page (all content types; check `type`). */
  children(id: string, opts: ListOptions = {}): AsyncIterable<CloudChild> {
    return paged<CloudChild>(this.http, {
      method: 'GET', path: `${V2}/pages/${enc(id)}/direct-children`, query: { limit: opts.limit }, signal: opts.signal,
    });
  }

  /** The current page with exactly this title in the space, if any. */
  async findPageByTitle(space: SpaceRef, title: string, opts: CallOptions & { bodyFormat?: BodyFormat } = {}): Promise<CloudPage | undefined> {
    const spaceId = await this.spaceIdOf(space, opts);
    const { data } = await this.http.request<{ results?: CloudPage[] }>({
      method: 'GET', path: `${V2}/pages`, signal: opts.signal,
      query: { title, 'space-id': spaceId, status: 'current', 'body-format': opts.bodyFormat ?? 'storage' },
    });
    return data?.results?.find((p) => p.title === title);
  }

  /**
   * Creates a page (`POST /pages`, 200). ADF is sent as a JSON string with representation
   * `atlas_doc_format`. After a lost response the space is searched by title and a page that
   * matches what we sent is adopted, so a retry never duplicates.
   */
  async createPage(page: CloudCreatePage, opts: CallOptions = {}): Promise<CloudPage> {
    const spaceId = await this.spaceIdOf(page.space, opts);
    const body = {
      spaceId,
      status: 'current',
      title: page.title,
      ...(page.parentId ? { parentId: page.parentId } : {}),
      body: wireBody(page.body),
    };
    return writeWithRecovery(this.http, {
      what: `create page "${page.title}"`,
      signal: opts.signal,
      send: async (priorAttempts) => (await this.http.request<CloudPage>({
        method: 'POST', path: `${V2}/pages`, json: body, signal: opts.signal, retryAmbiguous: false, priorAttempts,
      })).data,
      adoptBeforeRetry: async () => {
        const found = await this.findPageByTitle({ spaceId }, page.title, { ...opts, bodyFormat: page.body.representation });
        return found && isOurs(found, page.title, page.body, page.parentId) ? found : undefined;
      },
    });
  }

  /**
   * Updates a page to `baseVersion + 1` (`PUT /pages/{id}`). A 409 is a ConflictError carrying
   * the current version, unless a lost earlier attempt of this call already applied our edit.
   */
  async updatePage(edit: CloudUpdatePage, opts: CallOptions = {}): Promise<CloudPage> {
    const target = edit.baseVersion + 1;
    const body = {
      id: edit.id,
      status: 'current',
      title: edit.title,
      ...(edit.parentId ? { parentId: edit.parentId } : {}),
      body: wireBody(edit.body),
      version: { number: target, ...(edit.message ? { message: edit.message } : {}) },
    };
    return writeWithRecovery(this.http, {
      what: `update page ${edit.id}`,
      signal: opts.signal,
      send: async (priorAttempts) => (await this.http.request<CloudPage>({
        method: 'PUT', path: `${V2}/pages/${enc(edit.id)}`, json: body, signal: opts.signal, retryAmbiguous: false, priorAttempts,
      })).data,
      adoptOnConflict: async () => {
        const now = await this.getPage(edit.id, { ...opts, bodyFormat: edit.body.representation });
        return now.version?.number === target && isOurs(now, edit.title, edit.body, edit.parentId) ? now : undefined;
      },
    });
  }

  /** A page's content property by key (v2 addresses properties by id, so this filters by key). */
  async getProperty(pageId: string, key: string, opts: CallOptions = {}): Promise<CloudProperty | undefined> {
    const { data } = await this.http.request<{ results?: CloudProperty[] }>({
      method: 'GET', path: `${V2}/pages/${enc(pageId)}/properties`, query: { key }, signal: opts.signal,
    });
    return data?.results?.find((p) => p.key === key);
  }

  /**
   * Sets a content property: PUT with version + 1 when it exists, POST when absent, nothing when
   * it already holds `value`. After a lost response or a concurrent change it re-reads and tries
   * again, which is safe because the check comes first.
   */
  async setProperty(pageId: string, key: string, value: unknown, opts: CallOptions = {}): Promise<CloudProperty> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.getProperty(pageId, key, opts);
      if (current && JSON.stringify(current.value) === JSON.stringify(value)) return current;
      try {
        const { data } = current
          ? await this.http.request<CloudProperty>({
            method: 'PUT', path: `${V2}/pages/${enc(pageId)}/properties/${enc(current.id)}`, signal: opts.signal, retryAmbiguous: false,
            json: { key, value, version: { number: (current.version?.number ?? 0) + 1 } },
          })
          : await this.http.request<CloudProperty>({
            method: 'POST', path: `${V2}/pages/${enc(pageId)}/properties`, signal: opts.signal, retryAmbiguous: false,
            json: { key, value },
          });
        return data;
      } catch (err) {
        // POST of an existing key answers 400/409 on Cloud; either way the next read decides.
        const retryable = isAmbiguous(err) || err instanceof ConflictError;
        if (!retryable || attempt >= this.http.maxRetries) throw err;
        await this.http.clock.sleep(this.http.backoffMs(attempt + 1), opts.signal);
      }
    }
  }

  /** Makes the page open in the cloud editor: content property `editor` = `v2`. */
  setEditorV2(pageId: string, opts: CallOptions = {}): Promise<CloudProperty> {
    return this.setProperty(pageId, 'editor', 'v2', opts);
  }

  /** Attachments of a page (v2, read only). */
  listAttachments(pageId: string, opts: ListOptions & { filename?: string } = {}): AsyncIterable<CloudAttachment> {
    return paged<CloudAttachment>(this.http, {
      method: 'GET', path: `${V2}/pages/${enc(pageId)}/attachments`, query: { filename: opts.filename, limit: opts.limit }, signal: opts.signal,
    });
  }

  /**
   * The bytes of an attachment via its `downloadLink`. Cloud redirects downloads to a media host;
   * the Authorization header stays behind, as for every cross-origin redirect.
   */
  async downloadAttachment(attachment: CloudAttachment, opts: CallOptions = {}): Promise<Uint8Array> {
    if (!attachment.downloadLink) throw new Error('The attachment has no download link');
    return (await this.http.request<Uint8Array>({ method: 'GET', path: attachment.downloadLink, accept: 'bytes', signal: opts.signal })).data;
  }

  /**
   * Uploads a file as an attachment through v1 (`/wiki/rest/api/content/{id}/child/attachment`),
   * as v2 has no upload. Returns v1 attachment objects. Not resent after a lost response.
   */
  async uploadAttachment(pageId: string, file: UploadFile, opts: CallOptions = {}): Promise<DcAttachment[]> {
    const form = multipartBody([
      { name: 'file', filename: file.filename, contentType: file.contentType ?? 'application/octet-stream', value: file.data },
      ...(file.comment !== undefined ? [{ name: 'comment', value: file.comment }] : []),
      { name: 'minorEdit', value: String(file.minorEdit ?? true) },
    ]);
    const { data } = await this.http.request<{ results?: DcAttachment[] }>({
      method: 'POST', path: `/rest/api/content/${enc(pageId)}/child/attachment`,
      headers: { 'x-atlassian-token': 'nocheck' }, raw: form, signal: opts.signal, retryAmbiguous: false,
    });
    return data?.results ?? [];
  }

  /** CQL search through v1 `/wiki/rest/api/search` (cursor paging via `_links.next`). */
  search(cql: string, opts: ListOptions = {}): AsyncIterable<CloudSearchResult> {
    return paged<CloudSearchResult>(this.http, {
      method: 'GET', path: '/rest/api/search', query: { cql, limit: opts.limit }, signal: opts.signal,
    });
  }
}

function wireBody(body: CloudBodyWrite): { representation: string; value: string } {
  return body.representation === 'storage'
    ? { representation: 'storage', value: body.value }
    : { representation: 'atlas_doc_format', value: typeof body.value === 'string' ? body.value : JSON.stringify(body.value) };
}

function isOurs(page: CloudPage, title: string, body: CloudBodyWrite, parentId: string | undefined): boolean {
  if (page.title !== title) return false;
  if (parentId !== undefined && page.parentId != null && String(page.parentId) !== String(parentId)) return false;
  if (body.representation === 'storage') {
    const got = page.body?.storage?.value;
    return got !== undefined && sameStorage(got, body.value);
  }
  const got = page.body?.atlas_doc_format?.value;
  return got !== undefined && sameAdf(got, body.value);
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
