import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';

// Pause, Skip and +1 in a rebound, the break and the final rest, end to end, on the test clock:
// time stands still while a button is pressed, and moves only when the test moves it.
const MIN = 60_000;
let h: Harness;
let clock: ManualClock;
let until: ReturnType<typeof clockDriver>;
beforeAll(async () => {
  clock = new ManualClock();
  h = await startHarness({ clock });
  until = clockDriver(clock, h);
});
afterAll(async () => h?.stop());

const posts = () => h.fake.messages(TEXT_CHANNEL_ID);
const next = (after: APIMessage | undefined, prefix: string) =>
  until(() => posts().find((m) => (!after || BigInt(m.id) > BigInt(after.id)) && embedOf(m).title?.startsWith(prefix)));
const press = async (message: APIMessage, label: string) => {
  const row = message.components?.[0] as { components: { label: string; custom_id: string }[] };
  const customId = row.components.find((b) => b.label === label)!.custom_id;
  return h.fake.click({ user: HOST, message, customId }).response;
};
const said = (r: { data?: unknown }) => String((r.data as { content?: string } | undefined)?.content);

test('GIVEN the controls in a rebound, the break and the final rest THEN each acts on that step, and the class carries on', async () => {
  await h.fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 5 },
  }).response;
  const opening = await next(undefined, 'Yin for the Back');
  expect((await press(opening, 'Skip')).type).toBe(6);

  // A rebound: +1 makes it end a minute later, Skip moves on to the next hold at once.
  const child = await next(opening, '1/9');
  await press(child, 'Skip');
  const rebound = await next(child, 'Rebound');
  expect(said(await press(rebound, '+1 min'))).toMatch(
    /^⏱ One more minute — Rebound · On Your Back now ends <t:\d+:R>\.$/,
  );
  await press(rebound, 'Skip');
  let at = await next(rebound, '2/9');
  for (const title of ['3/9', '4/9']) {
    await press(at, 'Skip');
    at = await next(at, title);
  }
  await press(at, 'Skip');

  // The break: Pause holds it still, Resume names it and when it now ends.
  const brk = await next(at, 'Break');
  expect(said(await press(brk, 'Pause'))).toMatch(/^⏸ Paused by <@\d+>/);
  clock.advance(10 * MIN); // far longer than the break: nothing moves while paused
  await until(() => true); // what the jump woke (nothing, while paused) has run
  expect(
    posts()
      .filter((m) => m.embeds.length > 0)
      .at(-1)?.id,
  ).toBe(brk.id);
  expect(said(await press(brk, 'Resume'))).toMatch(
    /^▶ Resumed by <@\d+> — Break · Windshield Wipers ends <t:\d+:R>\.$/,
  );

  // On to the final rest; +1 there lengthens the rest, Skip brings the closing.
  at = brk;
  for (const title of [
    '5/9',
    '6/9',
    'Rebound',
    '7/9',
    'Counterpose',
    '8/9',
    'Rebound',
    '9/9',
    'Counterpose',
    'Final rest',
  ]) {
    await press(at, 'Skip');
    at = await next(at, title);
  }
  expect(said(await press(at, '+1 min'))).toMatch(/^⏱ One more minute — Final rest · Savasana now ends <t:\d+:R>\.$/);
  await press(at, 'Skip');
  const closing = await next(at, 'Closing');
  expect(embedOf(closing).description).not.toMatch(/Ended early/);
  expect(h.fake.invalid).toEqual([]);
});
