import type { Note } from './note.ts';
import type { PracticeRecord } from './practice-repo.ts';

export type PracticeStats = {
  sessions: number;
  minutes: number;
  /** Consecutive ISO weeks with practice, ending this week or last week; else 0. */
  currentWeeklyStreak: number;
  longestWeeklyStreak: number;
  lastPractice?: number | undefined;
  /** The pose with the most notes; a tie goes to the pose noted most recently. */
  favouritePoseId?: string | undefined;
};

type StatsRecord = Pick<PracticeRecord, 'startedAt' | 'minutes'>;
type StatsNote = Pick<Note, 'poseId' | 'createdAt'>;

/**
 * A member's practice summary. Pure: `now` and the time zone are passed in. Weeks are ISO
 * weeks (Monday to Sunday) of the member's calendar in `timeZone`, so a Sunday-evening class
 * in New York counts for that week, not the next. An unknown time zone throws a RangeError.
 */
export function practiceStats(
  records: readonly StatsRecord[],
  notes: readonly StatsNote[],
  now: number,
  timeZone = 'UTC',
): PracticeStats {
  const weekOf = weekIndexIn(timeZone);
  const weeks = [...new Set(records.map((r) => weekOf(r.startedAt)))].sort((a, b) => a - b);
  const thisWeek = weekOf(now);

  let longest = 0;
  let run = 0;
  let current = 0;
  weeks.forEach((week, i) => {
    run = i > 0 && weeks[i - 1] === week - 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    // Last week still counts, so the streak doesn't break on Monday morning before class.
    if (week === thisWeek || week === thisWeek - 1) current = run;
  });

  const stats: PracticeStats = {
    sessions: records.length,
    minutes: records.reduce((sum, r) => sum + r.minutes, 0),
    currentWeeklyStreak: current,
    longestWeeklyStreak: longest,
  };
  if (records.length > 0) stats.lastPractice = records.reduce((latest, r) => Math.max(latest, r.startedAt), -Infinity);
  const favourite = favouritePose(notes);
  if (favourite !== undefined) stats.favouritePoseId = favourite;
  return stats;
}

function favouritePose(notes: readonly StatsNote[]): string | undefined {
  const byPose = new Map<string, { count: number; latest: number }>();
  for (const note of notes) {
    if (note.poseId === undefined) continue;
    const seen = byPose.get(note.poseId) ?? { count: 0, latest: -Infinity };
    byPose.set(note.poseId, { count: seen.count + 1, latest: Math.max(seen.latest, note.createdAt) });
  }
  let best: { poseId: string; count: number; latest: number } | undefined;
  for (const [poseId, { count, latest }] of byPose) {
    if (!best || count > best.count || (count === best.count && latest > best.latest)) best = { poseId, count, latest };
  }
  return best?.poseId;
}

/**
 * Maps an instant to a number that goes up by one per ISO week of the local calendar, so
 * consecutive weeks are consecutive integers across year ends (ISO week 52/53 → week 1).
 */
function weekIndexIn(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
    const day = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / 86_400_000;
    // Day 0 (1970-01-01) was a Thursday: +3 makes weeks start on Monday.
    return Math.floor((day + 3) / 7);
  };
}
