import type { SessionState } from '../../src/domain/session.ts';
import type { FixtureUser } from '../../stand-in/discord/fixtures.ts';
import { yinAs } from './e2e-notes-helpers.ts';
import type { Harness } from './harness.ts';
import type { clockDriver } from './test-clock.ts';

/** The running session that is this member's private replay. */
export const replayOf = (h: Harness, userId: string): SessionState | undefined =>
  [...h.fake.state.channels.keys()].map((id) => h.bot.ctx.runner.get(id)).find((s) => s?.private?.ownerId === userId);

/**
 * `/yin replay` as `user` in `channelId` (of `options.sequence`, or with none the class they last
 * practised), driven on the test clock by `until`: the private class it starts, ended at once with
 * End, and the answer's text.
 */
export async function replayEndedAtOnce(
  h: Harness,
  until: ReturnType<typeof clockDriver>,
  user: FixtureUser,
  channelId: string,
  options?: { sequence: string },
): Promise<{ session: SessionState; answer: string }> {
  const ix = yinAs(h, user, channelId, 'replay', options);
  const session = await until(() => replayOf(h, user.id));
  const answer = await until(() => ix.original()?.content);
  const opening = await until(() => h.fake.messages(session.channelId).find((m) => m.nonce === `${session.id}.0`));
  await h.fake.click({ user, message: opening, customId: `ctl:stop:${session.id}` }).response;
  await until(() => h.bot.ctx.runner.get(session.channelId) === undefined);
  return { session, answer };
}
