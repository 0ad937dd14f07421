import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

// The class view's listener is off unless YIN_ACTIVITY_PORT is set, and never without its secret.
const base = { DISCORD_TOKEN: 't', DISCORD_CLIENT_ID: '1000000000000000001' };

test('GIVEN no YIN_ACTIVITY_PORT THEN the class view is off', () => {
  expect(loadConfig(base).activityPort).toBeUndefined();
});

test('GIVEN YIN_ACTIVITY_PORT and DISCORD_CLIENT_SECRET THEN it is on at that port', () => {
  const c = loadConfig({ ...base, YIN_ACTIVITY_PORT: '8090', DISCORD_CLIENT_SECRET: 's3cret' });
  expect(c.activityPort).toBe(8090);
  expect(c.clientSecret).toBe('s3cret');
});

test('GIVEN YIN_ACTIVITY_PORT without DISCORD_CLIENT_SECRET THEN start-up stops with one line naming it', () => {
  expect(() => loadConfig({ ...base, YIN_ACTIVITY_PORT: '8090' })).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, YIN_ACTIVITY_PORT: '8090', DISCORD_CLIENT_SECRET: '' })).toThrow(
    /^yin: configuration problem: YIN_ACTIVITY_PORT needs DISCORD_CLIENT_SECRET [^\n]*$/,
  );
});

test('GIVEN YIN_ACTIVITY_PORT with YIN_SHARDS THEN it runs (the manager listens); with several machines THEN start-up stops', () => {
  const sharded = { ...base, YIN_ACTIVITY_PORT: '8090', DISCORD_CLIENT_SECRET: 's', YIN_STORE_URL: 'redis://r:6379' };
  expect(loadConfig({ ...sharded, YIN_SHARDS: '2' }).activityPort).toBe(8090);
  expect(() => loadConfig({ ...sharded, YIN_SHARD_COUNT: '4', YIN_SHARD_IDS: '0-1' })).toThrow(
    /class view \(YIN_ACTIVITY_PORT\) serves one machine/,
  );
});
