import type { Client } from 'discord.js';
import { answeringLanguage, t } from '../../i18n.ts';
import type { Logger } from '../../log.ts';
import { CALENDAR_CONTENT_TYPE, type CalendarFile } from '../../schedule/calendar.ts';
import { type CalendarAnswer, type CalendarDeps, calendarOf } from '../../schedule/calendar-file.ts';
import { describeRule } from '../../schedule/rule.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import { canIn } from '../permissions.ts';
import { ts } from './format.ts';

/** A calendar file as an upload: its name, its bytes and text/calendar. */
export function calendarUpload(file: CalendarFile): { name: string; data: Buffer; contentType: string } {
  return { name: file.name, data: Buffer.from(file.content, 'utf8'), contentType: CALENDAR_CONTENT_TYPE };
}

/** `/yin schedule calendar`'s answer (made ephemeral by the handler): a sentence, and the file. */
export function calendarReply({ schedule: s, file }: CalendarAnswer) {
  const content = t('calendar.reply', {
    name: file.title,
    rule: describeRule(s.rule, answeringLanguage()),
    when: ts(file.firstMs, 'F'),
  });
  return { content, files: [{ attachment: Buffer.from(file.content, 'utf8'), name: file.name }] };
}

/**
 * The calendar a reminder carries: none when the bot may not attach files in the channel (the
 * reminder still goes out), or when the schedule's calendar can't be made (logged).
 */
export async function reminderCalendar(
  client: Client,
  d: CalendarDeps,
  s: Schedule,
  log: Logger,
): Promise<ReturnType<typeof calendarUpload>[]> {
  const channel = client.channels.cache.get(s.channelId);
  if (channel && 'guild' in channel && !canIn(channel, 'calendar')) return [];
  try {
    const file = await calendarOf(d, s);
    return file ? [calendarUpload(file)] : [];
  } catch (err) {
    log.warn({ scheduleId: s.id, err }, 'no calendar file on the reminder');
    return [];
  }
}
