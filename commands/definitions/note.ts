import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandGroupOption } from 'discord.js';

const noteOption = (description: string) => ({
  type: T.String as const,
  name: 'note',
  description,
  required: true,
  autocomplete: true,
});

export const noteDefinition: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'note',
  description: 'Your private practice notes',
  options: [
    {
      type: T.Subcommand,
      name: 'add',
      description: 'Save a private note',
      options: [
        { type: T.String, name: 'text', description: 'What you noticed (up to 1,000 characters)', required: true },
        { type: T.String, name: 'pose', description: 'The pose it is about', autocomplete: true },
      ],
    },
    {
      type: T.Subcommand,
      name: 'delete',
      description: 'Delete a note',
      options: [noteOption('Which note')],
    },
    {
      type: T.Subcommand,
      name: 'share',
      description: 'Post a note in the discoveries thread',
      options: [noteOption('Which note')],
    },
  ],
};
