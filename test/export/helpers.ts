// Builders for our own entities.xml / zip fixtures, written to a temp dir per test.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as yazl from 'yazl';
import { readExport, type ExportPage, type ExportReadOptions, type ExportSummary } from '../../server/src/export';
import { CORPUS as SHARED_CORPUS } from '../helpers/shared';

export const CORPUS = join(SHARED_CORPUS, 'exports');

export interface TempDir {
  readonly dir: string;
  /** Writes a file below the folder (parent folders included) and returns its path. */
  write(name: string, content: Buffer | string): string;
  cleanup(): void;
}

export function makeTempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'ct-export-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const PKG = { Page: 'com.atlassian.confluence.pages', BlogPost: 'com.atlassian.confluence.pages', Space: 'com.atlassian.confluence.spaces' };

export function space(id: string, key: string, name: string): string {
  return `  <object class="Space" package="${PKG.Space}">
    <id name="id">${id}</id>
    <property name="name"><![CDATA[${name}]]></property>
    <property name="key"><![CDATA[${key}]]></property>
  </object>
`;
}

export interface PageSpec {
  id: string;
  title: string;
  spaceId?: string;
  status?: string;
  version?: number;
  parentId?: string;
  originalVersion?: string;
  cls?: 'Page' | 'BlogPost';
}

export function page(p: PageSpec): string {
  const cls = p.cls ?? 'Page';
  const ref = (name: string, refCls: string, id: string | undefined): string =>
    id === undefined ? '' : `    <property name="${name}" class="${refCls}" package="${PKG.Page}"><id name="id">${id}</id>\n    </property>\n`;
  return `  <object class="${cls}" package="${PKG.Page}">
    <id name="id">${p.id}</id>
    <property name="title"><![CDATA[${p.title}]]></property>
    <property name="version">${p.version ?? 1}</property>
${p.status === undefined ? '' : `    <property name="contentStatus"><![CDATA[${p.status}]]></property>\n`}${ref('space', 'Space', p.spaceId)}${ref('parent', 'Page', p.parentId)}${ref('originalVersion', cls, p.originalVersion)}  </object>
`;
}

/** `body` is written as CDATA unless `raw` is given, which is put verbatim inside the property. */
export function bodyContent(b: { id: string; pageId: string; body?: string; raw?: string; bodyType?: number; contentClass?: string }): string {
  const inner = b.raw ?? `<![CDATA[${(b.body ?? '').replaceAll(']]>', ']] >')}]]>`;
  return `  <object class="BodyContent" package="com.atlassian.confluence.core">
    <id name="id">${b.id}</id>
    <property name="body">${inner}</property>
    <property name="content" class="${b.contentClass ?? 'Page'}" package="${PKG.Page}"><id name="id">${b.pageId}</id></property>
    <property name="bodyType">${b.bodyType ?? 2}</property>
  </object>
`;
}

export function entities(objects: string[], prolog = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}<hibernate-generic datetime="2026-01-01 00:00:00">\n${objects.join('')}</hibernate-generic>\n`;
}

export function zipBuffer(entries: Array<[string, Buffer | string]>, compress = true): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (name.endsWith('/')) zip.addEmptyDirectory(name, { mtime: new Date(Date.UTC(2024, 0, 2)) });
    else zip.addBuffer(buf, name, { compress, mtime: new Date(Date.UTC(2024, 0, 2)) });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => parts.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

/** Replaces every occurrence of `from` by the same-length `to` (local header and central directory). */
export function patchBytes(buf: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('patch must keep the length');
  const out = Buffer.from(buf);
  const needle = Buffer.from(from);
  let at = out.indexOf(needle);
  let n = 0;
  while (at >= 0) {
    out.write(to, at);
    n++;
    at = out.indexOf(needle, at + needle.length);
  }
  if (n === 0) throw new Error(`"${from}" not found`);
  return out;
}

export function fingerprint(path: string): { sha256: string; mtimeMs: number; size: number } {
  const st = statSync(path);
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: st.mtimeMs, size: st.size };
}

export async function readAll(path: string, options: ExportReadOptions = {}): Promise<{ pages: ExportPage[]; summary: ExportSummary }> {
  const reading = readExport(path, options);
  const pages: ExportPage[] = [];
  for await (const p of reading) pages.push(p);
  return { pages, summary: reading.summary };
}

export function codes(summary: ExportSummary): string[] {
  return summary.problems.map((p) => p.code);
}
