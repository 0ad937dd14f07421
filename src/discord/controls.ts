import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { SessionState } from '../domain/session.ts';
import { UserFacingError } from '../errors.ts';

/**
 * The host and members who may manage messages hold a session's controls. A schedule-started
 * session (host `schedule:<id>`) has no person as host: its organisers (Manage Events) hold them.
 */
export function assertCanControl(interaction: Interaction, state: SessionState, verb: string): void {
  if (interaction.user.id === state.hostId) return;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) return;
  const scheduled = state.hostId.startsWith('schedule:');
  if (scheduled && interaction.memberPermissions?.has(PermissionFlagsBits.ManageEvents)) return;
  if (scheduled) throw new UserFacingError(`This is scheduled practice: only organisers (Manage Events) or members with Manage Messages can ${verb} it.`);
  throw new UserFacingError(`Only the host (<@${state.hostId}>) or members with Manage Messages can ${verb} this session.`);
}
