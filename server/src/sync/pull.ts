/**
 * Pull a page, a page tree or a whole space into a folder: one file per page and the
 * metadata index. A file edited locally since its last pull or push is never overwritten.
 */
import * as fs from 'node:fs';
import type { SiteClient } from './connect';
import { FileNamer, resolveInside, type PageFileKind } from './file-names';
import { readIndex, sha256, writeFileAtomic, writeIndex, type IndexedPage, type InstanceRef, type MetadataIndex, type Representation } from './metadata-index';
import { CloudSpaceKeys, fileText, fromCloud, fromDc, readPage, type RemotePage } from './remote-page';

export type PullTarget = { page: string } | { tree: string } | { space: string };

export interface PullOptions {
  /** Cloud only: ADF (default) or storage. DC is always storage. */
  representation?: Representation;
  signal?: AbortSignal;
  /** One line per page, for progress output. */
  onPage?: (page: { id: string; title: string; file: string; outcome: PullOutcome }) => void;
}

export type PullOutcome = 'written' | 'unchanged' | 'kept-local-changes';

export interface PullResult {
  folder: string;
  pages: { id: string; title: string; file: string; outcome: PullOutcome }[];
}

/** Index rewrites during a long pull, so an interrupted pull still knows what it wrote. */
const INDEX_EVERY = 100;

export async function pull(site: SiteClient, instance: InstanceRef, target: PullTarget, folder: string, options: PullOptions = {}): Promise<PullResult> {
  const representation: Representation = site.flavor === 'dc' ? 'storage' : options.representation ?? 'atlas_doc_format';
  const existing = readIndex(folder);
  if (existing && (existing.instance.baseUrl !== instance.baseUrl || existing.instance.flavor !== instance.flavor)) {
    throw new Error(`${folder} already holds pages of ${existing.instance.baseUrl}; pull ${instance.baseUrl} into another folder`);
  }
  const index: MetadataIndex = existing ?? { version: 1, instance, pages: [] };
  const byId = new Map(index.pages.map((p) => [p.id, p]));
  const namer = new FileNamer(index.pages.map((p) => p.file));
  fs.mkdirSync(folder, { recursive: true });
  for (const name of fs.readdirSync(folder)) namer.reserve(name);

  const result: PullResult = { folder, pages: [] };
  const save = (page: RemotePage): void => {
    const kind: PageFileKind = page.representation === 'storage' ? 'storage' : 'adf';
    const before = byId.get(page.id);
    const text = fileText(page);
    const hash = sha256(text);
    let file = before && before.representation === page.representation ? before.file : namer.next(page.title, kind, page.id);
    let outcome: PullOutcome = 'written';
    if (before && before.file === file) {
      const local = readIfExists(resolveInside(folder, file));
      if (local !== undefined && sha256(local) !== before.hash) outcome = 'kept-local-changes';
      else if (local !== undefined && before.hash === hash && before.version === page.version) outcome = 'unchanged';
    }
    if (outcome === 'kept-local-changes') {
      file = before!.file;
    } else {
      if (outcome === 'written') writeFileAtomic(resolveInside(folder, file), text);
      const entry: IndexedPage = {
        id: page.id,
        title: page.title,
        spaceKey: page.spaceKey,
        ...(page.spaceId ? { spaceId: page.spaceId } : {}),
        ...(page.parentId ? { parentId: page.parentId } : {}),
        version: page.version,
        representation: page.representation,
        file,
        hash,
        pulledAt: new Date().toISOString(),
      };
      if (before) index.pages[index.pages.indexOf(before)] = entry;
      else index.pages.push(entry);
      byId.set(page.id, entry);
    }
    const line = { id: page.id, title: page.title, file, outcome };
    result.pages.push(line);
    options.onPage?.(line);
    if (result.pages.length % INDEX_EVERY === 0) writeIndex(folder, index);
  };

  try {
    for await (const page of walk(site, target, representation, options.signal)) save(page);
  } finally {
    writeIndex(folder, index);
  }
  return result;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The pages of a target with bodies: a space through bulk listing, a tree breadth first. */
async function* walk(site: SiteClient, target: PullTarget, representation: Representation, signal?: AbortSignal): AsyncGenerator<RemotePage> {
  if (site.flavor === 'dc') {
    const dc = site.client;
    if ('space' in target) {
      for await (const p of dc.listPages(target.space, { expand: 'body.storage,version,ancestors,space', limit: 100, signal })) yield fromDc(p);
      return;
    }
    const root = fromDc(await dc.getPage('page' in target ? target.page : target.tree, { signal }));
    yield root;
    if ('page' in target) return;
    const queue = [root.id];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      for await (const child of dc.children(id, { expand: 'body.storage,version,ancestors,space', limit: 100, signal })) {
        const page = fromDc(child);
        queue.push(page.id);
        yield page;
      }
    }
    return;
  }
  const cloud = site.client;
  const keys = new CloudSpaceKeys(cloud);
  if ('space' in target) {
    const space = await cloud.getSpaceByKey(target.space, { signal });
    keys.remember(space.id, space.key);
    for await (const p of cloud.listPages({ spaceId: space.id }, { bodyFormat: representation, limit: 250, signal })) yield fromCloud(p, space.key, representation);
    return;
  }
  const root = await readPage(site, 'page' in target ? target.page : target.tree, representation, keys, signal);
  yield root;
  if ('page' in target) return;
  const queue = [root.id];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for await (const child of cloud.children(id, { limit: 250, signal })) {
      if (child.type !== 'page') continue;
      queue.push(child.id);
      yield await readPage(site, child.id, representation, keys, signal);
    }
  }
}
