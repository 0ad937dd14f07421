// `length:` through the session runner: the class planned to the minutes asked is the plan the
// session saves, a restarted runner resumes on it, and a length that can't be met is refused
// before anything is saved, naming the nearest lengths that can.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Keyv from 'keyv';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { planToLength } from '../../src/domain/class-length.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { InputError } from '../../src/domain/input-error.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import type { SessionState } from '../../src/domain/session.ts';
import type { Timeline } from '../../src/domain/timeline.ts';
import { silentLogger } from '../../src/log.ts';
import { SessionRunner, type Publisher } from '../../src/sessions/runner.ts';
import { SessionsRepo } from '../../src/sessions/sessions-repo.ts';
import { sessionLength } from '../../src/discord/session/text.ts';
import { stepPicture } from '../../src/discord/session/step-picture.ts';
import { createPictures } from '../../src/pictures/index.ts';
import { buildTimeline as timelineOf } from '../../src/domain/timeline.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 18, 0, 0);

class Posts implements Publisher {
  steps: { step: number; at: number }[] = [];
  async postStep(_s: SessionState, _t: Timeline, step: number): Promise<string> {
    this.steps.push({ step, at: Date.now() - T0 });
    return `m${step}`;
  }
}
const runnerOn = (repo: SessionsRepo, publisher: Publisher) =>
  new SessionRunner({ catalog, repo, publisher, clock: systemClock, log: silentLogger, speed: 1 });
const input = { guildId: 'g', channelId: 'c1', hostId: 'h', sequenceId: 'back' };

async function refusal(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => expect.unreachable('it should have been refused'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('/yin start length: in the runner', () => {
  let repo: SessionsRepo;
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    repo = new SessionsRepo(new Keyv<SessionState>());
  });
  afterEach(() => vi.useRealTimers());

  test('GIVEN back length:30 THEN the session runs the planned class, 30 minutes to the closing, and saves that plan', async () => {
    const posts = new Posts();
    const runner = runnerOn(repo, posts);
    const { state, timeline } = await runner.start({ ...input, lengthMinutes: 30 });
    const expected = planToLength(catalog.sequences.get('back')!, 30);
    if (!expected.ok) throw new Error('back can be 30 minutes');
    expect(state.plan).toEqual(expected.fit.plan);
    expect(state.holdMinutes).toBe(expected.fit.holdMinutes);
    expect(state.lengthMinutes).toBe(30);
    expect((await repo.get('c1'))?.plan).toEqual(expected.fit.plan);
    expect(timeline.totalMs).toBe(30 * MIN);
    expect(timeline.poseCount).toBe(5);
    await vi.advanceTimersByTimeAsync(31 * MIN);
    expect(posts.steps.map((p) => p.at)).toEqual(timeline.steps.map((s) => s.offsetMs));
    expect(posts.steps.at(-1)?.at).toBe(30 * MIN);
  });

  test('GIVEN the bot restarts mid-class THEN it resumes on the saved 30-minute plan, not the sequence as written', async () => {
    const first = runnerOn(repo, new Posts());
    const { timeline } = await first.start({ ...input, lengthMinutes: 30 });
    await vi.advanceTimersByTimeAsync(10 * MIN);
    first.close();
    const posts = new Posts();
    const second = runnerOn(repo, posts);
    expect(await second.resumeAll()).toBe(1);
    const resumed = second.timeline('c1');
    expect(resumed?.steps.map((s) => [s.offsetMs, s.kind === 'pose' ? s.pose.id : s.kind])).toEqual(
      timeline.steps.map((s) => [s.offsetMs, s.kind === 'pose' ? s.pose.id : s.kind]),
    );
    await vi.advanceTimersByTimeAsync(25 * MIN);
    expect(posts.steps.at(-1)?.at).toBe(30 * MIN);
  });

  test('GIVEN length:15 THEN refused before anything is saved: the shortest back class is 30 minutes', async () => {
    const err = await refusal(runnerOn(repo, new Posts()).start({ ...input, lengthMinutes: 15 }));
    expect(err.key).toBe('session.lengthShortest');
    expect(err.message).toBe('Yin for the Back can’t be planned to 15 minutes: the shortest it can be is 30 minutes.');
    expect(await repo.all()).toEqual([]);
  });

  test('GIVEN heart length:60 THEN refused: the longest heart class is 42 minutes', async () => {
    const err = await refusal(runnerOn(repo, new Posts()).start({ ...input, sequenceId: 'heart', lengthMinutes: 60 }));
    expect(err.message).toMatch(/can’t be planned to 60 minutes: the longest it can be is 42 minutes\.$/);
  });

  test('GIVEN length:42 hold:3 THEN refused with the lengths on either side, and how to let the holds change; in German too', async () => {
    const err = await refusal(runnerOn(repo, new Posts()).start({ ...input, lengthMinutes: 42, holdMinutes: 3 }));
    expect(err.key).toBe('session.lengthNearest');
    expect(err.message).toBe(
      'Yin for the Back can’t be planned to 42 minutes. The nearest lengths it can be: 39 or 45 minutes. ' +
        'With `hold:3` only optional poses can be left out: leave `hold:` out to let the holds change too.',
    );
    expect(err.text('de')).toContain('`haltedauer:3`');
    expect(err.text('de')).toContain('39 oder 45 Minuten');
  });

  test('GIVEN length:45 hold:3 THEN the holds stay at 3 minutes and only the break goes', async () => {
    const { timeline } = await runnerOn(repo, new Posts()).start({ ...input, lengthMinutes: 45, holdMinutes: 3 });
    expect(timeline.totalMs).toBe(45 * MIN);
    const poses = timeline.steps.flatMap((s) => (s.kind === 'pose' ? [s] : []));
    expect(poses.filter((s) => s.role === 'hold').every((s) => s.holdMs === 3 * MIN)).toBe(true);
    expect(poses.map((s) => s.pose.id)).not.toContain('windshield-wipers');
  });

  test('GIVEN a length planned to half-minute holds THEN its length line writes the hold as each language does', async () => {
    const back = catalog.sequences.get('back')!;
    const minutes = Array.from({ length: 60 }, (_, i) => 30 + i).find((m) => {
      const r = planToLength(back, m);
      return r.ok && !Number.isInteger(r.fit.holdMinutes);
    });
    if (minutes === undefined) throw new Error('some back class has half-minute holds');
    const { timeline } = await runnerOn(repo, new Posts()).start({ ...input, lengthMinutes: minutes });
    const hold = timeline.holdMinutes;
    expect(sessionLength(timeline, 'en')).toContain(`· ${hold}-min holds`);
    expect(sessionLength(timeline, 'de')).toContain(String(hold).replace('.', ','));
    expect(sessionLength(timeline, 'fr')).toContain(String(hold).replace('.', ','));
  });

  test('GIVEN back length:30 THEN the opening’s strip shows the planned class; the class as written keeps its committed strip', async () => {
    const { timeline } = await runnerOn(repo, new Posts()).start({ ...input, lengthMinutes: 30 });
    const short = stepPicture(createPictures(), catalog, timeline, 0);
    const whole = stepPicture(createPictures(), catalog, timelineOf(catalog, catalog.sequences.get('back')!, 3), 0);
    expect(short?.description).not.toContain('Child');
    expect(short?.data.equals(whole?.data ?? Buffer.alloc(0))).toBe(false);
    expect(
      whole?.data.equals(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'pictures', 'strip-back.png'))),
    ).toBe(true);
  });
});
