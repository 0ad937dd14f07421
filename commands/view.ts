import { launchClassView } from '../src/activity/launch.ts';
import type { Subcommand } from './command.ts';
import { viewDefinition } from './definitions/view.ts';

export const view: Subcommand = {
  data: viewDefinition,
  execute: (interaction, ctx) => launchClassView(interaction, ctx),
};
