/**
 * "Rewrite short links in workspace": builds one page index from every `.confluence/index.json`
 * of the workspace (plus the space exports named in `confluenceTriage.shortLinkExports`), computes
 * the core `short-link` fix of every resolvable link in every storage page, and applies them as
 * ONE WorkspaceEdit whose entries need confirmation, so VS Code shows the refactor preview first;
 * such entries start unticked there, and only what the user ticks is applied.
 */
import * as vscode from 'vscode';
import { lint } from '../../server/src/core/lint';
import { LineIndex } from '../../server/src/core/text/line-index';
import type { Fix, KnownPage } from '../../server/src/core/types';
import { buildPageIndex } from '../../server/src/export/index';
import { indexOf, parseIndexFile } from '../../server/src/lsp/workspace-index';
import type { CommandContext } from './commands';
import { SETTINGS_SECTION } from './settings';

const EXCLUDE = '**/{node_modules,.git}/**';

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

/** Pages of every workspace index file, then of the configured exports; the first to name an id wins. */
async function knownPages(ctx: CommandContext): Promise<KnownPage[]> {
  const byId = new Map<string, KnownPage>();
  for (const uri of await vscode.workspace.findFiles('**/.confluence/index.json', EXCLUDE)) {
    const load = parseIndexFile(await readText(uri), vscode.workspace.asRelativePath(uri));
    for (const e of load.errors) ctx.output.warn(e);
    for (const p of load.pages) if (!byId.has(p.id)) byId.set(p.id, p);
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const exports = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder.uri).get<string[]>('shortLinkExports', []);
    for (const given of exports) {
      const uri = given.startsWith('/') ? vscode.Uri.file(given) : vscode.Uri.joinPath(folder.uri, given);
      try {
        const { pages, summary } = await buildPageIndex(uri.fsPath);
        for (const p of pages.values()) if (!byId.has(p.id)) byId.set(p.id, p);
        for (const problem of summary.problems) ctx.output.warn(`${given}: ${problem.code}: ${problem.message}`);
      } catch (e) {
        ctx.output.error(`${given}: ${(e as Error).message}`);
      }
    }
  }
  return [...byId.values()];
}

/** Non-overlapping fixes in text order (the first of two overlapping ones wins; a second run gets the rest). */
function nonOverlapping(fixes: Fix[]): Fix[] {
  const out: Fix[] = [];
  for (const f of [...fixes].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (out.length === 0 || f.start >= out[out.length - 1].end) out.push(f);
  }
  return out;
}

export async function rewriteShortLinks(ctx: CommandContext): Promise<void> {
  const pages = await knownPages(ctx);
  const index = indexOf(pages);
  const edit = new vscode.WorkspaceEdit();
  let links = 0;
  let files = 0;
  let unresolved = 0;
  for (const uri of await vscode.workspace.findFiles('**/*.storage.xhtml', EXCLUDE)) {
    const text = await readText(uri);
    if (!text.includes('/x/')) continue;
    const { problems } = lint(text, 'storage', { index, only: ['short-link'] });
    const name = vscode.workspace.asRelativePath(uri);
    for (const p of problems) if (!p.fix) {
      unresolved++;
      ctx.output.info(`${name}: ${text.slice(p.start, p.end)} → page id ${String(p.data?.pageId ?? '?')} is not in any index`);
    }
    const fixes = nonOverlapping(problems.flatMap((p) => (p.fix ? [p.fix] : [])));
    if (fixes.length === 0) continue;
    const lines = new LineIndex(text);
    const position = (offset: number): vscode.Position => {
      const at = lines.at(offset);
      return new vscode.Position(at.line - 1, at.column - 1);
    };
    const metadata: vscode.WorkspaceEditEntryMetadata = {
      needsConfirmation: true,
      label: `Short links in ${name}`,
      description: `${fixes.length} link${fixes.length === 1 ? '' : 's'} to page title links`,
    };
    for (const f of fixes) edit.replace(uri, new vscode.Range(position(f.start), position(f.end)), f.text, metadata);
    links += fixes.length;
    files++;
  }
  ctx.output.info(`Rewrite short links: ${pages.length} known pages; ${links} resolvable link(s) in ${files} page(s); ${unresolved} unresolved.`);
  if (links === 0) {
    void vscode.window.showInformationMessage(
      unresolved > 0
        ? `No short link could be resolved (${unresolved} point to pages no index knows; see the output).`
        : 'No short links to rewrite in this workspace.',
    );
    return;
  }
  // As a refactoring, the edited files are saved by VS Code (setting files.refactoring.autoSave,
  // on by default), so a rewrite across hundreds of pages does not leave hundreds of dirty editors.
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (applied) void vscode.window.showInformationMessage(`Rewrote ${links} short link(s) in ${files} page(s)${unresolved > 0 ? `; ${unresolved} unresolved (see the output)` : ''}.`);
}
