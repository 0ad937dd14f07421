import { join } from 'node:path';
import { builtInOnly } from '../../src/library/catalogs.ts';
import Keyv from 'keyv';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { InputError } from '../../src/domain/input-error.ts';
import { KeyedLock } from '../../src/domain/keyed-lock.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { nextOccurrences } from '../../src/schedule/next.ts';
import type {
  ChannelsPort,
  EventSpec,
  EventStatus,
  EventsPort,
  NoticesPort,
  SessionStart,
  RunnerPort,
  ScheduleDeps,
  SchedulerPort,
} from '../../src/schedule/ports.ts';
import { EventsNotAllowed } from '../../src/schedule/ports.ts';
import {
  ensureEvent,
  scheduleHostId,
  eventEdited,
  eventGone,
  remind,
  scheduledTimeline,
  sessionEnded,
  startOccurrence,
  syncAll,
} from '../../src/schedule/around-starts.ts';
import type { Schedule } from '../../src/schedule/schedule.ts';
import { askSubstitute, setTeacher, takeSubstitute } from '../../src/schedule/substitutes.ts';
import { SchedulesRepo } from '../../src/schedule/schedules-repo.ts';
import {
  addSchedule,
  listSchedules,
  pauseSchedule,
  removeSchedule,
  resumeSchedule,
  type AddInput,
} from '../../src/schedule/verbs.ts';

/*
 * The schedule use cases over small in-memory ports: no Discord, no timers. The repo is the
 * real SchedulesRepo over an in-memory Keyv (it is domain code); everything else is a fake.
 */

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const G = 'g1';
const at = (iso: string) => Date.parse(iso);
// Tuesday 2026-12-01, 12:00Z; "Tuesdays 19:00 Berlin" starts at 18:00Z that day, then weekly.
const NOW = at('2026-12-01T12:00:00Z');
const FIRST = at('2026-12-01T18:00:00Z');
const SECOND = at('2026-12-08T18:00:00Z');

class FakeEvents implements EventsPort {
  readonly events = new Map<string, { spec: EventSpec; status: EventStatus }>();
  interestedIds: string[] = [];
  failCreate: Error | undefined;
  failRemove: Error | undefined;
  #n = 0;
  async create(spec: EventSpec): Promise<string> {
    if (this.failCreate) throw this.failCreate;
    const id = `e${++this.#n}`;
    this.events.set(id, { spec, status: 'scheduled' });
    return id;
  }
  async setStatus(_g: string, id: string, status: EventStatus): Promise<void> {
    const e = this.events.get(id);
    if (!e) throw new Error(`no event ${id}`);
    e.status = status;
  }
  async remove(_g: string, id: string): Promise<void> {
    if (this.failRemove) throw this.failRemove;
    this.events.delete(id);
  }
  async status(_g: string, id: string): Promise<EventStatus | undefined> {
    return this.events.get(id)?.status;
  }
  async interested(): Promise<string[]> {
    return this.interestedIds;
  }
  async describe(_g: string, id: string, spec: EventSpec): Promise<void> {
    const e = this.events.get(id);
    if (e) e.spec = spec;
  }
  /** Events still scheduled, by the start they announce. */
  upcoming(): number[] {
    return [...this.events.values()].filter((e) => e.status === 'scheduled').map((e) => e.spec.startMs);
  }
}

class FakeScheduler implements SchedulerPort {
  readonly armed = new Set<string>();
  readonly clock: ManualClock;
  constructor(clock: ManualClock) {
    this.clock = clock;
  }
  arm(s: Schedule): void {
    this.disarm(s.id);
    if (!s.paused) this.armed.add(s.id);
  }
  disarm(id: string): void {
    this.armed.delete(id);
  }
  nextRun(s: Schedule): number | undefined {
    return s.paused ? undefined : nextOccurrences(s.rule, this.clock.now(), 1)[0];
  }
}

class FakeRunner implements RunnerPort {
  readonly sessions = new Map<string, SessionStart>();
  failWith: Error | undefined;
  async start(input: SessionStart): Promise<unknown> {
    if (this.failWith) throw this.failWith;
    this.sessions.set(input.channelId, input);
    return input;
  }
  get(channelId: string): { hostId: string } | undefined {
    return this.sessions.get(channelId);
  }
}

type Post =
  | { kind: 'reminder'; interested: readonly string[]; eventId: string | undefined }
  | { kind: 'starting'; lateMs: number }
  | { kind: 'couldNotStart'; reason: string | undefined }
  | { kind: 'noEvents'; id: string }
  | { kind: 'substituteUntaken'; by: string; for: number };

class FakeNotices implements NoticesPort {
  readonly posts: Post[] = [];
  async reminder(_s: Schedule, _at: number, interested: readonly string[], eventId: string | undefined): Promise<void> {
    this.posts.push({ kind: 'reminder', interested, eventId });
  }
  async starting(_s: Schedule, lateMs: number): Promise<void> {
    this.posts.push({ kind: 'starting', lateMs });
  }
  async couldNotStart(_s: Schedule, reason: { text(locale?: string): string } | undefined): Promise<void> {
    this.posts.push({ kind: 'couldNotStart', reason: reason?.text('en') });
  }
  async noEvents(s: Schedule): Promise<void> {
    this.posts.push({ kind: 'noEvents', id: s.id });
  }
  async substituteUntaken(_s: Schedule, request: { by: string; for: number }): Promise<void> {
    this.posts.push({ kind: 'substituteUntaken', by: request.by, for: request.for });
  }
}

/** The server's members by id, with their names; anyone else has left (or never joined). */
const memberNames = new Map<string, string>();

/** Whether the bot has Create Events (the channels port answers from the bot's permissions). */
let mayCreateEvents = true;

const channels: ChannelsPort = {
  info: (_g, channelId) =>
    channelId === 'gone' ? undefined : { name: 'practice', kind: channelId === 'voice' ? 'voice' : 'text' },
  checkPractice: (_g, channelId) => {
    if (channelId === 'forbidden') throw new InputError('schedule.wrongChannel');
  },
  canCreateEvent: () => mayCreateEvents,
};

let clock: ManualClock;
let events: FakeEvents;
let scheduler: FakeScheduler;
let runner: FakeRunner;
let notices: FakeNotices;
let repo: SchedulesRepo;
let d: ScheduleDeps;

beforeEach(() => {
  mayCreateEvents = true;
  memberNames.clear();
  clock = new ManualClock(NOW);
  events = new FakeEvents();
  scheduler = new FakeScheduler(clock);
  runner = new FakeRunner();
  notices = new FakeNotices();
  const store = new Map<string, unknown>();
  repo = new SchedulesRepo((namespace) => new Keyv({ store, namespace }));
  d = {
    repo,
    events,
    scheduler,
    runner,
    notices,
    channels,
    members: { displayName: async (_g, id) => memberNames.get(id) },
    catalogs: builtInOnly(catalog),
    practiceLanguage: async () => 'en',
    clock,
    log: silentLogger,
    lock: new KeyedLock(),
  };
});

const tuesdays = (over: Partial<AddInput> = {}): AddInput => ({
  guildId: G,
  channelId: 'c1',
  sequenceId: 'back',
  rule: { day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' },
  createdBy: 'mod',
  ...over,
});

/** The event fields of a stored schedule (absent ones as undefined). */
async function stored(id: string) {
  const s = await repo.get(G, id);
  return { paused: s?.paused, eventId: s?.eventId, eventFor: s?.eventFor, skipEventFor: s?.skipEventFor };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('it should have thrown'),
    (err: unknown) => err,
  );
}

describe('addSchedule', () => {
  test('GIVEN good input THEN an event for the next start, the schedule saved with it, and armed', async () => {
    const r = await addSchedule(d, tuesdays({ sequenceId: ' Back ', remindMinutes: 15, roleId: 'r1', hold: 4 }));
    expect(r).toMatchObject({ next: FIRST, title: 'Yin for the Back', eventId: 'e1' });
    expect(r.schedule).toMatchObject({
      sequenceId: 'back',
      eventId: 'e1',
      eventFor: FIRST,
      remindMinutes: 15,
      roleId: 'r1',
      hold: 4,
      paused: false,
    });
    expect(await repo.get(G, r.schedule.id)).toEqual(r.schedule);
    expect(events.events.get('e1')?.spec).toMatchObject({
      guildId: G,
      channelId: 'c1',
      channelKind: 'text',
      channelName: 'practice',
      startMs: FIRST,
      holdMinutes: 4,
    });
    expect(scheduler.armed.has(r.schedule.id)).toBe(true);
  });

  test('GIVEN remind 0 THEN no reminder is stored', async () => {
    const r = await addSchedule(d, tuesdays({ remindMinutes: 0 }));
    expect(r.schedule.remindMinutes).toBeUndefined();
  });

  test.each([
    [
      'an unknown sequence',
      tuesdays({ sequenceId: 'legs' }),
      'schedule.sequenceUnknown',
      "I don't know a sequence called “legs”. Try one of: back, heart, hips, neck, sleep.",
    ],
    [
      '@everyone as the role',
      tuesdays({ roleId: G }),
      'schedule.everyone',
      'I never ping @everyone. Pick a role made for practice, like @yin.',
    ],
    [
      'a time that is no time',
      tuesdays({ rule: { day: 'tuesday', time: '25:00', timezone: 'Europe/Berlin' } }),
      'schedule.timeInvalid',
      '“25:00” is not a time — use HH:MM, like 19:00.',
    ],
    [
      'a rule that never runs',
      tuesdays({ rule: { cron: '0 0 30 2 *', timezone: 'Europe/Berlin' } }),
      'schedule.cronImpossible',
      undefined,
    ],
  ])('GIVEN %s THEN an InputError, and no event, nothing saved, nothing armed', async (_name, input, key, message) => {
    const err = await rejection(addSchedule(d, input));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).key).toBe(key);
    if (message) expect((err as InputError).message).toBe(message);
    expect(events.events.size).toBe(0);
    expect(await repo.list(G)).toEqual([]);
    expect(scheduler.armed.size).toBe(0);
  });

  test('GIVEN a channel the bot cannot use THEN the channel port’s error, and no event', async () => {
    expect(await rejection(addSchedule(d, tuesdays({ channelId: 'forbidden' })))).toBeInstanceOf(InputError);
    expect(events.events.size).toBe(0);
  });

  test('GIVEN a channel the bot cannot describe THEN an InputError, and no event', async () => {
    expect(await rejection(addSchedule(d, tuesdays({ channelId: 'gone' })))).toMatchObject({
      key: 'schedule.channelUndescribed',
    });
    expect(events.events.size).toBe(0);
  });

  test('GIVEN 25 schedules already THEN the 26th is refused before any event is created', async () => {
    for (let i = 0; i < 25; i++)
      await repo.add({
        guildId: G,
        channelId: 'c1',
        sequenceId: 'back',
        createdBy: 'mod',
        rule: { cron: '0 19 * * 2', timezone: 'Europe/Berlin' },
      });
    const err = await rejection(addSchedule(d, tuesdays()));
    expect(err).toMatchObject({
      key: 'schedule.full',
      message: 'This server already has 25 schedules, the most I keep. Remove one first.',
    });
    expect(events.events.size).toBe(0);
  });

  test('GIVEN the save fails after the event was created THEN the event is deleted again and the error comes through', async () => {
    const failure = new Error('store down');
    vi.spyOn(repo, 'add').mockRejectedValueOnce(failure);
    expect(await rejection(addSchedule(d, tuesdays()))).toBe(failure);
    expect(events.events.size).toBe(0);
    expect(await repo.list(G)).toEqual([]);
    expect(scheduler.armed.size).toBe(0);
  });

  test('GIVEN Discord refuses the event THEN nothing is saved', async () => {
    events.failCreate = new Error('403');
    expect(await rejection(addSchedule(d, tuesdays()))).toBe(events.failCreate);
    expect(await repo.list(G)).toEqual([]);
  });
});

describe('listSchedules, removeSchedule', () => {
  test('GIVEN schedules THEN each with its next start; paused ones have none', async () => {
    const a = (await addSchedule(d, tuesdays())).schedule;
    await repo.update(G, a.id, { paused: true });
    const b = (await addSchedule(d, tuesdays({ rule: { day: 'wednesday', time: '19:00', timezone: 'Europe/Berlin' } })))
      .schedule;
    const listed = await listSchedules(d, G);
    expect(listed.map((l) => [l.schedule.id, l.next]).sort()).toEqual(
      [
        [a.id, undefined],
        [b.id, at('2026-12-02T18:00:00Z')],
      ].sort(),
    );
  });

  test('GIVEN a schedule THEN remove drops it, its timers and its event', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    const r = await removeSchedule(d, G, s.id, 'mod');
    expect(r).toEqual({ schedule: s, eventDropped: true });
    expect(await repo.get(G, s.id)).toBeUndefined();
    expect(scheduler.armed.has(s.id)).toBe(false);
    expect(events.events.size).toBe(0);
  });

  test('GIVEN the event cannot be deleted THEN the schedule still goes, and the result says so', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    events.failRemove = new Error('Discord is down');
    expect((await removeSchedule(d, G, s.id, 'mod')).eventDropped).toBe(false);
    expect(await repo.get(G, s.id)).toBeUndefined();
  });

  test('GIVEN an unknown id THEN an InputError naming it', async () => {
    const err = await rejection(removeSchedule(d, G, 'nope00', 'mod'));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(
      'There is no schedule `nope00` in this server. `/yin schedule list` shows them.',
    );
  });
});

describe('pauseSchedule, resumeSchedule', () => {
  test('GIVEN a running schedule THEN pause removes its upcoming event and disarms it; again: already paused', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    expect(await pauseSchedule(d, G, s.id, 'mod')).toEqual({ status: 'paused', schedule: s });
    expect(events.events.size).toBe(0);
    expect(scheduler.armed.has(s.id)).toBe(false);
    expect(await stored(s.id)).toEqual({
      paused: true,
      eventId: undefined,
      eventFor: undefined,
      skipEventFor: undefined,
    });
    expect((await pauseSchedule(d, G, s.id, 'mod')).status).toBe('already');
  });

  test('GIVEN a paused schedule THEN resume arms it and creates an event for the next start, forgetting a skipped one', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    await pauseSchedule(d, G, s.id, 'mod');
    await repo.update(G, s.id, { skipEventFor: FIRST });
    const r = await resumeSchedule(d, G, s.id, 'mod');
    expect(r).toMatchObject({ status: 'resumed', next: FIRST, eventId: 'e2' });
    expect(events.upcoming()).toEqual([FIRST]);
    expect(scheduler.armed.has(s.id)).toBe(true);
    expect(await stored(s.id)).toEqual({ paused: false, eventId: 'e2', eventFor: FIRST, skipEventFor: undefined });
    expect((await resumeSchedule(d, G, s.id, 'mod')).status).toBe('already');
  });

  test('GIVEN resume cannot announce the start (channel unknown) THEN it resumes without an event', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    await pauseSchedule(d, G, s.id, 'mod');
    await repo.update(G, s.id, { channelId: 'gone' });
    expect(await resumeSchedule(d, G, s.id, 'mod')).toMatchObject({
      status: 'resumed',
      next: FIRST,
      eventId: undefined,
    });
  });
});

describe('the practice flow', () => {
  async function added(over: Partial<AddInput> = {}): Promise<Schedule> {
    return (await addSchedule(d, tuesdays(over))).schedule;
  }

  test('GIVEN a reminder THEN it names the members interested in the start’s event', async () => {
    const s = await added({ remindMinutes: 15 });
    events.interestedIds = ['u1', 'u2'];
    await remind(d, s, FIRST);
    await remind(d, s, SECOND); // no event announces that one yet
    expect(notices.posts).toEqual([
      { kind: 'reminder', interested: ['u1', 'u2'], eventId: 'e1' },
      { kind: 'reminder', interested: [], eventId: undefined },
    ]);
  });

  test('GIVEN a hold outside the sequence’s range THEN add refuses it, naming the range, and nothing is saved', async () => {
    const err = await rejection(addSchedule(d, tuesdays({ hold: 10 })));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe('Yin for the Back holds each pose 3–5 minutes: pick a hold from 3 to 5.');
    expect(await repo.list(G)).toEqual([]);
    expect(events.events.size).toBe(0);
  });

  test('GIVEN a schedule saved before ranges were checked, asking for 10-minute holds THEN its sessions run at 5, the nearest in range', async () => {
    const s = await added({ hold: 4 });
    const old = (await repo.update(G, s.id, { hold: 10 }))!;
    clock.set(FIRST);
    await startOccurrence(d, old, FIRST, 0);
    expect(runner.sessions.get('c1')?.holdMinutes).toBe(5);
    expect(scheduledTimeline(catalog, old)?.holdMinutes).toBe(5);
  });

  test('GIVEN the start THEN the session runs as the schedule, and its event goes active; no notice without role or lateness', async () => {
    const s = await added({ hold: 4 });
    clock.set(FIRST);
    await startOccurrence(d, s, FIRST, 0);
    expect(runner.sessions.get('c1')).toEqual({
      guildId: G,
      channelId: 'c1',
      hostId: `schedule:${s.id}`,
      sequenceId: 'back',
      holdMinutes: 4,
    });
    expect(events.events.get('e1')?.status).toBe('active');
    expect(notices.posts).toEqual([]);
  });

  test('GIVEN a role, or a late start THEN the start notice goes out first', async () => {
    const s = await added({ roleId: 'r1' });
    clock.set(FIRST);
    await startOccurrence(d, s, FIRST, 0);
    const late = await added({ channelId: 'c2', rule: { day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' } });
    await startOccurrence(d, late, FIRST, 5 * 60_000);
    expect(notices.posts).toEqual([
      { kind: 'starting', lateMs: 0 },
      { kind: 'starting', lateMs: 5 * 60_000 },
    ]);
  });

  test('GIVEN the session ends THEN its event is completed and the next start announced', async () => {
    const s = await added();
    clock.set(FIRST);
    await startOccurrence(d, s, FIRST, 0);
    // While it runs, the session owns its event: no new one.
    expect(await ensureEvent(d, (await repo.get(G, s.id))!)).toMatchObject({ eventId: 'e1' });
    clock.set(FIRST + 28 * 60_000);
    runner.sessions.delete('c1');
    await sessionEnded(d, { guildId: G, hostId: `schedule:${s.id}` });
    expect(events.events.get('e1')?.status).toBe('completed');
    expect(events.upcoming()).toEqual([SECOND]);
    expect(await repo.get(G, s.id)).toMatchObject({ eventId: 'e2', eventFor: SECOND });
  });

  test('GIVEN a session a person started THEN its end touches no schedule', async () => {
    const s = await added();
    await sessionEnded(d, { guildId: G, hostId: 'u1' });
    expect(await repo.get(G, s.id)).toEqual(s);
  });

  test('GIVEN a start that fails THEN the channel hears why, the event is canceled and the next start announced', async () => {
    const s = await added();
    clock.set(FIRST);
    runner.failWith = new InputError('session.alreadyRunning');
    await startOccurrence(d, s, FIRST, 0);
    expect(notices.posts).toEqual([
      {
        kind: 'couldNotStart',
        reason: 'A session is already running in that channel. Join it, or end it with `/yin stop` first.',
      },
    ]);
    expect(events.events.get('e1')?.status).toBe('canceled');
    expect(await repo.get(G, s.id)).toMatchObject({ eventId: 'e2', eventFor: SECOND });
  });

  test('GIVEN a start that fails for no reason a member can read THEN none is given', async () => {
    const s = await added();
    clock.set(FIRST);
    runner.failWith = new Error('ECONNRESET');
    await startOccurrence(d, s, FIRST, 0);
    expect(notices.posts).toEqual([{ kind: 'couldNotStart', reason: undefined }]);
  });
});

describe('organisers and start-up sync', () => {
  test('GIVEN an organiser deletes the event THEN it is not recreated for that start, only for the one after', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    events.events.delete('e1');
    await eventGone(d, G, 'e1');
    expect(await stored(s.id)).toEqual({ paused: false, eventId: undefined, eventFor: undefined, skipEventFor: FIRST });
    await ensureEvent(d, s);
    expect(events.events.size).toBe(0);
    clock.set(FIRST + 60 * 60_000); // that start passed
    await ensureEvent(d, s);
    expect(events.upcoming()).toEqual([SECOND]);
  });

  test('GIVEN an organiser cancels the event THEN it counts as deleted; any other edit is left alone', async () => {
    const a = (await addSchedule(d, tuesdays())).schedule;
    await eventEdited(d, G, 'e1', 'scheduled');
    expect(await repo.get(G, a.id)).toMatchObject({ eventId: 'e1' });
    await eventEdited(d, G, 'e1', 'canceled');
    expect(await stored(a.id)).toEqual({ paused: false, eventId: undefined, eventFor: undefined, skipEventFor: FIRST });
  });

  test('GIVEN the bot was away THEN a deleted event counts as the organiser’s choice and a stale one is replaced', async () => {
    const deleted = (await addSchedule(d, tuesdays())).schedule;
    const stale = (await addSchedule(d, tuesdays({ rule: { time: '13:30', timezone: 'Europe/Berlin' } }))).schedule; // daily, 12:30Z
    expect(stale.eventFor).toBe(at('2026-12-01T12:30:00Z'));
    events.events.delete(deleted.eventId!);
    clock.set(at('2026-12-01T13:00:00Z')); // the daily start passed with nobody running it
    await syncAll(d);
    expect(await stored(deleted.id)).toEqual({
      paused: false,
      eventId: undefined,
      eventFor: undefined,
      skipEventFor: FIRST,
    });
    expect((await repo.get(G, stale.id))?.eventFor).toBe(at('2026-12-02T12:30:00Z'));
    expect(events.events.has(stale.eventId!)).toBe(false);
    expect(events.upcoming()).toEqual([at('2026-12-02T12:30:00Z')]);
  });

  test('GIVEN the schedule was removed while its event was being created THEN the new event is deleted again', async () => {
    const { schedule: s } = await addSchedule(d, tuesdays());
    clock.set(FIRST + 60 * 60_000);
    const update = repo.update.bind(repo);
    vi.spyOn(repo, 'update').mockImplementation(async (g, id, patch) =>
      patch.eventId ? undefined : update(g, id, patch),
    );
    expect(await ensureEvent(d, s)).toBeUndefined();
    expect(events.events.size).toBe(0);
  });
});

describe('without Create Events (a server that installed yin before 2026-02)', () => {
  test('GIVEN the bot lacks Create Events WHEN a schedule is added THEN it is saved and armed without an event, and its channel is not told twice', async () => {
    mayCreateEvents = false;
    const r = await addSchedule(d, tuesdays());
    expect(r.eventId).toBeUndefined();
    expect(events.events.size).toBe(0);
    expect((await repo.get(G, r.schedule.id))?.eventsBlocked).toBe(true);
    expect(scheduler.armed.has(r.schedule.id)).toBe(true);
    // Later syncs (start-up, after a session) don't post the notice: the organiser was told in the reply.
    await ensureEvent(d, r.schedule);
    await syncAll(d);
    expect(notices.posts.filter((p) => p.kind === 'noEvents')).toEqual([]);
  });

  test('GIVEN Discord refuses the event for permissions WHEN a schedule is added THEN it is saved without one', async () => {
    events.failCreate = new EventsNotAllowed();
    const r = await addSchedule(d, tuesdays());
    expect(r.eventId).toBeUndefined();
    expect(await stored(r.schedule.id)).toMatchObject({ eventId: undefined, paused: false });
  });

  test('GIVEN another error creating the event WHEN a schedule is added THEN nothing is saved', async () => {
    events.failCreate = new Error('Discord is down');
    await expect(addSchedule(d, tuesdays())).rejects.toThrow('Discord is down');
    expect(await repo.list(G)).toEqual([]);
  });

  test('GIVEN a saved schedule and Create Events taken away THEN its channel is told once, its session still starts, and events come back when granted', async () => {
    const r = await addSchedule(d, tuesdays());
    const id = r.schedule.id;
    mayCreateEvents = false;
    clock.set(FIRST);
    await startOccurrence(d, (await repo.get(G, id))!, FIRST, 0);
    expect(runner.sessions.get('c1')?.sequenceId).toBe('back');
    runner.sessions.clear();
    await sessionEnded(d, { guildId: G, hostId: scheduleHostId(id) });
    await syncAll(d);
    await syncAll(d);
    expect(notices.posts.filter((p) => p.kind === 'noEvents')).toEqual([{ kind: 'noEvents', id }]);
    expect((await repo.get(G, id))?.eventId).toBeUndefined();
    // The next week's start still happens without an event.
    clock.set(SECOND);
    await startOccurrence(d, (await repo.get(G, id))!, SECOND, 0);
    expect(runner.sessions.get('c1')).toBeDefined();
    // Granted again: the next start gets its event and the flag is cleared.
    mayCreateEvents = true;
    runner.sessions.clear();
    await syncAll(d);
    const s = await repo.get(G, id);
    expect(s?.eventId).toBeDefined();
    expect(s?.eventsBlocked).toBeUndefined();
  });
});

describe('length: in schedules', () => {
  test('GIVEN length:30 THEN the schedule keeps it, its event lasts 30 minutes, and each start plans the class to it', async () => {
    const r = await addSchedule(d, tuesdays({ length: 30 }));
    expect((await repo.get(G, r.schedule.id))?.length).toBe(30);
    expect(events.events.get(r.eventId!)?.spec.lengthMs).toBe(30 * 60_000);
    expect(events.events.get(r.eventId!)?.spec.poseCount).toBe(5);
    clock.set(FIRST);
    await startOccurrence(d, r.schedule, FIRST, 0);
    // The hold is left to the planner (not pinned at the sequence's default).
    expect(runner.sessions.get('c1')).toMatchObject({ lengthMinutes: 30, holdMinutes: undefined });
  });

  test('GIVEN length:30 hold:4 THEN refused privately with the nearest lengths, nothing saved and no event', async () => {
    const err = await rejection(addSchedule(d, tuesdays({ length: 30, hold: 4 })));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).key).toBe('session.lengthShortest');
    expect((err as Error).message).toMatch(
      /can’t be planned to 30 minutes: the shortest it can be is \d+ minutes\. With `hold:4`/,
    );
    expect(await repo.list(G)).toEqual([]);
    expect(events.events.size).toBe(0);
  });

  test('GIVEN a schedule whose length its sequence can no longer meet THEN its sessions run at the nearest length it can', async () => {
    const s = await addSchedule(d, tuesdays({ sequenceId: 'heart', length: 40 }));
    const old = (await repo.update(G, s.schedule.id, { length: 60 }))!;
    clock.set(FIRST);
    await startOccurrence(d, old, FIRST, 0);
    expect(runner.sessions.get('c1')?.lengthMinutes).toBe(42);
    expect(scheduledTimeline(catalog, old)?.totalMs).toBe(42 * 60_000);
  });
});

describe('teachers and substitutes', () => {
  const teacherOnEvent = (id: string | undefined) => (id ? events.events.get(id)?.spec.teacherName : undefined);
  const ask = (id: string, by = 'tina') => askSubstitute(d, G, id, by, async () => 'm1');

  test('GIVEN teacher: on add THEN the event names them and the start hands them the controls', async () => {
    memberNames.set('tina', 'Tina');
    const { schedule } = await addSchedule(d, tuesdays({ teacherId: 'tina' }));
    expect(teacherOnEvent(schedule.eventId)).toBe('Tina');
    await startOccurrence(d, schedule, FIRST, 0);
    expect(runner.sessions.get('c1')).toMatchObject({ hostId: scheduleHostId(schedule.id), teacherId: 'tina' });
  });

  test('GIVEN a teacher who left the server by the start THEN the class still runs, with nobody named (organisers hold it)', async () => {
    memberNames.set('tina', 'Tina');
    const { schedule } = await addSchedule(d, tuesdays({ teacherId: 'tina' }));
    memberNames.delete('tina');
    await startOccurrence(d, schedule, FIRST, 0);
    expect(runner.sessions.get('c1')).toMatchObject({ hostId: scheduleHostId(schedule.id) });
    expect(runner.sessions.get('c1')?.teacherId).toBeUndefined();
  });

  test('GIVEN edit teacher: THEN the schedule and its event name the new teacher; no-teacher clears both', async () => {
    memberNames.set('sam', 'Sam');
    const { schedule } = await addSchedule(d, tuesdays());
    expect(teacherOnEvent(schedule.eventId)).toBeUndefined();
    expect((await setTeacher(d, G, schedule.id, 'sam', 'mod')).teacherId).toBe('sam');
    expect(teacherOnEvent(schedule.eventId)).toBe('Sam');
    expect((await setTeacher(d, G, schedule.id, undefined, 'mod')).teacherId).toBeUndefined();
    expect(teacherOnEvent(schedule.eventId)).toBeUndefined();
    await expect(setTeacher(d, G, 'nope', 'sam', 'mod')).rejects.toMatchObject({ key: 'schedule.unknown' });
  });

  test('GIVEN a substitute request THEN exactly one of two takers wins that start; the next start is the teacher’s again', async () => {
    memberNames.set('tina', 'Tina').set('sam', 'Sam').set('kim', 'Kim');
    const { schedule } = await addSchedule(d, tuesdays({ teacherId: 'tina' }));
    expect((await ask(schedule.id)).occurrenceMs).toBe(FIRST);
    await expect(ask(schedule.id)).rejects.toThrow(
      `I’ve already asked for a substitute for the class on <t:${FIRST / 1000}:F>.`,
    );
    const takes = await Promise.allSettled([
      takeSubstitute(d, G, schedule.id, FIRST, 'sam'),
      takeSubstitute(d, G, schedule.id, FIRST, 'kim'),
    ]);
    expect(takes.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((takes[1] as PromiseRejectedResult).reason).toMatchObject({ key: 'teacher.subGone' });
    const taken = (await repo.get(G, schedule.id))!;
    expect(taken).toMatchObject({ substitute: { for: FIRST, userId: 'sam' }, teacherId: 'tina' });
    expect(taken.subRequest).toBeUndefined();
    expect(teacherOnEvent(schedule.eventId)).toBe('Sam');
    await expect(ask(schedule.id)).rejects.toMatchObject({ key: 'teacher.subAlreadyFound' });

    await startOccurrence(d, taken, FIRST, 0);
    expect(runner.sessions.get('c1')?.teacherId).toBe('sam');
    expect(notices.posts.filter((p) => p.kind === 'substituteUntaken')).toEqual([]);
    runner.sessions.clear();
    await startOccurrence(d, taken, SECOND, 0);
    expect(runner.sessions.get('c1')?.teacherId).toBe('tina');
  });

  test('GIVEN a substitute request nobody takes THEN the start closes it, tells who asked, and a late press finds it gone', async () => {
    memberNames.set('tina', 'Tina');
    const { schedule } = await addSchedule(d, tuesdays({ teacherId: 'tina' }));
    await ask(schedule.id);
    await startOccurrence(d, (await repo.get(G, schedule.id))!, FIRST, 0);
    expect(notices.posts).toContainEqual({ kind: 'substituteUntaken', by: 'tina', for: FIRST });
    expect((await repo.get(G, schedule.id))?.subRequest).toBeUndefined();
    expect(runner.sessions.get('c1')?.teacherId).toBe('tina');
    await expect(takeSubstitute(d, G, schedule.id, FIRST, 'sam')).rejects.toMatchObject({ key: 'teacher.subGone' });
  });

  test('GIVEN a paused schedule THEN a substitute request is refused and nothing is posted', async () => {
    const { schedule } = await addSchedule(d, tuesdays());
    await pauseSchedule(d, G, schedule.id, 'mod');
    const post = vi.fn(async () => 'm1');
    await expect(askSubstitute(d, G, schedule.id, 'mod', post)).rejects.toMatchObject({ key: 'teacher.subNoStart' });
    expect(post).not.toHaveBeenCalled();
  });
});
