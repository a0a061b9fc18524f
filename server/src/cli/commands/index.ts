/** Every CLI subcommand, sorted by name. */
import type { Command } from '../command';
import { fixCommand } from './fix';
import { lintCommand } from './lint';
import { simCommand } from './sim';

export const COMMANDS: readonly Command[] = [fixCommand, lintCommand, simCommand];
