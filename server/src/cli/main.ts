/**
 * `confluence-triage` entry point: dispatches to a subcommand and maps every failure to
 * an exit code (2 for usage and fatal errors) with a one-line message, never a stack trace.
 */
import type { CliIo } from './command';
import { UsageError } from './command';
import { COMMANDS } from './commands/index';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: confluence-triage <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'confluence-triage <command> --help' for a command's options.\n`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write('confluence-triage 0.1.0\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`confluence-triage: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`confluence-triage ${name}: ${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`confluence-triage ${name}: ${(e as Error).message ?? String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`confluence-triage: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
