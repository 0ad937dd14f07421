// Sign-ups for a scheduled class, end to end on the test clock: the real bot against the stand-in
// Discord. A schedule with 2 places announces its class; members sign up by button and by
// Discord's Interested until it is full, the next one waits, a drop promotes them (told by DM),
// a DM reminder reaches its member at the reminder time, and closed DMs fail nothing.
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GUILD_ID, HOST, MEMBER, MOD, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import type { StoredMessage } from '../../stand-in/discord/state.ts';
import { type ClockHarness, startOnTestClock } from '../helpers/harness.ts';
import { contentOf, EPHEMERAL, yinAs } from '../helpers/e2e-notes-helpers.ts';
import { type Options, schedule, scheduleIdIn, tuesdays } from '../helpers/e2e-schedule-harness.ts';

const START = Date.parse('2026-12-01T12:00:00Z'); // a Tuesday; 19:00 Berlin is 18:00Z
const CLASS = Date.parse('2026-12-01T18:00:00Z');
const REMINDER = CLASS - 15 * 60_000;
/** A fourth member, whose DMs start closed. */
const CLOSED = '1200000000000000009';

let h: ClockHarness;
beforeAll(async () => {
  h = await startOnTestClock(START);
  h.fake.state.memberIds.push(CLOSED);
});
afterAll(async () => h?.stop());

type Row = { components: { label: string; custom_id: string }[] };
const buttons = (m: { components?: unknown[] } | undefined) =>
  (m?.components?.[0] as Row | undefined)?.components ?? [];
const press = (user: string, message: APIMessage | StoredMessage, label: string) => {
  const b = buttons(message).find((x) => x.label === label);
  if (!b) throw new Error(`no “${label}” button: ${buttons(message).map((x) => x.label)}`);
  return h.fake.click({ user, message: message as APIMessage, customId: b.custom_id });
};
const signupPosts = () =>
  h.fake.messages(TEXT_CHANNEL_ID).filter((m) => buttons(m).some((b) => b.custom_id.startsWith('signup:in:')));
const going = (id: string) => h.bot.ctx.schedules.signups.signups.going(GUILD_ID, id, CLASS);
/** Who is going once `n` are (a gateway dispatch is handled a moment after the stand-in sends it). */
async function goingSoon(id: string, n: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const now = await going(id);
    if (now.length === n) return now;
    await new Promise((r) => setTimeout(r, 10));
  }
  return going(id);
}

test('GIVEN a class with 2 places THEN sign-ups fill it, the next waits, a drop promotes them by DM, and the DM reminder goes at the reminder time', async () => {
  const began = performance.now();
  const added = await schedule(h, 'add', tuesdays({ remind: 15, capacity: 2 })).response;
  const id = scheduleIdIn(added);
  expect(id).not.toBe('');

  // The announcement: the class, its places and the buttons; no names.
  const post = await h.fake.waitFor(() => signupPosts()[0]);
  expect(post.content).toContain('sign up below');
  expect(post.content).toContain('👥 0 going · 2 places');
  expect(buttons(post).map((b) => b.label)).toEqual(['Sign up', 'Can’t come', 'Roster']);

  // Ana signs up: the post's counts move, her answer is private.
  const ana = press(HOST.id, post, 'Sign up');
  const anaPost = await ana.response;
  expect(anaPost.type).toBe(7);
  expect(contentOf(anaPost)).toContain('👥 1 going · 2 places');
  const anaAnswer = await h.fake.waitFor(() => ana.followups[0]);
  expect(anaAnswer.flags! & EPHEMERAL).toBe(EPHEMERAL);
  expect(anaAnswer.content).toContain('You’re signed up');

  // She asks for the DM reminder: a confirmation DM goes at once.
  const dm = await press(HOST.id, anaAnswer, 'Remind me by DM').response;
  expect(dm.type).toBe(7);
  expect(contentOf(dm)).toContain('one reminder by DM');
  expect(buttons(dm.data).map((b) => b.label)).toContain('No DM reminder');
  expect(h.fake.dms(HOST.id).map((m) => m.content)).toEqual([expect.stringContaining('You’ll get one reminder here')]);

  // She says yes to her name in organisers' attendance reports, right there, and takes it back.
  expect(await h.bot.ctx.reportConsent.showsName(HOST.id, GUILD_ID)).toBe(false);
  const named = await press(HOST.id, anaAnswer, 'Name me in attendance reports').response;
  expect(contentOf(named)).toContain('will show your name');
  expect(buttons(named.data).map((b) => b.label)).toEqual(['No DM reminder', 'Can’t come', 'Don’t name me in reports']);
  expect(await h.bot.ctx.reportConsent.showsName(HOST.id, GUILD_ID)).toBe(true);
  const unnamed = await press(
    HOST.id,
    { ...anaAnswer, components: named.data?.components } as APIMessage,
    'Don’t name me in reports',
  ).response;
  expect(contentOf(unnamed)).toContain('Your name is out');
  expect(await h.bot.ctx.reportConsent.showsName(HOST.id, GUILD_ID)).toBe(false);

  // Ben marks Interested on the event: that signs him up, and the class is full.
  const event = h.fake.events(GUILD_ID).find((e) => e.scheduled_start_time === new Date(CLASS).toISOString())!;
  h.fake.markInterested(event.id, MEMBER.id);
  expect(await goingSoon(id, 2)).toEqual([HOST.id, MEMBER.id]);

  // A fourth member, DMs closed: the waitlist, and the DM button says DMs are closed.
  h.fake.closeDms(CLOSED);
  const late = press(CLOSED, post, 'Sign up');
  expect(contentOf(await late.response)).toContain('👥 2 going · 1 on the waitlist · 2 places');
  const lateAnswer = await h.fake.waitFor(() => late.followups[0]);
  expect(lateAnswer.content).toContain('on the waitlist: number 1');
  const closed = await press(CLOSED, lateAnswer, 'Remind me by DM').response;
  expect(contentOf(closed)).toContain('I can’t send you DMs');
  expect(buttons(closed.data).map((b) => b.label)).toContain('DMs closed — try again');
  expect(h.fake.dms(CLOSED)).toEqual([]);
  expect(h.fake.requests.some((r) => r.status === 403 && r.route === '/channels/:id/messages')).toBe(true);

  // A double sign-up: a private answer, nothing changes.
  const again = await press(HOST.id, post, 'Sign up').response;
  expect(again.data).toMatchObject({ flags: EPHEMERAL, content: 'You’re already signed up for this class.' });
  expect(await going(id)).toEqual([HOST.id, MEMBER.id]);

  // The roster: for organisers and the host, names as mentions that ping nobody; not for members.
  const roster = await press(MOD.id, post, 'Roster').response;
  expect(roster.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
  expect(contentOf(roster)).toMatch(new RegExp(`Going\\*\\*\\n1\\. <@${HOST.id}>\\n2\\. <@${MEMBER.id}>`));
  expect(contentOf(roster)).toContain(`Waitlist**\n1. <@${CLOSED}>`);
  expect(contentOf(await press(MEMBER.id, post, 'Roster').response)).toContain('Only the class’s host and organisers');

  // Ben takes Interested off: he is dropped, and the first on the waitlist moves up, told by DM.
  h.fake.closeDms(CLOSED, false);
  h.fake.unmarkInterested(event.id, MEMBER.id);
  await h.fake.waitFor(() => h.fake.dms(CLOSED).length === 1);
  expect(h.fake.dms(CLOSED)[0]!.content).toContain('A place opened up');
  expect(await goingSoon(id, 2)).toEqual([HOST.id, CLOSED]);

  // No public post names anyone.
  for (const m of h.fake.messages(TEXT_CHANNEL_ID)) expect(m.content).not.toMatch(/<@\d/);

  // The reminder time: the reminder post, with the counts and buttons, and Ana's one DM reminder, at 17:45Z.
  await h.until(() => h.fake.dms(HOST.id).length === 2 && signupPosts()[1]);
  const reminder = signupPosts()[1]!;
  expect(reminder.content).toContain('starts');
  expect(reminder.content).toContain('👥 2 going · 2 places');
  expect(h.fake.dms(HOST.id)[1]!.content).toMatch(/^Reminder: \*\*.+\*\* starts <t:\d+:R>/);
  const anaDms = `/channels/${h.fake.state.dmChannels.get(HOST.id)}/messages`;
  const dmSent = h.fake.requests.filter((r) => r.method === 'POST' && r.path === anaDms && r.status === 200);
  expect(dmSent.map((r) => r.at)).toEqual([START, REMINDER]);

  // Asked once the reminder time has come, the DM reminder goes at once, and nothing is kept.
  const now = await press(CLOSED, lateAnswer, 'DMs closed — try again').response;
  expect(contentOf(now)).toContain('sent you the reminder by DM just now');
  expect(buttons(now.data).map((b) => b.label)).toEqual(['Can’t come', 'Name me in attendance reports']);
  expect(h.fake.dms(CLOSED).at(-1)!.content).toMatch(/^Reminder: /);
  expect(h.fake.invalid).toEqual([]);
  const wallMs = performance.now() - began;
  expect(wallMs, `${Math.round(wallMs)} ms of real time`).toBeLessThan(10_000);
});

test('GIVEN /yin schedule roster and capacity THEN the roster is for the host and organisers, capacity for Manage Events', async () => {
  const [s] = await h.bot.ctx.schedules.repo.list(GUILD_ID);
  const slash = (user: string, subcommand: string, options: Options) => schedule(h, subcommand, options, user).response;
  const roster = await slash(MOD.id, 'roster', { schedule: s!.id });
  expect(roster.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
  expect(contentOf(roster)).toMatch(new RegExp(`Going\\*\\*\\n1\\. <@${HOST.id}>\\n2\\. <@${CLOSED}>`));
  expect(contentOf(roster)).toContain(`Can’t come**\n1. <@${MEMBER.id}> (Interested in Discord)`);
  expect(contentOf(await slash(MEMBER.id, 'roster', { schedule: s!.id }))).toContain('Only the class’s host');

  const refused = await slash(MEMBER.id, 'capacity', { schedule: s!.id, places: 3 });
  expect(refused.data).toMatchObject({ flags: EPHEMERAL });
  expect(contentOf(refused)).toContain('Only members with **Manage Events**');
  expect((await h.bot.ctx.schedules.repo.get(GUILD_ID, s!.id))?.capacity).toBe(2);
  expect(contentOf(await slash(MOD.id, 'capacity', { schedule: s!.id, places: 3 }))).toBe(
    `Schedule \`${s!.id}\` now has 3 places per class.`,
  );
  expect(contentOf(await slash(MEMBER.id, 'list', {}))).toContain('3 places');
});

test('GIVEN a member erases everything yin holds THEN their sign-up goes, and they are told', async () => {
  const [s] = await h.bot.ctx.schedules.repo.list(GUILD_ID);
  const ask = yinAs(h, HOST, TEXT_CHANNEL_ID, 'notes erase-all');
  await ask.response;
  const erased = await h.fake.click({ user: HOST, message: ask.original()!, customId: 'erase-all:yes' }).response;
  expect(contentOf(erased)).toContain('Your sign-up for a scheduled class is erased too.');
  expect(await going(s!.id)).toEqual([CLOSED]);
  expect(
    (await h.bot.ctx.schedules.signups.signups.list({ guildId: GUILD_ID, scheduleId: s!.id, occurrenceMs: CLASS })).map(
      (e) => e.userId,
    ),
  ).not.toContain(HOST.id);
});

test('GIVEN a schedule without places THEN no sign-up post; given places later THEN its next class gets one, once', async () => {
  const slash = (subcommand: string, options: Options) => schedule(h, subcommand, options, MOD.id).response;
  const before = signupPosts().length;
  const added = await slash('add', {
    sequence: 'hips',
    channel: TEXT_CHANNEL_ID,
    day: 'wednesday',
    time: '19:00',
    timezone: 'Europe/Berlin',
  });
  const id = scheduleIdIn(added);
  expect(signupPosts()).toHaveLength(before);
  await slash('capacity', { schedule: id, places: 8 });
  await slash('capacity', { schedule: id, places: 9 });
  const posts = signupPosts().slice(before);
  expect(posts).toHaveLength(1);
  expect(posts[0]!.content).toContain('👥 0 going · 8 places');
  expect(buttons(posts[0]).map((b) => b.custom_id)).toContain(
    `signup:in:${id}:${Date.parse('2026-12-02T18:00:00Z').toString(36)}`,
  );
});
