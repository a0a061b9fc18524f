/**
 * Synthetic Confluence space export (entities.xml, optionally zipped) of a chosen size, with
 * realistic varied pages and planted findings whose exact places are recorded, so benchmarks can
 * measure throughput and recall tests can check that every planted finding is found.
 *
 * Shape (like real Confluence 7/8 exports): a few spaces; per page 0-3 historical versions, some
 * drafts, deleted pages; BodyContent objects before or after their Page (both orders occur in real
 * exports); ContentProperty/OutgoingLink/Labelling noise; bodies of 0.5-60 KB (a few of 0.5 MB)
 * with headings, lists, tables, panels, code macros (whose `]]>` is escaped as `]] >`),
 * multi-byte text, U+2028 now and then, and a few wiki-markup bodies.
 *
 * Findings are planted only in the bodies of CURRENT storage pages and recorded with the UTF-16
 * offset into the body exactly as `readExport` yields it. Historical versions and drafts carry
 * decoys of the same kinds that must NOT be reported (they are not recorded).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface SyntheticOptions {
  /** Stop adding pages once the file reaches this size. */
  readonly targetBytes: number;
  readonly seed?: number;
  readonly spaceCount?: number;
}

export type FindingKind = 'short-link' | 'legacy-macro' | 'jira-username-jql';

export interface PlantedFinding {
  readonly kind: FindingKind;
  readonly pageId: string;
  readonly spaceKey: string;
  /** UTF-16 offset into the yielded body where `text` starts. */
  readonly offset: number;
  readonly text: string;
  /** short-link: the page id the code resolves to (a current page of the export). */
  readonly targetPageId?: string;
  /** legacy-macro: the macro name; jira-username-jql: the username in the JQL. */
  readonly detail?: string;
}

export interface SyntheticManifest {
  readonly path: string;
  readonly bytes: number;
  readonly seed: number;
  readonly spaces: ReadonlyArray<{ id: string; key: string; name: string }>;
  readonly pageObjects: number;
  readonly currentPages: number;
  readonly historicalVersions: number;
  readonly drafts: number;
  readonly deleted: number;
  readonly wikiMarkupBodies: number;
  readonly findings: PlantedFinding[];
}

/** The short-link code of a page id, per storage-format.md §5.1 (independent of the core codec). */
export function tinyCode(id: string): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(id));
  return b.toString('base64').replace(/=+$/, '').replace(/\//g, '-').replace(/\+/g, '_').replace(/A+$/, '');
}

const LEGACY_MACROS = ['navmap', 'related-labels', 'favpages', 'global-reports', 'recently-updated-dashboard', 'userlister', 'index', 'rss'];
const USERS = ['jsmith', 'adoe', 'mmueller', 'k.tanaka', 'olivia_b'];
const WORDS = (
  'the migration page space content editor macro table link server cloud data center team release ' +
  'plan review draft update install configure backup restore index search report user group permission ' +
  'Größe café naïve façade Übersicht résumé 日本語 データ 中文 文档 emoji 😀 🚀 Ελληνικά кириллица'
).split(' ');

class Rng {
  constructor(private s: number) {}
  next(): number {
    // mulberry32: fast, deterministic, good enough for test data.
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Builds one body as parts, tracking UTF-16 offsets of planted findings. */
class BodyBuilder {
  private parts: string[] = [];
  private length = 0;
  readonly findings: Array<Omit<PlantedFinding, 'pageId' | 'spaceKey'>> = [];

  add(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
  plant(before: string, text: string, after: string, f: Omit<PlantedFinding, 'pageId' | 'spaceKey' | 'offset' | 'text'>): void {
    this.add(before);
    this.findings.push({ ...f, offset: this.length, text });
    this.add(text);
    this.add(after);
  }
  get size(): number {
    return this.length;
  }
  toString(): string {
    return this.parts.join('');
  }
}

function sentence(rng: Rng, n: number): string {
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(rng.pick(WORDS));
  return esc(w.join(' '));
}

function filler(rng: Rng, b: BodyBuilder): void {
  switch (rng.int(0, 7)) {
    case 0: {
      const level = rng.int(1, 3);
      b.add(`<h${level}>${sentence(rng, rng.int(2, 6))}</h${level}>`);
      break;
    }
    case 1: {
      b.add('<ul>');
      for (let i = rng.int(2, 6); i > 0; i--) b.add(`<li>${sentence(rng, rng.int(3, 12))}</li>`);
      b.add('</ul>');
      break;
    }
    case 2: {
      b.add('<table><tbody><tr><th>Key</th><th>Value</th></tr>');
      for (let i = rng.int(2, 8); i > 0; i--) b.add(`<tr><td>${sentence(rng, 2)}</td><td><p>${sentence(rng, rng.int(2, 10))}</p></td></tr>`);
      b.add('</tbody></table>');
      break;
    }
    case 3:
      b.add(`<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>${sentence(rng, rng.int(5, 20))}</p></ac:rich-text-body></ac:structured-macro>`);
      break;
    case 4: {
      // A code macro whose CDATA end is written `]]>` here and escaped to `]] >` on output.
      b.add(`<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">java</ac:parameter><ac:plain-text-body><![CDATA[if (a < b && c > d) {\n  run("${rng.pick(WORDS)}");\n}]]></ac:plain-text-body></ac:structured-macro>`);
      break;
    }
    case 5:
      b.add(`<p><ac:link><ri:page ri:content-title="${sentence(rng, 2)}" /></ac:link> ${sentence(rng, rng.int(3, 9))}</p>`);
      break;
    case 6:
      b.add(`<p><ac:image><ri:attachment ri:filename="diagram-${rng.int(1, 99)}.png" /></ac:image></p>`);
      break;
    default:
      b.add(`<p>${sentence(rng, rng.int(8, 40))}${rng.chance(0.005) ? '\u2028' : ''}</p>`);
  }
}

interface SpaceInfo {
  id: string;
  key: string;
  name: string;
}

function plantFinding(rng: Rng, b: BodyBuilder, targets: readonly string[]): void {
  const kind = rng.int(0, 2);
  if (kind === 0 && targets.length > 0) {
    const target = rng.pick(targets);
    const url = rng.chance(0.5) ? `https://confluence.example.com/x/${tinyCode(target)}` : `/x/${tinyCode(target)}`;
    b.plant('<p>See <a href="', url, `">${sentence(rng, 2)}</a>.</p>`, { kind: 'short-link', targetPageId: target });
  } else if (kind === 1) {
    const name = rng.pick(LEGACY_MACROS);
    const macro = `<ac:structured-macro ac:name="${name}" ac:schema-version="1" />`;
    b.plant('<p>', macro, '</p>', { kind: 'legacy-macro', detail: name });
  } else {
    const user = rng.pick(USERS);
    const jql = `project = DOC AND assignee = ${user} ORDER BY created DESC`;
    b.plant(
      '<p><ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="server">System JIRA</ac:parameter><ac:parameter ac:name="jqlQuery">',
      jql,
      '</ac:parameter><ac:parameter ac:name="serverId">520ce16e-e768-373b-b327-d7568ea882d1</ac:parameter></ac:structured-macro></p>',
      { kind: 'jira-username-jql', detail: user },
    );
  }
}

function bodyObject(id: string, contentId: string, body: string, bodyType: number, cls = 'Page'): string {
  return `<object class="BodyContent" package="com.atlassian.confluence.core">
<id name="id">${id}</id>
<property name="body"><![CDATA[${body.replaceAll(']]>', ']] >')}]]></property>
<property name="content" class="${cls}" package="com.atlassian.confluence.pages"><id name="id">${contentId}</id></property>
<property name="bodyType">${bodyType}</property>
</object>
`;
}

function pageObject(p: { id: string; title: string; version: number; status: string; spaceId: string; parentId?: string; originalVersion?: string }): string {
  const ref = (name: string, cls: string, id?: string): string =>
    id === undefined ? '' : `<property name="${name}" class="${cls}" package="com.atlassian.confluence.pages"><id name="id">${id}</id></property>\n`;
  return `<object class="Page" package="com.atlassian.confluence.pages">
<id name="id">${p.id}</id>
<property name="hibernateVersion">${p.version + 2}</property>
<property name="title"><![CDATA[${p.title}]]></property>
<property name="lowerTitle"><![CDATA[${p.title.toLowerCase()}]]></property>
<property name="version">${p.version}</property>
<property name="creationDate">2023-04-22 16:35:21.231</property>
<property name="lastModificationDate">2024-04-22 16:35:21.231</property>
<property name="versionComment"><![CDATA[]]></property>
<property name="contentStatus"><![CDATA[${p.status}]]></property>
${ref('space', 'Space', p.spaceId)}${ref('parent', 'Page', p.parentId)}${ref('originalVersion', 'Page', p.originalVersion)}<collection name="contentProperties" class="java.util.Collection"></collection>
</object>
`;
}

function noise(rng: Rng, nextId: () => string, pageId: string): string {
  let s = '';
  for (let i = rng.int(1, 4); i > 0; i--) {
    s += `<object class="ContentProperty" package="com.atlassian.confluence.content">
<id name="id">${nextId()}</id>
<property name="name">macro-count.${rng.pick(['code', 'info', 'jira', 'children'])}</property>
<property name="stringValue">${rng.int(1, 9)}-1</property>
<property name="content" class="Page" package="com.atlassian.confluence.pages"><id name="id">${pageId}</id></property>
</object>
`;
  }
  if (rng.chance(0.5)) {
    s += `<object class="OutgoingLink" package="com.atlassian.confluence.links">
<id name="id">${nextId()}</id>
<property name="destinationPageTitle"><![CDATA[${sentence(rng, 2)}]]></property>
<property name="destinationSpaceKey"><![CDATA[DOC]]></property>
<property name="sourceContent" class="Page" package="com.atlassian.confluence.pages"><id name="id">${pageId}</id></property>
</object>
`;
  }
  return s;
}

/** Buffered synchronous writer: generation is CPU-bound and this keeps it simple and fast. */
class Out {
  private fd: number;
  private buf: string[] = [];
  private pending = 0;
  bytes = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(s: string): void {
    this.buf.push(s);
    this.pending += s.length;
    this.bytes += Buffer.byteLength(s);
    if (this.pending > 4 << 20) this.flush();
  }
  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.pending = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes a synthetic entities.xml at `path` and returns what it planted. */
export function writeSyntheticExport(path: string, options: SyntheticOptions): SyntheticManifest {
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const out = new Out(path);
  let idCounter = 1_000_000;
  const nextId = (): string => String((idCounter += rng.int(1, 17)));
  const spaces: SpaceInfo[] = [];
  for (let i = 0; i < (options.spaceCount ?? 3); i++) {
    spaces.push({ id: String(200_000 + i), key: ['DOC', 'ENG', 'HR', 'OPS', 'SALES'][i % 5] + (i >= 5 ? String(i) : ''), name: `Space ${i} ${WORDS[i]}` });
  }
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<hibernate-generic datetime="2024-04-22 16:47:04">\n');
  for (const s of spaces) {
    out.write(`<object class="Space" package="com.atlassian.confluence.spaces">
<id name="id">${s.id}</id>
<property name="name"><![CDATA[${s.name}]]></property>
<property name="key"><![CDATA[${s.key}]]></property>
<property name="lowerKey"><![CDATA[${s.key.toLowerCase()}]]></property>
<property name="spaceType">global</property>
</object>
`);
  }
  const findings: PlantedFinding[] = [];
  const currentIds: string[] = [];
  const counts = { pageObjects: 0, currentPages: 0, historicalVersions: 0, drafts: 0, deleted: 0, wikiMarkupBodies: 0 };

  const makeBody = (planted: boolean): BodyBuilder => {
    const b = new BodyBuilder();
    const target = rng.chance(0.01) ? 500_000 : rng.chance(0.3) ? rng.int(10_000, 60_000) : rng.int(500, 8_000);
    const plants = rng.int(0, 3);
    let planted_ = 0;
    while (b.size < target) {
      if (planted_ < plants && rng.chance(0.3)) {
        plantFinding(rng, b, currentIds);
        planted_++;
      } else {
        filler(rng, b);
      }
    }
    if (!planted) b.findings.length = 0;
    return b;
  };

  while (out.bytes < options.targetBytes) {
    const space = rng.pick(spaces);
    const pageId = nextId();
    const title = `${sentence(rng, rng.int(1, 4)).replace(/&[a-z]+;/g, '')} ${pageId}`;
    const parentId = currentIds.length > 0 && rng.chance(0.8) ? rng.pick(currentIds) : undefined;
    const versions = rng.int(1, 4);
    const status = rng.chance(0.03) ? 'deleted' : rng.chance(0.05) ? 'draft' : 'current';
    const wiki = status === 'current' && rng.chance(0.01);
    const objects: string[] = [];

    // The current (or draft/deleted) page and its body.
    const body = wiki ? null : makeBody(status === 'current');
    const bodyText = wiki ? `h1. ${sentence(rng, 3)}\n{code}x{code}\n[/x/${tinyCode(pageId)}]` : body!.toString();
    objects.push(pageObject({ id: pageId, title, version: versions, status, spaceId: space.id, parentId }));
    objects.push(bodyObject(nextId(), pageId, bodyText, wiki ? 0 : 2));
    counts.pageObjects++;
    if (status === 'current') {
      counts.currentPages++;
      if (wiki) counts.wikiMarkupBodies++;
      for (const f of body?.findings ?? []) findings.push({ ...f, pageId, spaceKey: space.key });
    } else if (status === 'draft') counts.drafts++;
    else counts.deleted++;

    // Historical versions carry decoy findings (same kinds, not recorded).
    for (let v = 1; v < versions; v++) {
      const oldId = nextId();
      objects.push(pageObject({ id: oldId, title, version: v, status: 'current', spaceId: space.id, parentId, originalVersion: pageId }));
      objects.push(bodyObject(nextId(), oldId, makeBody(false).toString(), 2));
      counts.pageObjects++;
      counts.historicalVersions++;
    }
    // A draft of a current page now and then (originalVersion set, status draft).
    if (status === 'current' && rng.chance(0.05)) {
      const draftId = nextId();
      objects.push(pageObject({ id: draftId, title, version: 1, status: 'draft', spaceId: space.id, originalVersion: pageId }));
      objects.push(bodyObject(nextId(), draftId, makeBody(false).toString(), 2));
      counts.pageObjects++;
      counts.drafts++;
    }
    objects.push(noise(rng, nextId, pageId));
    // Real exports do not keep a page next to its body; shuffle the group.
    for (let i = objects.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [objects[i], objects[j]] = [objects[j], objects[i]];
    }
    for (const o of objects) out.write(o);
    if (status === 'current') currentIds.push(pageId);
  }
  out.write('</hibernate-generic>\n');
  out.close();
  return { path, bytes: out.bytes, seed, spaces, ...counts, findings };
}
