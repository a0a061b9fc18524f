/**
 * The VS Code side of pull, push and migrate: the Confluence tree view, the status bar item,
 * remote documents for diffs, and the command handlers (thin: the work is in server/src/sync).
 */
import * as vscode from 'vscode';
import { connect, type SiteClient } from '../../../server/src/sync/index';
import type { RestLogger } from '../../../server/src/rest/index';
import { InstanceStore, type SavedInstance } from './instances';
import { RemoteDocuments, REMOTE_SCHEME } from './remote-documents';
import { SyncStatus } from './status';
import { ConfluenceTree } from './tree';

export const VIEW_ID = 'confluenceTriage.instances';

export class SyncUi implements vscode.Disposable {
  readonly instances: InstanceStore;
  readonly tree: ConfluenceTree;
  readonly status = new SyncStatus();
  readonly remote = new RemoteDocuments();
  private readonly disposables: vscode.Disposable[] = [];
  /** One client (and so one rate limiter) per instance, shared by all commands. */
  private readonly sites = new Map<string, SiteClient>();

  constructor(context: vscode.ExtensionContext, readonly output: vscode.LogOutputChannel) {
    this.instances = new InstanceStore(context);
    this.tree = new ConfluenceTree(this.instances, (i) => this.site(i), (err) => this.showError(err));
    this.disposables.push(
      this.instances,
      this.tree,
      this.status,
      this.remote,
      vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true }),
      vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, this.remote),
      this.instances.onDidChange(() => {
        this.sites.clear();
        this.tree.refresh();
      }),
      vscode.workspace.onDidSaveTextDocument(() => this.status.schedule()),
    );
    // Pages also change behind the editor's back (git pull, scripts, other tools): a status that
    // only listened to saves would keep saying "in sync" about files that differ from the pull.
    const pages = vscode.workspace.createFileSystemWatcher('**/*.{storage.xhtml,adf.json}');
    this.disposables.push(pages, pages.onDidChange(() => this.status.schedule()), pages.onDidCreate(() => this.status.schedule()), pages.onDidDelete(() => this.status.schedule()));
    this.status.schedule();
  }

  /** REST log lines into the output channel; the REST layer has redacted secrets already. */
  readonly logger: RestLogger = {
    log: (level, message) => {
      if (level === 'debug') this.output.debug(message);
      else if (level === 'info') this.output.info(message);
      else if (level === 'warn') this.output.warn(message);
      else this.output.error(message);
    },
  };

  async site(instance: SavedInstance): Promise<SiteClient> {
    let site = this.sites.get(instance.id);
    if (!site) {
      site = connect(instance, await this.instances.credentials(instance), { logger: this.logger });
      this.sites.set(instance.id, site);
    }
    return site;
  }

  showError(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    this.output.error(message);
    void vscode.window.showErrorMessage(`Confluence: ${message}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
