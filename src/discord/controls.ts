import { PermissionFlagsBits, type Interaction, type PermissionsBitField } from 'discord.js';
import { InputError } from '../domain/input-error.ts';
import type { Action, SessionState } from '../domain/session.ts';

/** Who asks to control a session: their id and their permissions in its channel (null: unknown). */
export interface Controller {
  id: string;
  permissions: Readonly<PermissionsBitField> | null;
}

/**
 * The host and members who may manage messages hold a session's controls. A schedule-started
 * session (host `schedule:<id>`) has no person as host: its organisers (Manage Events) hold them.
 * The one rule for the buttons under the posts and the class view's controls.
 */
export function assertMayControl(who: Controller, state: SessionState, action: Action): void {
  if (who.id === state.hostId) return;
  if (who.permissions?.has(PermissionFlagsBits.ManageMessages)) return;
  const scheduled = state.hostId.startsWith('schedule:');
  if (scheduled && who.permissions?.has(PermissionFlagsBits.ManageEvents)) return;
  if (scheduled) throw new InputError(`session.onlyOrganisers_${action}`);
  throw new InputError(`session.onlyHost_${action}`, { host: state.hostId });
}

/** `assertMayControl` for the member behind an interaction (a button, `/yin stop`). */
export function assertCanControl(interaction: Interaction, state: SessionState, action: Action): void {
  assertMayControl({ id: interaction.user.id, permissions: interaction.memberPermissions }, state, action);
}
