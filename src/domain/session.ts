import type { SoundPrefs } from './sound.ts';
import type { Language } from '../languages.ts';
import type { Sequence } from './catalog-schema.ts';
import type { Plan, Timeline, TimelineStep } from './timeline.ts';

/** What a host can do to a running session (the buttons under each post, and `/yin stop`). */
export const ACTIONS = ['pause', 'resume', 'skip', 'extend', 'stop'] as const;
export type Action = (typeof ACTIONS)[number];

/** Minutes per pose a session may be asked for (`hold:`). */
export const HOLD_MINUTES = { min: 1, max: 10 } as const;

/** Minutes a whole class may be asked for (`length:`, planned by class-length.ts). */
export const LENGTH_MINUTES = { min: 10, max: 120 } as const;

/**
 * A session's state is plain data, saved as it changes so a restarted bot can carry on. Every
 * transition is a pure function from (state, now) to a new state.
 */
export interface SessionState {
  id: string;
  guildId: string;
  channelId: string;
  hostId: string;
  /**
   * Who teaches it: a scheduled class's teacher (or that start's substitute), named on the
   * opening, and holding the controls until a hand-over. Unset: nobody named.
   */
  teacherId?: string | undefined;
  /** Whom the controls were handed over to mid-class (`/yin handover`). Unset: none yet. */
  leaderId?: string | undefined;
  sequenceId: string;
  holdMinutes: number;
  /** The minutes asked for with `length:` (the plan holds the class it was planned to). Unset: none asked. */
  lengthMinutes?: number | undefined;
  speed: number;
  /**
   * The class as it was when the session started (steps, roles, lengths). Absent in sessions saved
   * by versions before plans were kept: those resume on `legacyPlan`.
   */
  plan?: Plan | undefined;
  /**
   * A server's own sequence as it was when the session started (name, closing, reminder…): an
   * edit or a delete of it meanwhile doesn't touch a session already running. Built-in
   * sequences are read from the catalog and not copied.
   */
  sequence?: Sequence | undefined;
  /** The language of the session's posts and voice, chosen at its start. Unset (older sessions): English. */
  language?: Language | undefined;
  /**
   * The sound, chosen once at the start, part by part (what plays, the bell, the volume, the
   * interval bell): the session's own choice, else the server's (`sessionSound` in sound.ts
   * resolves it). Unset parts (older sessions, or nobody chose): the default.
   */
  sound?: SoundPrefs | undefined;
  /**
   * The `/yin start` interaction this session answers: its first post goes out as the edit of
   * that deferred answer instead of a post of its own (Discord doesn't count interaction answers
   * against the bot's global limit). Cleared once that post is out; past `expiresAt` the
   * interaction's token is dead and the post goes to the channel as usual.
   */
  reply?: InteractionReply | undefined;
  /**
   * A member practising a class again on their own (`/yin replay`, the closing's button): in a
   * private thread only they are in, or in their DM with the bot. Nothing about it is recorded.
   */
  private?: PrivateReplay | undefined;
  /** When the opening was due (epoch ms). */
  startedAt: number;
  /** Pauses and extensions push later steps out; skips pull them in. */
  shiftMs: number;
  pausedAt: number | null;
  /** Finished pauses, [from, to) in epoch ms: paused time is not practice time. Absent: none. */
  pauses?: Array<[number, number]>;
  /** Index of the last step posted, -1 before the opening. */
  posted: number;
  /** Set when the closing is posted or the session is ended. */
  endedAt: number | null;
  endReason: 'completed' | 'stopped' | null;
}

export interface InteractionReply {
  applicationId: string;
  /** A secret while it lives (15 minutes): never logged. */
  token: string;
  /** Epoch ms after which the token can't be used. */
  expiresAt: number;
}

export interface PrivateReplay {
  /** The member it is for (also its host). */
  ownerId: string;
  where: 'thread' | 'dm';
}

/** A private replay: no attendance, practice records, discoveries or "practised together". */
export const isPrivate = (s: Pick<SessionState, 'private'>): boolean => s.private !== undefined;

/** Whether the session's next post still goes out as the answer to its `/yin start`. */
export const answersInteraction = (s: Pick<SessionState, 'reply'>, now: number): boolean =>
  s.reply !== undefined && now < s.reply.expiresAt;

/** The language a session's posts and voice are in (English for sessions saved before languages). */
export const sessionLanguage = (s: Pick<SessionState, 'language'>): Language => s.language ?? 'en';

/**
 * The member who holds the session's controls: whom they were last handed over to, else its
 * teacher, else the member who started it. Undefined: a scheduled class with nobody named (its
 * organisers hold them).
 */
export function leaderOf(s: Pick<SessionState, 'hostId' | 'teacherId' | 'leaderId'>): string | undefined {
  return s.leaderId ?? s.teacherId ?? (s.hostId.startsWith('schedule:') ? undefined : s.hostId);
}

/** Passes the controls to another member (the hand-over); the one before loses them. */
export function handOver(s: SessionState, memberId: string): SessionState {
  return { ...s, leaderId: memberId };
}

export type NextAction =
  | { kind: 'post'; step: number; missed: number }
  | { kind: 'wait'; until: number }
  | { kind: 'paused' }
  | { kind: 'done' };

export function newSession(
  init: Omit<SessionState, 'shiftMs' | 'pausedAt' | 'posted' | 'endedAt' | 'endReason'>,
): SessionState {
  return { ...init, shiftMs: 0, pausedAt: null, posted: -1, endedAt: null, endReason: null };
}

export function dueAt(s: SessionState, t: Timeline, index: number): number | undefined {
  const step = t.steps[index];
  return step ? s.startedAt + step.offsetMs + s.shiftMs : undefined;
}

/**
 * The step whose time it is: the last one due by `now` (a paused session stands still), or -1
 * before the opening is due.
 */
export function currentStep(s: SessionState, t: Timeline, now: number): number {
  const at = s.pausedAt ?? now;
  let current = -1;
  for (const step of t.steps) if (s.startedAt + step.offsetMs + s.shiftMs <= at) current = step.index;
  return current;
}

/** When the step ends (when the next one is due), for the `<t:…:R>` countdown. */
export function endsAt(s: SessionState, t: Timeline, index: number): number | undefined {
  return dueAt(s, t, index + 1);
}

/**
 * What the runner should do now. After downtime several steps may be overdue: only the current
 * one is posted (a single catch-up post, `missed` says how many were passed over).
 */
export function nextAction(s: SessionState, t: Timeline, now: number): NextAction {
  if (s.endedAt !== null) return { kind: 'done' };
  const current = currentStep(s, t, now);
  if (current > s.posted) return { kind: 'post', step: current, missed: Math.max(0, current - s.posted - 1) };
  if (s.pausedAt !== null) return { kind: 'paused' };
  return { kind: 'wait', until: dueAt(s, t, s.posted + 1) ?? now };
}

/**
 * A post that stands in for `missed` steps passed over because the bot was away or behind: not
 * the closing a host's Stop brings forward, which passes over steps on purpose.
 */
export function isCatchUp(s: SessionState, t: Timeline, index: number, missed: number): boolean {
  return missed > 0 && !(index === t.steps.length - 1 && s.endReason === 'stopped');
}

export function markPosted(s: SessionState, t: Timeline, index: number, now: number): SessionState {
  const closing = t.steps.length - 1;
  const posted = Math.max(s.posted, index);
  // The interaction is answered by the first post, whichever step it was.
  const { reply: _answered, ...rest } = s;
  if (posted < closing) return { ...rest, posted };
  return { ...rest, posted, endedAt: s.endedAt ?? now, endReason: s.endReason ?? 'completed' };
}

export function pause(s: SessionState, now: number): SessionState {
  return s.pausedAt === null && s.endedAt === null ? { ...s, pausedAt: now } : s;
}

export function resume(s: SessionState, now: number): SessionState {
  if (s.pausedAt === null) return s;
  return {
    ...s,
    shiftMs: s.shiftMs + (now - s.pausedAt),
    pausedAt: null,
    pauses: [...(s.pauses ?? []), [s.pausedAt, now]],
  };
}

/** Makes the next step due now (resuming a paused session too). */
export function skip(s: SessionState, t: Timeline, now: number): SessionState {
  const running = resume(s, now);
  const next = dueAt(running, t, running.posted + 1);
  if (next === undefined || running.endedAt !== null) return running;
  return { ...running, shiftMs: running.shiftMs - Math.max(0, next - now) };
}

/** Adds practice minutes to the current hold (scaled by the session's speed). */
export function extend(s: SessionState, minutes = 1): SessionState {
  if (s.endedAt !== null) return s;
  return { ...s, shiftMs: s.shiftMs + Math.round((minutes * 60_000) / s.speed) };
}

/** Ends early: the closing becomes due now. */
export function stop(s: SessionState, t: Timeline, now: number): SessionState {
  if (s.endedAt !== null) return s;
  const running = resume(s, now);
  const closing = t.steps[t.steps.length - 1] as TimelineStep;
  return { ...running, shiftMs: now - running.startedAt - closing.offsetMs, endReason: 'stopped' };
}
