import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import type { SessionState } from '../../domain/session.ts';
import type { TimelineStep } from '../../domain/timeline.ts';
import { joinId, poseNotesId, shareId } from './ids.ts';

/**
 * The members' row under a session post (the host's controls are the row above): "I'm
 * practising" on the opening, "My notes" on each pose, "Share a discovery" on the closing.
 */
export function practiceRow(s: SessionState, step: TimelineStep): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const button: APIButtonComponentWithCustomId =
    step.kind === 'opening' ? { type: ComponentType.Button, style: ButtonStyle.Success, label: 'I’m practising', custom_id: joinId(s.id) }
    : step.kind === 'pose' ? { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'My notes', custom_id: poseNotesId(step.pose.id) }
    : { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Share a discovery', custom_id: shareId(s.id) };
  return { type: ComponentType.ActionRow, components: [button] };
}
