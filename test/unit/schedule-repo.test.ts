import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { parseRule } from '../../src/schedule/rule.ts';
import type { NewSchedule } from '../../src/schedule/schedule.ts';
import { SchedulesRepo } from '../../src/schedule/schedules-repo.ts';

/** One Map behind every namespace, the way one SQLite file or Redis sits behind the store. */
function makeRepo() {
  const map = new Map<string, unknown>();
  const repo = new SchedulesRepo((namespace) => new Keyv({ store: map, namespace }));
  return { map, repo };
}

const input = (over: Partial<NewSchedule> = {}): NewSchedule => ({
  guildId: 'g1',
  channelId: 'c1',
  sequenceId: 'back',
  rule: parseRule({ day: 'tue', time: '19:00', timezone: 'Europe/Berlin' }),
  createdBy: 'u1',
  ...over,
});

describe('SchedulesRepo', () => {
  test('add assigns a short id, defaults paused to false, and reads back', async () => {
    const { repo } = makeRepo();
    const s = await repo.add(input({ remindMinutes: 15, roleId: 'r1' }));
    expect(s.id).toMatch(/^[a-z0-9]{6}$/);
    expect(s.paused).toBe(false);
    expect(await repo.get('g1', s.id)).toEqual(s);
    expect(await repo.get('g2', s.id)).toBeUndefined();
  });

  test('one key per schedule in a per-guild namespace, and one index key per guild', async () => {
    const { map, repo } = makeRepo();
    const a = await repo.add(input());
    await repo.add(input({ guildId: 'g2' }));
    const keys = [...map.keys()].sort();
    expect(keys).toContain(`schedules:g1::${a.id}`);
    expect(keys).toContain('schedule-guilds::g1');
    expect(keys).toContain('schedule-guilds::g2');
  });

  test('list is per guild; listAll spans guilds', async () => {
    const { repo } = makeRepo();
    const a = await repo.add(input());
    const b = await repo.add(input({ sequenceId: 'hips' }));
    const c = await repo.add(input({ guildId: 'g2' }));
    expect((await repo.list('g1')).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect((await repo.list('g2')).map((s) => s.id)).toEqual([c.id]);
    expect((await repo.listAll()).map((s) => s.id).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  test('update patches, validates, and keeps id and guild', async () => {
    const { repo } = makeRepo();
    const s = await repo.add(input());
    const u = await repo.update('g1', s.id, { paused: true, eventId: 'e1', lastRunAt: 123 });
    expect(u).toEqual({ ...s, paused: true, eventId: 'e1', lastRunAt: 123 });
    expect(await repo.get('g1', s.id)).toEqual(u);
    await expect(repo.update('g1', s.id, { remindMinutes: 500 })).rejects.toThrow();
    expect(await repo.update('g1', 'nope', { paused: true })).toBeUndefined();
  });

  test('concurrent updates do not lose each other', async () => {
    const { repo } = makeRepo();
    const s = await repo.add(input());
    await Promise.all([repo.update('g1', s.id, { eventId: 'e1' }), repo.update('g1', s.id, { lastRunAt: 5 })]);
    expect(await repo.get('g1', s.id)).toMatchObject({ eventId: 'e1', lastRunAt: 5 });
  });

  test('remove deletes the schedule; the guild leaves the index with its last one', async () => {
    const { map, repo } = makeRepo();
    const a = await repo.add(input());
    const b = await repo.add(input());
    expect(await repo.remove('g1', a.id)).toBe(true);
    expect(await repo.remove('g1', a.id)).toBe(false);
    expect(map.has('schedule-guilds::g1')).toBe(true);
    await repo.remove('g1', b.id);
    expect(map.has('schedule-guilds::g1')).toBe(false);
    expect(await repo.listAll()).toEqual([]);
  });

  test('an unreadable stored record is skipped, not fatal', async () => {
    const { map, repo } = makeRepo();
    const s = await repo.add(input());
    await new Keyv({ store: map, namespace: 'schedules:g1' }).set('broken', { id: 'broken', rule: 'nonsense' });
    expect((await repo.list('g1')).map((x) => x.id)).toEqual([s.id]);
    expect(await repo.get('g1', 'broken')).toBeUndefined();
  });

  test('claimRun: true once per schedule and occurrence, even when raced', async () => {
    const { map, repo } = makeRepo();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => repo.claimRun('s1', 1000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await repo.claimRun('s1', 1000)).toBe(false);
    expect(await repo.claimRun('s1', 2000)).toBe(true);
    expect(await repo.claimRun('s2', 1000)).toBe(true);
    expect(map.has('schedule-runs::run:s1:1000')).toBe(true);
    // A second repo over the same store (a restart) sees the claim.
    const again = new SchedulesRepo((namespace) => new Keyv({ store: map, namespace }));
    expect(await again.claimRun('s1', 1000)).toBe(false);
  });
});

describe('SchedulesRepo: at most 25 schedules per guild', () => {
  test('GIVEN 25 schedules THEN a 26th is refused with a sentence and not saved; other guilds are not affected', async () => {
    const { repo } = makeRepo();
    await Promise.all(Array.from({ length: 25 }, () => repo.add(input())));
    await expect(repo.add(input())).rejects.toThrow(/already has 25 schedules.*Remove one first/);
    expect(await repo.list('g1')).toHaveLength(25);
    await expect(repo.add(input({ guildId: 'g2' }))).resolves.toMatchObject({ guildId: 'g2' });
    const [first] = await repo.list('g1');
    await repo.remove('g1', first!.id);
    await expect(repo.add(input())).resolves.toMatchObject({ guildId: 'g1' });
  });
});

describe('sharding', () => {
  test('GIVEN schedules in two guilds and a process that owns one THEN listAll (what gets armed) holds only that guild', async () => {
    const keyvs = new Map<string, Keyv>();
    const keyvFor = (ns: string) => {
      if (!keyvs.has(ns)) keyvs.set(ns, new Keyv());
      return keyvs.get(ns)!;
    };
    const all = new SchedulesRepo(keyvFor);
    const base = {
      channelId: 'c',
      sequenceId: 'back',
      createdBy: 'u',
      rule: { cron: '0 19 * * 2', timezone: 'Europe/Berlin' },
    };
    await all.add({ ...base, guildId: 'g1' });
    await all.add({ ...base, guildId: 'g2' });
    const shard = new SchedulesRepo(keyvFor, undefined, (g) => g === 'g2');
    expect((await shard.listAll()).map((s) => s.guildId)).toEqual(['g2']);
    expect((await all.listAll()).map((s) => s.guildId).sort()).toEqual(['g1', 'g2']);
  });
});
