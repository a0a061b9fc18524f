/** Every CLI subcommand, sorted by name. */
import type { Command } from '../command';
import { convertCommand } from './convert';
import { demoCommand } from './demo';
import { fixCommand } from './fix';
import { lintCommand } from './lint';
import { migrateCommand } from './migrate';
import { indexCommand } from './page-index';
import { pullCommand } from './pull';
import { pushCommand } from './push';
import { reportCommand } from './report';
import { simCommand } from './sim';

export const COMMANDS: readonly Command[] = [convertCommand, demoCommand, fixCommand, indexCommand, lintCommand, migrateCommand, pullCommand, pushCommand, reportCommand, simCommand];
