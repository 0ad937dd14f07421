import type { APIAllowedMentions } from 'discord.js';
import type { Timeline } from '../../domain/timeline.ts';
import type { EventSpec } from '../../schedule/ports.ts';
import { describeRule } from '../../schedule/rule.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import { teacherFor } from '../../schedule/teacher.ts';
import type { AddResult, RemoveResult } from '../../schedule/verbs.ts';
import { answeringLanguage, t } from '../../i18n.ts';
import type { Language } from '../../languages.ts';
import { discordTime } from '../markup.ts';
import { sessionLength } from '../session/text.ts';

/** A reminder names at most this many members: 2000 characters hold ~80 mentions, with room for the rest. */
const MAX_USER_PINGS = 60;
/** Room left under Discord's 2000 characters for one `/yin schedule list` reply. */
const MAX_LIST_CHARS = 1990;

export interface OutgoingMessage {
  content: string;
  allowed_mentions: APIAllowedMentions;
}

/** The schedule area's `<t:…>` timestamp: the one formatter, shared with session posts. */
export const ts = discordTime;

export function joinLink(guildId: string, channelId: string, eventId: string | undefined): string {
  return eventId
    ? `https://discord.com/events/${guildId}/${eventId}`
    : `https://discord.com/channels/${guildId}/${channelId}`;
}

/** The scheduled event's description, in the schedule's language. */
export function eventDescription(spec: EventSpec): string {
  const about = t(
    'schedule.eventDescription',
    { channel: spec.channelName, poses: spec.poseCount, hold: spec.holdMinutes, focus: spec.focus },
    spec.language,
  );
  return spec.teacherName ? `${about}\n${t('teacher.eventTeacher', { name: spec.teacherName }, spec.language)}` : about;
}

/**
 * "<@&role> <@a> <@b>\n**Yin for the Back** starts in 15 minutes …". Pings exactly the role and
 * the Interested members, and allowed_mentions says so: nobody else can be pinged, ever.
 */
export function reminderMessage(
  s: Schedule,
  tl: Timeline | undefined,
  occurrenceMs: number,
  interested: readonly string[],
  eventId: string | undefined,
  lang: Language,
): OutgoingMessage {
  const users = [...new Set(interested)].slice(0, MAX_USER_PINGS);
  const more = interested.length - users.length;
  const pings = [...(s.roleId ? [`<@&${s.roleId}>`] : []), ...users.map((id) => `<@${id}>`)].join(' ');
  const when = {
    name: tl?.sequence.name ?? s.sequenceId,
    when: ts(occurrenceMs, 'R'),
    time: ts(occurrenceMs, 't'),
    channel: s.channelId,
  };
  // Named, not pinged (unless Interested): allowed_mentions lists only the role and those.
  const teacher = teacherFor(s, occurrenceMs);
  const lines = [
    ...(pings ? [more > 0 ? t('schedule.reminderMore', { pings, more }, lang) : pings] : []),
    tl
      ? t('schedule.reminderStarts', { ...when, length: sessionLength(tl, lang) }, lang)
      : t('schedule.reminderStartsUnknown', when, lang),
    ...(teacher ? [t('teacher.reminderTeaches', { teacher }, lang)] : []),
    t('schedule.reminderJoin', { link: joinLink(s.guildId, s.channelId, eventId) }, lang),
  ];
  return { content: lines.join('\n'), allowed_mentions: { roles: s.roleId ? [s.roleId] : [], users } };
}

/** Said in the channel as a scheduled session begins: the role, and lateness after downtime. */
export function startNotice(s: Schedule, tl: Timeline | undefined, lateMs: number, lang: Language): OutgoingMessage {
  const params = {
    ping: s.roleId ? `<@&${s.roleId}> ` : '',
    name: tl?.sequence.name ?? s.sequenceId,
    minutes: Math.max(1, Math.round(lateMs / 60_000)),
  };
  const content = t(lateMs > 0 ? 'schedule.startingLate' : 'schedule.startingNow', params, lang);
  return { content, allowed_mentions: { roles: s.roleId ? [s.roleId] : [], users: [] } };
}

export function couldNotStart(s: Schedule, reason: string | undefined, lang: Language): OutgoingMessage {
  return {
    content: t('schedule.couldNotStart', { id: s.id, reason: reason ?? t('schedule.somethingWrong', {}, lang) }, lang),
    allowed_mentions: { parse: [] },
  };
}

/** Said once in a schedule's channel when the bot may not create its events. */
export function noEventsNotice(s: Schedule, lang: Language): OutgoingMessage {
  return {
    content: t('schedule.noEvents', { id: s.id, rule: describeRule(s.rule, lang) }, lang),
    allowed_mentions: { parse: [] },
  };
}

/** One line of `/yin schedule list`. */
export function listLine(s: Schedule, tl: Timeline | undefined, next: number | undefined): string {
  const when = s.paused
    ? t('schedule.listPaused')
    : next !== undefined
      ? t('schedule.listNext', { when: ts(next, 'F'), relative: ts(next, 'R') })
      : t('schedule.listNoMore');
  const extras = [
    !s.hold
      ? ''
      : tl && tl.holdMinutes !== s.hold
        ? t('schedule.listHoldClamped', { hold: tl.holdMinutes, asked: s.hold, ...tl.sequence.holdMinutes })
        : t('schedule.listHold', { hold: s.hold }),
    !s.length || !tl
      ? ''
      : Math.round(tl.totalMs / 60_000) !== s.length
        ? t('schedule.listLengthNearest', { minutes: Math.round(tl.totalMs / 60_000), asked: s.length })
        : t('schedule.listLength', { minutes: s.length }),
    s.remindMinutes ? t('schedule.listRemind', { minutes: s.remindMinutes }) : '',
    s.roleId ? t('schedule.listPings', { role: s.roleId }) : '',
    s.teacherId ? t('teacher.listTeacher', { teacher: s.teacherId }) : '',
    // A substitute for a start still to come (the next one, or later).
    s.substitute && next !== undefined && s.substitute.for >= next
      ? t('teacher.listSubstitute', { who: s.substitute.userId, when: ts(s.substitute.for, 'F') })
      : '',
    s.capacity ? t('signup.countPlaces', { count: s.capacity }) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const params = {
    id: s.id,
    name: tl?.sequence.name ?? s.sequenceId,
    channel: s.channelId,
    rule: describeRule(s.rule, answeringLanguage()),
    when,
    extras,
  };
  return extras ? t('schedule.listLineExtras', params) : t('schedule.listLine', params);
}

/** The whole `/yin schedule list` reply: as many lines as fit in one message. */
export function listReply(lines: readonly string[]): string {
  if (lines.length === 0) return t('schedule.listEmpty');
  let content = '';
  for (const line of lines)
    if (content.length + line.length + 1 <= MAX_LIST_CHARS) content += `${content ? '\n' : ''}${line}`;
  return content;
}

/** One autocomplete choice for the `schedule` option (Discord cuts names at 100 characters). */
export function scheduleChoice(s: Schedule, tl: Timeline | undefined, channelName: string): string {
  const choice = `${s.id} · ${tl?.sequence.name ?? s.sequenceId} · ${describeRule(s.rule, answeringLanguage())} · #${channelName}`;
  return (s.paused ? t('schedule.choicePaused', { choice }) : choice).slice(0, 100);
}

export function addedReply({ schedule: s, next, title, eventId }: AddResult): string {
  const reminder = !s.remindMinutes
    ? ''
    : s.roleId
      ? t('schedule.addedReminderRole', { minutes: s.remindMinutes, role: s.roleId })
      : t('schedule.addedReminder', { minutes: s.remindMinutes });
  return t(eventId ? 'schedule.added' : 'schedule.addedWithoutEvent', {
    title,
    channel: s.channelId,
    rule: describeRule(s.rule, answeringLanguage()),
    when: ts(next, 'F'),
    relative: ts(next, 'R'),
    reminder,
    link: joinLink(s.guildId, s.channelId, eventId),
    id: s.id,
  });
}

export function removedReply({ schedule: s, eventDropped }: RemoveResult): string {
  return t(eventDropped ? 'schedule.removed' : 'schedule.removedEventKept', {
    id: s.id,
    rule: describeRule(s.rule, answeringLanguage()),
  });
}

export function alreadyReply(s: Schedule, paused: boolean): string {
  return t(paused ? 'schedule.alreadyPaused' : 'schedule.alreadyRunning', { id: s.id });
}

export function pausedReply(s: Schedule): string {
  return t('schedule.paused', { id: s.id, rule: describeRule(s.rule, answeringLanguage()) });
}

export function resumedReply(s: Schedule, next: number | undefined, eventId: string | undefined): string {
  return t('schedule.resumed', {
    id: s.id,
    rule: describeRule(s.rule, answeringLanguage()),
    next: next !== undefined ? t('schedule.resumedNext', { when: ts(next, 'F'), relative: ts(next, 'R') }) : '',
    noEvent: eventId ? '' : t('schedule.resumedNoEvent'),
  });
}
