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
      description: 'Your notes, newest first',
      options: [{ type: T.String, name: 'pose', description: 'Only notes on this pose', autocomplete: true }],
    },
    { type: T.Subcommand, name: 'export', description: 'Your notes as a Markdown file, just for you' },
    { type: T.Subcommand, name: 'erase-all', description: 'Delete everything yin holds about you (asks first)' },
  ],
};
