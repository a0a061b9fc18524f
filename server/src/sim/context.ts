/** What every route file gets from the server: the store, the flavor's settings, helpers. */
import { XMLValidator } from 'fast-xml-parser';
import type { Principal, SimRequest } from './http';
import type { SimFlavor } from './options';
import type { Page, Store } from './store';
import type { CqlFacts } from './cql';

export interface SimContext {
  readonly store: Store;
  readonly flavor: SimFlavor;
  /** Server cap on page sizes. */
  readonly maxLimit: number;
  /** DC context path (`/confluence` or ''). */
  readonly contextPath: string;
  /** Cloud: reads by id that miss a freshly created page. */
  readonly staleReadsAfterCreate: number;
  /** Counts an applied write in the statistics. */
  recordWrite(): void;
}

/** `_links.base`: DC origin + context path; Cloud origin + `/wiki`. */
export function linkBase(ctx: SimContext, req: SimRequest): string {
  return req.origin + (ctx.flavor === 'cloud' ? '/wiki' : ctx.contextPath);
}

/** Anonymous users read only spaces opened to them; signed-in users read everything. */
export function canRead(ctx: SimContext, who: Principal, spaceKey: string): boolean {
  return who.kind === 'user' || ctx.store.spaces.get(spaceKey)?.anonymousRead === true;
}

/** Storage XHTML must be well-formed XML (entities such as &nbsp; allowed), as on the real servers. */
export function storageError(value: string): string | undefined {
  const wrapped = `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier" xmlns:at="http://atlassian.com/template">${value}</root>`;
  const result = XMLValidator.validate(wrapped);
  return result === true ? undefined : result.err.msg;
}

export function cqlFacts(store: Store, page: Page): CqlFacts {
  const cur = store.current(page);
  return {
    id: page.id,
    type: 'page',
    spaceKey: page.spaceKey,
    title: cur.title,
    parentId: cur.parentId,
    ancestorIds: store.ancestors(page).map((a) => a.id),
    lastModified: Date.parse(cur.when),
    created: Date.parse(page.createdAt),
  };
}

/** `/x/CODE` short link: the id as little-endian bytes, base64, made URL-safe, trailing A's cut. */
export function tinyCode(id: string): string {
  let n = BigInt(id);
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 0xffn));
    n >>= 8n;
  }
  while (bytes.length < 4) bytes.push(0);
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '').replace(/\//g, '-').replace(/\+/g, '_').replace(/A+$/, '');
}
