import { ServerResponse } from 'node:http';
import { Handler, SeenRequest, drop, json } from './loopback';

/** What the store does to the next write of a kind. */
export type Fault = 'apply-then-drop' | 'apply-then-502' | 'drop';

interface StoredPage {
  id: string;
  title: string;
  spaceKey: string;
  parentId?: string;
  version: number;
  body: string;
  representation: 'storage' | 'atlas_doc_format';
}

/**
 * A minimal page store speaking just enough DC (`/rest/api/content`) and Cloud v2
 * (`/wiki/api/v2/pages`) for the write-recovery tests, with injectable lost responses.
 */
export class PageStore {
  readonly pages = new Map<string, StoredPage>();
  readonly faults: { PUT: Fault[]; POST: Fault[] } = { PUT: [], POST: [] };
  /** Title lookups answered empty before the store shows a new page (eventual consistency). */
  staleLookups = 0;
  private nextId = 100;

  add(page: Omit<StoredPage, 'id'> & { id?: string }): StoredPage {
    const p = { ...page, id: page.id ?? String(this.nextId++) };
    this.pages.set(p.id, p);
    return p;
  }

  /** Someone else edits the page in the browser. */
  editElsewhere(id: string, body: string): void {
    const p = this.pages.get(id)!;
    p.body = body;
    p.version++;
  }

  readonly handler: Handler = (req, res) => {
    if (req.path.startsWith('/wiki/api/v2/')) return this.cloud(req, res);
    if (req.path.startsWith('/rest/api/content')) return this.dc(req, res);
    json(res, 404, { message: 'no route' });
  };

  private write(method: 'PUT' | 'POST', res: ServerResponse, apply: () => { status: number; body: unknown }): void {
    const fault = this.faults[method].shift();
    if (fault === 'drop') return drop(res);
    const out = apply();
    if (fault === 'apply-then-drop') return drop(res);
    if (fault === 'apply-then-502') return json(res, 502, { message: 'Bad Gateway' });
    json(res, out.status, out.body);
  }

  private dcPage(p: StoredPage): unknown {
    return {
      id: p.id, type: 'page', status: 'current', title: p.title, space: { key: p.spaceKey },
      version: { number: p.version }, ancestors: p.parentId ? [{ id: p.parentId }] : [],
      body: { storage: { value: p.body, representation: 'storage' } },
    };
  }

  private dc(req: SeenRequest, res: ServerResponse): void {
    const m = /^\/rest\/api\/content(?:\/(\d+))?$/.exec(req.path);
    if (!m) return json(res, 404, { message: 'no route' });
    const id = m[1];
    if (req.method === 'GET' && id) {
      const p = this.pages.get(id);
      return p ? json(res, 200, this.dcPage(p)) : json(res, 404, { statusCode: 404, message: 'No content found' });
    }
    if (req.method === 'GET') {
      const title = req.query.get('title');
      const key = req.query.get('spaceKey');
      const stale = this.staleLookups > 0 && this.staleLookups-- > 0;
      const results = stale ? [] : [...this.pages.values()].filter((p) => p.spaceKey === key && (title === null || p.title === title));
      return json(res, 200, { results: results.map((p) => this.dcPage(p)), start: 0, limit: 25, size: results.length, _links: {} });
    }
    const sent = JSON.parse(req.body.toString('utf8'));
    if (req.method === 'PUT' && id) {
      return this.write('PUT', res, () => {
        const p = this.pages.get(id)!;
        if (sent.version.number !== p.version + 1) {
          return { status: 409, body: { statusCode: 409, data: { authorized: true, valid: true, errors: [], successful: false }, message: `com.atlassian.confluence.api.service.exceptions.ConflictException: Version must be incremented on update. Current version is: ${p.version}`, reason: 'Conflict' } };
        }
        Object.assign(p, { title: sent.title, body: sent.body.storage.value, version: p.version + 1 });
        return { status: 200, body: this.dcPage(p) };
      });
    }
    if (req.method === 'POST') {
      return this.write('POST', res, () => {
        if ([...this.pages.values()].some((p) => p.spaceKey === sent.space.key && p.title === sent.title)) {
          return { status: 400, body: { statusCode: 400, message: 'A page with this title already exists' } };
        }
        const p = this.add({ title: sent.title, spaceKey: sent.space.key, parentId: sent.ancestors?.[0]?.id, version: 1, body: sent.body.storage.value, representation: 'storage' });
        return { status: 200, body: this.dcPage(p) };
      });
    }
    json(res, 405, {});
  }

  private cloudPage(p: StoredPage, format: string | null): unknown {
    const body = format === p.representation ? { [p.representation]: { representation: p.representation, value: p.body } } : {};
    return { id: p.id, status: 'current', title: p.title, spaceId: `sp-${p.spaceKey}`, parentId: p.parentId ?? null, version: { number: p.version }, body };
  }

  private cloud(req: SeenRequest, res: ServerResponse): void {
    if (req.method === 'GET' && req.path === '/wiki/api/v2/spaces') {
      const key = req.query.get('keys');
      return json(res, 200, { results: key ? [{ id: `sp-${key}`, key, name: key }] : [], _links: {} });
    }
    const m = /^\/wiki\/api\/v2\/pages(?:\/(\d+))?$/.exec(req.path);
    if (!m) return json(res, 404, { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] });
    const id = m[1];
    const format = req.query.get('body-format');
    if (req.method === 'GET' && id) {
      const p = this.pages.get(id);
      return p ? json(res, 200, this.cloudPage(p, format)) : json(res, 404, { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] });
    }
    if (req.method === 'GET') {
      const title = req.query.get('title');
      const spaceId = req.query.get('space-id');
      const stale = this.staleLookups > 0 && this.staleLookups-- > 0;
      const results = stale ? [] : [...this.pages.values()].filter((p) => `sp-${p.spaceKey}` === spaceId && (title === null || p.title === title));
      return json(res, 200, { results: results.map((p) => this.cloudPage(p, format)), _links: {} });
    }
    const sent = JSON.parse(req.body.toString('utf8'));
    if (req.method === 'PUT' && id) {
      return this.write('PUT', res, () => {
        const p = this.pages.get(id)!;
        if (sent.version.number !== p.version + 1) {
          return { status: 409, body: { errors: [{ status: 409, code: 'CONFLICT', title: `Version must be incremented when updating a page. Current Version: [${p.version}]. Provided version: [${sent.version.number}]`, detail: null }] } };
        }
        Object.assign(p, { title: sent.title, body: sent.body.value, representation: sent.body.representation, version: p.version + 1 });
        return { status: 200, body: this.cloudPage(p, p.representation) };
      });
    }
    if (req.method === 'POST') {
      return this.write('POST', res, () => {
        const key = String(sent.spaceId).replace(/^sp-/, '');
        if ([...this.pages.values()].some((p) => p.spaceKey === key && p.title === sent.title)) {
          return { status: 400, body: { errors: [{ status: 400, code: 'BAD_REQUEST', title: 'A page with this title already exists', detail: null }] } };
        }
        const p = this.add({ title: sent.title, spaceKey: key, parentId: sent.parentId, version: 1, body: sent.body.value, representation: sent.body.representation });
        return { status: 200, body: this.cloudPage(p, p.representation) };
      });
    }
    json(res, 405, {});
  }
}
