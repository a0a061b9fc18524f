/** The Confluence view: instances → spaces → pages, each level loaded when expanded. */
import * as vscode from 'vscode';
import { collect } from '../../../server/src/rest/index';
import type { SiteClient } from '../../../server/src/sync/index';
import type { InstanceStore, SavedInstance } from './instances';

export type SyncNode =
  | { kind: 'instance'; instance: SavedInstance }
  | { kind: 'space'; instance: SavedInstance; key: string; name: string }
  | { kind: 'page'; instance: SavedInstance; id: string; title: string; spaceKey: string };

export class ConfluenceTree implements vscode.TreeDataProvider<SyncNode> {
  private readonly changed = new vscode.EventEmitter<SyncNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly instances: InstanceStore,
    private readonly siteOf: (instance: SavedInstance) => Promise<SiteClient>,
    private readonly onError: (err: unknown) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: SyncNode): vscode.TreeItem {
    if (node.kind === 'instance') {
      const item = new vscode.TreeItem(node.instance.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.instance.flavor === 'dc' ? 'Data Center' : 'Cloud';
      item.iconPath = new vscode.ThemeIcon(node.instance.flavor === 'dc' ? 'server' : 'cloud');
      item.contextValue = `instance-${node.instance.flavor}`;
      item.tooltip = node.instance.baseUrl;
      return item;
    }
    if (node.kind === 'space') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.key;
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.contextValue = `space-${node.instance.flavor}`;
      return item;
    }
    const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = node.id;
    item.iconPath = new vscode.ThemeIcon('file');
    item.contextValue = 'page';
    return item;
  }

  async getChildren(node?: SyncNode): Promise<SyncNode[]> {
    try {
      if (!node) return this.instances.list().map((instance) => ({ kind: 'instance', instance }));
      const site = await this.siteOf(node.instance);
      const instance = node.instance;
      if (node.kind === 'instance') {
        const spaces = await collect<{ key: string; name: string }>(site.client.listSpaces({ limit: 100 }));
        return spaces.sort((a, b) => a.key.localeCompare(b.key)).map((s) => ({ kind: 'space', instance, key: s.key, name: s.name }));
      }
      if (node.kind === 'space') {
        if (site.flavor === 'cloud') {
          const roots = await collect(site.client.listPages({ spaceKey: node.key }, { depth: 'root', limit: 250 }));
          return roots.map((p) => ({ kind: 'page', instance, id: p.id, title: p.title, spaceKey: node.key }));
        }
        const all = await collect(site.client.listPages(node.key, { expand: 'ancestors', limit: 100 }));
        return all.filter((p) => (p.ancestors ?? []).length === 0).map((p) => ({ kind: 'page', instance, id: String(p.id), title: p.title, spaceKey: node.key }));
      }
      const kids = site.flavor === 'dc'
        ? (await collect(site.client.children(node.id, { limit: 100 }))).map((c) => ({ id: String(c.id), title: c.title }))
        : (await collect(site.client.children(node.id, { limit: 250 }))).filter((c) => c.type === 'page');
      return kids.map((c) => ({ kind: 'page', instance, id: c.id, title: c.title, spaceKey: node.spaceKey }));
    } catch (err) {
      this.onError(err);
      return [];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
