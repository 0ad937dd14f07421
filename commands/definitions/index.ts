import { ApplicationCommandType, InteractionContextType, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { localize } from './localize.ts';
import { handoverDefinition } from './handover.ts';
import { noteDefinition } from './note.ts';
import { notesDefinition } from './notes.ts';
import { scheduleDefinition } from './schedule.ts';
import { posesDefinition } from './poses.ts';
import { replayDefinition } from './replay.ts';
import { sequenceDefinition } from './sequence.ts';
import { sequencesDefinition } from './sequences.ts';
import { settingsDefinition } from './settings.ts';
import { startDefinition } from './start.ts';
import { statsDefinition } from './stats.ts';
import { stopDefinition } from './stop.ts';
import { entryPointDefinition } from './entry-point.ts';
import { viewDefinition } from './view.ts';

/**
 * The `/yin` command as Discord registers it: plain JSON, importable without the app, so
 * `npm run deploy-commands` loads no bot code. Each handler in `commands/` pairs with one entry.
 */
export const subcommandDefinitions = [
  startDefinition,
  stopDefinition,
  replayDefinition,
  viewDefinition,
  sequencesDefinition,
  sequenceDefinition,
  posesDefinition,
  noteDefinition,
  notesDefinition,
  statsDefinition,
  settingsDefinition,
  scheduleDefinition,
  handoverDefinition,
] as const;

export { entryPointDefinition } from './entry-point.ts';

/**
 * What `npm run deploy-commands` registers: `/yin`, and globally with the class view on, the
 * App Launcher's entry point too (Discord keeps one per app, global only: a global bulk PUT
 * without it would drop it, and a guild's may not hold it).
 */
export function commandsToDeploy(o: { guild: boolean; classView: boolean }): RESTPutAPIApplicationCommandsJSONBody {
  return o.guild || !o.classView ? commandDefinitions : [...commandDefinitions, entryPointDefinition];
}

export const commandDefinitions: RESTPutAPIApplicationCommandsJSONBody = [
  localize({
    type: ApplicationCommandType.ChatInput,
    name: 'yin',
    description: 'Guided group yin yoga',
    contexts: [InteractionContextType.Guild],
    options: [...subcommandDefinitions],
  }),
];
