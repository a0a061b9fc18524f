/** Every CLI subcommand, sorted by name. */
import type { Command } from '../command';

export const COMMANDS: readonly Command[] = [];
