import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

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

  test('GIVEN shard processes sharing a token THEN each paces its posts at its share of 45/s, unless YIN_POST_RATE says', () => {
    expect(loadConfig(good).postRate).toBe(45);
    const child = {
      ...good,
      YIN_STORE_URL: 'redis://redis:6379',
      SHARDING_MANAGER: 'true',
      SHARDS: '1',
      SHARD_COUNT: '3',
    };
    expect(loadConfig(child).postRate).toBe(15);
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
