import { join } from 'node:path';
import Keyv from 'keyv';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { dueAt, type SessionState } from '../../src/domain/session.ts';
import type { Timeline } from '../../src/domain/timeline.ts';
import { InputError } from '../../src/domain/input-error.ts';
import { PermanentPublishError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { PostPacer, type Pacer, type Release } from '../../src/sessions/pacer.ts';
import { SessionRunner, type Publisher } from '../../src/sessions/runner.ts';
import { SessionsRepo } from '../../src/sessions/sessions-repo.ts';
import { BACK_CLOSING } from '../helpers/bot-process.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);

/** Records posts; a test can make the next few fail. */
class RecordingPublisher implements Publisher {
  posts: { step: number; missed: number; at: number }[] = [];
  failures: Error[] = [];
  async postStep(_s: SessionState, _t: Timeline, step: number, missed: number): Promise<string> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.posts.push({ step, missed, at: Date.now() - T0 });
    return `m${step}`;
  }
}

function makeRunner(repo: SessionsRepo, publisher: Publisher, ended: SessionState[] = []) {
  const runner = new SessionRunner({
    catalog,
    repo,
    publisher,
    clock: systemClock,
    log: silentLogger,
    speed: 1,
  });
  runner.listen([{ ended: (s) => void ended.push(s) }]);
  return runner;
}

const startInput = { guildId: 'g', channelId: 'c1', hostId: 'h', sequenceId: 'back' };

describe('session runner (fake timers, in-memory store)', () => {
  let repo: SessionsRepo;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    repo = new SessionsRepo(new Keyv<SessionState>());
  });
  afterEach(() => vi.useRealTimers());

  test('GIVEN /yin start back THEN every step is posted exactly on its offset and the session is removed at the end', async () => {
    const publisher = new RecordingPublisher();
    const ended: SessionState[] = [];
    const runner = makeRunner(repo, publisher, ended);
    const { timeline } = await runner.start(startInput);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(publisher.posts.map((p) => p.step)).toEqual(timeline.steps.map((s) => s.index));
    expect(publisher.posts.map((p) => p.at)).toEqual(timeline.steps.map((s) => s.offsetMs));
    expect(ended).toHaveLength(1);
    expect(await repo.all()).toEqual([]);
    expect(runner.get('c1')).toBeUndefined();
  });

  test('GIVEN a running session THEN a second start in that channel is refused, another channel is fine', async () => {
    const runner = makeRunner(repo, new RecordingPublisher());
    await runner.start(startInput);
    await expect(runner.start(startInput)).rejects.toThrow(/already running in that channel/);
    await expect(runner.start({ ...startInput, channelId: 'c2' })).resolves.toBeDefined();
    runner.close();
  });

  test.each([
    ['an unknown sequence', { sequenceId: 'legs' }, /don't know a sequence called “legs”.*back/],
    ['a hold of 0', { holdMinutes: 0 }, /Yin for the Back holds each pose 3–5 minutes/],
    ['a hold of 2 (below the sequence’s range)', { holdMinutes: 2 }, /pick a hold from 3 to 5/],
    ['a hold of 6 (above it)', { holdMinutes: 6 }, /pick a hold from 3 to 5/],
    ['a hold of 3.5', { holdMinutes: 3.5 }, /pick a hold from 3 to 5/],
  ])('GIVEN %s THEN an InputError and nothing saved', async (_n, patch, message) => {
    const runner = makeRunner(repo, new RecordingPublisher());
    const err = await runner.start({ ...startInput, ...patch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect(await repo.all()).toEqual([]);
  });

  test('GIVEN the bot dies in step 2 and comes back 10 minutes later THEN one catch-up post, then on schedule', async () => {
    const before = new RecordingPublisher();
    const first = makeRunner(repo, before);
    const { timeline } = await first.start(startInput);
    const diesAt = timeline.steps[2]!.offsetMs + 1000;
    await vi.advanceTimersByTimeAsync(diesAt);
    first.close(); // the process is gone: no more timers
    expect(before.posts.map((p) => p.step)).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(10 * MIN);

    const after = new RecordingPublisher();
    const second = makeRunner(repo, after);
    expect(await second.resumeAll()).toBe(1);
    await vi.advanceTimersByTimeAsync(70 * MIN);
    const backAt = diesAt + 10 * MIN;
    const current = timeline.steps.findLast((st) => st.offsetMs <= backAt)!.index;
    expect(current).toBeGreaterThan(3);
    expect(after.posts[0]).toEqual({ step: current, missed: current - 3, at: backAt });
    expect(after.posts.slice(1).map((p) => [p.step, p.at])).toEqual(
      timeline.steps.slice(current + 1).map((s) => [s.index, s.offsetMs]),
    );
  });

  test('GIVEN two failed posts THEN the step is retried and posted once, later steps keep their times', async () => {
    const publisher = new RecordingPublisher();
    publisher.failures.push(new Error('503'), new Error('timeout'));
    const runner = makeRunner(repo, publisher);
    const { timeline } = await runner.start(startInput);
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(publisher.posts.map((p) => p.step)).toEqual(timeline.steps.map((s) => s.index));
    expect(publisher.posts[0]?.at).toBe(3000);
    expect(publisher.posts.slice(1).map((p) => p.at)).toEqual(timeline.steps.slice(1).map((s) => s.offsetMs));
  });

  test('GIVEN the channel refuses posts for good THEN the session ends instead of retrying forever', async () => {
    const publisher = new RecordingPublisher();
    publisher.failures.push(new PermanentPublishError('403'));
    const ended: SessionState[] = [];
    const runner = makeRunner(repo, publisher, ended);
    await runner.start(startInput);
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(publisher.posts).toEqual([]);
    expect(ended).toHaveLength(1);
    expect(await repo.all()).toEqual([]);
  });

  test('GIVEN pause for 5 min, +1 min and skip THEN the posts follow the controls', async () => {
    const publisher = new RecordingPublisher();
    const runner = makeRunner(repo, publisher);
    const { timeline } = await runner.start(startInput);
    const second = timeline.steps[2]!.offsetMs;
    await vi.advanceTimersByTimeAsync(timeline.steps[1]!.offsetMs + MIN); // in the first hold
    await runner.act('c1', 'pause');
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(publisher.posts.map((p) => p.step)).toEqual([0, 1]);
    await runner.act('c1', 'resume');
    await runner.act('c1', 'extend');
    // Step 2 was due at `second`: now 5 minutes (paused) and 1 (+1) later.
    await vi.advanceTimersByTimeAsync(second + 6 * MIN - Date.now() + T0 - 1);
    expect(publisher.posts.map((p) => p.step)).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(publisher.posts.at(-1)).toEqual({ step: 2, missed: 0, at: second + 6 * MIN });
    await runner.act('c1', 'skip');
    await vi.advanceTimersByTimeAsync(0);
    expect(publisher.posts.at(-1)).toEqual({ step: 3, missed: 0, at: second + 6 * MIN });
    await runner.act('c1', 'stop');
    await vi.advanceTimersByTimeAsync(0);
    const closing = timeline.steps.length - 1;
    expect(publisher.posts.at(-1)).toEqual({ step: closing, missed: closing - 4, at: second + 6 * MIN });
    expect(runner.get('c1')).toBeUndefined();
  });
});

interface Post {
  channel: string;
  step: number;
  missed: number;
  at: number;
  late: number;
}

class ChannelPublisher implements Publisher {
  posts: Post[] = [];
  async postStep(s: SessionState, t: Timeline, step: number, missed: number): Promise<string> {
    this.posts.push({ channel: s.channelId, step, missed, at: Date.now(), late: Date.now() - dueAt(s, t, step)! });
    return 'm';
  }
}

/** The most grants in any window of `ms` ending at a grant. */
function busiestWindow(times: number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the opening as the answer to /yin start (fake timers)', () => {
  let repo: SessionsRepo;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    repo = new SessionsRepo(new Keyv<SessionState>());
  });
  afterEach(() => vi.useRealTimers());

  /** A budget with no room left at all: nothing that waits for a turn goes out. */
  const full: Pacer = { take: () => new Promise<Release>(() => {}), leadMs: 0, waiting: 0, close() {} };
  const runnerWith = (publisher: Publisher) =>
    new SessionRunner({ catalog, repo, publisher, clock: systemClock, log: silentLogger, speed: 1, pacer: full });
  const reply = { applicationId: 'app', token: 'secret', expiresAt: T0 + 14 * MIN };

  test('GIVEN the budget is full THEN an opening that answers the interaction still goes at once, and what follows waits its turn', async () => {
    const publisher = new RecordingPublisher();
    const runner = runnerWith(publisher);
    await runner.begin(await runner.prepare(startInput), reply);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(publisher.posts.map((p) => p.step)).toEqual([0]);
    // Saved with the session until then (a restart must know), used up by the opening.
    expect(runner.get('c1')?.reply).toBeUndefined();
    runner.close();
  });

  test('GIVEN the budget is full and no interaction to answer THEN the opening waits like any post', async () => {
    const publisher = new RecordingPublisher();
    const runner = runnerWith(publisher);
    await runner.start(startInput);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(publisher.posts).toEqual([]);
    runner.close();
  });

  test('GIVEN someone waits for the opening THEN they hear once it is posted, or that it never was when the session ends first', async () => {
    const runner = makeRunner(repo, new RecordingPublisher());
    await runner.begin(await runner.prepare(startInput), reply);
    const opening = runner.posted('c1', 0);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(opening).resolves.toBe(true);
    await expect(runner.posted('c1', 0)).resolves.toBe(true); // already out

    // A channel that refuses every post: the session ends with nothing posted.
    const refused = new RecordingPublisher();
    refused.failures.push(new PermanentPublishError('gone'));
    const other = makeRunner(repo, refused);
    await other.start({ ...startInput, channelId: 'c2' });
    const never = other.posted('c2', 0);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(never).resolves.toBe(false);
    await expect(other.posted('c2', 0)).resolves.toBe(false); // no session there any more
    runner.close();
  });

  test('GIVEN a refused start THEN prepare says why before anything is saved', async () => {
    const runner = makeRunner(repo, new RecordingPublisher());
    await expect(runner.prepare({ ...startInput, holdMinutes: 9 })).rejects.toThrow(InputError);
    expect(await repo.all()).toEqual([]);
  });
});

describe('post pacer (fake timers)', () => {
  beforeEach(() => void vi.useFakeTimers({ now: T0 }));
  afterEach(() => void vi.useRealTimers());

  test('GIVEN 200 posts due at once THEN at most the window’s 10 go out in any second, the waiting ones in order of due time', async () => {
    const pacer = new PostPacer(10);
    const granted: { due: number; at: number }[] = [];
    const dues = Array.from({ length: 200 }, (_, i) => T0 - ((i * 7919) % 200)); // shuffled due times
    for (const due of dues)
      void pacer.take(due).then((answered) => {
        granted.push({ due, at: Date.now() });
        answered();
      });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(granted).toHaveLength(200);
    expect(
      busiestWindow(
        granted.map((g) => g.at),
        1000,
      ),
    ).toBe(10);
    // An idle pacer lets a window's worth go at once, as each arrives; the rest waited and went
    // oldest due first.
    expect(granted.map((g) => g.due)).toEqual([...dues.slice(0, 10), ...dues.slice(10).sort((a, b) => a - b)]);
    pacer.close();
  });
});

describe('session runner under overload (fake timers, pacer below the planned rate)', () => {
  beforeEach(() => void vi.useFakeTimers({ now: T0 }));
  afterEach(() => void vi.useRealTimers());

  test('GIVEN 100 sessions started at once and a pacer at 1 post / 2 s THEN every session is delayed about equally, nothing is lost or doubled, and a session a whole step behind catches up with one post', async () => {
    const publisher = new ChannelPublisher();
    const runner = new SessionRunner({
      catalog,
      repo: new SessionsRepo(new Keyv<SessionState>()),
      publisher,
      clock: systemClock,
      log: silentLogger,
      speed: 1,
      pacer: new PostPacer(0.5),
    });
    const channels = Array.from({ length: 100 }, (_, i) => `c${i}`);
    for (const channelId of channels)
      await runner.start({ guildId: 'g', channelId, hostId: 'h', sequenceId: 'back', holdMinutes: 3 });
    await vi.advanceTimersByTimeAsync(75 * 60_000);

    expect(runner.size).toBe(0); // every session reached its closing
    expect(
      busiestWindow(
        publisher.posts.map((p) => p.at),
        2000,
      ),
    ).toBeLessThanOrEqual(2);
    for (const c of channels) {
      const posts = publisher.posts.filter((p) => p.channel === c);
      const steps = posts.map((p) => p.step);
      expect(steps).toEqual([...new Set(steps)].sort((a, b) => a - b)); // each step at most once, in order
      expect(steps.at(-1)).toBe(BACK_CLOSING);
      // Every step is posted or named by the one catch-up post that passed over it.
      for (const [i, p] of posts.entries()) expect(p.missed).toBe(p.step - (i ? posts[i - 1]!.step : -1) - 1);
    }
    // Openings queued past the first pose (due at 2:30) were replaced by one catch-up post.
    expect(publisher.posts.filter((p) => p.missed > 0).length).toBeGreaterThan(0);
    // Fair: served by due time, so no session is left far behind the others.
    const worst = channels.map((c) => Math.max(...publisher.posts.filter((p) => p.channel === c).map((p) => p.late)));
    // Within three quarters of one round of the pacer through every session (100 × 2 s).
    expect(Math.max(...worst) - Math.min(...worst)).toBeLessThan(0.75 * channels.length * 2000);
    runner.close();
  });
});

describe('session runner: the sound is resolved once, at the start', () => {
  const runnerWith = (soundDefaults: () => Promise<Record<string, unknown>>) =>
    new SessionRunner({
      catalog,
      repo: new SessionsRepo(new Keyv<SessionState>()),
      publisher: new RecordingPublisher(),
      clock: systemClock,
      log: silentLogger,
      speed: 1,
      soundDefaults,
    });

  test('GIVEN server defaults THEN a start without options (as a schedule starts) takes them, and a start’s own choice wins part by part', async () => {
    const runner = runnerWith(async () => ({ mode: 'bell', bell: 'wood', volume: 'loud', interval: true }));
    const { state } = await runner.start(startInput);
    expect(state).toMatchObject({ sound: { mode: 'bell', bell: 'wood', volume: 'loud', interval: true } });
    const own = await runner.start({ ...startInput, channelId: 'c2', sound: { bell: 'chime', interval: false } });
    expect(own.state).toMatchObject({ sound: { mode: 'bell', bell: 'chime', volume: 'loud', interval: false } });
    runner.close();
  });

  test('GIVEN the settings cannot be read THEN the session starts with its own choice and the defaults', async () => {
    const runner = runnerWith(async () => {
      throw new Error('store down');
    });
    const { state } = await runner.start({ ...startInput, sound: { volume: 'quiet' } });
    expect(state).toMatchObject({ sound: { volume: 'quiet' } });
    expect(state.sound?.bell).toBeUndefined(); // the default (bowl) then applies
    runner.close();
  });
});
