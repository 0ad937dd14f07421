import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { InputError } from '../../src/domain/input-error.ts';
import { silentLogger } from '../../src/log.ts';
import { nextOccurrences } from '../../src/schedule/next.ts';
import type { Schedule } from '../../src/schedule/schedule.ts';
import {
  cantCome,
  catchUpInterested,
  changeCapacity,
  interestedAdded,
  interestedRemoved,
  readRoster,
  setDmReminder,
  signUp,
  type DmKind,
  type SignupDeps,
} from '../../src/schedule/signup-verbs.ts';
import { counts, dmReminderAt, drop, join, roster, type Signup } from '../../src/schedule/signups.ts';
import { SignupsRepo } from '../../src/schedule/signups-repo.ts';
import { DmReminders } from '../../src/schedule/dm-reminders.ts';
import { openStore } from '../../src/store/open-store.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0); // Tuesday noon UTC
const MIN = 60_000;

/** Joins each member in turn, as the store would (each answer saved before the next). */
function joined(ids: string[], capacity: number | undefined): Signup[] {
  let all: Signup[] = [];
  for (const [i, id] of ids.entries()) {
    const { change } = join(all, id, capacity, NOW + i, 'button');
    all = [...all.filter((e) => !change.saved.some((s) => s.userId === e.userId)), ...change.saved];
  }
  return all;
}

describe('sign-ups, pure', () => {
  it('GIVEN capacity 2 and four members THEN two go and two wait, in the order they came', () => {
    const all = joined(['a', 'b', 'c', 'd'], 2);
    const r = roster(all);
    expect(r.going.map((e) => e.userId)).toEqual(['a', 'b']);
    expect(r.waitlist.map((e) => e.userId)).toEqual(['c', 'd']);
    expect(counts(all, 2)).toEqual({ going: 2, waitlist: 2, places: 2 });
  });

  it('GIVEN no capacity THEN everyone goes', () => {
    expect(counts(joined(['a', 'b', 'c'], undefined), undefined)).toEqual({ going: 3, waitlist: 0, places: undefined });
  });

  it('GIVEN a full class THEN a newcomer learns their place on the waitlist', () => {
    const { outcome } = join(joined(['a', 'b', 'c'], 2), 'd', 2, NOW, 'button');
    expect(outcome).toEqual({ kind: 'waitlist', position: 2 });
  });

  it('GIVEN a member already going or waitlisted THEN signing up again changes nothing and says so', () => {
    const all = joined(['a', 'b', 'c'], 2);
    expect(join(all, 'a', 2, NOW, 'button')).toEqual({
      outcome: { kind: 'already-going' },
      change: { saved: [], promoted: [] },
    });
    expect(join(all, 'c', 2, NOW, 'button').outcome).toEqual({ kind: 'already-waitlist', position: 1 });
  });

  it('GIVEN a going member drops THEN the first on the waitlist moves up, and only they', () => {
    const all = joined(['a', 'b', 'c', 'd'], 2);
    const { was, change } = drop(all, 'a', 2, NOW + MIN);
    expect(was).toBe('going');
    expect(change.promoted).toEqual(['c']);
    expect(change.saved.map((e) => [e.userId, e.state])).toEqual([
      ['a', 'cant'],
      ['c', 'going'],
    ]);
  });

  it('GIVEN a waitlisted member drops THEN nobody moves up', () => {
    const { was, change } = drop(joined(['a', 'b', 'c', 'd'], 2), 'c', 2, NOW);
    expect(was).toBe('waitlist');
    expect(change.promoted).toEqual([]);
  });

  it('GIVEN a member who never signed up says they can’t come THEN it is noted, and nobody moves', () => {
    const { was, change } = drop(joined(['a', 'b', 'c'], 2), 'z', 2, NOW);
    expect(was).toBeUndefined();
    expect(change.saved.map((e) => [e.userId, e.state])).toEqual([['z', 'cant']]);
    expect(change.promoted).toEqual([]);
  });

  it('GIVEN a member who dropped signs up again THEN they go to the end of the line', () => {
    let all = joined(['a', 'b', 'c'], 2);
    const dropped = drop(all, 'a', 2, NOW);
    all = [...all.filter((e) => !['a', 'c'].includes(e.userId)), ...dropped.change.saved];
    expect(join(all, 'a', 2, NOW, 'button').outcome).toEqual({ kind: 'waitlist', position: 1 });
  });

  it('GIVEN no reminder of its own THEN the DM goes 30 minutes before; else with the schedule’s reminder', () => {
    expect(dmReminderAt(NOW, undefined)).toBe(NOW - 30 * MIN);
    expect(dmReminderAt(NOW, 10)).toBe(NOW - 10 * MIN);
  });
});

// ---- the use cases over a real (SQLite) store ----

const GUILD = '1110000000000000000';
const schedule = (o: Partial<Schedule> = {}): Schedule => ({
  id: 'abc123',
  guildId: GUILD,
  channelId: '1110000000000000101',
  sequenceId: 'back',
  rule: { cron: '0 19 * * 2', timezone: 'Europe/Berlin' },
  createdBy: 'host',
  paused: false,
  capacity: 2,
  ...o,
});

function world(s: Schedule, closed: string[] = []) {
  const clock = new ManualClock(NOW);
  const store = openStore('sqlite::memory:');
  const signups = new SignupsRepo(store, () => clock.now());
  const dms: { userId: string; kind: DmKind }[] = [];
  const schedules = new Map([[s.id, s]]);
  const d: SignupDeps = {
    schedules: {
      get: async (_g, id) => schedules.get(id),
      list: async () => [...schedules.values()],
      update: async (_g, id, patch) => {
        const s = schedules.get(id);
        if (!s) return undefined;
        const next = { ...s, ...patch } as Schedule;
        schedules.set(id, next);
        return next;
      },
    },
    signups,
    clock,
    log: silentLogger,
    dms: {
      async send(userId, kind) {
        if (closed.includes(userId)) return 'closed';
        dms.push({ userId, kind });
        return 'sent';
      },
    },
    armDms: (sch, occ) => reminders.arm(sch, occ),
  };
  const reminders = new DmReminders(d);
  const occ = nextOccurrences(s.rule, NOW, 1)[0]!;
  const ref = { guildId: GUILD, scheduleId: s.id, occurrenceMs: occ };
  return { d, clock, store, dms, ref, occ, schedules, reminders };
}

const errorKey = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: unknown) => (e instanceof InputError ? e.key : String(e)),
  );

describe('sign-up use cases', () => {
  it('GIVEN capacity 2 THEN sign up until full, the third waits, a drop promotes them and tells them by DM', async () => {
    const w = world(schedule());
    expect((await signUp(w.d, w.ref, 'a')).outcome).toEqual({ kind: 'going' });
    expect((await signUp(w.d, w.ref, 'b')).counts).toEqual({ going: 2, waitlist: 0, places: 2 });
    const third = await signUp(w.d, w.ref, 'c');
    expect(third.outcome).toEqual({ kind: 'waitlist', position: 1 });
    expect(third.counts).toEqual({ going: 2, waitlist: 1, places: 2 });
    const dropped = await cantCome(w.d, w.ref, 'a');
    expect(dropped.promoted).toEqual(['c']);
    expect(dropped.counts).toEqual({ going: 2, waitlist: 0, places: 2 });
    expect(w.dms).toEqual([{ userId: 'c', kind: 'promoted' }]);
    expect(await w.d.signups.going(GUILD, 'abc123', w.occ)).toEqual(['b', 'c']);
  });

  it('GIVEN a double sign-up THEN a clear InputError and nothing changes', async () => {
    const w = world(schedule());
    await signUp(w.d, w.ref, 'a');
    await signUp(w.d, w.ref, 'b');
    await signUp(w.d, w.ref, 'c');
    const before = await w.d.signups.list(w.ref);
    expect(await errorKey(signUp(w.d, w.ref, 'a'))).toBe('signup.alreadyGoing');
    expect(await errorKey(signUp(w.d, w.ref, 'c'))).toBe('signup.alreadyWaitlisted');
    expect(await w.d.signups.list(w.ref)).toEqual(before);
  });

  it('GIVEN ten members clicking at once for 3 places THEN exactly 3 go and 7 wait, in click order', async () => {
    const w = world(schedule({ capacity: 3 }));
    const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const results = await Promise.all(ids.map((id) => signUp(w.d, w.ref, id)));
    expect(results.filter((r) => r.outcome.kind === 'going')).toHaveLength(3);
    const r = roster(await w.d.signups.list(w.ref));
    expect(r.going.map((e) => e.userId)).toEqual(['m0', 'm1', 'm2']);
    expect(r.waitlist.map((e) => e.userId)).toEqual(ids.slice(3));
  });

  it('GIVEN a start that passed, a paused schedule or a made-up start THEN a clear answer and nothing saved', async () => {
    const w = world(schedule());
    expect(await errorKey(signUp(w.d, { ...w.ref, occurrenceMs: NOW - MIN }, 'a'))).toBe('signup.started');
    expect(await errorKey(signUp(w.d, { ...w.ref, occurrenceMs: w.occ + 7 * MIN }, 'a'))).toBe('signup.noSuchStart');
    expect(await errorKey(signUp(w.d, { ...w.ref, scheduleId: 'gone' }, 'a'))).toBe('signup.scheduleGone');
    w.schedules.set('abc123', schedule({ paused: true }));
    expect(await errorKey(signUp(w.d, w.ref, 'a'))).toBe('signup.paused');
    expect(await w.d.signups.list(w.ref)).toEqual([]);
  });

  it('GIVEN Interested added and removed on the schedule’s event THEN the member is signed up, then dropped', async () => {
    const w = world(schedule({ eventId: 'ev1', eventFor: nextOccurrences(schedule().rule, NOW, 1)[0]! }));
    await signUp(w.d, w.ref, 'a');
    await signUp(w.d, w.ref, 'b');
    await interestedAdded(w.d, GUILD, 'ev1', 'i');
    expect(roster(await w.d.signups.list(w.ref)).waitlist.map((e) => [e.userId, e.via])).toEqual([['i', 'interested']]);
    await interestedAdded(w.d, GUILD, 'other-event', 'x');
    expect(await w.d.signups.list(w.ref)).toHaveLength(3);
    await interestedRemoved(w.d, GUILD, 'ev1', 'a');
    expect(await w.d.signups.going(GUILD, 'abc123', w.occ)).toEqual(['b', 'i']);
  });

  it('GIVEN members Interested while the bot was away THEN they are signed up before the reminder; a "can’t come" stays', async () => {
    const w = world(schedule({ capacity: undefined }));
    await cantCome(w.d, w.ref, 'x');
    await catchUpInterested(w.d, schedule(), w.occ, ['x', 'y', 'z']);
    const r = roster(await w.d.signups.list(w.ref));
    expect(r.going.map((e) => e.userId)).toEqual(['y', 'z']);
    expect(r.cant.map((e) => e.userId)).toEqual(['x']);
  });

  it('GIVEN a DM reminder asked for THEN a confirmation now and one reminder at its time; closed DMs save nothing', async () => {
    const w = world(schedule(), ['closed']);
    expect(await errorKey(setDmReminder(w.d, w.ref, 'a', true))).toBe('signup.remindNeedsSignup');
    await signUp(w.d, w.ref, 'a');
    await signUp(w.d, w.ref, 'closed');
    expect(await setDmReminder(w.d, w.ref, 'closed', true)).toEqual({ status: 'closed' });
    expect((await w.d.signups.list(w.ref)).find((e) => e.userId === 'closed')?.remind).toBeUndefined();
    expect(await setDmReminder(w.d, w.ref, 'a', true)).toEqual({ status: 'on', sendsAt: w.occ - 30 * MIN });
    expect(w.dms).toEqual([{ userId: 'a', kind: 'confirm' }]);
    w.clock.set(w.occ - 31 * MIN);
    await new Promise((r) => setTimeout(r, 20));
    expect(w.dms).toHaveLength(1);
    w.clock.set(w.occ - 30 * MIN);
    await until(() => w.dms.length === 2);
    expect(w.dms[1]).toEqual({ userId: 'a', kind: 'reminder' });
    // A second process arming the same start (a restart) sends nothing more.
    const again = new DmReminders(w.d);
    again.arm(schedule(), w.occ);
    w.clock.advance(MIN);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.dms).toHaveLength(2);
  });

  it('GIVEN a DM reminder asked for after its time THEN the reminder goes at once and nothing is kept', async () => {
    const w = world(schedule({ remindMinutes: 15 }));
    await signUp(w.d, w.ref, 'a');
    w.clock.set(w.occ - 10 * MIN);
    expect(await setDmReminder(w.d, w.ref, 'a', true)).toEqual({ status: 'sent' });
    expect(w.dms).toEqual([{ userId: 'a', kind: 'reminder' }]);
    expect((await w.d.signups.list(w.ref))[0]?.remind).toBeUndefined();
  });

  it('GIVEN the roster THEN the host and organisers read it, a member may not', async () => {
    const w = world(schedule());
    await signUp(w.d, w.ref, 'a');
    await cantCome(w.d, w.ref, 'b');
    const r = await readRoster(w.d, w.ref, 'host', false);
    expect(r.roster.going.map((e) => e.userId)).toEqual(['a']);
    expect(r.roster.cant.map((e) => e.userId)).toEqual(['b']);
    expect((await readRoster(w.d, w.ref, 'someone', true)).counts.going).toBe(1);
    expect(await errorKey(readRoster(w.d, w.ref, 'a', false))).toBe('signup.rosterHostsOnly');
  });

  it('GIVEN a teacher and a substitute THEN both read the roster as hosts', async () => {
    const occ = nextOccurrences(schedule().rule, NOW, 1)[0]!;
    const w = world(schedule({ teacherId: 't', substitute: { for: occ, userId: 'sub' } }));
    await signUp(w.d, w.ref, 'a');
    for (const who of ['t', 'sub']) expect((await readRoster(w.d, w.ref, who, false)).counts.going).toBe(1);
    expect(await errorKey(readRoster(w.d, w.ref, 'other', false))).toBe('signup.rosterHostsOnly');
  });

  it('GIVEN more places THEN the waitlist moves up at once, told by DM; fewer places remove nobody', async () => {
    const w = world(schedule());
    for (const id of ['a', 'b', 'c', 'd']) await signUp(w.d, w.ref, id);
    const more = await changeCapacity(w.d, GUILD, 'abc123', 3);
    expect(more.promoted).toEqual(['c']);
    expect(w.dms).toEqual([{ userId: 'c', kind: 'promoted' }]);
    expect((await changeCapacity(w.d, GUILD, 'abc123', 1)).promoted).toEqual([]);
    expect(await w.d.signups.going(GUILD, 'abc123', w.occ)).toEqual(['a', 'b', 'c']);
    // Signing up now waits: the one already waiting keeps their place.
    expect((await signUp(w.d, w.ref, 'e')).outcome).toEqual({ kind: 'waitlist', position: 2 });
    const unlimited = await changeCapacity(w.d, GUILD, 'abc123', 0);
    expect(unlimited.schedule.capacity).toBeUndefined();
    expect(unlimited.promoted).toEqual(['d', 'e']);
    expect(await errorKey(changeCapacity(w.d, GUILD, 'nope', 2))).toBe('schedule.unknown');
  });

  it('GIVEN a member erases their data THEN their sign-ups are gone and the waitlist moves up', async () => {
    const w = world(schedule());
    for (const id of ['a', 'b', 'c']) await signUp(w.d, w.ref, id);
    expect(await w.d.signups.eraseAll('a', async () => 2)).toBe(1);
    const r = roster(await w.d.signups.list(w.ref));
    expect(r.going.map((e) => e.userId)).toEqual(['b', 'c']);
    expect(r.waitlist).toEqual([]);
    expect(await w.d.signups.eraseAll('a', async () => 2)).toBe(0);
  });
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
}
