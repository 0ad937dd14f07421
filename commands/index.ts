import type { Subcommand } from './command.ts';
import { handover } from './handover.ts';
import { note } from './note.ts';
import { notes } from './notes.ts';
import { schedule } from './schedule.ts';
import { poses } from './poses.ts';
import { replay } from './replay.ts';
import { sequence } from './sequence.ts';
import { sequences } from './sequences.ts';
import { settings } from './settings.ts';
import { start } from './start.ts';
import { stats } from './stats.ts';
import { stop } from './stop.ts';
import { view } from './view.ts';

export { commandDefinitions } from './definitions/index.ts';

/** The handlers, each paired with its definition: the router reads this. */
export const subcommands: readonly Subcommand[] = [
  start,
  stop,
  replay,
  view,
  sequences,
  sequence,
  poses,
  note,
  notes,
  stats,
  settings,
  schedule,
  handover,
];

/** The module for `/yin <group> …` or `/yin <name>`. */
export function findSubcommand(group: string | null, name: string | null): Subcommand | undefined {
  const wanted = group ?? name;
  return subcommands.find((s) => s.data.name === wanted);
}
