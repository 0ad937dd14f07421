import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, parseShardIds } from '../../src/config.ts';

const good = { DISCORD_TOKEN: 'secret-token-value', DISCORD_CLIENT_ID: '1000000000000000001' };

describe('config', () => {
  test('GIVEN the two required values THEN defaults fill the rest', () => {
    expect(loadConfig(good)).toMatchObject({
      apiUrl: 'https://discord.com/api',
      speed: 1,
      dataDir: 'data',
      guildId: undefined,
    });
  });

  test.each([
    ['no token', { DISCORD_CLIENT_ID: good.DISCORD_CLIENT_ID }, /DISCORD_TOKEN is required/],
    ['an empty token', { ...good, DISCORD_TOKEN: '' }, /DISCORD_TOKEN is required/],
    ['a bad client id', { ...good, DISCORD_CLIENT_ID: 'abc' }, /DISCORD_CLIENT_ID must be a Discord id/],
    ['a zero speed', { ...good, YIN_SPEED: '0' }, /YIN_SPEED/],
    ['a bad API URL', { ...good, DISCORD_API_URL: 'not a url' }, /DISCORD_API_URL/],
  ])('GIVEN %s THEN one clear line, and never the token', (_n, env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('secret-token-value');
    expect((error as Error).message).not.toContain('\n');
  });

  test('GIVEN YIN_HTTP_PORT and YIN_SHARDS THEN they are read; unset means no HTTP server and one process', () => {
    expect(loadConfig(good)).toMatchObject({ httpPort: undefined, shards: undefined, shardChild: false });
    const redis = { ...good, YIN_STORE_URL: 'redis://redis:6379' };
    expect(loadConfig({ ...redis, YIN_HTTP_PORT: '8080', YIN_SHARDS: 'auto' })).toMatchObject({
      httpPort: 8080,
      shards: 'auto',
    });
    expect(loadConfig({ ...redis, YIN_SHARDS: '4' })).toMatchObject({ shards: 4 });
    // discord.js's ShardingManager marks the processes it spawns.
    expect(loadConfig({ ...redis, YIN_SHARDS: '2', SHARDING_MANAGER: 'true', SHARDS: '1' })).toMatchObject({
      shardChild: true,
      shardId: 1,
    });
  });

  test('GIVEN shard processes sharing a token THEN each paces its posts at its share of 47 a second, unless YIN_POST_RATE says', () => {
    expect(loadConfig(good).postRate).toBe(47);
    const child = {
      ...good,
      YIN_STORE_URL: 'redis://redis:6379',
      SHARDING_MANAGER: 'true',
      SHARDS: '1',
      SHARD_COUNT: '3',
    };
    expect(loadConfig(child).postRate).toBeCloseTo(47 / 3);
    expect(loadConfig({ ...child, YIN_POST_RATE: '20' }).postRate).toBe(20);
  });

  test.each([
    ['a bad port', { ...good, YIN_HTTP_PORT: '70000' }, /YIN_HTTP_PORT/],
    [
      'a bad shard count',
      { ...good, YIN_STORE_URL: 'redis://r:6379', YIN_SHARDS: 'lots' },
      /YIN_SHARDS must be "auto" or a number/,
    ],
    [
      'shards over SQLite',
      { ...good, YIN_SHARDS: '2', YIN_STORE_URL: 'sqlite:///data/yin.sqlite' },
      /YIN_SHARDS needs YIN_STORE_URL=redis:/,
    ],
    ['shards over the default store', { ...good, YIN_SHARDS: 'auto' }, /YIN_SHARDS needs YIN_STORE_URL=redis:/],
  ])('GIVEN %s THEN a ConfigError names it', (_n, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('GIVEN YIN_SPEED=60 and a trailing slash THEN both are normalised', () => {
    expect(loadConfig({ ...good, YIN_SPEED: '60', DISCORD_API_URL: 'http://127.0.0.1:9/api/' })).toMatchObject({
      speed: 60,
      apiUrl: 'http://127.0.0.1:9/api',
    });
  });
});

describe('a shard range per machine', () => {
  const base = {
    DISCORD_TOKEN: 't',
    DISCORD_CLIENT_ID: '123456789012345678',
    YIN_STORE_URL: 'redis://r:6379',
  };
  test.each([
    ['0-7', [0, 1, 2, 3, 4, 5, 6, 7]],
    ['8-15', [8, 9, 10, 11, 12, 13, 14, 15]],
    ['0,3', [0, 3]],
    ['5', [5]],
    ['3, 0-1, 1', [0, 1, 3]],
  ])('GIVEN YIN_SHARD_IDS=%s of 16 THEN this machine runs %j', (ids, shards) => {
    expect(loadConfig({ ...base, YIN_SHARD_COUNT: '16', YIN_SHARD_IDS: ids }).shardRange).toEqual({
      count: 16,
      ids: shards,
    });
    expect(parseShardIds(ids, 16)).toEqual(shards);
  });

  test.each([
    ['ids without a count', { YIN_SHARD_IDS: '0-7' }, /YIN_SHARD_IDS needs YIN_SHARD_COUNT/],
    [
      'auto beside a range',
      { YIN_SHARD_COUNT: '16', YIN_SHARD_IDS: '0-7', YIN_SHARDS: 'auto' },
      /can't be used together/,
    ],
    ['a shard past the count', { YIN_SHARD_COUNT: '8', YIN_SHARD_IDS: '0-9' }, /names shard 8, 9/],
    ['a range backwards', { YIN_SHARD_COUNT: '8', YIN_SHARD_IDS: '5-2' }, /runs backwards/],
    ['not a range', { YIN_SHARD_COUNT: '8', YIN_SHARD_IDS: 'all' }, /must be a range/],
    ['SQLite', { YIN_SHARD_COUNT: '8', YIN_STORE_URL: 'sqlite:///x.sqlite' }, /needs YIN_STORE_URL=redis/],
  ])('GIVEN %s THEN start-up stops with a line that says why', (_what, env, why) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(why);
  });

  test('GIVEN a shard process of a 16-shard bot THEN its fixed share is 45 ÷ 16 and the token budget 45', () => {
    const child = loadConfig({
      ...base,
      SHARDING_MANAGER: 'true',
      SHARDS: '3',
      SHARD_COUNT: '16',
      YIN_SHARD_COUNT: '16',
    });
    expect(child.postRate).toBeCloseTo(47 / 16);
    expect(child.tokenPostRate).toBe(47);
    expect(child.shardRange).toBeUndefined(); // the child runs one shard; the range is its manager's
  });
});
