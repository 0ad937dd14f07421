// Attendance for organisers, end to end on the test clock: a scheduled class that two members
// join, its closing ("2 of you practised together"), the report in an organisers-only channel
// (named only with a yes), /yin schedule attendance with its CSV before and after a member says
// no, and the weekly total, posted once even when the bot restarts.
import { PermissionFlagsBits as P } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { silentLogger } from '../../src/log.ts';
import { clockTrigger } from '../../src/schedule/trigger.ts';
import {
  ANNOUNCE_CHANNEL_ID,
  BOT_ROLE_ID,
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  memberPermissions,
} from '../../stand-in/discord/fixtures.ts';
import { EPHEMERAL, buttonId, contentOf, deployCommands, yin } from '../helpers/e2e-notes-helpers.ts';
import { embedOf, field, type Harness, startHarness } from '../helpers/harness.ts';
import { schedule, scheduleIdIn, tuesdays } from '../helpers/e2e-schedule-harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';

const START = Date.UTC(2026, 11, 1, 17, 50); // Tuesday; 19:00 Berlin is 18:00Z
const SUNDAY_18Z = Date.UTC(2026, 11, 6, 18, 0);
const REPORTS = ANNOUNCE_CHANNEL_ID;
const clock = new ManualClock(START);
let h: Harness;
let restarted: Bot | undefined;
const until = () => clockDriver(clock, restarted ? { fake: h.fake, bot: restarted } : h);
// Manage Server for MOD, who organises (the owner, HOST, is just a member here).
const manager = (BigInt(memberPermissions(MOD.id)) | P.ManageGuild).toString();

beforeAll(async () => {
  // #announcements is the organisers' room: @everyone can't see it, the bot can post there.
  const view = String(P.ViewChannel | P.SendMessages);
  h = await startHarness({
    clock,
    trigger: clockTrigger(clock),
    fake: {
      overwrites: {
        [REPORTS]: [
          { id: GUILD_ID, type: 0, allow: '0', deny: String(P.ViewChannel) },
          { id: BOT_ROLE_ID, type: 0, allow: view, deny: '0' },
        ],
      },
    },
  });
  await deployCommands(h);
});
afterAll(async () => {
  await restarted?.stop();
  if (restarted) await h?.fake.stop();
  else await h?.stop();
});

const settings = (user: typeof HOST, subcommand: string, options: Record<string, string | boolean>, perms?: string) =>
  yin(h, {
    user,
    channelId: TEXT_CHANNEL_ID,
    group: 'settings',
    subcommand,
    options,
    ...(perms ? { memberPermissions: perms } : {}),
  }).response;
const textOf = (channelId: string, pattern: RegExp) =>
  h.fake.messages(channelId).filter((m) => pattern.test(m.content ?? ''));

/** `/yin schedule attendance` as MOD: the answer and its CSV (deferred, so it comes with the edit). */
async function attendance(id: string) {
  const ix = schedule(h, 'attendance', { schedule: id });
  expect((await ix.response).type).toBe(5);
  // An answer a person waits on: it needs no test time, so wait in real time.
  const file = await h.fake.waitFor(
    () => ix.original()?.attachments[0] as unknown as { filename: string; content: Buffer },
  );
  return { content: ix.original()?.content ?? '', flags: ix.original()?.flags, file };
}

test('GIVEN a scheduled class two members join, one of them named by her yes THEN the closing counts them, organisers get the report and the CSV, a no takes her name out, and the weekly total goes out once', async () => {
  const began = performance.now();
  // The report channel must be one @everyone can't see: #practice is refused, #announcements taken.
  const open = await settings(MOD, 'attendance', { reports: TEXT_CHANNEL_ID }, manager);
  expect(contentOf(open)).toMatch(/^Members who don’t organise can see/);
  expect(await h.bot.ctx.settings.get(GUILD_ID)).not.toHaveProperty('attendanceChannelId');
  const set = await settings(MOD, 'attendance', { reports: REPORTS, weekly: TEXT_CHANNEL_ID }, manager);
  expect(set.data).toMatchObject({ flags: EPHEMERAL });
  expect(contentOf(set)).toContain(`Attendance reports: in <#${REPORTS}>`);
  // A member's own choice needs no Manage Server.
  expect(contentOf(await settings(HOST, 'my-name', { show: true }))).toMatch(/will show your name/);
  expect(contentOf(await settings(MEMBER, 'my-name', {}))).toMatch(/count you without your name/);

  const added = await schedule(h, 'add', tuesdays({ capacity: 10 })).response;
  const id = scheduleIdIn(added);
  expect(id).not.toBe('');
  // HOST and MEMBER sign up with the announcement's button, and MOD too, who won't come.
  const announcement = await h.fake.waitFor(() =>
    h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.content.includes('sign up below')),
  );
  const clicks = [HOST, MEMBER, MOD].map((user) =>
    h.fake.click({ user, message: announcement, customId: buttonId(announcement, 'Sign up') }),
  );
  for (const c of clicks) await c.response;
  // MOD says yes to his name at sign-up, on the private answer (HOST said it in /yin settings).
  const modAnswer = await h.fake.waitFor(() => clicks[2]!.followups[0]);
  const yes = h.fake.click({
    user: MOD,
    message: modAnswer,
    customId: buttonId(modAnswer, 'Name me in attendance reports'),
  });
  expect(contentOf(await yes.response)).toMatch(/will show your name/);

  // 18:00Z: the class opens; HOST and MEMBER join.
  const opening = await until()(() =>
    h.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title === 'Yin for the Back'),
  );
  expect(clock.now()).toBe(Date.UTC(2026, 11, 1, 18, 0));
  for (const user of [HOST, MEMBER])
    await h.fake.click({ user, message: opening, customId: buttonId(opening, 'I’m practising') }).response;

  // The closing counts who practised; the report follows in the organisers' channel.
  const report = await until()(() => h.fake.messages(REPORTS).find((m) => m.content.startsWith('**Attendance')));
  const closing = h.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing'));
  expect(field(embedOf(closing), 'Practised')).toMatch(/\n2 of you practised together$/);
  expect(report.content).toContain('Practised: **2** (2 new, 0 returning)');
  expect(report.content).toMatch(/Average: \*\*51\.\d min\*\*/);
  expect(report.content).toContain('Signed up: **3** · didn’t come: **1**');
  // Named: HOST (yes) and MOD (yes, a no-show); MEMBER is only counted.
  expect(report.content).toMatch(new RegExp(`Practised: <@${HOST.id}> \\(51\\.\\d min, new\\)\\n`));
  expect(report.content).toContain(`Signed up, didn’t come: <@${MOD.id}>`);
  expect(report.content).not.toContain(MEMBER.id);
  const sent = h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${REPORTS}/messages`);
  expect(sent?.body).toMatchObject({ allowed_mentions: { parse: [] } });

  // The organiser's CSV for the range: names only with a yes, read now.
  const before = await attendance(id);
  expect(before.flags).toBe(EPHEMERAL);
  expect(before.content).toMatch(/^1 class from \d{4}-\d{2}-\d{2} to 2026-12-01/);
  expect(before.file.filename).toMatch(new RegExp(`^yin-attendance-${id}-\\d{4}-\\d{2}-\\d{2}-2026-12-01\\.csv$`));
  const rows = before.file.content
    .toString()
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(rows).toHaveLength(2);
  expect(rows[1]).toMatch(/^2026-12-01 19:00 Europe\/Berlin,[a-z0-9]+,Yin for the Back,2,2,0,51\.\d,3,1,Ana,Cleo$/);

  // HOST says no: her name leaves the report on the class already kept; the counts stay.
  await settings(HOST, 'my-name', { show: false });
  const after = await attendance(id);
  const row = after.file.content.toString().trim().split('\r\n')[1];
  expect(row).toMatch(/,Yin for the Back,2,2,0,51\.\d,3,1,,Cleo$/);
  expect(after.content).not.toContain(HOST.id);

  // Sunday 18:00Z: the week's total, no names, in the weekly channel.
  const weekly = /This server practised \*\*(.+)\*\* together this week/;
  const total = await until()(() => textOf(TEXT_CHANNEL_ID, weekly)[0], { maxTestMs: 7 * 24 * 60 * 60_000 });
  expect(clock.now()).toBe(SUNDAY_18Z);
  const minutes = (await h.bot.ctx.classLog.classes(GUILD_ID, 0, SUNDAY_18Z)).reduce((s, c) => s + c.minutes, 0);
  expect(minutes).toBeGreaterThan(100);
  expect(weekly.exec(total.content)?.[1]).toBe(`1 h ${Math.round(minutes) - 60} min`);
  expect(total.content).not.toMatch(/<@/);

  // Turning one off keeps the other; a channel and its own off at once is refused, nothing saved.
  const both = await settings(MOD, 'attendance', { reports: REPORTS, off: 'reports' }, manager);
  expect(contentOf(both)).toMatch(/not both at once/);
  const off = contentOf(await settings(MOD, 'attendance', { off: 'weekly' }, manager));
  expect(off).toContain(`Attendance reports: in <#${REPORTS}>`);
  expect(off).toContain('Weekly total: off.');
  await settings(MOD, 'attendance', { weekly: TEXT_CHANNEL_ID }, manager);

  // A restart at that minute catches up on the week: already posted, so not again.
  await h.bot.stop();
  restarted = await startBot(loadConfig(h.env), silentLogger, clock, { trigger: clockTrigger(clock) });
  await restarted.ready;
  await until()(() => restarted?.ctx.runner.size === 0 && clock.now() >= SUNDAY_18Z);
  expect(textOf(TEXT_CHANNEL_ID, weekly)).toHaveLength(1);
  expect(h.fake.invalid).toEqual([]);
  const wallMs = performance.now() - began;
  expect(wallMs, `${Math.round(wallMs)} ms of real time`).toBeLessThan(15_000);
});
