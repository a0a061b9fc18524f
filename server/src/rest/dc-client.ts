import { AuthError } from './errors';
import { sameStorage } from './body-compare';
import { CallOptions, DcAttachment, DcPage, DcSpace, DcUser, ListOptions, UploadFile } from './dc-types';
import { HttpOptions, RestHttp } from './http';
import { multipartBody } from './multipart';
import { paged } from './paging';
import { writeWithRecovery } from './write-recovery';

const PAGE_EXPAND = 'body.storage,version,space,ancestors';

/** Options of {@link DcClient}; `credentials` must be `dc-pat` or `dc-basic`. */
export type DcClientOptions = HttpOptions;

/** A new DC page. */
export interface DcCreatePage {
  spaceKey: string;
  title: string;
  /** Storage-format XHTML. */
  storage: string;
  parentId?: string;
}

/** An edit of a DC page, based on the version the editor pulled. */
export interface DcUpdatePage {
  id: string;
  title: string;
  storage: string;
  /** The version the edit was made against; the request creates baseVersion + 1. */
  baseVersion: number;
  /** Moves the page under this parent. */
  parentId?: string;
  message?: string;
  minorEdit?: boolean;
}

/**
 * Confluence Server / Data Center REST client (`/rest/api`). The base URL may carry a context
 * path (`https://host/confluence`).
 */
export class DcClient {
  readonly http: RestHttp;

  constructor(options: DcClientOptions) {
    if (options.credentials.kind === 'cloud-token') throw new Error('DcClient needs Data Center credentials (dc-pat or dc-basic)');
    this.http = new RestHttp(options);
  }

  /**
   * Confirms who the credentials act as. A wrong PAT on an instance with anonymous access is not
   * rejected by DC (CONFSERVER-98199), so an anonymous answer is an {@link AuthError} here.
   */
  async whoAmI(opts: CallOptions = {}): Promise<DcUser> {
    const { data, status } = await this.http.request<DcUser>({ method: 'GET', path: '/rest/api/user/current', signal: opts.signal });
    if (!data || data.type === 'anonymous' || (!data.username && !data.userKey)) {
      throw new AuthError(status, 'anonymous', '', { method: 'GET', url: `${this.http.origin}${this.http.contextPath}/rest/api/user/current` });
    }
    return data;
  }

  /** One page with body.storage, version, space and ancestors. */
  async getPage(id: string, opts: CallOptions = {}): Promise<DcPage> {
    return (await this.http.request<DcPage>({
      method: 'GET', path: `/rest/api/content/${enc(id)}`, query: { expand: PAGE_EXPAND }, signal: opts.signal,
    })).data;
  }

  /** Every page of a space (offset paging, following `_links.next`). */
  listPages(spaceKey: string, opts: ListOptions & { expand?: string } = {}): AsyncIterable<DcPage> {
    return paged<DcPage>(this.http, {
      method: 'GET', path: '/rest/api/content', signal: opts.signal,
      query: { type: 'page', spaceKey, expand: opts.expand ?? 'version,ancestors', limit: opts.limit },
    });
  }

  /** Direct child pages. */
  children(id: string, opts: ListOptions & { expand?: string } = {}): AsyncIterable<DcPage> {
    return paged<DcPage>(this.http, {
      method: 'GET', path: `/rest/api/content/${enc(id)}/child/page`, signal: opts.signal,
      query: { expand: opts.expand ?? 'version', limit: opts.limit },
    });
  }

  /** Content matching a CQL query (`/rest/api/content/search`; DC answers 404 to invalid CQL). */
  search(cql: string, opts: ListOptions & { expand?: string } = {}): AsyncIterable<DcPage> {
    return paged<DcPage>(this.http, {
      method: 'GET', path: '/rest/api/content/search', signal: opts.signal,
      query: { cql, expand: opts.expand ?? 'version,space', limit: opts.limit },
    });
  }

  /** The page with exactly this title in the space, if any. */
  async findPageByTitle(spaceKey: string, title: string, opts: CallOptions = {}): Promise<DcPage | undefined> {
    const { data } = await this.http.request<{ results?: DcPage[] }>({
      method: 'GET', path: '/rest/api/content', signal: opts.signal,
      query: { type: 'page', spaceKey, title, expand: PAGE_EXPAND },
    });
    return data?.results?.find((p) => p.title === title);
  }

  /**
   * Creates a page. If a response is lost, the space is searched for the page by title before
   * resending, and a page matching what we sent is adopted, so a retry never duplicates.
   */
  async createPage(page: DcCreatePage, opts: CallOptions = {}): Promise<DcPage> {
    const body = {
      type: 'page',
      title: page.title,
      space: { key: page.spaceKey },
      ...(page.parentId ? { ancestors: [{ id: page.parentId }] } : {}),
      body: { storage: { value: page.storage, representation: 'storage' } },
    };
    return writeWithRecovery(this.http, {
      what: `create page "${page.title}"`,
      signal: opts.signal,
      send: async (priorAttempts) => (await this.http.request<DcPage>({
        method: 'POST', path: '/rest/api/content', query: { expand: PAGE_EXPAND }, json: body,
        signal: opts.signal, retryAmbiguous: false, priorAttempts,
      })).data,
      adoptBeforeRetry: async () => {
        const found = await this.findPageByTitle(page.spaceKey, page.title, opts);
        return found && isOurs(found, page.title, page.storage, page.parentId) ? found : undefined;
      },
    });
  }

  /**
   * Updates a page to `baseVersion + 1`. A 409 means someone else changed it (ConflictError with
   * the current version) unless an earlier attempt of this very call was lost and the page now
   * holds exactly our edit, in which case that is success.
   */
  async updatePage(edit: DcUpdatePage, opts: CallOptions = {}): Promise<DcPage> {
    const target = edit.baseVersion + 1;
    const body = {
      id: edit.id,
      type: 'page',
      title: edit.title,
      status: 'current',
      version: { number: target, ...(edit.message ? { message: edit.message } : {}), minorEdit: edit.minorEdit ?? false },
      ...(edit.parentId ? { ancestors: [{ id: edit.parentId }] } : {}),
      body: { storage: { value: edit.storage, representation: 'storage' } },
    };
    return writeWithRecovery(this.http, {
      what: `update page ${edit.id}`,
      signal: opts.signal,
      send: async (priorAttempts) => {
        const { data } = await this.http.request<DcPage>({
          method: 'PUT', path: `/rest/api/content/${enc(edit.id)}`, json: body,
          signal: opts.signal, retryAmbiguous: false, priorAttempts,
        });
        // PUT answers without body.storage by default; callers expect the same shape as getPage.
        return data?.body?.storage ? data : this.getPage(edit.id, opts);
      },
      adoptOnConflict: async () => {
        const now = await this.getPage(edit.id, opts);
        return now.version?.number === target && isOurs(now, edit.title, edit.storage, edit.parentId) ? now : undefined;
      },
    });
  }

  /** Attachments of a page. */
  listAttachments(pageId: string, opts: ListOptions & { filename?: string } = {}): AsyncIterable<DcAttachment> {
    return paged<DcAttachment>(this.http, {
      method: 'GET', path: `/rest/api/content/${enc(pageId)}/child/attachment`, signal: opts.signal,
      query: { expand: 'version', filename: opts.filename, limit: opts.limit },
    });
  }

  /** The bytes of an attachment (its `_links.download`, relative to the context path). */
  async downloadAttachment(attachment: DcAttachment | string, opts: CallOptions = {}): Promise<Uint8Array> {
    const link = typeof attachment === 'string' ? attachment : attachment._links?.download;
    if (!link) throw new Error('The attachment has no download link');
    return (await this.http.request<Uint8Array>({ method: 'GET', path: link, accept: 'bytes', signal: opts.signal })).data;
  }

  /**
   * Uploads a file as an attachment (multipart part `file`, `X-Atlassian-Token: nocheck`). An
   * existing file of that name gets a new version. Not resent after a lost response, since a
   * second upload would add a second version; the error says so.
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

  /** Every space visible to the user. */
  listSpaces(opts: ListOptions = {}): AsyncIterable<DcSpace> {
    return paged<DcSpace>(this.http, { method: 'GET', path: '/rest/api/space', query: { limit: opts.limit }, signal: opts.signal });
  }

  /** One space by key. */
  async getSpace(key: string, opts: CallOptions = {}): Promise<DcSpace> {
    return (await this.http.request<DcSpace>({ method: 'GET', path: `/rest/api/space/${enc(key)}`, signal: opts.signal })).data;
  }
}

function isOurs(page: DcPage, title: string, storage: string, parentId: string | undefined): boolean {
  if (page.title !== title || page.body?.storage === undefined || !sameStorage(page.body.storage.value, storage)) return false;
  const parent = page.ancestors?.[page.ancestors.length - 1]?.id;
  return parentId === undefined || parent === undefined || String(parent) === String(parentId);
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
