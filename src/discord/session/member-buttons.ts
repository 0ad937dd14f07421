import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import { isPrivate, sessionLanguage, type SessionState } from '../../domain/session.ts';
import type { TimelineStep } from '../../domain/timeline.ts';
import { t } from '../../i18n.ts';
import { classViewId, joinId, myNotesId, replayId, shareId } from '../custom-ids.ts';

type Row = APIActionRowComponent<APIButtonComponentWithCustomId>;

/**
 * The members' row under a session post (the host's controls are the row above): "I'm
 * practising" on the opening, "My notes" on each pose, "Share a discovery" and "Practise this
 * class on your own" on the closing; with the class view on, "Class view" beside the first two.
 * A private replay records and shares nothing: only "My notes" (none on its opening and closing).
 */
export function memberRows(s: SessionState, step: TimelineStep, classView = false): Row[] {
  if (!isPrivate(s)) return [memberRow(s, step, classView)];
  if (step.kind !== 'pose') return [];
  return [{ type: ComponentType.ActionRow, components: [myNotesButton(s, step.pose.id)] }];
}

const myNotesButton = (s: SessionState, poseId: string): APIButtonComponentWithCustomId => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  label: t('post.buttonMyNotes', {}, sessionLanguage(s)),
  custom_id: myNotesId.build({ poseId }),
});

/** The closing's invitation to run the same class again, privately (the plan it ran: class-length.ts). */
function replayButton(s: SessionState): APIButtonComponentWithCustomId {
  const language = sessionLanguage(s);
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: t('replay.button', {}, language),
    custom_id: replayId.build({ sequenceId: s.sequenceId, hold: s.holdMinutes, length: s.lengthMinutes, language }),
  };
}

function memberRow(s: SessionState, step: TimelineStep, classView: boolean): Row {
  const button: APIButtonComponentWithCustomId =
    step.kind === 'opening'
      ? {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: t('post.buttonJoin', {}, sessionLanguage(s)),
          custom_id: joinId.build({ sessionId: s.id }),
        }
      : step.kind === 'pose'
        ? myNotesButton(s, step.pose.id)
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
  const replay = step.kind === 'closing' ? [replayButton(s)] : [];
  return { type: ComponentType.ActionRow, components: [button, ...replay, ...view] };
}
