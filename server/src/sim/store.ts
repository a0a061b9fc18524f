/**
 * The simulator's in-memory content: spaces, pages with their full version history,
 * attachments and content properties. Flavor-neutral; the route files shape the JSON.
 */
import type { SeedData, SimFlavor, SimRepresentation } from './options';
import { convertBody } from './body-convert';

export interface StoredBody {
  /** The representation the writer used; reads in it return the value verbatim. */
  written: SimRepresentation;
  value: string;
}

export interface PageVersion {
  number: number;
  /** ISO timestamp. */
  when: string;
  message: string;
  minorEdit: boolean;
  authorId: string;
  title: string;
  parentId?: string;
  body: StoredBody;
}

export interface Attachment {
  id: string;
  pageId: string;
  title: string;
  mediaType: string;
  comment: string;
  data: Buffer;
  version: number;
  createdAt: string;
  fileId: string;
}

export interface ContentProperty {
  id: string;
  key: string;
  value: unknown;
  version: number;
  createdAt: string;
}

export interface Page {
  id: string;
  spaceKey: string;
  status: 'current';
  createdAt: string;
  authorId: string;
  /** Oldest first; the last entry is the current version. */
  versions: PageVersion[];
  attachments: Attachment[];
  properties: ContentProperty[];
  /** Reads by id still answered 404 (Cloud eventual consistency after a create). */
  hiddenReads: number;
}

export interface Space {
  id: string;
  key: string;
  name: string;
  anonymousRead: boolean;
  homepageId?: string;
  createdAt: string;
}

export type UpdateResult =
  | { kind: 'ok'; page: Page }
  | { kind: 'conflict'; current: number; provided: number }
  | { kind: 'duplicate-title' }
  | { kind: 'duplicate-id' }
  | { kind: 'missing-parent' };

// Cloud ids live above 2^32 like real Cloud content ids; DC ids are small.
const CLOUD_ID_BASE = 4294967296 + 65536;
const DC_ID_BASE = 65536;

export class Store {
  readonly spaces = new Map<string, Space>();
  readonly pages = new Map<string, Page>();
  /** space key + NUL + current title → page id (titles are unique per space). */
  private readonly titles = new Map<string, string>();
  private nextId: number;

  constructor(
    readonly flavor: SimFlavor,
    private readonly now: () => number,
  ) {
    this.nextId = flavor === 'cloud' ? CLOUD_ID_BASE : DC_ID_BASE;
  }

  /** A fresh numeric id string, unique across every kind of object. */
  allocateId(): string {
    return String(this.nextId++);
  }

  private reserveId(id: string): void {
    const n = Number(id);
    if (Number.isSafeInteger(n) && n >= this.nextId) this.nextId = n + 1;
  }

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  ensureSpace(key: string, name = key, anonymousRead = false): Space {
    let space = this.spaces.get(key);
    if (!space) {
      space = { id: this.allocateId(), key, name, anonymousRead, createdAt: this.timestamp() };
      this.spaces.set(key, space);
    }
    return space;
  }

  spaceById(id: string): Space | undefined {
    for (const s of this.spaces.values()) if (s.id === id) return s;
    return undefined;
  }

  current(page: Page): PageVersion {
    return page.versions[page.versions.length - 1];
  }

  /** The body of a version in the requested representation (see body-convert.ts for the rules). */
  bodyIn(version: PageVersion, representation: SimRepresentation): string {
    return version.body.written === representation ? version.body.value : convertBody(version.body.value, version.body.written, representation);
  }

  /** Pages in creation (id) order. */
  allPages(): Page[] {
    return [...this.pages.values()];
  }

  findByTitle(spaceKey: string, title: string): Page | undefined {
    const id = this.titles.get(`${spaceKey}\u0000${title}`);
    return id === undefined ? undefined : this.pages.get(id);
  }

  children(parentId: string): Page[] {
    return this.allPages().filter((p) => this.current(p).parentId === parentId);
  }

  /** Ancestors from the root down to the direct parent. */
  ancestors(page: Page): Page[] {
    const out: Page[] = [];
    const seen = new Set<string>([page.id]);
    let parentId = this.current(page).parentId;
    while (parentId && !seen.has(parentId)) {
      const parent = this.pages.get(parentId);
      if (!parent) break;
      out.unshift(parent);
      seen.add(parentId);
      parentId = this.current(parent).parentId;
    }
    return out;
  }

  createPage(input: { spaceKey: string; title: string; parentId?: string; body: StoredBody; authorId: string; message?: string; id?: string }): UpdateResult {
    if (this.findByTitle(input.spaceKey, input.title)) return { kind: 'duplicate-title' };
    if (input.id !== undefined && this.pages.has(input.id)) return { kind: 'duplicate-id' };
    if (input.parentId !== undefined && !this.pages.get(input.parentId)) return { kind: 'missing-parent' };
    const space = this.ensureSpace(input.spaceKey);
    const id = input.id ?? this.allocateId();
    if (input.id) this.reserveId(input.id);
    const when = this.timestamp();
    const page: Page = {
      id,
      spaceKey: input.spaceKey,
      status: 'current',
      createdAt: when,
      authorId: input.authorId,
      versions: [{ number: 1, when, message: input.message ?? '', minorEdit: false, authorId: input.authorId, title: input.title, parentId: input.parentId, body: input.body }],
      attachments: [],
      properties: [],
      hiddenReads: 0,
    };
    this.pages.set(id, page);
    this.titles.set(`${input.spaceKey}\u0000${input.title}`, id);
    if (!space.homepageId && input.parentId === undefined) space.homepageId = id;
    return { kind: 'ok', page };
  }

  /**
   * Applies an update only when `versionNumber` is exactly current + 1; anything else is a
   * conflict and leaves the page untouched.
   */
  updatePage(page: Page, input: { versionNumber: number; title: string; parentId?: string; body?: StoredBody; authorId: string; message?: string; minorEdit?: boolean }): UpdateResult {
    const cur = this.current(page);
    if (input.versionNumber !== cur.number + 1) return { kind: 'conflict', current: cur.number, provided: input.versionNumber };
    const clash = this.findByTitle(page.spaceKey, input.title);
    if (clash && clash.id !== page.id) return { kind: 'duplicate-title' };
    if (input.parentId !== undefined && (input.parentId === page.id || !this.pages.get(input.parentId))) return { kind: 'missing-parent' };
    this.titles.delete(`${page.spaceKey}\u0000${cur.title}`);
    this.titles.set(`${page.spaceKey}\u0000${input.title}`, page.id);
    page.versions.push({
      number: input.versionNumber,
      when: this.timestamp(),
      message: input.message ?? '',
      minorEdit: input.minorEdit ?? false,
      authorId: input.authorId,
      title: input.title,
      parentId: input.parentId ?? cur.parentId,
      body: input.body ?? cur.body,
    });
    return { kind: 'ok', page };
  }

  addAttachment(page: Page, file: { title: string; mediaType: string; data: Buffer; comment?: string }): Attachment {
    const existing = page.attachments.find((a) => a.title === file.title);
    if (existing) {
      // A same-named upload becomes a new version of the attachment, as Confluence does.
      existing.data = file.data;
      existing.mediaType = file.mediaType;
      existing.comment = file.comment ?? existing.comment;
      existing.version += 1;
      return existing;
    }
    const att: Attachment = {
      id: `att${this.allocateId()}`,
      pageId: page.id,
      title: file.title,
      mediaType: file.mediaType,
      comment: file.comment ?? '',
      data: file.data,
      version: 1,
      createdAt: this.timestamp(),
      fileId: `f${this.nextId.toString(16)}-sim`,
    };
    page.attachments.push(att);
    return att;
  }

  addProperty(page: Page, key: string, value: unknown): ContentProperty {
    const prop: ContentProperty = { id: this.allocateId(), key, value, version: 1, createdAt: this.timestamp() };
    page.properties.push(prop);
    return prop;
  }

  /** Loads seed data; parents named by title are resolved after every page exists. */
  load(seed: SeedData): void {
    for (const s of seed.spaces ?? []) this.ensureSpace(s.key, s.name ?? s.key, s.anonymousRead ?? false).anonymousRead = s.anonymousRead ?? false;
    const created: { page: Page; parentTitle?: string; parentId?: string }[] = [];
    // Cloud ids are above 2^32; smaller seed ids (say, from a DC export) get fresh ones.
    const idOfSeed = new Map<string, string>();
    for (const sp of seed.pages) {
      const keepId = sp.id !== undefined && (this.flavor === 'dc' || Number(sp.id) >= 2 ** 32);
      const res = this.createPage({
        id: keepId ? sp.id : undefined,
        spaceKey: sp.spaceKey,
        title: sp.title,
        body: { written: sp.representation, value: sp.body },
        authorId: 'seed',
      });
      if (res.kind !== 'ok') throw new Error(`seed page '${sp.title}' in ${sp.spaceKey}: ${res.kind}`);
      if (sp.id !== undefined) idOfSeed.set(sp.id, res.page.id);
      for (const a of sp.attachments ?? []) {
        this.addAttachment(res.page, { title: a.fileName, mediaType: a.mediaType ?? 'application/octet-stream', data: Buffer.from(a.data), comment: a.comment });
      }
      for (const [k, v] of Object.entries(sp.properties ?? {})) this.addProperty(res.page, k, v);
      created.push({ page: res.page, parentTitle: sp.parentTitle, parentId: sp.parentId });
    }
    for (const c of created) {
      const parent = c.parentId !== undefined ? this.pages.get(idOfSeed.get(c.parentId) ?? c.parentId) : c.parentTitle !== undefined ? this.findByTitle(c.page.spaceKey, c.parentTitle) : undefined;
      if ((c.parentId !== undefined || c.parentTitle !== undefined) && !parent) {
        throw new Error(`seed page '${this.current(c.page).title}': parent ${c.parentId ?? c.parentTitle} not found`);
      }
      if (parent && parent.id !== c.page.id) this.current(c.page).parentId = parent.id;
    }
    // A space's homepage is its first root page.
    for (const space of this.spaces.values()) {
      const root = this.allPages().find((p) => p.spaceKey === space.key && this.current(p).parentId === undefined);
      space.homepageId = root?.id;
    }
  }
}
