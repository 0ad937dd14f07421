import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import { sessionLanguage, type SessionState } from '../../domain/session.ts';
import type { TimelineStep } from '../../domain/timeline.ts';
import { t } from '../../i18n.ts';
import { classViewId, joinId, myNotesId, shareId } from '../custom-ids.ts';

/**
 * The members' row under a session post (the host's controls are the row above): "I'm
 * practising" on the opening, "My notes" on each pose, "Share a discovery" on the closing; with
 * the class view on, "Class view" beside the first two.
 */
export function practiceRow(
  s: SessionState,
  step: TimelineStep,
  classView = false,
): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const button: APIButtonComponentWithCustomId =
    step.kind === 'opening'
      ? {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: t('post.buttonJoin', {}, sessionLanguage(s)),
          custom_id: joinId.build({ sessionId: s.id }),
        }
      : step.kind === 'pose'
        ? {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t('post.buttonMyNotes', {}, sessionLanguage(s)),
            custom_id: myNotesId.build({ poseId: step.pose.id }),
          }
        : {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: t('post.buttonShare', {}, sessionLanguage(s)),
            custom_id: shareId.build({ sessionId: s.id }),
          };
  const view: APIButtonComponentWithCustomId[] =
    classView && step.kind !== 'closing'
      ? [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t('post.buttonClassView', {}, sessionLanguage(s)),
            custom_id: classViewId.build({ sessionId: s.id }),
          },
        ]
      : [];
  return { type: ComponentType.ActionRow, components: [button, ...view] };
}
