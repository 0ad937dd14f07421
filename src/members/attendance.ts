import { z } from 'zod';

const MINUTE = 60_000;
/** A note added up to an hour after a session the member joined is tagged with that session. */
export const TAG_WINDOW_MS = 60 * MINUTE;

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/);

/** One member in one session, kept in the member's own namespace (`attendance:<userId>`). */
export const attendanceSchema = z.object({
  v: z.literal(1),
  userId: id,
  sessionId: id,
  guildId: z.string().min(1),
  channelId: z.string().min(1),
  sequenceId: z.string().min(1),
  /** When the session's opening was due. */
  sessionStartedAt: z.number().int().nonnegative(),
  joinedAt: z.number().int().nonnegative(),
  endedAt: z.number().int().nonnegative().optional(),
});

export type Attendance = z.infer<typeof attendanceSchema>;

/** The session side: who joined (`attendees:<sessionId>`), read when the session ends. */
export const attendeeSchema = z.object({ v: z.literal(1), userId: id, joinedAt: z.number().int().nonnegative() });
export type Attendee = z.infer<typeof attendeeSchema>;

/**
 * Practice minutes for a member: only the time they were joined, from joining (or the start,
 * if they were there first) to the end, less the session's pauses in that time. Real ms are
 * scaled by the session's speed, so a test session at speed 600 still counts its 28 minutes.
 */
export function practisedMinutes(o: {
  sessionStartedAt: number;
  joinedAt: number;
  endedAt: number;
  speed: number;
  pauses?: readonly (readonly [number, number])[] | undefined;
}): number {
  const from = Math.max(o.sessionStartedAt, o.joinedAt);
  const overlap = (p: readonly [number, number]) => Math.max(0, Math.min(p[1], o.endedAt) - Math.max(p[0], from));
  const paused = (o.pauses ?? []).reduce((sum, p) => sum + overlap(p), 0);
  const minutes = (Math.max(0, o.endedAt - from - paused) * o.speed) / MINUTE;
  return Math.min(24 * 60, Math.round(minutes * 10) / 10);
}

/**
 * The session a note written now belongs to: the most recently joined one that is still running
 * or ended within the last hour.
 */
export function sessionToTag(
  records: readonly Attendance[],
  now: number,
  isLive: (record: Attendance) => boolean,
): Attendance | undefined {
  return records
    .filter((r) => r.joinedAt <= now && (r.endedAt === undefined ? isLive(r) : now - r.endedAt <= TAG_WINDOW_MS))
    .sort((a, b) => b.joinedAt - a.joinedAt)[0];
}
