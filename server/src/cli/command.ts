/**
 * The CLI's command contract. Each subcommand lives in `commands/<name>.ts` and is listed
 * in the table in `commands/index.ts`; `main.ts` only dispatches.
 */

/** Where a command writes; injected so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Environment variables (credentials come from here, never from arguments). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for `confluence-triage --help`. */
  readonly summary: string;
  /** Full usage text for `confluence-triage <name> --help`. */
  readonly usage: string;
  /** Returns the process exit code: 0 ok, 1 findings/failure, 2 usage or fatal error. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Thrown for bad arguments; main prints the message and the command's usage, then exits 2. */
export class UsageError extends Error {}
