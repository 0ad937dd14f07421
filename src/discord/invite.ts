import { OAuth2Scopes, PermissionFlagsBits as P, PermissionsBitField } from 'discord.js';

/**
 * What yin asks for when it is invited. Attach Files (pose pictures) and Set Voice Channel Status
 * (the current pose in a voice channel's status) are wanted: a server without them still gets its
 * sessions, with posts without pictures and no status.
 */
export const INVITE_PERMISSIONS = new PermissionsBitField([
  P.ViewChannel,
  P.SendMessages,
  P.EmbedLinks,
  P.AttachFiles,
  P.CreatePublicThreads,
  P.SendMessagesInThreads,
  P.Connect,
  P.Speak,
  P.SetVoiceChannelStatus,
  P.ManageEvents,
]);

/** The link that adds yin to a server with its commands and those permissions. */
export function inviteUrl(clientId: string): string {
  const q = new URLSearchParams({
    client_id: clientId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: INVITE_PERMISSIONS.bitfield.toString(),
  });
  return `https://discord.com/oauth2/authorize?${q}`;
}
