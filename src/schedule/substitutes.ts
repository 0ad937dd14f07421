import { InputError } from '../domain/input-error.ts';
import type { ScheduleDeps } from './ports.ts';
import { eventSpec } from './around-starts.ts';
import type { Schedule } from './schedule.ts';

/*
 * Teachers over a schedule's life: `/yin schedule edit teacher:`, and the substitute request
 * (`/yin schedule substitute`) that the first teacher to press "I'll teach it" takes for one
 * start. Every change runs under the schedule's lock, so exactly one take wins, and a request is
 * either taken or closed at the start (teacher.ts), never both. The event's description follows.
 */

async function chosen(d: ScheduleDeps, guildId: string, id: string): Promise<Schedule> {
  const s = await d.repo.get(guildId, id);
  if (!s) throw new InputError('schedule.unknown', { id });
  return s;
}

/** The announced event, if it is for `occurrenceMs`, says who teaches now. A failure is logged, not thrown. */
async function redescribe(d: ScheduleDeps, s: Schedule, occurrenceMs: number | undefined): Promise<void> {
  if (!s.eventId || s.eventFor === undefined || (occurrenceMs !== undefined && s.eventFor !== occurrenceMs)) return;
  const spec = await eventSpec(d, s, s.eventFor);
  if (!spec) return;
  await d.events
    .describe(s.guildId, s.eventId, spec)
    .catch((err: unknown) => d.log.warn({ scheduleId: s.id, err }, 'could not say on the event who teaches'));
}

/** `/yin schedule edit teacher:|no-teacher:` (the handler checked the member and Manage Events). */
export async function setTeacher(
  d: ScheduleDeps,
  guildId: string,
  id: string,
  teacherId: string | undefined,
  by: string,
): Promise<Schedule> {
  const s = await chosen(d, guildId, id);
  const updated = await d.lock.run(s.id, () => d.repo.update(guildId, s.id, { teacherId }));
  if (!updated) throw new InputError('schedule.justRemoved');
  // No re-arming: the rule is unchanged, and the reminder and the start read the schedule afresh.
  await redescribe(d, updated, undefined);
  d.log.info({ event: 'schedule.teacher', scheduleId: s.id, by }, 'schedule teacher changed');
  return updated;
}

export interface SubstituteAsk {
  schedule: Schedule;
  /** The start the request is for. */
  occurrenceMs: number;
}

/**
 * Checks that a request can be made for the schedule's next start (not paused, none open, nobody
 * taken it yet), then `post`s it and saves it with its message. Who may ask is the handler's business.
 */
export async function askSubstitute(
  d: ScheduleDeps,
  guildId: string,
  id: string,
  by: string,
  post: (ask: SubstituteAsk) => Promise<string>,
): Promise<SubstituteAsk> {
  const s = await chosen(d, guildId, id);
  return d.lock.run(s.id, async () => {
    const fresh = await chosen(d, guildId, id);
    const occurrenceMs = d.scheduler.nextRun(fresh);
    if (occurrenceMs === undefined) throw new InputError('teacher.subNoStart', { id });
    const at = Math.floor(occurrenceMs / 1000); // epoch seconds, as the sentence's timestamp shows it
    if (fresh.subRequest?.for === occurrenceMs) throw new InputError('teacher.subAlreadyAsked', { at });
    if (fresh.substitute?.for === occurrenceMs)
      throw new InputError('teacher.subAlreadyFound', { who: fresh.substitute.userId, at });
    const ask = { schedule: fresh, occurrenceMs };
    const messageId = await post(ask);
    const saved = await d.repo.update(guildId, id, { subRequest: { for: occurrenceMs, by, messageId } });
    if (!saved) throw new InputError('schedule.justRemoved');
    d.log.info({ event: 'schedule.substitute_asked', scheduleId: id, by, occurrenceMs }, 'substitute asked');
    return { schedule: saved, occurrenceMs };
  });
}

/**
 * "I'll teach it": the first member to press it takes that start; anyone after (or once the
 * request closed at the start) gets `teacher.subGone`. Who may take it is the handler's business.
 */
export async function takeSubstitute(
  d: ScheduleDeps,
  guildId: string,
  id: string,
  occurrenceMs: number,
  userId: string,
): Promise<Schedule> {
  const taken = await d.lock.run(id, async () => {
    const s = await d.repo.get(guildId, id);
    if (!s || s.subRequest?.for !== occurrenceMs) throw new InputError('teacher.subGone');
    const saved = await d.repo.update(guildId, id, {
      subRequest: undefined,
      substitute: { for: occurrenceMs, userId },
    });
    if (!saved) throw new InputError('teacher.subGone');
    return saved;
  });
  d.log.info({ event: 'schedule.substitute_taken', scheduleId: id, occurrenceMs }, 'substitute found');
  await redescribe(d, taken, occurrenceMs);
  return taken;
}
