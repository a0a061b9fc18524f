/**
 * A small, strict argument parser: known flags only, so a typo is a usage error rather
 * than a silently ignored option.
 */
import { UsageError } from './command';

export interface FlagSpec {
  /** Flags that take a value (`--format sarif` or `--format=sarif`). Repeats are collected. */
  readonly values?: readonly string[];
  /** Flags that are on/off (`--dry-run`). */
  readonly booleans?: readonly string[];
}

export interface ParsedArgs {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly booleans: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positional: string[] = [];
  const valueFlags = new Set(spec.values ?? []);
  const boolFlags = new Set(spec.booleans ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (boolFlags.has(name)) {
      if (eq >= 0) throw new UsageError(`${name} takes no value`);
      booleans.add(name);
    } else if (valueFlags.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      const list = values.get(name) ?? [];
      list.push(value);
      values.set(name, list);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return { values, booleans, positional };
}

/** The last value given for a flag, or the fallback. */
export function lastValue(args: ParsedArgs, flag: string, fallback?: string): string | undefined {
  const list = args.values.get(flag);
  return list && list.length > 0 ? list[list.length - 1] : fallback;
}

/** A value restricted to a fixed set of choices. */
export function choice<T extends string>(args: ParsedArgs, flag: string, choices: readonly T[], fallback: T): T {
  const v = lastValue(args, flag, fallback) as T;
  if (!choices.includes(v)) throw new UsageError(`${flag} must be one of ${choices.join(', ')}`);
  return v;
}
