/**
 * Old DC page ids → new Cloud pages, and the rewriting of links in converted pages: links by
 * title (through the converter's `pageHref`), short links `/x/CODE` and `viewpage.action?pageId=`
 * URLs (in the converted ADF: link marks, cards, media and text). A link to a page of the space
 * that has no Cloud id yet is counted as unresolved, so the page gets a second write later.
 */
import { findShortLinks } from '../core/shortlink/find';

const VIEWPAGE = /(?:https?:\/\/[^\s"'<>]+?)?\/pages\/viewpage\.action\?pageId=(\d+)(?:&[^\s"'<>#]*)?(#[^\s"'<>]*)?/g;
const LINK_KEYS = new Set(['href', 'url']);

export class SpaceMap {
  private readonly titles = new Map<string, string>();
  private readonly olds = new Set<string>();

  /**
   * @param sourceKey the DC space key
   * @param targetKey the Cloud space key
   * @param cloudSite Cloud site URL without `/wiki`
   * @param newIdOf the Cloud id of a migrated DC page
   */
  constructor(
    readonly sourceKey: string,
    readonly targetKey: string,
    readonly cloudSite: string,
    private readonly newIdOf: (oldId: string) => string | undefined,
  ) {}

  add(oldId: string, title: string): void {
    this.titles.set(title, oldId);
    this.olds.add(oldId);
  }

  has(oldId: string): boolean {
    return this.olds.has(oldId);
  }

  oldIdByTitle(title: string): string | undefined {
    return this.titles.get(title);
  }

  /** The Cloud URL of a migrated page. */
  pageUrl(newId: string): string {
    return `${this.cloudSite}/wiki/spaces/${encodeURIComponent(this.targetKey)}/pages/${newId}`;
  }

  /** The Cloud URL for a DC page id in this space; `pending` when it has no Cloud id yet. */
  resolveOld(oldId: string): string | 'pending' | undefined {
    if (!this.olds.has(oldId)) return undefined;
    const id = this.newIdOf(oldId);
    return id === undefined ? 'pending' : this.pageUrl(id);
  }
}

/** Counters of one page's link work. */
export interface LinkTally {
  rewritten: number;
  unresolved: number;
}

/** The converter's `pageHref` for one page: new page URLs, counting the ones still pending. */
export function pageHrefFor(map: SpaceMap, tally: LinkTally): (title: string, spaceKey: string | undefined) => string {
  return (title, spaceKey) => {
    const key = spaceKey ?? map.sourceKey;
    const old = key === map.sourceKey ? map.oldIdByTitle(title) : undefined;
    const url = old === undefined ? undefined : map.resolveOld(old);
    if (url !== undefined && url !== 'pending') {
      tally.rewritten++;
      return url;
    }
    if (url === 'pending') tally.unresolved++;
    // Cloud redirects /display/KEY/Title to the page once it exists; the target space keeps its key.
    const space = key === map.sourceKey ? map.targetKey : key;
    return `${map.cloudSite}/wiki/display/${encodeURIComponent(space)}/${encodeURIComponent(title).replace(/%20/g, '+')}`;
  };
}

/** Rewrites short links and viewpage links to pages of the space, in place, throughout an ADF value. */
export function relinkAdf(value: unknown, map: SpaceMap, tally: LinkTally): void {
  if (Array.isArray(value)) {
    for (const v of value) relinkAdf(v, map, tally);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string' && (LINK_KEYS.has(k) || (k === 'text' && o.type === 'text'))) o[k] = relinkText(v, map, tally);
    else if (typeof v === 'object') relinkAdf(v, map, tally);
  }
}

/** Rewrites the links in one string. */
export function relinkText(text: string, map: SpaceMap, tally: LinkTally): string {
  let out = text;
  const links = findShortLinks(out);
  for (let i = links.length - 1; i >= 0; i--) {
    const link = links[i];
    const url = map.resolveOld(link.pageId);
    if (url === undefined) continue;
    if (url === 'pending') {
      tally.unresolved++;
      continue;
    }
    tally.rewritten++;
    out = out.slice(0, link.start) + url + (link.fragment ? `#${link.fragment}` : '') + out.slice(link.end);
  }
  if (out.includes('viewpage.action')) {
    out = out.replace(VIEWPAGE, (whole, id: string, fragment: string | undefined) => {
      const url = map.resolveOld(id);
      if (url === undefined) return whole;
      if (url === 'pending') {
        tally.unresolved++;
        return whole;
      }
      tally.rewritten++;
      return url + (fragment ?? '');
    });
  }
  return out;
}
