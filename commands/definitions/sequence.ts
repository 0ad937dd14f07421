import {
  ApplicationCommandOptionType as T,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
} from 'discord.js';

const ownSequence: APIApplicationCommandBasicOption = {
  type: T.String,
  name: 'sequence',
  description: 'One of this server’s own sequences',
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
  description: 'This server’s own sequences (Manage Server or the teacher role)',
  options: [
    { type: T.Subcommand, name: 'create', description: 'Write a sequence from the pose library (opens a form)' },
    {
      type: T.Subcommand,
      name: 'import',
      description: 'Add a sequence from a JSON file, as /yin sequence export gives it',
      options: [{ type: T.Attachment, name: 'file', description: 'The .json file', required: true }],
    },
    {
      type: T.Subcommand,
      name: 'export',
      description: 'Get one of this server’s sequences as a JSON file',
      options: [ownSequence],
    },
    { type: T.Subcommand, name: 'edit', description: 'Change one of this server’s sequences', options: [ownSequence] },
    {
      type: T.Subcommand,
      name: 'delete',
      description: 'Remove one of this server’s sequences',
      options: [ownSequence],
    },
  ],
};
