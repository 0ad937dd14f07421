import type { Clock } from '../domain/clock.ts';
import { InputError } from '../domain/input-error.ts';
import type { Logger } from '../log.ts';
import { nextOccurrences } from './next.ts';
import type { SchedulesPort } from './ports.ts';
import type { Schedule } from './schedule.ts';
import {
  counts,
  dmReminderAt,
  drop,
  fill,
  join,
  remindByDm,
  roster,
  type Counts,
  type JoinOutcome,
  type Roster,
  type Signup,
} from './signups.ts';
import type { SignupsRepo, StartRef } from './signups-repo.ts';

/*
 * Sign-up use cases over ports: the buttons and Discord's Interested both come here. Each
 * change to a start's sign-ups is decided by the pure functions in signups.ts under the start's
 * lock (SignupsRepo.change), so nothing is half-saved and the class is never overfilled.
 */

/** What the bot DMs a member about a start. */
export type DmKind = 'confirm' | 'reminder' | 'promoted';

/** Direct messages; the adapter renders them in the member's language (else the schedule's). */
export interface DmPort {
  /** 'closed' when the member's DMs are closed to the bot (Discord's 50007): nothing fails. */
  send(
    userId: string,
    kind: DmKind,
    s: Schedule,
    occurrenceMs: number,
    locale: string | undefined,
  ): Promise<'sent' | 'closed'>;
}

export interface SignupDeps {
  schedules: Pick<SchedulesPort, 'get' | 'list' | 'update'>;
  signups: SignupsRepo;
  dms: DmPort;
  clock: Clock;
  log: Logger;
  /** Arms the DM reminders of a start (dm-reminders.ts); called when someone asks for one. */
  armDms(s: Schedule, occurrenceMs: number): void;
}

/** How far ahead a start may be signed up for: its event is for the next one, the buttons for one of these. */
const STARTS_AHEAD = 8;

/** The schedule and start a button names, or an InputError the member can read. */
export async function openStart(d: SignupDeps, r: StartRef): Promise<Schedule> {
  const s = await d.schedules.get(r.guildId, r.scheduleId);
  if (!s) throw new InputError('signup.scheduleGone');
  if (r.occurrenceMs <= d.clock.now()) throw new InputError('signup.started');
  if (s.paused) throw new InputError('signup.paused', { id: s.id });
  if (!nextOccurrences(s.rule, d.clock.now(), STARTS_AHEAD).includes(r.occurrenceMs))
    throw new InputError('signup.noSuchStart');
  return s;
}

export interface SignedUp {
  outcome: JoinOutcome;
  counts: Counts;
}

/** "Sign up": going, or the waitlist when full. A double sign-up is an InputError (a private answer). */
export async function signUp(d: SignupDeps, r: StartRef, userId: string, locale?: string): Promise<SignedUp> {
  const s = await openStart(d, r);
  return d.signups.change(r, (entries) => {
    const { outcome, change } = join(entries, userId, s.capacity, d.clock.now(), 'button', locale);
    if (outcome.kind === 'already-going') throw new InputError('signup.alreadyGoing');
    if (outcome.kind === 'already-waitlist')
      throw new InputError('signup.alreadyWaitlisted', { position: outcome.position });
    return { saved: change.saved, result: { outcome, counts: counts(merge(entries, change.saved), s.capacity) } };
  });
}

export interface Dropped {
  was: Signup['state'] | undefined;
  counts: Counts;
  promoted: string[];
}

/** "Can't come": the answer is kept; a place they held goes to the first on the waitlist, who is told by DM. */
export async function cantCome(d: SignupDeps, r: StartRef, userId: string): Promise<Dropped> {
  const s = await openStart(d, r);
  const dropped = await dropAndCount(d, s, r, userId);
  await tellPromoted(d, s, r, dropped.promoted);
  return dropped;
}

async function dropAndCount(d: SignupDeps, s: Schedule, r: StartRef, userId: string): Promise<Dropped> {
  return d.signups.change(r, (entries) => {
    const { was, change } = drop(entries, userId, s.capacity, d.clock.now());
    const after = merge(entries, change.saved);
    return { saved: change.saved, result: { was, counts: counts(after, s.capacity), promoted: change.promoted } };
  });
}

/** The promoted hear of it by DM; closed DMs are fine (they see it on the next post and in the roster). */
async function tellPromoted(d: SignupDeps, s: Schedule, r: StartRef, promoted: readonly string[]): Promise<void> {
  if (promoted.length === 0) return;
  const entries = await d.signups.list(r);
  for (const userId of promoted) {
    const locale = entries.find((e) => e.userId === userId)?.locale;
    await d.dms
      .send(userId, 'promoted', s, r.occurrenceMs, locale)
      .catch((err: unknown) => d.log.warn({ scheduleId: s.id, err }, 'could not tell a member they moved up'));
  }
}

export type DmChoice =
  | { status: 'on'; sendsAt: number }
  | { status: 'sent' }
  | { status: 'off' }
  | { status: 'closed' };

/**
 * "Remind me by DM": a confirmation DM goes at once, which shows the member's DMs are open; if
 * they are closed nothing is saved and the answer says so. Asked when the reminder time has
 * come already, the reminder itself goes at once instead ('sent'), and nothing is kept.
 */
export async function setDmReminder(
  d: SignupDeps,
  r: StartRef,
  userId: string,
  on: boolean,
  locale?: string,
): Promise<DmChoice> {
  const s = await openStart(d, r);
  const entries = await d.signups.list(r);
  if (!remindByDm(entries, userId, on)) throw new InputError('signup.remindNeedsSignup');
  const sendsAt = dmReminderAt(r.occurrenceMs, s.remindMinutes);
  const now = sendsAt <= d.clock.now();
  if (on) {
    const sent = await d.dms.send(userId, now ? 'reminder' : 'confirm', s, r.occurrenceMs, locale);
    if (sent === 'closed') return { status: 'closed' };
    if (now) return { status: 'sent' };
  }
  await d.signups.change(r, (latest) => {
    const changed = remindByDm(latest, userId, on);
    // Dropped in between: nothing to save.
    return { saved: changed ? [{ ...changed, ...(locale ? { locale } : {}) }] : [], result: undefined };
  });
  if (!on) return { status: 'off' };
  d.armDms(s, r.occurrenceMs);
  return { status: 'on', sendsAt };
}

/** The schedule whose event this is, and the start it announces. */
async function startOfEvent(
  d: SignupDeps,
  guildId: string,
  eventId: string,
): Promise<{ s: Schedule; r: StartRef } | undefined> {
  const s = (await d.schedules.list(guildId)).find((x) => x.eventId === eventId);
  if (!s || s.eventFor === undefined || s.eventFor <= d.clock.now()) return undefined;
  return { s, r: { guildId, scheduleId: s.id, occurrenceMs: s.eventFor } };
}

/** Discord's Interested on a schedule's event (GUILD_SCHEDULED_EVENT_USER_ADD) signs the member up, or waitlists them. */
export async function interestedAdded(d: SignupDeps, guildId: string, eventId: string, userId: string): Promise<void> {
  const found = await startOfEvent(d, guildId, eventId);
  if (!found) return;
  const { s, r } = found;
  await d.signups.change(r, (entries) => {
    const { change } = join(entries, userId, s.capacity, d.clock.now(), 'interested');
    return { saved: change.saved, result: undefined };
  });
}

/** Removing Interested (…_USER_REMOVE) drops them, as "Can't come" does; the waitlist moves up. */
export async function interestedRemoved(
  d: SignupDeps,
  guildId: string,
  eventId: string,
  userId: string,
): Promise<void> {
  const found = await startOfEvent(d, guildId, eventId);
  if (!found) return;
  const entries = await d.signups.list(found.r);
  const mine = entries.find((e) => e.userId === userId);
  if (mine?.state !== 'going' && mine?.state !== 'waitlist') return;
  const dropped = await dropAndCount(d, found.s, found.r, userId);
  await tellPromoted(d, found.s, found.r, dropped.promoted);
}

/**
 * Members marked Interested whom the bot hasn't heard of (marked while it was away) are signed
 * up too; one who said "Can't come" keeps that answer. Run before the reminder shows counts.
 */
export async function catchUpInterested(
  d: SignupDeps,
  s: Schedule,
  occurrenceMs: number,
  interested: readonly string[],
): Promise<void> {
  const r = { guildId: s.guildId, scheduleId: s.id, occurrenceMs };
  await d.signups.change(r, (entries) => {
    let all = entries;
    const saved: Signup[] = [];
    for (const userId of interested) {
      if (all.some((e) => e.userId === userId)) continue;
      const { change } = join(all, userId, s.capacity, d.clock.now(), 'interested');
      saved.push(...change.saved);
      all = merge(all, change.saved);
    }
    return { saved, result: undefined };
  });
}

/** The public counts of a start ("7 going · 2 on the waitlist · 10 places"). */
export async function startCounts(d: SignupDeps, s: Schedule, occurrenceMs: number): Promise<Counts> {
  return counts(await d.signups.list({ guildId: s.guildId, scheduleId: s.id, occurrenceMs }), s.capacity);
}

/** Who may see a start's roster: organisers (Manage Events), and the schedule's host. */
export function mayReadRoster(s: Schedule, userId: string, organiser: boolean): boolean {
  return organiser || hostsOf(s).includes(userId);
}

/** The schedule's hosts: the organiser who added it, its teacher and a substitute still to teach. */
export function hostsOf(s: Schedule): string[] {
  return [s.createdBy, ...(s.teacherId ? [s.teacherId] : []), ...(s.substitute ? [s.substitute.userId] : [])];
}

/** The roster, for a host or organiser only (else an InputError). */
export async function readRoster(
  d: SignupDeps,
  r: StartRef,
  userId: string,
  organiser: boolean,
): Promise<{ schedule: Schedule; roster: Roster; counts: Counts }> {
  const s = await d.schedules.get(r.guildId, r.scheduleId);
  if (!s) throw new InputError('signup.scheduleGone');
  if (!mayReadRoster(s, userId, organiser)) throw new InputError('signup.rosterHostsOnly');
  const entries = await d.signups.list(r);
  return { schedule: s, roster: roster(entries), counts: counts(entries, s.capacity) };
}

/**
 * `/yin schedule capacity`: the places per class (0 or undefined: no limit). More places move
 * the waitlist of the next start up at once (told by DM); fewer keep everyone already going.
 */
export async function changeCapacity(
  d: SignupDeps,
  guildId: string,
  id: string,
  places: number | undefined,
): Promise<{ schedule: Schedule; promoted: string[]; next: number | undefined }> {
  const s = await d.schedules.get(guildId, id);
  if (!s) throw new InputError('schedule.unknown', { id });
  const saved = await d.schedules.update(guildId, id, { capacity: places || undefined });
  if (!saved) throw new InputError('schedule.justRemoved');
  const next = s.paused ? undefined : nextOccurrences(saved.rule, d.clock.now(), 1)[0];
  if (next === undefined) return { schedule: saved, promoted: [], next };
  const r = { guildId, scheduleId: id, occurrenceMs: next };
  const moved = await d.signups.change(r, (entries) => {
    const up = fill(entries, saved.capacity, d.clock.now());
    return { saved: up, result: up.map((e) => e.userId) };
  });
  await tellPromoted(d, saved, r, moved);
  return { schedule: saved, promoted: moved, next };
}

function merge(entries: readonly Signup[], saved: readonly Signup[]): Signup[] {
  const ids = new Set(saved.map((e) => e.userId));
  return [...entries.filter((e) => !ids.has(e.userId)), ...saved];
}
