/**
 * User configuration (`.confluence-triage.json`), its defaults, and a parser that never
 * throws: bad settings become messages, and the rest of the file still applies.
 */
import type { SeveritySetting } from './types';
import { DEFAULT_LEGACY_MACROS } from './storage/macro-catalog';

/** A DC application link and where it points in Cloud. */
export interface JiraServerTarget {
  readonly serverId: string;
  readonly server?: string;
}

export interface TriageConfig {
  /** Rule id → severity, or `off`. Rules not named keep their default severity. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Legacy-only macro name → Cloud-editor equivalent (or "none: remove or replace"). */
  readonly legacyMacros: Readonly<Record<string, string>>;
  /** Extra macro names (apps, user macros) that `unknown-macro` must accept. */
  readonly allowedMacros: readonly string[];
  /** DC username or user key → Atlassian account id. */
  readonly userMap: Readonly<Record<string, string>>;
  /** DC application-link id (or display name) → Cloud Jira site application link. */
  readonly jiraServers: Readonly<Record<string, JiraServerTarget>>;
  /** `jira-macro-count` fires above this many Jira macros on one page. */
  readonly jiraMacroLimit: number;
}

export const DEFAULT_CONFIG: TriageConfig = {
  rules: {},
  legacyMacros: DEFAULT_LEGACY_MACROS,
  allowedMacros: [],
  userMap: {},
  jiraServers: {},
  jiraMacroLimit: 20,
};

/** The file shape: like TriageConfig, but `legacyMacros` can also add to and trim the defaults. */
export interface ConfigFile {
  rules?: Record<string, SeveritySetting>;
  legacyMacros?: Record<string, string> | { add?: Record<string, string>; remove?: string[] };
  allowedMacros?: string[];
  userMap?: Record<string, string>;
  jiraServers?: Record<string, JiraServerTarget>;
  jiraMacroLimit?: number;
}

export interface ConfigResult {
  readonly config: TriageConfig;
  readonly errors: readonly string[];
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const KNOWN_KEYS = new Set(['$schema', 'rules', 'legacyMacros', 'allowedMacros', 'userMap', 'jiraServers', 'jiraMacroLimit']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys that would reach Object.prototype instead of naming a macro or a user. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function stringRecord(value: unknown, key: string, errors: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) {
    errors.push(`"${key}" must be an object of strings`);
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (UNSAFE_KEYS.has(k)) errors.push(`"${key}.${k}" is not a usable name`);
    else if (typeof v === 'string') out[k] = v;
    else errors.push(`"${key}.${k}" must be a string`);
  }
  return out;
}

/** Merges a parsed config object over the defaults, collecting problems instead of throwing. */
export function resolveConfig(input: unknown, base: TriageConfig = DEFAULT_CONFIG): ConfigResult {
  const errors: string[] = [];
  if (input === undefined || input === null) return { config: base, errors };
  if (!isRecord(input)) return { config: base, errors: ['the configuration must be a JSON object'] };
  for (const key of Object.keys(input)) if (!KNOWN_KEYS.has(key)) errors.push(`unknown setting "${key}"`);

  const rules: Record<string, SeveritySetting> = { ...base.rules };
  if (input.rules !== undefined) {
    for (const [id, sev] of Object.entries(stringRecord(input.rules, 'rules', errors))) {
      if (SEVERITIES.has(sev)) rules[id] = sev as SeveritySetting;
      else errors.push(`"rules.${id}" must be one of error, warning, info, hint, off`);
    }
  }

  let legacyMacros: Record<string, string> = { ...base.legacyMacros };
  const lm = input.legacyMacros;
  if (isRecord(lm) && ('add' in lm || 'remove' in lm)) {
    if (lm.add !== undefined) Object.assign(legacyMacros, stringRecord(lm.add, 'legacyMacros.add', errors));
    if (Array.isArray(lm.remove)) for (const name of lm.remove) delete legacyMacros[String(name)];
    else if (lm.remove !== undefined) errors.push('"legacyMacros.remove" must be an array of macro names');
  } else if (lm !== undefined) {
    legacyMacros = stringRecord(lm, 'legacyMacros', errors);
  }

  let allowedMacros = base.allowedMacros;
  if (Array.isArray(input.allowedMacros)) allowedMacros = [...allowedMacros, ...input.allowedMacros.map(String)];
  else if (input.allowedMacros !== undefined) errors.push('"allowedMacros" must be an array of macro names');

  const userMap =
    input.userMap === undefined ? base.userMap : { ...base.userMap, ...stringRecord(input.userMap, 'userMap', errors) };

  const jiraServers: Record<string, JiraServerTarget> = { ...base.jiraServers };
  if (isRecord(input.jiraServers)) {
    for (const [k, v] of Object.entries(input.jiraServers)) {
      if (isRecord(v) && typeof v.serverId === 'string') {
        jiraServers[k] = { serverId: v.serverId, server: typeof v.server === 'string' ? v.server : undefined };
      } else errors.push(`"jiraServers.${k}" must be {"serverId": "...", "server": "..."}`);
    }
  } else if (input.jiraServers !== undefined) errors.push('"jiraServers" must be an object');

  let jiraMacroLimit = base.jiraMacroLimit;
  if (typeof input.jiraMacroLimit === 'number' && Number.isInteger(input.jiraMacroLimit) && input.jiraMacroLimit >= 0) {
    jiraMacroLimit = input.jiraMacroLimit;
  } else if (input.jiraMacroLimit !== undefined) errors.push('"jiraMacroLimit" must be a whole number ≥ 0');

  return { config: { rules, legacyMacros, allowedMacros, userMap, jiraServers, jiraMacroLimit }, errors };
}

/** Parses configuration file text. Never throws. */
export function parseConfig(text: string, base: TriageConfig = DEFAULT_CONFIG): ConfigResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { config: base, errors: [`invalid JSON: ${(e as Error).message}`] };
  }
  return resolveConfig(parsed, base);
}
