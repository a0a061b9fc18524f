/**
 * The CLI's configuration: `--config FILE`, else the nearest `.confluence-triage.json`
 * from the working directory upwards, else the defaults. A configuration that cannot be
 * read or has errors is fatal (exit 2): linting with half a configuration would mislead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parseConfig, type TriageConfig } from '../core/config';

export const CONFIG_FILE = '.confluence-triage.json';

export interface CliConfig {
  readonly config: TriageConfig;
  readonly file: string | undefined;
}

function nearest(cwd: string): string | undefined {
  for (let d = cwd; ; d = path.dirname(d)) {
    const candidate = path.join(d, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

export function loadCliConfig(flag: string | undefined, cwd: string): CliConfig {
  const file = flag !== undefined ? path.resolve(cwd, flag) : nearest(cwd);
  if (!file) return { config: DEFAULT_CONFIG, file: undefined };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the configuration ${path.relative(cwd, file) || file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { config, errors } = parseConfig(text);
  if (errors.length > 0) throw new Error(`bad configuration in ${path.relative(cwd, file) || file}: ${errors.join('; ')}`);
  return { config, file };
}
