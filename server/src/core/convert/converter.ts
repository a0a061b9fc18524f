/**
 * The storage → ADF walk. Each storage element is mapped to ADF here or in the macro and
 * layout modules; shape problems the schema would reject are left to `normalize.ts`, which
 * repairs them with the schema's own content rules. Recursion is bounded by MAX_DEPTH:
 * anything deeper is kept as plain paragraphs of its text, with a finding.
 */
import type { TriageConfig } from '../config';
import { parseShortLinkUrl } from '../shortlink/find';
import type { WorkspaceIndex } from '../types';
import { DEFAULT_CONFIG } from '../config';
import { decodeText } from '../storage/entities';
import type { StorageDocument, XmlAttribute, XmlElement, XmlNode } from '../storage/tree';
import { attr, childElements, textContent } from '../storage/walk';
import { node, paragraph, textNode, type AdfJson, type AdfMark, type SourceMap } from './adf-json';
import { EMOTICONS } from './emoticons';
import type { ConversionFinding, FindingAction } from './findings';
import { convertLayout } from './layouts';
import { convertMacro } from './macros';
import { leafText } from './leaf-text';
import { macroView } from './macro-view';
import { BlockSink, isXmlSpace, TextblockSink, type Sink } from './sinks';
import { own, ownRecord } from '../own';

export interface ConvertOptions {
  readonly config?: TriageConfig;
  /** Space of the page being converted (links without a space key point into it). */
  readonly spaceKey?: string;
  /**
   * URL of a page link. Defaults to Cloud's `/wiki/display/KEY/Title` form, which Cloud
   * redirects to the page; a migration passes the new page's URL instead.
   */
  readonly pageHref?: (title: string, spaceKey: string | undefined) => string;
  /** Pages short links may point at: a resolved short link becomes a link to the page. */
  readonly index?: WorkspaceIndex;
  /** URL of an attachment, when the target site has it (a migration uploads first). */
  readonly attachmentUrl?: (filename: string, pageTitle: string | undefined) => string | undefined;
}

const MAX_DEPTH = 400;

const MARK_ELEMENTS: Readonly<Record<string, AdfMark>> = {
  strong: { type: 'strong' },
  b: { type: 'strong' },
  em: { type: 'em' },
  i: { type: 'em' },
  u: { type: 'underline' },
  s: { type: 'strike' },
  del: { type: 'strike' },
  strike: { type: 'strike' },
  code: { type: 'code' },
  tt: { type: 'code' },
  sub: { type: 'subsup', attrs: { type: 'sub' } },
  sup: { type: 'subsup', attrs: { type: 'sup' } },
};

const HEADINGS: Readonly<Record<string, number>> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

/** Elements that carry no content of their own. */
const SKIPPED = ['ac:adf-fallback', 'colgroup', 'col', 'ac:parameter', 'ac:default-parameter', 'script', 'style'];

// What `element` does with each element name; unknown names are wrappers (`ri:*` are skipped).
const K_WRAPPER = 0;
const K_MARK = 1;
const K_PARAGRAPH = 2;
const K_HEADING = 3;
const K_SKIP = 4;
const K_ANCHOR = 5;
const K_STYLED = 6;
const K_BR = 7;
const K_HR = 8;
const K_PRE = 9;
const K_BLOCKQUOTE = 10;
const K_LIST = 11;
const K_TABLE = 12;
const K_TIME = 13;
const K_AC_LINK = 14;
const K_IMAGE = 15;
const K_EMOTICON = 16;
const K_PLACEHOLDER = 17;
const K_TASK_LIST = 18;
const K_COMMENT_MARKER = 19;
const K_LAYOUT = 20;
const K_ADF_EXTENSION = 21;
const K_MACRO = 22;

const KINDS = new Map<string, number>([
  ...Object.keys(MARK_ELEMENTS).map((n) => [n, K_MARK] as const),
  ['p', K_PARAGRAPH],
  ...Object.keys(HEADINGS).map((n) => [n, K_HEADING] as const),
  ...SKIPPED.map((n) => [n, K_SKIP] as const),
  ['a', K_ANCHOR],
  ['span', K_STYLED],
  ['font', K_STYLED],
  ['br', K_BR],
  ['hr', K_HR],
  ['pre', K_PRE],
  ['blockquote', K_BLOCKQUOTE],
  ['ul', K_LIST],
  ['ol', K_LIST],
  ['table', K_TABLE],
  ['time', K_TIME],
  ['ac:link', K_AC_LINK],
  ['ac:image', K_IMAGE],
  ['ac:emoticon', K_EMOTICON],
  ['ac:placeholder', K_PLACEHOLDER],
  ['ac:task-list', K_TASK_LIST],
  ['ac:inline-comment-marker', K_COMMENT_MARKER],
  ['ac:layout', K_LAYOUT],
  ['ac:adf-extension', K_ADF_EXTENSION],
  ['ac:structured-macro', K_MACRO],
  ['ac:macro', K_MACRO],
]);

/** XML white space runs → one space; most text has none to fold, so it is returned as is. */
function collapse(s: string): string {
  let prevSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return s.replace(/[ \t\r\n]+/g, ' ');
      prevSpace = true;
    } else if (c === 9 || c === 10 || c === 13) return s.replace(/[ \t\r\n]+/g, ' ');
    else prevSpace = false;
  }
  return s;
}

export class Converter {
  readonly findings: ConversionFinding[] = [];
  readonly sources: SourceMap = new Map();
  readonly config: TriageConfig;
  /**
   * Set when an attribute number read from the page is infinite (`colspan="1e999"`): JSON
   * writes it as null, so the schema check must then look at the JSON text's value, not at
   * the tree. Every other value the converter emits is plain JSON.
   */
  jsonUnsafe = false;
  private depth = 0;
  private ids = 0;

  constructor(
    readonly options: ConvertOptions,
    /** The parsed page, whose element records let `children` skip building text nodes. */
    private readonly doc?: StorageDocument,
  ) {
    this.config = options.config ?? DEFAULT_CONFIG;
  }

  finding(el: { start: number; end: number }, code: string, action: FindingAction, message: string, suggestion?: string): void {
    this.findings.push({ start: el.start, end: el.end, code, action, message, suggestion });
  }

  /** A node remembered as coming from `el`, for findings raised later by the normaliser. */
  from<T extends AdfJson>(el: XmlElement, n: T): T {
    // The element itself is the range: its offsets are read only if a finding needs them.
    this.sources.set(n, el);
    return n;
  }

  /** The decoded text of an element of the page. */
  text(el: XmlElement): string {
    return leafText(el, this.doc?.text);
  }

  /** `n`, noting when it is infinite (see `jsonUnsafe`). */
  private finite(n: number): number {
    if (n === Infinity) this.jsonUnsafe = true;
    return n;
  }

  /** A local id, stable within one conversion. */
  localId(): string {
    return `ct-${(++this.ids).toString(36).padStart(6, '0')}`;
  }

  /** Converts the children of `el` as blocks. */
  blocks(el: XmlElement, marks: readonly AdfMark[] = []): AdfJson[] {
    const sink = new BlockSink();
    this.children(el, sink, marks);
    return sink.finish();
  }

  children(el: XmlElement, sink: Sink, marks: readonly AdfMark[]): void {
    if (this.depth >= MAX_DEPTH) {
      this.finding(el, 'too-deep', 'restructured', `nesting deeper than ${MAX_DEPTH} levels was flattened to paragraphs`);
      const text = collapse(textContent(el)).trim();
      if (text) sink.block(paragraph([textNode(text, [])]));
      return;
    }
    this.depth++;
    if (!this.childrenFromRecords(el, sink, marks)) for (const child of el.children) this.visit(child, sink, marks);
    this.depth--;
  }

  /**
   * `children` read from the document's element records: the text between child elements is
   * sliced and decoded straight from the page, without the text node objects and the child
   * list that `el.children` would build and keep (materialising them cost about as much as
   * the conversion itself). Only where every gap is plain text: a `<` in a gap is a comment,
   * CDATA or skipped markup, which only `el.children` knows; false then, and nothing visited.
   */
  private childrenFromRecords(el: XmlElement, sink: Sink, marks: readonly AdfMark[]): boolean {
    const doc = this.doc;
    const index = doc ? doc.indexOf(el) : -1;
    if (index < 0) return false;
    if (el.selfClosing) return true;
    const text = doc!.text;
    const stop = doc!.subtreeEndOf(index);
    const close = el.endTagStart;
    let cursor = el.startTagEnd;
    for (let j = index + 1; ; j = doc!.subtreeEndOf(j)) {
      const next = j < stop ? doc!.startOf(j) : close;
      if (next > cursor) {
        const lt = text.indexOf('<', cursor);
        if (lt >= 0 && lt < next) return false;
      }
      if (j >= stop) break;
      cursor = doc!.endOf(j);
    }
    cursor = el.startTagEnd;
    for (let j = index + 1; ; j = doc!.subtreeEndOf(j)) {
      const next = j < stop ? doc!.startOf(j) : close;
      if (next > cursor) {
        // Most gaps are indentation between elements: one space, without slicing or folding.
        let k = cursor;
        while (k < next && isXmlSpace(text.charCodeAt(k))) k++;
        if (k === next) sink.space(marks);
        else sink.inline(textNode(collapse(decodeText(text.slice(cursor, next))), marks));
      }
      if (j >= stop) break;
      this.element(doc!.elementAt(j), sink, marks);
      cursor = doc!.endOf(j);
    }
    return true;
  }

  visit(n: XmlNode, sink: Sink, marks: readonly AdfMark[]): void {
    if (n.kind === 'text' || n.kind === 'cdata') {
      const text = n.kind === 'text' ? collapse(n.value) : n.value;
      if (text) sink.inline(textNode(text, marks));
      return;
    }
    if (n.kind === 'comment') return;
    this.element(n, sink, marks);
  }

  private element(el: XmlElement, sink: Sink, marks: readonly AdfMark[]): void {
    const name = el.name;
    // One hash lookup per element (names are interned by the parser, so their hash is cached).
    const kind = KINDS.get(name) ?? (name.startsWith('ri:') ? K_SKIP : K_WRAPPER);
    switch (kind) {
      case K_MARK:
        return this.children(el, sink, [...marks, MARK_ELEMENTS[name]]);
      case K_PARAGRAPH:
        return this.textblock(el, sink, marks, 0);
      case K_HEADING:
        return this.textblock(el, sink, marks, HEADINGS[name]);
      case K_SKIP:
        return;
      case K_ANCHOR:
        return this.anchorLink(el, sink, marks);
      case K_STYLED:
        return this.children(el, sink, [...marks, ...styleMarks(attr(el, 'style') ?? '')]);
      case K_BR:
        return sink.inline({ type: 'hardBreak' });
      case K_HR:
        return sink.block({ type: 'rule' });
      case K_PRE:
        return sink.block(this.from(el, node('codeBlock', {}, codeText(this.text(el)))));
      case K_BLOCKQUOTE:
        return sink.block(this.from(el, node('blockquote', {}, this.blocks(el, marks))));
      case K_LIST:
        return sink.block(this.list(el, marks));
      case K_TABLE:
        return sink.block(this.table(el));
      case K_TIME:
        return this.date(el, sink);
      case K_AC_LINK:
        return this.acLink(el, sink, marks);
      case K_IMAGE:
        return this.image(el, sink);
      case K_EMOTICON:
        return this.emoticon(el, sink);
      case K_PLACEHOLDER:
        return sink.inline({ type: 'placeholder', attrs: { text: collapse(this.text(el)).trim() || ' ' } });
      case K_TASK_LIST:
        return sink.block(this.taskList(el));
      case K_COMMENT_MARKER: {
        const ref = attr(el, 'ac:ref');
        const comment: AdfMark[] = ref ? [{ type: 'annotation', attrs: { id: ref, annotationType: 'inlineComment' } }] : [];
        return this.children(el, sink, [...marks, ...comment]);
      }
      case K_LAYOUT:
        return convertLayout(this, el, sink);
      case K_ADF_EXTENSION:
        return this.adfExtension(el, sink, marks);
      case K_MACRO:
        return convertMacro(this, macroView(el, this.doc?.text)!, sink, marks);
      default:
        // div, tbody, ac:link-body, unknown wrappers: their content belongs to the parent.
        return this.children(el, sink, marks);
    }
  }

  /** A paragraph (`level` 0) or heading. */
  private textblock(el: XmlElement, sink: Sink, marks: readonly AdfMark[], level: number): void {
    const tb = new TextblockSink(sink, this, el, level);
    this.children(el, tb, marks);
    tb.finish();
  }

  /**
   * A link target as it should read in Cloud: a short link (`/x/CODE`) points at a page id
   * that changes in Cloud, so when the index knows the page it becomes a link to the page.
   */
  href(el: XmlElement, raw: string): string {
    const short = parseShortLinkUrl(raw);
    if (!short) return raw;
    const page = this.options.index?.pageById(short.pageId);
    if (!page) {
      this.finding(el, 'short-link', 'needs-mapping', `short link to page ${short.pageId} kept: the page is not in the index`, 'pull or index the space it points into');
      return raw;
    }
    return (this.options.pageHref ?? defaultPageHref)(page.title, page.spaceKey) + (short.fragment ? `#${short.fragment}` : '');
  }

  private anchorLink(el: XmlElement, sink: Sink, marks: readonly AdfMark[]): void {
    const attrs = el.attributes;
    const raw = valueIn(attrs, 'href');
    if (!raw) return this.children(el, sink, marks);
    const href = this.href(el, raw);
    const appearance = valueIn(attrs, 'data-card-appearance');
    if (appearance === 'block' || appearance === 'embed') {
      return sink.block(this.from(el, node(appearance === 'block' ? 'blockCard' : 'embedCard', { url: href, layout: 'center' })));
    }
    if (appearance === 'inline') return sink.inline(this.from(el, node('inlineCard', { url: href })));
    this.children(el, sink, [...marks, { type: 'link', attrs: { href } }]);
  }

  private acLink(el: XmlElement, sink: Sink, marks: readonly AdfMark[]): void {
    const user = childElements(el, 'ri:user')[0];
    if (user) return this.mention(el, user, sink, marks);
    const body = childElements(el, 'ac:link-body')[0] ?? childElements(el, 'ac:plain-text-link-body')[0];
    const anchor = attr(el, 'ac:anchor');
    const page = childElements(el, 'ri:page')[0] ?? childElements(el, 'ri:blog-post')[0];
    const attachment = childElements(el, 'ri:attachment')[0];
    const url = childElements(el, 'ri:url')[0];
    let href: string | undefined;
    let label: string;
    if (page) {
      const title = attr(page, 'ri:content-title') ?? '';
      const space = attr(page, 'ri:space-key') ?? this.options.spaceKey;
      href = (this.options.pageHref ?? defaultPageHref)(title, space) + (anchor ? `#${anchor}` : '');
      label = title;
    } else if (attachment) {
      const filename = attr(attachment, 'ri:filename') ?? '';
      href = this.options.attachmentUrl?.(filename, undefined);
      if (!href) this.finding(el, 'attachment-link', 'needs-mapping', `link to attachment ${filename} kept as text until the file exists in Cloud`);
      label = filename;
    } else if (url) {
      const raw = attr(url, 'ri:value');
      href = raw === undefined ? undefined : this.href(el, raw);
      label = raw ?? '';
    } else {
      href = anchor ? `#${anchor}` : undefined;
      label = anchor ?? '';
    }
    const linkMarks = href ? [...marks, { type: 'link', attrs: { href } }] : marks;
    if (body && this.text(body).trim()) return this.children(body, sink, linkMarks);
    if (label) sink.inline(textNode(label, linkMarks));
  }

  private mention(el: XmlElement, user: XmlElement, sink: Sink, marks: readonly AdfMark[]): void {
    const attrs = user.attributes;
    const key = valueIn(attrs, 'ri:account-id') ?? valueIn(attrs, 'ri:userkey') ?? valueIn(attrs, 'ri:username') ?? '';
    const accountId = valueIn(attrs, 'ri:account-id') ?? own(this.config.userMap, key);
    if (accountId) return sink.inline(this.from(el, node('mention', { id: accountId, text: '', accessLevel: '' })));
    this.finding(el, 'unmapped-user', 'needs-mapping', `user ${key} has no account id: kept as text`, 'add it to "userMap" in .confluence-triage.json');
    sink.inline(textNode(`@${key}`, marks));
  }

  private image(el: XmlElement, sink: Sink): void {
    const attachment = childElements(el, 'ri:attachment')[0];
    const url = childElements(el, 'ri:url')[0];
    const attrs = el.attributes;
    const alt = valueIn(attrs, 'ac:alt') ?? valueIn(attrs, 'ac:title');
    let src: string | undefined;
    if (url) src = attr(url, 'ri:value');
    else if (attachment) {
      const filename = attr(attachment, 'ri:filename') ?? '';
      src = this.options.attachmentUrl?.(filename, undefined) ?? filename;
      if (!this.options.attachmentUrl) {
        this.finding(el, 'attachment-image', 'needs-mapping', `image ${filename} points at an attachment that must be uploaded to Cloud`);
      }
    }
    if (!src) return;
    const media = node('media', { type: 'external', url: src, ...(alt ? { alt } : {}) });
    const width = this.finite(Number(valueIn(attrs, 'ac:width')));
    const single = node('mediaSingle', { layout: 'center', ...(width > 0 ? { width, widthType: 'pixel' } : {}) }, [media]);
    const caption = childElements(el, 'ac:caption')[0];
    if (caption && this.text(caption).trim()) {
      const inner = new BlockSink();
      this.children(caption, inner, []);
      const para = inner.finish().find((b) => b.type === 'paragraph');
      if (para?.content) single.content!.push(node('caption', {}, para.content));
    }
    // An image inside text cannot be a block: Cloud lifts it out of the paragraph, so do we.
    sink.block(this.from(el, single));
  }

  private emoticon(el: XmlElement, sink: Sink): void {
    const attrs = el.attributes;
    const shortName = valueIn(attrs, 'ac:emoji-shortname');
    if (shortName) {
      sink.inline(node('emoji', { shortName, id: valueIn(attrs, 'ac:emoji-id') ?? '', text: valueIn(attrs, 'ac:emoji-fallback') ?? '' }));
      return;
    }
    const name = valueIn(attrs, 'ac:name') ?? '';
    const emoji = own(EMOTICONS, name);
    if (emoji) return sink.inline(node('emoji', { shortName: emoji.shortName, id: emoji.id, text: emoji.text }));
    this.finding(el, 'unknown-emoticon', 'approximated', `emoticon ${name} has no Cloud emoji: kept as text`);
    sink.inline(textNode(`(${name})`, []));
  }

  private date(el: XmlElement, sink: Sink): void {
    const value = attr(el, 'datetime') ?? '';
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isFinite(ms)) return sink.inline(this.from(el, node('date', { timestamp: String(ms) })));
    this.finding(el, 'bad-date', 'approximated', `date "${value}" cannot be read: kept as text`);
    const text = collapse(this.text(el)).trim() || value;
    if (text) sink.inline(textNode(text, []));
  }

  private list(el: XmlElement, marks: readonly AdfMark[]): AdfJson {
    const ordered = el.name === 'ol';
    const items: AdfJson[] = [];
    const loose = new BlockSink();
    const flushLoose = () => {
      const blocks = loose.finish().splice(0);
      if (blocks.length) items.push(node('listItem', {}, blocks));
    };
    for (const child of el.children) {
      if (child.kind === 'element' && child.name === 'li') {
        flushLoose();
        items.push(this.from(child, node('listItem', {}, this.blocks(child, marks))));
      } else this.visit(child, loose, marks);
    }
    flushLoose();
    const start = Number(attr(el, 'start'));
    const attrs = ordered && Number.isInteger(start) && start > 1 ? { order: start } : {};
    return this.from(el, node(ordered ? 'orderedList' : 'bulletList', attrs, items));
  }

  private table(el: XmlElement): AdfJson {
    const rows: AdfJson[] = [];
    const collect = (parent: XmlElement) => {
      for (const child of parent.elements) {
        if (child.name === 'tr') rows.push(this.row(child));
        else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') collect(child);
        else if (child.name !== 'colgroup' && child.name !== 'col' && this.text(child).trim()) {
          // Stray content in a table (a caption, text): keep it as a row of its own.
          rows.push(node('tableRow', {}, [node('tableCell', {}, this.blocks(child))]));
        }
      }
    };
    collect(el);
    const layout = attr(el, 'data-layout');
    const attrs: Record<string, unknown> = {
      isNumberColumnEnabled: false,
      layout: layout === 'wide' || layout === 'full-width' ? layout : 'default',
      localId: this.localId(),
    };
    return this.from(el, node('table', attrs, rows));
  }

  private row(tr: XmlElement): AdfJson {
    const cells: AdfJson[] = [];
    for (const cell of tr.elements) {
      if (cell.name !== 'td' && cell.name !== 'th') continue;
      const attrs: Record<string, unknown> = {};
      const cellAttrs = cell.attributes;
      const colspan = this.finite(Number(valueIn(cellAttrs, 'colspan')));
      const rowspan = this.finite(Number(valueIn(cellAttrs, 'rowspan')));
      if (colspan > 1) attrs.colspan = colspan;
      if (rowspan > 1) attrs.rowspan = rowspan;
      const background = valueIn(cellAttrs, 'data-highlight-colour');
      if (background && /^#[0-9a-fA-F]{6}$/.test(background)) attrs.background = background;
      cells.push(this.from(cell, node(cell.name === 'th' ? 'tableHeader' : 'tableCell', attrs, this.blocks(cell))));
    }
    return this.from(tr, node('tableRow', {}, cells));
  }

  private taskList(el: XmlElement): AdfJson {
    const items: AdfJson[] = [];
    for (const task of el.elements) {
      if (task.name !== 'ac:task') continue;
      const status = this.text(childElements(task, 'ac:task-status')[0] ?? task).trim();
      const body = childElements(task, 'ac:task-body')[0];
      const tb: AdfJson[] = [];
      const nested: AdfJson[] = [];
      if (body) {
        const sink = new BlockSink();
        this.children(body, sink, []);
        for (const b of sink.finish()) {
          if (b.type === 'paragraph') {
            // A task holds one line: several paragraphs are joined with line breaks.
            if (tb.length && b.content) tb.push({ type: 'hardBreak' });
            tb.push(...(b.content ?? []));
          }
          else if (b.type === 'taskList') nested.push(b);
          else {
            this.finding(task, 'block-in-task', 'restructured', `a ${b.type} inside a task was moved after the task list`);
            nested.push(b);
          }
        }
      }
      items.push(this.from(task, node('taskItem', { localId: this.localId(), state: status === 'complete' ? 'DONE' : 'TODO' }, tb)));
      for (const sub of childElements(task, 'ac:task-list')) items.push(this.taskList(sub));
      items.push(...nested);
    }
    return this.from(el, node('taskList', { localId: this.localId() }, items));
  }

  /** `ac:adf-extension`: the ADF node Cloud stored in storage, read back from its markup. */
  private adfExtension(el: XmlElement, sink: Sink, marks: readonly AdfMark[]): void {
    const adfNode = childElements(el, 'ac:adf-node')[0];
    if (!adfNode) return;
    const made = this.adfNode(adfNode, marks);
    if (made) sink.block(made);
  }

  adfNode(el: XmlElement, marks: readonly AdfMark[]): AdfJson | undefined {
    const type = (attr(el, 'type') ?? '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const attrs = ownRecord<unknown>();
    for (const a of childElements(el, 'ac:adf-attribute')) {
      const key = (attr(a, 'key') ?? '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      if (key) attrs[key] = this.text(a);
    }
    const content = childElements(el, 'ac:adf-content')[0];
    const children: AdfJson[] = [];
    for (const sub of childElements(el, 'ac:adf-node')) {
      const made = this.adfNode(sub, marks);
      if (made) children.push(made);
    }
    if (type === 'decisionItem') {
      const sink = new BlockSink();
      if (content) this.children(content, sink, marks);
      const inline = sink.finish().flatMap((b) => (b.type === 'paragraph' ? (b.content ?? []) : []));
      return this.from(el, node('decisionItem', { localId: attrs.localId ?? this.localId(), state: attrs.state ?? 'DECIDED' }, inline));
    }
    if (type === 'decisionList') return this.from(el, node('decisionList', { localId: attrs.localId ?? this.localId() }, children));
    if (type === 'panel') {
      const panelAttrs: Record<string, unknown> = { panelType: attrs.panelType ?? 'info' };
      for (const k of ['panelColor', 'panelIcon', 'panelIconId', 'panelIconText', 'localId']) if (attrs[k]) panelAttrs[k] = attrs[k];
      return this.from(el, node('panel', panelAttrs, [...children, ...(content ? this.blocks(content, marks) : [])]));
    }
    this.finding(el, 'unknown-adf-node', 'approximated', `ADF node ${type || '(none)'} stored in storage is kept as its content`);
    return content ? node('blockquote', {}, this.blocks(content, marks)) : undefined;
  }
}

/**
 * A Cloud URL for a page known by title and space: `/wiki/display/KEY/Title+words`, which
 * Cloud redirects to the page whatever id the migration gave it.
 */
export function defaultPageHref(title: string, spaceKey: string | undefined): string {
  return `/wiki/display/${encodeURIComponent(spaceKey ?? '')}/${encodeURIComponent(title).replace(/%20/g, '+')}`;
}

/**
 * One attribute from a tag's attribute list, read once (`el.attributes`) where a handler
 * needs several: cheaper than scanning the start tag again for each name.
 */
export function valueIn(list: readonly XmlAttribute[], name: string): string | undefined {
  for (let i = 0; i < list.length; i++) if (list[i].name === name) return list[i].value;
  return undefined;
}

/** Code block content: text only, no marks, and no empty text node. */
export function codeText(text: string): AdfJson[] {
  return text ? [{ type: 'text', text }] : [];
}

/** Text colour and highlight from an inline style attribute. */
function styleMarks(style: string): AdfMark[] {
  const out: AdfMark[] = [];
  const color = /(?:^|;)\s*color\s*:\s*([^;]+)/i.exec(style)?.[1];
  const hex = color ? toHex(color.trim()) : undefined;
  if (hex) out.push({ type: 'textColor', attrs: { color: hex } });
  const background = /background-color\s*:\s*([^;]+)/i.exec(style)?.[1];
  const bg = background ? toHex(background.trim()) : undefined;
  if (bg) out.push({ type: 'backgroundColor', attrs: { color: bg } });
  return out;
}

function toHex(css: string): string | undefined {
  if (/^#[0-9a-fA-F]{6}$/.test(css)) return css.toLowerCase();
  if (/^#[0-9a-fA-F]{3}$/.test(css)) return `#${[...css.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(css);
  if (rgb) return `#${rgb.slice(1, 4).map((v) => Math.min(255, Number(v)).toString(16).padStart(2, '0')).join('')}`;
  return undefined;
}
