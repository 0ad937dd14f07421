import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
} from 'discord.js';

const ownSequence: APIApplicationCommandBasicOption = {
  type: T.String,
  name: 'sequence',
  description: 'Which of this server’s sequences',
  required: true,
  autocomplete: true,
};

/**
 * `/yin sequence …`: the server's own sequences, written from the pose library. The handler
 * checks Manage Server or the teacher role (`/yin settings teacher-role`) for every change.
 */
export const sequenceDefinition: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'sequence',
  description: 'This server’s sequences (teachers or Manage Server)',
  options: [
    { type: T.Subcommand, name: 'create', description: 'Write a sequence from the pose library' },
    {
      type: T.Subcommand,
      name: 'import',
      description: 'Add a sequence from a JSON file (as export gives it)',
      options: [{ type: T.Attachment, name: 'file', description: 'The .json file', required: true }],
    },
    {
      type: T.Subcommand,
      name: 'export',
      description: 'Get a sequence as a JSON file',
      options: [ownSequence],
    },
    { type: T.Subcommand, name: 'edit', description: 'Change a sequence', options: [ownSequence] },
    {
      type: T.Subcommand,
      name: 'delete',
      description: 'Delete a sequence',
      options: [ownSequence],
    },
  ],
};
