// The stand-in's direct messages, through discord.js's REST client: POST /users/@me/channels
// opens (or returns) the DM channel, and a message to a user whose DMs are closed is refused with
// 403 50007, as Discord does — the channel opens either way.
import { DiscordAPIError, REST, Routes, type APIDMChannel } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MEMBER, TOKEN, startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/index.ts';

let fake: FakeDiscord;
let rest: REST;
beforeAll(async () => {
  fake = await startFakeDiscord();
  rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(TOKEN);
});
afterAll(async () => fake?.stop());

const open = (recipient_id: string) =>
  rest.post(Routes.userChannels(), { body: { recipient_id } }) as Promise<APIDMChannel>;
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'sent',
    (e: unknown) => (e instanceof DiscordAPIError ? `${e.status} ${e.code} ${e.message}` : String(e)),
  );

test('GIVEN a member THEN one DM channel, messages reach them, and closed DMs answer 403 50007', async () => {
  const dm = await open(MEMBER.id);
  expect(dm).toMatchObject({ type: 1, recipients: [{ id: MEMBER.id }] });
  expect((await open(MEMBER.id)).id).toBe(dm.id);
  await rest.post(Routes.channelMessages(dm.id), { body: { content: 'hello' } });
  expect(fake.dms(MEMBER.id).map((m) => m.content)).toEqual(['hello']);

  fake.closeDms(MEMBER.id);
  expect((await open(MEMBER.id)).id).toBe(dm.id);
  expect(await refusal(rest.post(Routes.channelMessages(dm.id), { body: { content: 'again' } }))).toBe(
    '403 50007 Cannot send messages to this user',
  );
  expect(fake.dms(MEMBER.id)).toHaveLength(1);
  fake.closeDms(MEMBER.id, false);
  expect(await refusal(rest.post(Routes.channelMessages(dm.id), { body: { content: 'open' } }))).toBe('sent');
});

test('GIVEN a user the bot shares no server with THEN Unknown User', async () => {
  expect(await refusal(open('1299999999999999999'))).toBe('404 10013 Unknown User');
  expect(fake.invalid).toEqual([]);
});
