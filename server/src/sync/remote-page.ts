/**
 * One shape for a page read from either flavor, and the file text it is saved as.
 */
import type { CloudClient, CloudPage, DcClient, DcPage } from '../rest/index';
import type { SiteClient } from './connect';
import type { IndexedPage, Representation } from './metadata-index';

/** What the index records of a page, plus its body as the server sent it (ADF: its JSON text). */
export type RemotePage = Pick<IndexedPage, 'id' | 'title' | 'spaceKey' | 'spaceId' | 'parentId' | 'version' | 'representation'> & {
  body: string;
};

export function fromDc(page: DcPage): RemotePage {
  const parent = page.ancestors?.[page.ancestors.length - 1]?.id;
  return {
    id: String(page.id),
    title: page.title,
    spaceKey: page.space?.key ?? '',
    parentId: parent === undefined ? undefined : String(parent),
    version: page.version?.number ?? 1,
    representation: 'storage',
    body: page.body?.storage?.value ?? '',
  };
}

export function fromCloud(page: CloudPage, spaceKey: string, representation: Representation): RemotePage {
  const body = representation === 'storage' ? page.body?.storage?.value : page.body?.atlas_doc_format?.value;
  return {
    id: String(page.id),
    title: page.title,
    spaceKey,
    spaceId: page.spaceId,
    parentId: page.parentId == null ? undefined : String(page.parentId),
    version: page.version?.number ?? 1,
    representation,
    body: body ?? '',
  };
}

/** The text a page is saved as: storage verbatim, ADF pretty-printed (raw if it is not JSON). */
export function fileText(page: Pick<RemotePage, 'representation' | 'body'>): string {
  if (page.representation === 'storage') return page.body;
  try {
    return `${JSON.stringify(JSON.parse(page.body), null, 2)}\n`;
  } catch {
    return page.body;
  }
}

/** Space keys by Cloud space id (v2 pages carry only the id). */
export class CloudSpaceKeys {
  private readonly keys = new Map<string, string>();

  constructor(private readonly client: CloudClient) {}

  remember(id: string, key: string): void {
    this.keys.set(id, key);
  }

  async keyOf(spaceId: string, signal?: AbortSignal): Promise<string> {
    const known = this.keys.get(spaceId);
    if (known !== undefined) return known;
    const { data } = await this.client.http.request<{ key: string }>({ method: 'GET', path: `/api/v2/spaces/${encodeURIComponent(spaceId)}`, signal });
    this.keys.set(spaceId, data.key);
    return data.key;
  }
}

/** Reads one page with its body. */
export async function readPage(site: SiteClient, id: string, representation: Representation, spaces?: CloudSpaceKeys, signal?: AbortSignal): Promise<RemotePage> {
  if (site.flavor === 'dc') return fromDc(await (site.client as DcClient).getPage(id, { signal }));
  const page = await site.client.getPage(id, { bodyFormat: representation, signal });
  const keys = spaces ?? new CloudSpaceKeys(site.client);
  return fromCloud(page, await keys.keyOf(page.spaceId, signal), representation);
}
