/** Every CLI subcommand, sorted by name. */
import type { Command } from '../command';
import { simCommand } from './sim';

export const COMMANDS: readonly Command[] = [simCommand];
