/**
 * Command handlers of pull, push and migrate. Each asks for what it lacks, runs the matching
 * server/src/sync function under a cancellable progress notification, and logs to the output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloudClient, DcClient } from '../../../server/src/rest/index';
import {
  connect, fileText, findIndexFolder, migrateSpace, pull, pushSet, readIndex, readPage, safeStem, selectPages,
  type IndexedPage, type PullTarget, type PushPageResult,
} from '../../../server/src/sync/index';
import { toCredentials, type AuthKind, type SavedInstance } from './instances';
import type { SyncUi } from './index';
import type { SyncNode } from './tree';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: pulled pages are saved in the workspace');
  return folder.uri.fsPath;
}

/** Runs `work` with a cancellable notification; cancelling aborts the requests in flight. */
function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, (message) => progress.report({ message }));
  });
}

async function pickInstance(ui: SyncUi, flavor?: 'dc' | 'cloud', placeHolder = 'Confluence instance'): Promise<SavedInstance | undefined> {
  const list = ui.instances.list().filter((i) => !flavor || i.flavor === flavor);
  if (list.length === 0) {
    void vscode.window.showWarningMessage(`Add a ${flavor === 'cloud' ? 'Cloud ' : flavor === 'dc' ? 'Data Center ' : ''}instance first (Confluence Triage: Add Instance).`);
    return undefined;
  }
  if (list.length === 1) return list[0];
  const picked = await vscode.window.showQuickPick(list.map((i) => ({ label: i.label, description: i.baseUrl, instance: i })), { placeHolder });
  return picked?.instance;
}

export async function addInstance(ui: SyncUi): Promise<void> {
  const flavor = await vscode.window.showQuickPick([{ label: 'Data Center / Server', value: 'dc' as const }, { label: 'Cloud', value: 'cloud' as const }], { placeHolder: 'Kind of site' });
  if (!flavor) return;
  const baseUrl = await vscode.window.showInputBox({
    prompt: flavor.value === 'dc' ? 'Base URL, with the context path if any (https://confluence.example.com/confluence)' : 'Site URL (https://example.atlassian.net)',
    validateInput: (v) => (/^https?:\/\/[^/\s]+/.test(v.trim()) ? undefined : 'An http(s) URL'),
    ignoreFocusOut: true,
  });
  if (!baseUrl) return;
  let auth: AuthKind = 'cloud-token';
  let user = '';
  if (flavor.value === 'dc') {
    const how = await vscode.window.showQuickPick([{ label: 'Personal access token', value: 'dc-pat' as const }, { label: 'User name and password', value: 'dc-basic' as const }]);
    if (!how) return;
    auth = how.value;
    if (auth === 'dc-basic') user = (await vscode.window.showInputBox({ prompt: 'User name', ignoreFocusOut: true })) ?? '';
  } else {
    user = (await vscode.window.showInputBox({ prompt: 'Atlassian account email', ignoreFocusOut: true })) ?? '';
  }
  if (auth !== 'dc-pat' && !user) return;
  const secret = await vscode.window.showInputBox({ prompt: auth === 'dc-basic' ? 'Password' : auth === 'dc-pat' ? 'Personal access token' : 'API token', password: true, ignoreFocusOut: true });
  if (!secret) return;
  const url = baseUrl.trim().replace(/\/+$/, '');
  // Verify before saving: DC treats a wrong PAT as anonymous, which whoAmI turns into an error.
  const site = connect({ flavor: flavor.value, baseUrl: url }, toCredentials(auth, user, secret), { logger: ui.logger });
  const me = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Connecting to ${url}` }, () => site.client.whoAmI());
  const label = `${new URL(url).host}${flavor.value === 'dc' ? '' : ' (Cloud)'}`;
  await ui.instances.add({ label, flavor: flavor.value, baseUrl: url, auth, ...(user ? { user } : {}) }, secret);
  ui.output.info(`Added ${label} as ${me.displayName ?? 'the user'}.`);
}

async function pullInto(ui: SyncUi, instance: SavedInstance, target: PullTarget, spaceKey: string): Promise<void> {
  const site = await ui.site(instance);
  const folder = path.join(workspaceRoot(), safeStem(spaceKey));
  const result = await withCancellableProgress(`Pulling from ${instance.label}`, (signal, report) =>
    pull(site, instance, target, folder, { signal, onPage: (p) => report(p.file) }));
  const kept = result.pages.filter((p) => p.outcome === 'kept-local-changes');
  ui.output.info(`Pulled ${result.pages.length} page(s) into ${folder}.`);
  for (const p of kept) ui.output.warn(`Kept local changes of ${p.file}; push them first.`);
  if (kept.length > 0) void vscode.window.showWarningMessage(`${kept.length} file(s) changed locally were not overwritten.`);
  ui.status.schedule();
  const first = result.pages[0];
  if (first && !('space' in target)) await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder, first.file)));
}

export async function pullPage(ui: SyncUi, node?: SyncNode): Promise<void> {
  if (node?.kind === 'page') return pullInto(ui, node.instance, { tree: node.id }, node.spaceKey);
  const instance = await pickInstance(ui);
  if (!instance) return;
  const id = await vscode.window.showInputBox({ prompt: 'Page id (pulls the page and its descendants)', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A numeric page id') });
  if (!id) return;
  const page = await readPage(await ui.site(instance), id.trim(), instance.flavor === 'dc' ? 'storage' : 'atlas_doc_format');
  await pullInto(ui, instance, { tree: page.id }, page.spaceKey);
}

export async function pullSpace(ui: SyncUi, node?: SyncNode): Promise<void> {
  if (node?.kind === 'space') return pullInto(ui, node.instance, { space: node.key }, node.key);
  const instance = await pickInstance(ui);
  if (!instance) return;
  const key = await vscode.window.showInputBox({ prompt: 'Space key' });
  if (key) await pullInto(ui, instance, { space: key.trim() }, key.trim());
}

function targetPath(uri?: unknown): string | undefined {
  if (uri instanceof vscode.Uri) return uri.fsPath;
  return vscode.window.activeTextEditor?.document.uri.scheme === 'file' ? vscode.window.activeTextEditor.document.uri.fsPath : undefined;
}

export async function push(ui: SyncUi, uri?: unknown): Promise<void> {
  await vscode.workspace.saveAll(false);
  const sets = selectPages([targetPath(uri) ?? workspaceRoot()]);
  const results: PushPageResult[] = [];
  await withCancellableProgress('Pushing to Confluence', async (signal, report) => {
    for (const set of sets) {
      const instance = ui.instances.find(set.index.instance);
      if (!instance) throw new Error(`Add the instance ${set.index.instance.baseUrl} first (its credentials are needed to push)`);
      results.push(...await pushSet(await ui.site(instance), set, { signal, onPage: (r) => report(`${r.outcome}: ${r.file}`) }));
    }
  });
  for (const r of results) if (r.outcome !== 'unchanged') ui.output.info(`${r.outcome} ${r.file}${r.reason ? `: ${r.reason}` : ''}`);
  ui.status.schedule();
  const conflicts = results.filter((r) => r.outcome === 'conflict');
  const refused = results.filter((r) => r.outcome === 'invalid' || r.outcome === 'missing');
  const pushed = results.filter((r) => r.outcome === 'pushed').length;
  if (conflicts.length > 0) {
    const choice = await vscode.window.showWarningMessage(`${conflicts.length} page(s) changed on the server since your pull; nothing was overwritten.`, 'Compare with remote');
    if (choice) {
      const folder = findIndexFolder(targetPath(uri) ?? workspaceRoot()) ?? workspaceRoot();
      await compareWithRemote(ui, vscode.Uri.file(path.join(folder, conflicts[0].file)));
    }
  } else if (refused.length > 0) {
    void vscode.window.showWarningMessage(`${refused.length} page(s) not pushed: ${refused[0].reason}`);
  } else {
    void vscode.window.showInformationMessage(pushed > 0 ? `Pushed ${pushed} page(s).` : 'Nothing changed since the last pull.');
  }
}

export async function compareWithRemote(ui: SyncUi, uri?: unknown): Promise<void> {
  const file = targetPath(uri);
  const folder = file ? findIndexFolder(file) : undefined;
  const index = folder ? readIndex(folder) : undefined;
  const entry: IndexedPage | undefined = index?.pages.find((p) => path.join(folder as string, p.file) === file);
  if (!file || !folder || !index || !entry) {
    void vscode.window.showWarningMessage('Open a pulled page (listed in .confluence/index.json) to compare it with the server.');
    return;
  }
  const instance = ui.instances.find(index.instance);
  if (!instance) throw new Error(`Add the instance ${index.instance.baseUrl} first`);
  const remote = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the remote page' }, async () =>
    readPage(await ui.site(instance), entry.id, entry.representation));
  const left = ui.remote.put(entry.file, entry.id, remote.version, fileText(remote));
  await vscode.commands.executeCommand('vscode.diff', left, vscode.Uri.file(file), `${entry.title}: server (v${remote.version}) ↔ local (based on v${entry.version})`);
}

export async function migrate(ui: SyncUi): Promise<void> {
  const source = await pickInstance(ui, 'dc', 'Data Center instance to migrate from');
  if (!source) return;
  const target = await pickInstance(ui, 'cloud', 'Cloud site to migrate to');
  if (!target) return;
  const key = (await vscode.window.showInputBox({ prompt: 'Space key (the Cloud space must exist)' }))?.trim();
  if (!key) return;
  const delta = (await vscode.window.showQuickPick(['Migrate (or continue)', 'Migrate and update pages changed on DC since (delta)'])) ?? '';
  if (!delta) return;
  const stateDir = path.join(workspaceRoot(), '.confluence-migration', safeStem(key));
  const dc = new DcClient({ baseUrl: source.baseUrl, credentials: await ui.instances.credentials(source), logger: ui.logger });
  const cloud = new CloudClient({ baseUrl: target.baseUrl, credentials: await ui.instances.credentials(target), logger: ui.logger });
  const result = await withCancellableProgress(`Migrating ${key} to ${target.label}`, (signal, report) => {
    let done = 0;
    let total = 0;
    return migrateSpace({
      dc, cloud, spaceKey: key, stateDir, delta: delta.includes('delta'), signal,
      onEvent: (e) => {
        if (e.kind === 'phase') {
          done = 0;
          total = e.total;
          ui.output.info(`${e.phase}: ${e.total} page(s)`);
          return;
        }
        done++;
        report(`${e.phase} ${done}/${total}: ${e.title}`);
        if (!['created', 'updated', 'adopted'].includes(e.status)) ui.output.warn(`${e.status}: ${e.title}`);
      },
    });
  });
  ui.output.info(`Migration report: ${result.reportFile}`);
  const summary = result.reportFile.replace(/\.json$/, '.txt');
  if (fs.existsSync(summary)) await vscode.window.showTextDocument(vscode.Uri.file(summary));
}

/** Runs a handler, showing its error (already free of secrets) instead of failing silently. */
export async function guarded(ui: SyncUi, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') {
      ui.output.info('Cancelled; nothing half-written is left (a migration continues where it stopped when run again).');
      return;
    }
    ui.showError(err);
  }
}
