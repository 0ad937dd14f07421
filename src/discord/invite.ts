import { OAuth2Scopes } from 'discord.js';
import { INVITE_PERMISSIONS } from './permissions.ts';

/**
 * The link that adds yin to a server with its commands and every permission the permission
 * table (permissions.ts) names, needed and wanted alike: a server can take wanted ones away and
 * still get its sessions, with less (no pictures, no status, no events), as yin then says.
 */
export function inviteUrl(clientId: string): string {
  const q = new URLSearchParams({
    client_id: clientId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: INVITE_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${q}`;
}
