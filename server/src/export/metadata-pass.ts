import { TextCollector } from './text-collector';
import {
  BODY_TYPE_STORAGE,
  BODY_TYPE_WIKI,
  type ExportProblem,
  type ExportSummary,
} from './types';
import type { OpenConstruct, XmlAttrs, XmlHandler } from './xml-scanner';

/** Where one BodyContent's `body` property content lies in entities.xml (bytes, end exclusive). */
export interface BodyRef {
  readonly id: string;
  readonly bodyType: number;
  readonly start: number;
  readonly end: number;
}

/** The small facts about one current page; bodies stay on disk until the body pass. */
export interface PageMeta {
  readonly id: string;
  readonly contentType: 'page' | 'blogpost';
  readonly title: string;
  readonly version: number | null;
  readonly spaceId: string | null;
  readonly parentId: string | null;
  body: BodyRef | null;
}

export interface SpaceMeta {
  readonly key: string;
  readonly name: string;
}

export interface ExportMetadata {
  /** Current pages and blog posts, in file order. */
  readonly pages: Map<string, PageMeta>;
  readonly spaces: Map<string, SpaceMeta>;
  readonly summary: ExportSummary;
}

/** A summary with nothing counted yet. */
export function emptySummary(): ExportSummary {
  return {
    pages: 0,
    currentPages: 0,
    blogPosts: 0,
    historicalVersions: 0,
    drafts: 0,
    deleted: 0,
    wikiMarkupBodies: 0,
    duplicatePageIds: 0,
    complete: true,
    bytesRead: 0,
    problems: [],
  };
}

interface Ref {
  cls: string;
  id: string;
}

interface ObjectState {
  cls: string;
  start: number;
  id: string | null;
  scalars: Record<string, string>;
  refs: Record<string, Ref>;
  bodyStart: number;
  bodyEnd: number;
}

/** Scalar properties worth keeping, per class; everything else is skipped without decoding. */
const SCALARS: Record<string, ReadonlySet<string>> = {
  Page: new Set(['title', 'version', 'contentStatus']),
  BlogPost: new Set(['title', 'version', 'contentStatus']),
  BodyContent: new Set(['bodyType']),
  Space: new Set(['key', 'name']),
};
const CONTENT_CLASSES = new Set(['Page', 'BlogPost']);
// XML 1.0 forbids these; real exports still contain them (e.g. U+0008 in a title).
const ILLEGAL_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * First pass over entities.xml: collects pages, spaces and the byte ranges of bodies, never the
 * bodies themselves, so memory grows with the number of objects, not with the size of the export.
 * BodyContent and Page objects may come in any order; a body seen before its page waits in
 * `pendingBodies` (a few numbers per body) until the page shows up.
 */
export class MetadataPass implements XmlHandler {
  private readonly pages = new Map<string, PageMeta>();
  private readonly spaces = new Map<string, SpaceMeta>();
  /** Every Page/BlogPost id seen, of any status: duplicate detection and non-current lookups. */
  private readonly seenIds = new Set<string>();
  private readonly pendingBodies = new Map<string, BodyRef>();

  private depth = 0;
  private obj: ObjectState | null = null;
  private refProp: { name: string; cls: string } | null = null;
  private collector: TextCollector | null = null;
  private captureDepth = -1;
  private captureInto: ((value: string) => void) | null = null;
  private rootSeen = false;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(
    private readonly maxValueChars = 64 * 1024,
    readonly summary: ExportSummary = emptySummary(),
  ) {}

  report(problem: ExportProblem): void {
    this.summary.problems.push(problem);
  }

  open(name: string, attrs: XmlAttrs, selfClosing: boolean, start: number, end: number): void {
    const d = this.depth;
    if (d === 0) {
      if (!this.rootSeen && name !== 'hibernate-generic') {
        this.report({ code: 'not-an-export', message: `root element is <${name}>, not <hibernate-generic>`, offset: start });
      }
      this.rootSeen = true;
    } else if (d === 1) {
      if (name === 'object') this.startObject(attrs.get('class') ?? '', start);
    } else if (this.obj !== null && SCALARS[this.obj.cls] !== undefined) {
      this.openInObject(this.obj, d, name, attrs, selfClosing, end);
    }
    if (selfClosing) {
      if (this.captureDepth === d) this.endCapture();
    } else {
      this.depth = d + 1;
    }
  }

  close(name: string, start: number): void {
    if (this.depth === 0) return;
    const d = --this.depth;
    if (this.captureDepth === d) this.endCapture();
    const obj = this.obj;
    if (obj === null) return;
    if (d === 2 && name === 'property') {
      if (obj.bodyStart >= 0 && obj.bodyEnd < 0) obj.bodyEnd = start;
      this.refProp = null;
    } else if (d === 1) {
      this.obj = null;
      this.finishObject(obj);
    }
  }

  data(buf: Buffer, from: number, to: number, cdata: boolean): void {
    if (this.collector !== null) this.collector.add(buf, from, to, cdata);
  }

  doctype(start: number, _end: number, internalSubset: boolean): void {
    this.report({
      code: 'doctype-ignored',
      message: internalSubset
        ? 'DOCTYPE with declarations ignored: its entities are never expanded'
        : 'DOCTYPE ignored',
      offset: start,
    });
  }

  /** Closes the pass; `open` tells whether the input ended inside a construct. */
  finish(open: OpenConstruct, endOffset: number): ExportMetadata {
    this.summary.bytesRead = endOffset;
    if (open !== null || this.depth > 0) {
      const inside = this.obj !== null ? ` inside <object class="${this.obj.cls}"${this.obj.id !== null ? ` id ${this.obj.id}` : ''}>` : '';
      this.report({
        code: 'truncated-xml',
        message: `entities.xml ends early at byte ${endOffset}${inside}; everything before it was read`,
        offset: endOffset,
        ...(this.obj !== null && CONTENT_CLASSES.has(this.obj.cls) && this.obj.id !== null ? { pageId: this.obj.id } : {}),
      });
      this.summary.complete = false;
    }
    for (const [contentId, body] of this.pendingBodies) {
      const page = this.pages.get(contentId);
      if (page !== undefined && page.body === null) page.body = body;
    }
    this.pendingBodies.clear();
    for (const page of this.pages.values()) {
      if (page.body === null) {
        this.report({ code: 'missing-body', message: `no BodyContent for ${page.contentType} "${page.title}"`, pageId: page.id });
      } else if (page.body.bodyType === BODY_TYPE_WIKI) {
        this.summary.wikiMarkupBodies++;
        this.report({ code: 'wiki-markup-body', message: 'wiki markup body, convert first', pageId: page.id });
      }
    }
    return { pages: this.pages, spaces: this.spaces, summary: this.summary };
  }

  /** Marks the read as stopped early by something outside the XML (IO error, zip limit). */
  stopped(problem: ExportProblem): void {
    this.report(problem);
    this.summary.complete = false;
    // The object in progress is incomplete: drop it rather than guess.
    this.obj = null;
    this.depth = 0;
    this.collector = null;
    this.captureDepth = -1;
  }

  private startObject(cls: string, start: number): void {
    this.obj = { cls, start, id: null, scalars: {}, refs: {}, bodyStart: -1, bodyEnd: -1 };
  }

  private openInObject(obj: ObjectState, d: number, name: string, attrs: XmlAttrs, selfClosing: boolean, end: number): void {
    if (d === 2) {
      if (name === 'id') {
        this.capture(d, (v) => (obj.id = v.trim()));
      } else if (name === 'property') {
        const prop = attrs.get('name') ?? '';
        const cls = attrs.get('class');
        if (cls !== undefined) {
          if (!selfClosing) this.refProp = { name: prop, cls };
        } else if (prop === 'body' && obj.cls === 'BodyContent') {
          obj.bodyStart = end;
          if (selfClosing) obj.bodyEnd = end;
        } else if (SCALARS[obj.cls].has(prop)) {
          this.capture(d, (v) => (obj.scalars[prop] = v));
        }
      }
    } else if (d === 3 && name === 'id' && this.refProp !== null) {
      const ref = this.refProp;
      this.capture(d, (v) => (obj.refs[ref.name] = { cls: ref.cls, id: v.trim() }));
    }
  }

  private capture(depth: number, into: (value: string) => void): void {
    this.collector = new TextCollector(this.maxValueChars, false, this.decoder);
    this.captureDepth = depth;
    this.captureInto = into;
  }

  private endCapture(): void {
    const collector = this.collector;
    const into = this.captureInto;
    this.collector = null;
    this.captureInto = null;
    this.captureDepth = -1;
    if (collector === null || into === null) return;
    into(collector.finish());
    if (collector.truncated) {
      this.report({ code: 'value-truncated', message: `a property value longer than ${this.maxValueChars} characters was cut` });
    }
  }

  private finishObject(obj: ObjectState): void {
    if (CONTENT_CLASSES.has(obj.cls)) this.finishContent(obj);
    else if (obj.cls === 'BodyContent') this.finishBody(obj);
    else if (obj.cls === 'Space' && obj.id !== null) {
      this.spaces.set(obj.id, { key: obj.scalars.key ?? '', name: obj.scalars.name ?? '' });
    }
  }

  private finishContent(obj: ObjectState): void {
    const s = this.summary;
    s.pages++;
    const id = obj.id;
    if (id === null || id === '') {
      this.report({ code: 'missing-id', message: `<object class="${obj.cls}"> without an id skipped`, offset: obj.start });
      return;
    }
    const title = obj.scalars.title ?? '';
    if (ILLEGAL_CONTROL.test(title)) {
      this.report({ code: 'control-characters', message: 'title contains control characters that are illegal in XML 1.0', pageId: id });
    }
    if (this.seenIds.has(id)) {
      s.duplicatePageIds++;
      this.report({ code: 'duplicate-page-id', message: `duplicate ${obj.cls} id ${id}: the first one is kept`, pageId: id, offset: obj.start });
      return;
    }
    this.seenIds.add(id);
    const status = (obj.scalars.contentStatus ?? 'current').trim();
    if (status === 'draft') {
      s.drafts++;
    } else if (obj.refs.originalVersion !== undefined) {
      s.historicalVersions++;
    } else if (status === 'deleted') {
      s.deleted++;
    } else if (status !== 'current') {
      this.report({ code: 'unknown-status', message: `contentStatus "${status}" is not linted`, pageId: id });
    } else {
      this.addCurrent(obj, id, title);
    }
  }

  private addCurrent(obj: ObjectState, id: string, title: string): void {
    const version = parseInt(obj.scalars.version ?? '', 10);
    const page: PageMeta = {
      id,
      contentType: obj.cls === 'BlogPost' ? 'blogpost' : 'page',
      title,
      version: Number.isFinite(version) ? version : null,
      spaceId: obj.refs.space?.id ?? null,
      parentId: obj.refs.parent?.id ?? null,
      body: null,
    };
    const pending = this.pendingBodies.get(id);
    if (pending !== undefined) {
      page.body = pending;
      this.pendingBodies.delete(id);
    }
    this.pages.set(id, page);
    this.summary.currentPages++;
    if (page.contentType === 'blogpost') this.summary.blogPosts++;
  }

  private finishBody(obj: ObjectState): void {
    const content = obj.refs.content;
    if (content === undefined || !CONTENT_CLASSES.has(content.cls) || obj.bodyStart < 0 || obj.bodyEnd < 0) return;
    const bodyType = parseInt(obj.scalars.bodyType ?? '', 10);
    const ref: BodyRef = {
      id: obj.id ?? '',
      bodyType: Number.isFinite(bodyType) ? bodyType : BODY_TYPE_STORAGE,
      start: obj.bodyStart,
      end: obj.bodyEnd,
    };
    const page = this.pages.get(content.id);
    if (page !== undefined) {
      if (page.body === null) page.body = ref;
      else this.duplicateBody(content.id, ref);
    } else if (!this.seenIds.has(content.id)) {
      if (this.pendingBodies.has(content.id)) this.duplicateBody(content.id, ref);
      else this.pendingBodies.set(content.id, ref);
    }
  }

  private duplicateBody(pageId: string, ref: BodyRef): void {
    this.report({ code: 'duplicate-body', message: `second BodyContent ${ref.id} for the same content ignored`, pageId, offset: ref.start });
  }
}
