import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  EntryPointCommandHandlerType,
  InteractionContextType,
  type RESTPostAPIPrimaryEntryPointApplicationCommandJSONBody,
} from 'discord.js';
import { localize } from './localize.ts';

/**
 * The App Launcher's entry point (with the class view on): yin answers it itself (APP_HANDLER),
 * opening the class view where a class runs, or saying privately that none does. One per app,
 * global only: Discord refuses it in a guild's commands.
 */
export const entryPointDefinition: RESTPostAPIPrimaryEntryPointApplicationCommandJSONBody = localize({
  type: ApplicationCommandType.PrimaryEntryPoint,
  name: 'launch',
  description: 'Open the class view: the pose, its countdown and what comes next',
  handler: EntryPointCommandHandlerType.AppHandler,
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
});
