import { z } from 'zod';

/*
 * Sign-ups for one start (occurrence) of a schedule, as pure functions over the list of who
 * answered. A member is going, on the waitlist, or can't come; `seq` is the order they joined
 * in, so the waitlist moves up first-come first-served. The store (signups-repo.ts) runs these
 * under a lock per occurrence, so two clicks at once can never overfill the class.
 */

export const SIGNUP_STATES = ['going', 'waitlist', 'cant'] as const;
export type SignupState = (typeof SIGNUP_STATES)[number];

export const SignupSchema = z.object({
  v: z.literal(1),
  userId: z.string().min(1),
  state: z.enum(SIGNUP_STATES),
  /** Order of joining (going or waitlist); the waitlist moves up in this order. */
  seq: z.number().int().nonnegative(),
  /** When the member last changed their answer (epoch ms). */
  at: z.number().int(),
  /** How they signed up: the button, or Discord's Interested on the schedule's event. */
  via: z.enum(['button', 'interested']),
  /** They asked for one reminder by DM before the start. */
  remind: z.boolean().optional(),
  /** Their Discord language when they last clicked, for what the bot DMs them. */
  locale: z.string().max(10).optional(),
});
export type Signup = z.infer<typeof SignupSchema>;

export interface Counts {
  going: number;
  waitlist: number;
  /** The schedule's capacity; undefined: unlimited. */
  places: number | undefined;
}

export interface Roster {
  going: Signup[];
  waitlist: Signup[];
  cant: Signup[];
}

const bySeq = (a: Signup, b: Signup) => a.seq - b.seq;

export function roster(entries: readonly Signup[]): Roster {
  const sorted = [...entries].sort(bySeq);
  return {
    going: sorted.filter((e) => e.state === 'going'),
    waitlist: sorted.filter((e) => e.state === 'waitlist'),
    cant: sorted.filter((e) => e.state === 'cant'),
  };
}

export function counts(entries: readonly Signup[], capacity: number | undefined): Counts {
  const r = roster(entries);
  return { going: r.going.length, waitlist: r.waitlist.length, places: capacity };
}

/** What a sign-up did: the member's new state and (waitlist) their place in line, 1-based. */
export type JoinOutcome =
  | { kind: 'going' }
  | { kind: 'waitlist'; position: number }
  | { kind: 'already-going' }
  | { kind: 'already-waitlist'; position: number };

export interface Change {
  /** The records to save (the member's, and anyone promoted). */
  saved: Signup[];
  /** Members moved from the waitlist to going, in order. */
  promoted: string[];
}

const nextSeq = (entries: readonly Signup[]) => entries.reduce((m, e) => Math.max(m, e.seq + 1), 0);
const isIn = (e: Signup | undefined) => e?.state === 'going' || e?.state === 'waitlist';

function waitlistPosition(entries: readonly Signup[], userId: string): number {
  return roster(entries).waitlist.findIndex((e) => e.userId === userId) + 1;
}

/**
 * Signs `userId` up: going while there is room (`capacity` undefined = unlimited), else onto
 * the end of the waitlist. Someone already going or waitlisted changes nothing (`already-…`).
 */
export function join(
  entries: readonly Signup[],
  userId: string,
  capacity: number | undefined,
  now: number,
  via: Signup['via'],
  locale?: string | undefined,
): { outcome: JoinOutcome; change: Change } {
  const mine = entries.find((e) => e.userId === userId);
  const none: Change = { saved: [], promoted: [] };
  if (mine?.state === 'going') return { outcome: { kind: 'already-going' }, change: none };
  if (mine?.state === 'waitlist')
    return { outcome: { kind: 'already-waitlist', position: waitlistPosition(entries, userId) }, change: none };
  const going = roster(entries).going.length;
  const room = capacity === undefined || going < capacity;
  // Someone still waiting keeps their place: a newcomer never jumps the line.
  const waiting = roster(entries).waitlist.length > 0;
  const state = room && !waiting ? 'going' : 'waitlist';
  const record: Signup = {
    v: 1,
    userId,
    state,
    seq: nextSeq(entries),
    at: now,
    via,
    ...(locale ? { locale } : mine?.locale ? { locale: mine.locale } : {}),
  };
  const after = [...entries.filter((e) => e.userId !== userId), record];
  const outcome: JoinOutcome =
    state === 'going' ? { kind: 'going' } : { kind: 'waitlist', position: waitlistPosition(after, userId) };
  return { outcome, change: { saved: [record], promoted: [] } };
}

/**
 * `userId` can't come: their answer is kept as "can't come" (without the DM reminder), and if
 * they held a place the first on the waitlist moves up. `was` says what they had been.
 */
export function drop(
  entries: readonly Signup[],
  userId: string,
  capacity: number | undefined,
  now: number,
): { was: SignupState | undefined; change: Change } {
  const mine = entries.find((e) => e.userId === userId);
  if (mine?.state === 'cant') return { was: 'cant', change: { saved: [], promoted: [] } };
  const record: Signup = {
    v: 1,
    userId,
    state: 'cant',
    seq: mine?.seq ?? nextSeq(entries),
    at: now,
    via: mine?.via ?? 'button',
    ...(mine?.locale ? { locale: mine.locale } : {}),
  };
  const after = [...entries.filter((e) => e.userId !== userId), record];
  const moved = fill(after, capacity, now);
  return { was: mine?.state, change: { saved: [record, ...moved], promoted: moved.map((e) => e.userId) } };
}

/** Moves the waitlist up, in order, while there is room: the records that changed. */
export function fill(entries: readonly Signup[], capacity: number | undefined, now: number): Signup[] {
  const r = roster(entries);
  const room = capacity === undefined ? r.waitlist.length : Math.max(0, capacity - r.going.length);
  return r.waitlist.slice(0, room).map((e) => ({ ...e, state: 'going' as const, at: now }));
}

/** Turns the DM reminder on or off; only for a member going or waitlisted (else undefined). */
export function remindByDm(entries: readonly Signup[], userId: string, on: boolean): Signup | undefined {
  const mine = entries.find((e) => e.userId === userId);
  if (!mine || !isIn(mine)) return undefined;
  const { remind: _old, ...rest } = mine;
  return on ? { ...rest, remind: true } : rest;
}

/** Minutes before the start the DM reminder goes, for a schedule without a reminder of its own. */
export const DM_REMIND_DEFAULT_MINUTES = 30;

/** When a start's DM reminders go: with the schedule's reminder, else 30 minutes before. */
export function dmReminderAt(occurrenceMs: number, remindMinutes: number | undefined): number {
  return occurrenceMs - (remindMinutes || DM_REMIND_DEFAULT_MINUTES) * 60_000;
}
/**
 * Who signed up for one start of a schedule, as the attendance report needs it (no-shows are
 * the signed-up who did not practise). Sign-ups are kept elsewhere; this is the narrow port the
 * report reads them through. `undefined`: not known for that start (no sign-up store, or none
 * kept that far back), and the report then says nothing about no-shows.
 */
export interface SignupLookup {
  going(guildId: string, scheduleId: string, occurrenceMs: number): Promise<readonly string[] | undefined>;
}
