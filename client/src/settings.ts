/**
 * Typed access to the `confluenceTriage.*` settings declared in package.json
 * `contributes.configuration`. The server reads the same section itself through
 * `workspace/configuration`; the client needs only what decides how it starts the server.
 */
import * as vscode from 'vscode';

export const SETTINGS_SECTION = 'confluenceTriage';

export interface ClientSettings {
  /** Workspace-relative name of the project configuration file the server reads. */
  readonly configFile: string;
}

const DEFAULT_CONFIG_FILE = '.confluence-triage.json';

export function readSettings(scope?: vscode.ConfigurationScope): ClientSettings {
  const section = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const configFile = section.get<string>('configFile', DEFAULT_CONFIG_FILE).trim();
  return { configFile: configFile === '' ? DEFAULT_CONFIG_FILE : configFile };
}

/** Settings whose change needs a server restart (the file watchers are fixed at start). */
export function needsRestart(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SETTINGS_SECTION}.configFile`);
}
