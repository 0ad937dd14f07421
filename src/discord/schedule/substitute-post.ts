import {
  ButtonStyle,
  ComponentType,
  Routes,
  type APIMessage,
  type REST,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Schedule } from '../../schedule/schedule.ts';
import { t } from '../../i18n.ts';
import type { Language } from '../../languages.ts';
import { substituteId } from '../custom-ids.ts';
import { ts } from './format.ts';

/*
 * The substitute request's post in the schedule's channel: it pings the teachers' role (and
 * only it), and its "I'll teach it" button goes to the first teacher who presses it. Taken, the
 * post says who teaches; closed at the start untaken, it says so and who asked is told.
 */

export const when = (occurrenceMs: number) => ({ when: ts(occurrenceMs, 'R'), time: ts(occurrenceMs, 'F') });

/** The request, in the schedule's language: the role pinged, the teacher named (not pinged). */
export function substituteRequest(
  s: Schedule,
  occurrenceMs: number,
  roleId: string,
  name: string,
  lang: Language,
): RESTPostAPIChannelMessageJSONBody {
  const params = { role: roleId, name, channel: s.channelId, teacher: s.teacherId, ...when(occurrenceMs) };
  return {
    content: t(s.teacherId ? 'teacher.subAsk' : 'teacher.subAskOpen', params, lang),
    allowed_mentions: { roles: [roleId], users: [] },
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            custom_id: substituteId.build({ scheduleId: s.id, occurrenceMs }),
            label: t('teacher.subButton', {}, lang),
          },
        ],
      },
    ],
  };
}

/** Sends the request to the schedule's channel and returns its message id. */
export async function postSubstituteRequest(rest: REST, body: RESTPostAPIChannelMessageJSONBody, s: Schedule) {
  const message = (await rest.post(Routes.channelMessages(s.channelId), { body })) as APIMessage;
  return message.id;
}

/**
 * Closing an untaken request: its post loses the button and says so, and a reply to it tells who
 * asked (pinging only them).
 */
export async function closeUntaken(
  rest: REST,
  s: Schedule,
  request: NonNullable<Schedule['subRequest']>,
  name: string,
  lang: Language,
): Promise<void> {
  const time = ts(request.for, 't');
  await rest.patch(Routes.channelMessage(s.channelId, request.messageId), {
    body: {
      content: t('teacher.subUntakenPost', { name, time }, lang),
      components: [],
      allowed_mentions: { parse: [] },
    },
  });
  await rest.post(Routes.channelMessages(s.channelId), {
    body: {
      content: t('teacher.subUntakenTell', { by: request.by, time }, lang),
      allowed_mentions: { parse: [], users: [request.by] },
      message_reference: { message_id: request.messageId, fail_if_not_exists: false },
    },
  });
}
