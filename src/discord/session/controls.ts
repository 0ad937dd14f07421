import { PermissionFlagsBits, type Interaction, type PermissionsBitField } from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { leaderOf, type Action, type SessionState } from '../../domain/session.ts';

/** Who asks to control a session: their id and their permissions in its channel (null: unknown). */
export interface Controller {
  id: string;
  permissions: Readonly<PermissionsBitField> | null;
}

/** What the controls do: the buttons' actions, and passing the controls on (`/yin handover`). */
export type Control = Action | 'handover';

const refusal = (control: Control, kind: 'onlyHost' | 'onlyOrganisers'): string =>
  control === 'handover' ? `teacher.${kind}_handover` : `session.${kind}_${control}`;

/**
 * The member who leads (`leaderOf`: whom the controls were handed to, else the teacher, else who
 * started it) and members who may manage messages hold a session's controls. A schedule-started
 * session (host `schedule:<id>`) is also held by its organisers (Manage Events). The one rule for
 * the buttons under the posts, `/yin stop`, `/yin handover` and the class view's controls.
 */
export function assertMayControl(who: Controller, state: SessionState, control: Control): void {
  const leader = leaderOf(state);
  if (leader !== undefined && who.id === leader) return;
  if (who.permissions?.has(PermissionFlagsBits.ManageMessages)) return;
  const scheduled = state.hostId.startsWith('schedule:');
  if (scheduled && who.permissions?.has(PermissionFlagsBits.ManageEvents)) return;
  if (leader !== undefined) throw new InputError(refusal(control, 'onlyHost'), { host: leader });
  throw new InputError(refusal(control, 'onlyOrganisers'));
}

/** `assertMayControl` for the member behind an interaction (a button, `/yin stop`, `/yin handover`). */
export function assertCanControl(interaction: Interaction, state: SessionState, control: Control): void {
  assertMayControl({ id: interaction.user.id, permissions: interaction.memberPermissions }, state, control);
}
