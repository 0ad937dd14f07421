import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { SessionState } from '../domain/session.ts';
import { UserFacingError } from '../errors.ts';

/** The host and members who may manage messages hold a session's controls. */
export function assertCanControl(interaction: Interaction, state: SessionState, verb: string): void {
  if (interaction.user.id === state.hostId) return;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) return;
  throw new UserFacingError(`Only the host (<@${state.hostId}>) or members with Manage Messages can ${verb} this session.`);
}
