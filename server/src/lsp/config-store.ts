/**
 * Finds and caches `.confluence-triage.json` for each document: the nearest one walking up
 * from the document's folder, stopping at the workspace folder that holds it (or at the
 * file-system root for a document outside every folder). Read with fs, parsed by the core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parseConfig, type ConfigResult } from '../core/config';

export const DEFAULT_CONFIG_FILE = '.confluence-triage.json';

export interface LoadedConfig extends ConfigResult {
  /** The file it came from, or undefined when the defaults apply. */
  readonly file: string | undefined;
}

const DEFAULTS: LoadedConfig = { config: DEFAULT_CONFIG, errors: [], file: undefined };

export class ConfigStore {
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly byDir = new Map<string, string | undefined>();

  /**
   * @param roots workspace folder paths (the search stops there)
   * @param configFile the `confluenceTriage.configFile` setting: a file name, a relative path, or absolute
   * @param onLoaded told about every file read, so errors reach the user once per load
   */
  constructor(
    private readonly roots: readonly string[],
    private readonly configFile: string,
    private readonly onLoaded: (loaded: LoadedConfig) => void,
  ) {}

  /** The configuration for a document at `filePath` (undefined for non-file documents). */
  forDocument(filePath: string | undefined): LoadedConfig {
    const file = filePath === undefined ? this.rootConfigFile() : this.find(path.dirname(filePath));
    return file ? this.load(file) : DEFAULTS;
  }

  private rootConfigFile(): string | undefined {
    if (path.isAbsolute(this.configFile)) return this.configFile;
    for (const root of this.roots) {
      const candidate = path.join(root, this.configFile);
      if (fs.existsSync(candidate)) return candidate;
    }
    return undefined;
  }

  private find(dir: string): string | undefined {
    if (path.isAbsolute(this.configFile)) return this.configFile;
    const cached = this.byDir.get(dir);
    if (cached !== undefined || this.byDir.has(dir)) return cached;
    const root = this.roots
      .filter((r) => dir === r || dir.startsWith(r.endsWith(path.sep) ? r : r + path.sep))
      .sort((a, b) => b.length - a.length)[0];
    let found: string | undefined;
    for (let d = dir; ; d = path.dirname(d)) {
      const candidate = path.join(d, this.configFile);
      if (fs.existsSync(candidate)) {
        found = candidate;
        break;
      }
      if (d === root || path.dirname(d) === d) break;
    }
    this.byDir.set(dir, found);
    return found;
  }

  private load(file: string): LoadedConfig {
    const cached = this.byFile.get(file);
    if (cached) return cached;
    let loaded: LoadedConfig;
    try {
      loaded = { ...parseConfig(fs.readFileSync(file, 'utf8')), file };
    } catch (e) {
      loaded = { config: DEFAULT_CONFIG, errors: [`cannot read the file: ${(e as Error).message}`], file };
    }
    this.byFile.set(file, loaded);
    this.onLoaded(loaded);
    return loaded;
  }
}
