import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { APP_ID, GUILD_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { spawnBot } from '../helpers/bot-process.ts';

/** Runs `script` as `npm start` would, to its end (killed after 20 s). */
async function node(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bot = spawnBot({ PATH: process.env.PATH ?? '', ...env }, { script, echoStderr: false });
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), 20_000);
  const { code } = await bot.closed;
  clearTimeout(timer);
  return { code, stdout: bot.stdout(), stderr: bot.stderr() };
}

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => fake?.stop());

describe('npm run deploy-commands', () => {
  test('GIVEN a guild id THEN /yin is registered there in one bulk PUT that Discord would accept', async () => {
    const { code, stdout } = await node('src/deploy-commands.ts', {
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`Registered 1 command(s) in guild ${GUILD_ID}`);
    const [yin] = fake.commands(GUILD_ID);
    expect(yin?.name).toBe('yin');
    expect(yin?.options?.map((o) => o.name)).toEqual(expect.arrayContaining(['start', 'stop', 'sequences']));
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(fake.invalid).toEqual([]);
  });
});

describe('npm start with a bad configuration', () => {
  test('GIVEN no token THEN one clear line and exit 1, before any request', async () => {
    const before = fake.requests.length;
    const { code, stdout, stderr } = await node('src/main.ts', {
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^yin: configuration problem: DISCORD_TOKEN is required/),
    ]);
    expect(fake.requests.length).toBe(before);
  });

  test('GIVEN a token Discord refuses THEN the bot says so and the token appears nowhere in its output', async () => {
    const bad = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.d3Jvbmc.not-the-right-token';
    const { code, stdout, stderr } = await node('src/main.ts', {
      DISCORD_TOKEN: bad,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      YIN_STORE_URL: 'sqlite::memory:',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/yin: could not start/);
    expect(stdout + stderr).not.toContain(bad);
    expect(stdout + stderr).not.toContain('not-the-right-token');
  });
});
