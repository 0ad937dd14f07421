import type { ScheduleDeps } from './ports.ts';
import type { Schedule } from './schedule.ts';

/*
 * Who teaches a schedule's start: its substitute for that start, else its teacher. Read at the
 * reminder, the start and for the event; a teacher who left the server by the start is passed
 * over (the class still runs, its organisers holding the controls as for a schedule without one).
 */

/** The member named to teach the start at `occurrenceMs`, if any (not checked against the server). */
export function teacherFor(s: Pick<Schedule, 'teacherId' | 'substitute'>, occurrenceMs: number): string | undefined {
  return s.substitute?.for === occurrenceMs ? s.substitute.userId : s.teacherId;
}

/** Who teaches the start, if still a member of the server; a teacher who left is logged and passed over. */
export async function teacherAtStart(
  d: Pick<ScheduleDeps, 'members' | 'log'>,
  s: Schedule,
  occurrenceMs: number,
): Promise<string | undefined> {
  const teacher = teacherFor(s, occurrenceMs);
  if (teacher === undefined) return undefined;
  const name = await d.members.displayName(s.guildId, teacher).catch((err: unknown) => {
    // Discord not answering is no reason to take the controls from the teacher.
    d.log.warn({ scheduleId: s.id, err }, 'could not check the teacher; keeping them');
    return '';
  });
  if (name !== undefined) return teacher;
  d.log.warn({ scheduleId: s.id, teacher }, 'the teacher is no longer a member; organisers hold the controls');
  return undefined;
}

/**
 * At the start: a substitute request nobody took is closed (under the schedule's lock, so a
 * take racing it either wins first or finds it closed), and who asked is told. Returns the
 * schedule as it now is.
 */
export async function closeUntakenRequest(d: ScheduleDeps, s: Schedule, occurrenceMs: number): Promise<Schedule> {
  const closed = await d.lock.run(s.id, async () => {
    const fresh = (await d.repo.get(s.guildId, s.id)) ?? s;
    const request = fresh.subRequest;
    if (request?.for !== occurrenceMs) return { schedule: fresh, request: undefined };
    const saved = await d.repo.update(s.guildId, s.id, { subRequest: undefined });
    return { schedule: saved ?? fresh, request };
  });
  if (closed.request) {
    await d.notices
      .substituteUntaken(closed.schedule, closed.request)
      .catch((err: unknown) => d.log.warn({ scheduleId: s.id, err }, 'could not close the substitute request post'));
  }
  return closed.schedule;
}
