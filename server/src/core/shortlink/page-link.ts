/**
 * Storage markup for a link to a known page: what a short link becomes once its page id is
 * resolved. Confluence links pages by title and space key, so the link survives the move to
 * Cloud (where every page gets a new id) as long as the page keeps its title.
 */
import type { KnownPage } from '../types';

/** Escapes a value for a double-quoted XML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** Escapes text for an XML text node. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A CDATA section holding `value` exactly; a `]]>` inside is split across two sections. */
export function cdataSection(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** `<ri:page ri:content-title="…" ri:space-key="…"/>` for a known page. */
export function pageResource(page: KnownPage): string {
  return `<ri:page ri:content-title="${escapeAttribute(page.title)}" ri:space-key="${escapeAttribute(page.spaceKey)}"/>`;
}

/**
 * The `ac:anchor` for a URL fragment. Confluence DC writes heading anchors in URLs as
 * `#PageTitle-Heading` (spaces removed), while `ac:anchor` holds only the part after the
 * page-title prefix; other fragments are kept as they are.
 */
export function anchorOf(fragment: string, page: KnownPage): string {
  let anchor = fragment;
  try {
    anchor = decodeURIComponent(fragment);
  } catch {
    // A malformed escape: keep the fragment as written rather than lose it.
  }
  const prefix = `${page.title.replace(/\s+/g, '')}-`;
  return anchor.startsWith(prefix) && anchor.length > prefix.length ? anchor.slice(prefix.length) : anchor;
}

/** What goes inside the link: nothing (Confluence shows the title), plain text, or rich markup. */
export type LinkBody = { readonly kind: 'none' } | { readonly kind: 'plain'; readonly text: string } | { readonly kind: 'rich'; readonly markup: string };

/** `<ac:link [ac:anchor]><ri:page …/>[body]</ac:link>`. */
export function pageLink(page: KnownPage, body: LinkBody, anchor = ''): string {
  const anchorAttr = anchor ? ` ac:anchor="${escapeAttribute(anchor)}"` : '';
  let inner = pageResource(page);
  if (body.kind === 'plain') inner += `<ac:plain-text-link-body>${cdataSection(body.text)}</ac:plain-text-link-body>`;
  else if (body.kind === 'rich') inner += `<ac:link-body>${body.markup}</ac:link-body>`;
  return `<ac:link${anchorAttr}>${inner}</ac:link>`;
}
