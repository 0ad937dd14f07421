// The opening as the answer to /yin start, through a crash: interaction answers take no nonce,
// so what keeps it single is that it is an edit of the deferred answer, and that a restarted bot
// knows (from the saved session) that the answer is still its to edit.
import { afterAll, describe, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import type { FakeInteraction } from '../../stand-in/discord/inject.ts';
import { ANNOUNCE_CHANNEL_ID, HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { LOADING } from '../../stand-in/discord/messages.ts';
import { catchUpNote } from '../../src/discord/session/render.ts';
import { botEnv, botProcesses, postKey, stepOf, type BotProcess } from '../helpers/bot-process.ts';
import { embedOf } from '../helpers/harness.ts';

const ANSWER = '/webhooks/:app/:token/messages/@original';
let fake: FakeDiscord;
let env: Record<string, string>;
const bots = botProcesses(() => env);
afterAll(async () => {
  bots.killAll();
  await fake?.stop();
});

async function kill(b: BotProcess): Promise<void> {
  b.child.kill('SIGKILL');
  await b.exited;
}

/**
 * A bot at `speed` starts the back class in `channelId` and is killed with its edit of the
 * deferred answer held up (for a minute: it never lands while the test runs).
 */
async function killedMidOpening(speed: number, channelId: string): Promise<FakeInteraction> {
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  env = botEnv(fake, { YIN_SPEED: String(speed) });
  const first = await bots.ready();
  fake.delayNext({ method: 'PATCH', route: ANSWER, ms: 60_000 });
  const interaction = fake.slash({
    user: HOST,
    channelId,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back' },
  });
  expect((await interaction.response).type).toBe(5);
  await first.waitForLine((l) => l.event === 'session.start', 5000);
  await new Promise((r) => setTimeout(r, 1500)); // the opening is due (a whole second at most) and on its way
  await kill(first);
  return interaction;
}

describe('the opening as the /yin start answer, through a kill -9', () => {
  test('GIVEN the bot dies while its edit of the answer is held up THEN the restarted bot edits that same answer: one opening, never a post of it', async () => {
    // Speed 7: the first pose is due 21 s after the opening, so the restart comes in time for it
    // even on a busy machine.
    const interaction = await killedMidOpening(7, TEXT_CHANNEL_ID);
    expect(interaction.original()?.flags ?? 0).toBe(LOADING);

    const second = await bots.ready();
    await second.waitForLine((l) => l.event === 'session.step' && l.step === 0, 18_000);
    const opening = interaction.original();
    expect(embedOf(opening).title).toBe('Yin for the Back');
    expect((opening?.flags ?? 0) & LOADING).toBe(0);
    // One opening in the channel, the answer itself; no post of step 0 was ever tried.
    const openings = fake.messages(TEXT_CHANNEL_ID).filter((m) => embedOf(m).title === 'Yin for the Back');
    expect(openings.map((m) => m.id)).toEqual([opening?.id]);
    expect(
      fake.requests.filter(
        (r) => r.route === '/channels/:id/messages' && String((r.body as { nonce?: string })?.nonce).endsWith('.0'),
      ),
    ).toEqual([]);
    await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).some((m) => postKey(m)?.step === 1), 30_000);
    await fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
    await kill(second);
    await fake.stop();
  }, 60_000);

  test('GIVEN the bot is back only after the first pose was due THEN the catch-up goes to the channel and the answer still thinking is taken away', async () => {
    // Speed 600: the first pose is due a quarter of a second after the opening.
    const interaction = await killedMidOpening(600, ANNOUNCE_CHANNEL_ID);

    const second = await bots.ready();
    await fake.waitFor(
      () => fake.messages(ANNOUNCE_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')),
      20_000,
    );
    // The "thinking…" answer is gone; the session's posts are the catch-up and what followed.
    expect(interaction.original()).toBeUndefined();
    const posts = fake.messages(ANNOUNCE_CHANNEL_ID);
    expect(posts.every((m) => ((m.flags ?? 0) & LOADING) === 0)).toBe(true);
    expect(posts.every((m) => m.nonce !== undefined)).toBe(true);
    expect(stepOf(posts[0]!)).toBeGreaterThan(0);
    expect(embedOf(posts[0]).description).toContain(catchUpNote('en'));
    expect(fake.invalid).toEqual([]);
    await kill(second);
  }, 60_000);
});
