import { InputError } from '../domain/input-error.ts';
import type { Language } from '../languages.ts';
import { type CalendarFile, scheduleCalendar } from './calendar.ts';
import type { ScheduleDeps } from './ports.ts';
import { scheduledTimeline } from './around-starts.ts';
import type { Schedule } from './schedule.ts';

/*
 * `/yin schedule calendar`, and the file a reminder carries: a schedule's calendar in its language
 * (else the server's), with its channel's name and the class it runs.
 */

export type CalendarDeps = Pick<ScheduleDeps, 'catalogs' | 'channels' | 'clock' | 'practiceLanguage' | 'members'>;

/** The schedule's calendar file; undefined when its channel or sequence is unknown. Throws InputError as scheduleCalendar does. */
export async function calendarOf(d: CalendarDeps, s: Schedule): Promise<CalendarFile | undefined> {
  const language: Language = s.language ?? (await d.practiceLanguage(s.guildId));
  const channel = d.channels.info(s.guildId, s.channelId);
  const timeline = scheduledTimeline(d.catalogs.of(s.guildId, language), s);
  if (!channel || !timeline) return undefined;
  // The usual teacher: a substitute covers one start, and the file describes every start.
  const teacher = s.teacherId && (await d.members.displayName(s.guildId, s.teacherId).catch(() => undefined));
  return scheduleCalendar({
    schedule: s,
    timeline,
    channelName: channel.name,
    language,
    nowMs: d.clock.now(),
    teacher,
  });
}

export interface CalendarAnswer {
  schedule: Schedule;
  file: CalendarFile;
}

/** For a member: a paused, unknown or undescribable schedule is an InputError, with its sentence. */
export async function calendarFor(
  d: CalendarDeps & Pick<ScheduleDeps, 'repo'>,
  guildId: string,
  id: string,
): Promise<CalendarAnswer> {
  const s = await d.repo.get(guildId, id);
  if (!s) throw new InputError('schedule.unknown', { id });
  if (s.paused) throw new InputError('calendar.paused', { id });
  const file = await calendarOf(d, s);
  if (!file) throw new InputError('calendar.undescribed', { id });
  return { schedule: s, file };
}
