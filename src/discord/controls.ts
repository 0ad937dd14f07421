import { PermissionFlagsBits, type Interaction } from 'discord.js';
import { InputError } from '../domain/input-error.ts';
import type { Action, SessionState } from '../domain/session.ts';

/**
 * The host and members who may manage messages hold a session's controls. A schedule-started
 * session (host `schedule:<id>`) has no person as host: its organisers (Manage Events) hold them.
 */
export function assertCanControl(interaction: Interaction, state: SessionState, action: Action): void {
  if (interaction.user.id === state.hostId) return;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) return;
  const scheduled = state.hostId.startsWith('schedule:');
  if (scheduled && interaction.memberPermissions?.has(PermissionFlagsBits.ManageEvents)) return;
  if (scheduled) throw new InputError(`session.onlyOrganisers_${action}`);
  throw new InputError(`session.onlyHost_${action}`, { host: state.hostId });
}
