/**
 * Saved Confluence instances. URL, flavor and user name go to globalState; the secret (PAT,
 * password or API token) only to SecretStorage (the OS keychain), never to settings or logs.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../../../server/src/rest/index';
import type { Flavor, InstanceRef } from '../../../server/src/sync/index';

export type AuthKind = Credentials['kind'];

export interface SavedInstance {
  id: string;
  label: string;
  flavor: Flavor;
  baseUrl: string;
  auth: AuthKind;
  /** DC user name (Basic) or Cloud account email; not secret. */
  user?: string;
}

const STATE_KEY = 'confluenceTriage.instances';
const secretKey = (id: string) => `confluenceTriage.instance.${id}`;

export class InstanceStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  list(): SavedInstance[] {
    return this.context.globalState.get<SavedInstance[]>(STATE_KEY, []);
  }

  /** The saved instance for a pulled folder's index (same flavor and URL). */
  find(ref: InstanceRef): SavedInstance | undefined {
    const norm = (u: string) => u.replace(/\/+$/, '').replace(/\/wiki$/, '');
    return this.list().find((i) => i.flavor === ref.flavor && norm(i.baseUrl) === norm(ref.baseUrl));
  }

  async add(instance: Omit<SavedInstance, 'id'>, secret: string): Promise<SavedInstance> {
    const existing = this.find(instance);
    const saved: SavedInstance = { ...instance, id: existing?.id ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}` };
    await this.context.secrets.store(secretKey(saved.id), secret);
    await this.context.globalState.update(STATE_KEY, [...this.list().filter((i) => i.id !== saved.id), saved]);
    this.changed.fire();
    return saved;
  }

  async remove(id: string): Promise<void> {
    await this.context.secrets.delete(secretKey(id));
    await this.context.globalState.update(STATE_KEY, this.list().filter((i) => i.id !== id));
    this.changed.fire();
  }

  async credentials(instance: SavedInstance): Promise<Credentials> {
    const secret = await this.context.secrets.get(secretKey(instance.id));
    if (!secret) throw new Error(`No stored secret for ${instance.label}: add the instance again`);
    return toCredentials(instance.auth, instance.user ?? '', secret);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function toCredentials(auth: AuthKind, user: string, secret: string): Credentials {
  if (auth === 'dc-pat') return { kind: 'dc-pat', token: secret };
  if (auth === 'dc-basic') return { kind: 'dc-basic', username: user, password: secret };
  return { kind: 'cloud-token', email: user, apiToken: secret };
}
