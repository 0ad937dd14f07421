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

test('GIVEN YIN_ACTIVITY_PORT with shards THEN start-up stops: the class view runs with one process only', () => {
  expect(() =>
    loadConfig({
      ...base,
      YIN_ACTIVITY_PORT: '8090',
      DISCORD_CLIENT_SECRET: 's',
      YIN_SHARDS: '2',
      YIN_STORE_URL: 'redis://r:6379',
    }),
  ).toThrow(/class view \(YIN_ACTIVITY_PORT\) runs with one process only/);
});
