import { isPrivate, type SessionState } from '../domain/session.ts';
import type { Logger } from '../log.ts';
import type { Repos } from '../repos.ts';
import { scheduleIdOfHost } from '../schedule/around-starts.ts';
import { practisedMinutes } from './attendance.ts';
import { type ClassRecord, planOf } from './class-log.ts';

/**
 * What a server's class leaves at its end: each joined member's practice, and the class's one
 * record in the class log (who practised, how many minutes, and the plan it ran to), which
 * organisers' reports, the weekly total and `/yin replay` all read. A class nobody joined is
 * recorded too, with none practised: it is still the server's last class for `/yin replay`.
 * A private replay records nothing.
 */
export async function recordClassEnd(
  repos: Pick<Repos, 'attendance' | 'practice' | 'classLog'>,
  s: SessionState,
  endedAt: number,
  log: Logger,
): Promise<ClassRecord | undefined> {
  if (isPrivate(s)) return undefined;
  const joined = await repos.attendance.finish(s.id, endedAt);
  const attendees: { userId: string; minutes: number; first: boolean }[] = [];
  for (const a of joined) {
    const minutes = practisedMinutes({
      sessionStartedAt: s.startedAt,
      joinedAt: a.joinedAt,
      endedAt,
      speed: s.speed,
      pauses: s.pauses,
    });
    attendees.push({ userId: a.userId, minutes, first: await firstHere(repos, a.userId, s) });
    await repos.practice.record(a.userId, {
      sessionId: s.id,
      sequenceId: s.sequenceId,
      guildId: s.guildId,
      startedAt: s.startedAt,
      minutes,
    });
  }
  if (joined.length)
    log.info({ event: 'practice.recorded', session: s.id, members: joined.length }, 'practice recorded');
  return repos.classLog.record(
    {
      sessionId: s.id,
      guildId: s.guildId,
      channelId: s.channelId,
      sequenceId: s.sequenceId,
      scheduleId: scheduleIdOfHost(s.hostId),
      startedAt: s.startedAt,
      endedAt,
      practised: attendees.length,
      minutes: attendees.reduce((sum, a) => sum + a.minutes, 0),
      ...planOf(s),
    },
    attendees,
  );
}

/** No practice of theirs in this server before this class, as far as yin's records go. */
async function firstHere(repos: Pick<Repos, 'practice'>, userId: string, s: SessionState): Promise<boolean> {
  const before = await repos.practice.list(userId);
  return !before.some((r) => r.guildId === s.guildId && r.sessionId !== s.id && r.startedAt < s.startedAt);
}
