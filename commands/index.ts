import { ApplicationCommandType, InteractionContextType, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Subcommand } from './command.ts';
import { sequences } from './sequences.ts';
import { start } from './start.ts';
import { stop } from './stop.ts';

/** The one registry: the router and `npm run deploy-commands` both read it. */
export const subcommands: readonly Subcommand[] = [start, stop, sequences];

export function findSubcommand(name: string): Subcommand | undefined {
  return subcommands.find((s) => s.data.name === name);
}

export const commandDefinitions: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: 'yin',
    description: 'Guided group yin yoga',
    contexts: [InteractionContextType.Guild],
    options: subcommands.map((s) => s.data),
  },
];
