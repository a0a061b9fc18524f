/**
 * short-link: `/x/CODE` links of a Server/Data Center site. They encode the page id, and Cloud
 * gives every migrated page a new id, so they die with the old site. When the workspace
 * knows the page, the fix turns the link into a title-based `ac:link`.
 */
import { jsonStringText } from '../adf/json-string-text';
import { jsonStringAt } from '../adf/json-value';
import type { AdfDocument, AdfNode } from '../adf/tree';
import { walkAdf } from '../adf/locate';
import { defaultPageHref } from '../convert/converter';
import { sourceRange, type MappedText } from '../jql/mapped-text';
import { findShortLinks, parseShortLinkUrl, type ShortLink } from '../shortlink/find';
import { anchorOf, escapeAttribute, pageLink, pageResource, type LinkBody } from '../shortlink/page-link';
import type { StorageDocument, XmlAttribute, XmlElement, XmlText } from '../storage/tree';
import type { Fix, KnownPage, Report } from '../types';
import type { Rule, RuleContext } from './rule';

/** Text inside these is link text, code, or a macro setting: reported, never rewritten into a link. */
const NO_FIX_TEXT = new Set(['code', 'pre', 'ac:parameter', 'ac:default-parameter']);
/** Text inside these is the visible text of a link whose target is checked on its own. */
const LINK_TEXT = new Set(['a', 'ac:link']);
const CARD_TYPES = new Set(['inlineCard', 'blockCard', 'embedCard']);

function message(link: ShortLink, page: KnownPage | undefined, extra = ''): string {
  const target = page ? `"${page.title}" in space ${page.spaceKey}` : `page id ${link.pageId}, which this workspace does not know`;
  return `Short link /x/${link.code} points to ${target}; page ids change in the migration, so the link will break.${extra}`;
}

function report(ctx: { report(r: Report): void }, link: ShortLink, start: number, end: number, page: KnownPage | undefined, fix?: Fix, extra = '') {
  ctx.report({
    start,
    end,
    message: message(link, page, extra),
    data: { pageId: link.pageId, code: link.code },
    ...(fix ? { fix, fixTitle: `Link to "${page!.title}" by title` } : {}),
  });
}

/** The link inside an attribute value, offset to the document; undefined unless the whole value is a DC short link. */
function linkInAttribute(text: string, a: XmlAttribute | undefined): ShortLink | undefined {
  if (!a) return undefined;
  const link = parseShortLinkUrl(text.slice(a.valueStart, a.valueEnd));
  if (!link || link.kind === 'cloud') return undefined;
  return { ...link, start: link.start + a.valueStart, end: link.end + a.valueStart, codeStart: link.codeStart + a.valueStart, codeEnd: link.codeEnd + a.valueStart };
}

function attribute(el: XmlElement, name: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.name === name);
}

/** What an `<a>` holds, as an `ac:link` body: kept exactly, plain when it is only text. */
function bodyOf(text: string, a: XmlElement): LinkBody {
  if (a.children.length === 0) return { kind: 'none' };
  if (a.children.every((c) => c.kind === 'text' || c.kind === 'cdata')) {
    return { kind: 'plain', text: a.children.map((c) => (c as XmlText).value).join('') };
  }
  return { kind: 'rich', markup: text.slice(a.startTagEnd, a.endTagStart) };
}

function checkAnchor(ctx: RuleContext<{ text: string }>, a: XmlElement): void {
  const href = attribute(a, 'href');
  const link = linkInAttribute(ctx.doc.text, href);
  if (!link) return;
  const page = ctx.index.pageById(link.pageId);
  const fix = page && a.closed ? { start: a.start, end: a.end, text: pageLink(page, bodyOf(ctx.doc.text, a), anchorOf(link.fragment, page)) } : undefined;
  report(ctx, link, link.start, link.end, page, fix);
}

function checkUrlResource(ctx: RuleContext<{ text: string }>, url: XmlElement): void {
  const link = linkInAttribute(ctx.doc.text, attribute(url, 'ri:value'));
  if (!link) return;
  const page = ctx.index.pageById(link.pageId);
  const parent = url.parent;
  if (parent?.name === 'ac:image') {
    report(ctx, link, link.start, link.end, page, undefined, ' An image cannot show a page: point it at an attachment instead.');
    return;
  }
  if (!page || parent?.name !== 'ac:link') {
    report(ctx, link, link.start, link.end, page);
    return;
  }
  const text = ctx.doc.text;
  const anchor = anchorOf(link.fragment, page);
  let fix: Fix = { start: url.start, end: url.end, text: pageResource(page) };
  if (anchor && !attribute(parent, 'ac:anchor')) {
    // The fragment becomes the link's anchor, so the start tag of the ac:link is rewritten too.
    const startTag = text.slice(parent.start, parent.startTagEnd);
    const withAnchor = `${startTag.slice(0, -1).replace(/\s+$/, '')} ac:anchor="${escapeAttribute(anchor)}">`;
    fix = { start: parent.start, end: url.end, text: withAnchor + text.slice(parent.startTagEnd, url.start) + pageResource(page) };
  }
  report(ctx, link, link.start, link.end, page, fix);
}

function checkText(ctx: RuleContext<{ text: string }>, node: XmlText, fixable: boolean): void {
  const raw = ctx.doc.text.slice(node.start, node.end);
  for (const found of findShortLinks(raw)) {
    if (found.kind === 'cloud') continue;
    const start = node.start + found.start;
    const end = node.start + found.end;
    const page = ctx.index.pageById(found.pageId);
    // A bare URL has no link text worth keeping: without a body Confluence shows the page title.
    const fix = page && fixable ? { start, end, text: pageLink(page, { kind: 'none' }, anchorOf(found.fragment, page)) } : undefined;
    report(ctx, found, start, end, page, fix);
  }
}

/** Every offset of `/x/` in the page, in order: each short link holds one. */
function markers(text: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf('/x/'); at >= 0; at = text.indexOf('/x/', at + 3)) out.push(at);
  return out;
}

/** Whether an element has an ancestor (below `from`, the element itself excluded) named `a` or `ac:link`. */
function insideLinkText(from: XmlElement | undefined): boolean {
  for (let p = from; p; p = p.parent) if (LINK_TEXT.has(p.name)) return true;
  return false;
}

/**
 * The elements of `list` (document order) whose start tag holds one of `hits` (sorted): start
 * tags do not overlap, so one pass over both lists finds them.
 */
function withMarkerInTag(list: readonly XmlElement[], hits: readonly number[]): XmlElement[] {
  const out: XmlElement[] = [];
  let h = 0;
  for (const el of list) {
    while (h < hits.length && hits[h] < el.start) h++;
    if (h === hits.length) break;
    if (hits[h] < el.startTagEnd) out.push(el);
  }
  return out;
}

/**
 * The text node holding offset `at`, found by descending from the root through the child
 * element that spans it; undefined when `at` is in markup, a comment, CDATA, link text (an
 * `<a>` or `ac:link`, whose target is checked on its own) or `ac:adf-fallback`. `fixable` is
 * false below code and macro parameters.
 */
function textAt(root: XmlElement, at: number): { node: XmlText; fixable: boolean } | undefined {
  let el = root;
  let fixable = true;
  for (;;) {
    const kids = el.elements;
    let lo = 0;
    let hi = kids.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (kids[mid].start <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const kid = found >= 0 ? kids[found] : undefined;
    if (!kid || at >= kid.end) break;
    if (at < kid.startTagEnd || LINK_TEXT.has(kid.name) || kid.name === 'ac:adf-fallback') return undefined;
    if (NO_FIX_TEXT.has(kid.name)) fixable = false;
    el = kid;
  }
  for (const child of el.children) {
    if (child.start > at) break;
    if (at < child.end) return child.kind === 'text' ? { node: child, fixable } : undefined;
  }
  return undefined;
}

function checkStorage(ctx: RuleContext<StorageDocument>): void {
  // Every short link contains `/x/`: only the attributes and text around those markers are read,
  // so a page without one costs one search.
  const { doc } = ctx;
  if (doc.text.indexOf('/x/') < 0) return;
  const hits = markers(doc.text);
  for (const a of withMarkerInTag(doc.elementsNamed('a'), hits)) if (!insideLinkText(a.parent)) checkAnchor(ctx, a);
  for (const url of withMarkerInTag(doc.elementsNamed('ri:url'), hits)) {
    // An ac:link's own resource is its target; a resource deeper inside link text is not checked.
    const parent = url.parent;
    if (!insideLinkText(parent?.name === 'ac:link' ? parent.parent : parent)) checkUrlResource(ctx, url);
  }
  let last: XmlText | undefined;
  for (const at of hits) {
    const found = textAt(doc.root, at);
    if (!found || found.node === last) continue;
    last = found.node;
    checkText(ctx, found.node, found.fixable);
  }
}

/** Where a node's or mark's string value sits: its literal, decoded with a map to the source. */
function adfString(text: string, owner: { start: number }, path: readonly string[], value: string): { start: number; end: number; mapped: MappedText } | undefined {
  const literal = jsonStringAt(text, owner.start, path, value);
  return literal ? { start: literal.start, end: literal.end, mapped: jsonStringText(text, literal.start, literal.end) } : undefined;
}

/**
 * A link mark's `href` or a card's `url` that is a whole DC short link. Replaced, when the page
 * is known, by the title-based Cloud URL the converter writes (`/wiki/display/KEY/Title`).
 */
function checkAdfUrl(ctx: RuleContext<AdfDocument>, owner: { start: number; end: number }, path: readonly string[], value: unknown, fixable: boolean): void {
  if (typeof value !== 'string') return;
  const link = parseShortLinkUrl(value);
  if (!link || link.kind === 'cloud') return;
  const page = ctx.index.pageById(link.pageId);
  const at = adfString(ctx.doc.text, owner, path, value);
  if (!at) {
    report(ctx, link, owner.start, owner.end, page);
    return;
  }
  const range = sourceRange(at.mapped, link.start, link.end);
  const href = page ? defaultPageHref(page.title, page.spaceKey) + (link.fragment ? `#${link.fragment}` : '') : undefined;
  const fix = href !== undefined && fixable ? { start: at.start, end: at.end, text: JSON.stringify(href) } : undefined;
  report(ctx, link, range.start, range.end, page, fix);
}

/** Short links written out in a text node: reported only, the text is the author's. */
function checkAdfText(ctx: RuleContext<AdfDocument>, node: AdfNode): void {
  if (node.text === undefined || node.text.indexOf('/x/') < 0) return;
  const at = adfString(ctx.doc.text, node, ['text'], node.text);
  for (const link of findShortLinks(node.text)) {
    if (link.kind === 'cloud') continue;
    const range = at ? sourceRange(at.mapped, link.start, link.end) : node;
    report(ctx, link, range.start, range.end, ctx.index.pageById(link.pageId), undefined, ' Replace it with a link to the page on the Cloud site.');
  }
}

function checkAdf(ctx: RuleContext<AdfDocument>): void {
  if (!ctx.doc.root) return;
  walkAdf(ctx.doc.root, (node: AdfNode) => {
    // Like text inside `<a>` in storage: a link's visible text is not checked, its href is.
    if (node.type === 'text' && !node.marks?.some((m) => m.type === 'link')) checkAdfText(ctx, node);
    // An embed frames its URL: a relative, title-based URL would not embed, so embeds get no fix.
    if (CARD_TYPES.has(node.type)) checkAdfUrl(ctx, node, ['attrs', 'url'], node.attrs?.url, node.type !== 'embedCard');
    for (const mark of node.marks ?? []) {
      if (mark.type === 'link') checkAdfUrl(ctx, mark, ['attrs', 'href'], mark.attrs?.href, true);
    }
  });
}

const rule: Rule = {
  id: 'short-link',
  description: 'Short links (/x/CODE) of a Server/Data Center site, which stop working after the migration.',
  docs: [
    'A short link such as `https://wiki.example.com/x/LIQHD` encodes the numeric **page id** (here 201819180).',
    'Confluence Cloud gives every migrated page a new id and the old host goes away, so these links break.',
    '',
    'The rule finds short links in `<a href>`, in `<ri:url ri:value>` resources, in plain text, and in ADF',
    '(link marks, smart-link cards, text). The decoded page id is in the problem data (`pageId`, SARIF `properties.pageId`).',
    'Cloud short links (`https://<site>.atlassian.net/wiki/x/…`) already use Cloud ids and are not reported.',
    '',
    '**Fix.** When the workspace knows the page (pulled page metadata or an export index), the link becomes',
    '`<ac:link><ri:page ri:content-title="…" ri:space-key="…"/>…</ac:link>`, which links by title and space and survives',
    'the migration. The link text is kept exactly (`ac:plain-text-link-body` for text, `ac:link-body` for rich content);',
    'a bare URL in text gets no body, so Confluence shows the page title instead of a dead URL. A `#fragment` becomes',
    "`ac:anchor` (without the `PageTitle-` prefix Confluence puts in URLs). An `ri:url` inside an `ac:link` is swapped for `ri:page`.",
    '',
    'In ADF, a link mark\'s `href` and an `inlineCard`/`blockCard` `url` that is a short link become the title-based Cloud',
    'URL `/wiki/display/<KEY>/<Title+with+pluses>` (the form the storage→ADF converter writes; Cloud redirects it to the',
    'page whatever its new id), keeping a `#fragment`; the JSON string is replaced, properly escaped.',
    '',
    'No fix is offered when the page is unknown (pull or export the space that holds it, or fix the link by hand), for',
    'an image source (an image cannot show a page), for text in code, in macro parameters, for ADF text (a URL typed in',
    'a text node) and for ADF `embedCard`s (an embed needs a URL it can frame).',
  ].join('\n'),
  defaultSeverity: 'warning',
  fixable: true,
  storage: checkStorage,
  adf: checkAdf,
};

export default rule;
