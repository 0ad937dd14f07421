import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandGroupOption } from 'discord.js';

/** `/yin notes …` is a group, so listing is `/yin notes list` (a name can't be both). */
export const notesDefinition: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'notes',
  description: 'List, export or erase your notes',
  options: [
    {
      type: T.Subcommand,
      name: 'list',
      description: 'Your notes, newest first (only you see them)',
      options: [{ type: T.String, name: 'pose', description: 'Only notes on this pose', autocomplete: true }],
    },
    { type: T.Subcommand, name: 'export', description: 'All your notes as a Markdown file, sent only to you' },
    { type: T.Subcommand, name: 'erase-all', description: 'Delete everything the bot holds about you (asks first)' },
  ],
};
