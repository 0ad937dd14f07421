import { expect } from 'vitest';
import { HOST } from '../../stand-in/discord/fixtures.ts';
import type { StoredMessage } from '../../stand-in/discord/messages.ts';
import { postKey, stepOf } from './bot-process.ts';
import type { Harness } from './harness.ts';

/**
 * Starts the back class in `channelId` and waits for its closing: its posts, in order. `until`
 * waits: in real time by default, or a test clock's driver (helpers/test-clock.ts clockDriver).
 */
export async function runBack(
  hh: Harness,
  channelId: string,
  options: Record<string, string> = {},
  until: (done: () => boolean) => Promise<unknown> = (done) => hh.fake.waitFor(done, 40_000),
): Promise<StoredMessage[]> {
  await hh.fake.slash({
    user: HOST,
    channelId,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', ...options },
  }).response;
  const session = await hh.fake.waitFor(() => hh.bot.ctx.runner.get(channelId));
  const mine = () => hh.fake.messages(channelId).filter((m) => postKey(m)?.session === session.id);
  // Ended: the closing (the last step) is posted.
  await until(() => hh.bot.ctx.runner.get(channelId) === undefined);
  // The back class has 16 steps after its opening; the closing is the last.
  expect(mine().map(stepOf).at(-1)).toBe(17);
  return mine() as StoredMessage[];
}
