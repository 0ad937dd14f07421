// One record of a class a server ran: a scheduled class ends, and organisers' report and
// `/yin replay` (the member's last class, and the server's last for someone who didn't practise)
// both read it from the class log, end to end on the test clock.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { clockTrigger } from '../../src/schedule/trigger.ts';
import { GUILD_ID, HOST, MEMBER, MOD, TEXT_CHANNEL_ID, memberPermissions } from '../../stand-in/discord/fixtures.ts';
import { PermissionFlagsBits as P } from 'discord.js';
import { contentOf, customIds, deployCommands, yinAs } from '../helpers/e2e-notes-helpers.ts';
import { replayEndedAtOnce } from '../helpers/e2e-replay-helpers.ts';
import { schedule, scheduleIdIn, tuesdays } from '../helpers/e2e-schedule-harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { startHarness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';

const START = Date.UTC(2026, 11, 1, 17, 50); // Tuesday; 19:00 Berlin is 18:00Z
const clock = new ManualClock(START);
let h: Harness;
const until = () => clockDriver(clock, h);
const manager = (BigInt(memberPermissions(MOD.id)) | P.ManageGuild).toString();

beforeAll(async () => {
  h = await startHarness({ clock, trigger: clockTrigger(clock) });
  await deployCommands(h);
});
afterAll(async () => h?.stop());

/** `/yin schedule attendance` as MOD: the deferred answer's text. */
async function report(id: string): Promise<string> {
  const ix = schedule(h, 'attendance', { schedule: id }, MOD, manager);
  await ix.response;
  // An answer a person waits on needs no test time: wait in real time, the clock standing still.
  return h.fake.waitFor(() => ix.original()?.content || undefined);
}

/** `/yin replay` with no sequence: the private class it starts, ended at once with End. */
const replay = async (user: typeof HOST) => (await replayEndedAtOnce(h, until(), user, TEXT_CHANNEL_ID)).session;

test('GIVEN a scheduled class ends THEN the report and /yin replay read it from the one class record, and without it neither finds it', async () => {
  const added = await schedule(h, 'add', tuesdays({ length: 30, language: 'de' }), MOD, manager).response;
  const id = scheduleIdIn(added);
  expect(id).not.toBe('');

  // 18:00Z: the class opens in German; MEMBER presses "I'm practising", HOST doesn't.
  const opening = await until()(() =>
    h.fake.messages(TEXT_CHANNEL_ID).find((m) => customIds(m).some((c) => c.startsWith('join:'))),
  );
  const join = customIds(opening).find((c) => c.startsWith('join:')) ?? '';
  await h.fake.click({ user: MEMBER, message: opening, customId: join }).response;
  const s = h.bot.ctx.runner.get(TEXT_CHANNEL_ID);
  expect(s).toBeDefined();
  await until()(() => h.bot.ctx.runner.get(TEXT_CHANNEL_ID) === undefined);

  // One record: the counts the report needs and the plan the replay needs.
  const record = await h.bot.ctx.classLog.get(GUILD_ID, s!.id);
  expect(record).toMatchObject({
    scheduleId: id,
    practised: 1,
    sequenceId: 'back',
    holdMinutes: s!.holdMinutes,
    lengthMinutes: 30,
    language: 'de',
  });

  expect(await report(id)).toMatch(/^1 class from /);
  // MEMBER's last class, as it ran; HOST practised in none here: the server's last class, the same.
  for (const user of [MEMBER, HOST]) {
    expect(await replay(user)).toMatchObject({
      sequenceId: 'back',
      holdMinutes: s!.holdMinutes,
      lengthMinutes: 30,
      language: 'de',
    });
  }

  // Without that record neither knows the class: the report has none, /yin replay nothing to run.
  await h.bot.ctx.store.keyv(`classes:${GUILD_ID}`).delete(s!.id);
  expect(await report(id)).toMatch(/^This schedule had no classes/);
  const none = await yinAs(h, HOST, TEXT_CHANNEL_ID, 'replay').response;
  expect(contentOf(none)).toMatch(/there’s none to repeat/);
  expect(h.fake.invalid).toEqual([]);
});
