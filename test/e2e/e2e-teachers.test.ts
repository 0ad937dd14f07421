// Teachers end to end on the test clock: the real bot against the stand-in Discord. A scheduled
// class whose teacher (a member with no permissions) holds its controls and hands them over
// mid-class; a substitute request taken by the first of two teachers who press; one nobody takes.
// The schedule's starts and reminders go through around-starts.ts as the Scheduler calls them.
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { remind, startOccurrence } from '../../src/schedule/around-starts.ts';
import { SessionsRepo } from '../../src/sessions/sessions-repo.ts';
import {
  APP_ID,
  GUEST,
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  YIN_ROLE_ID,
} from '../../stand-in/discord/fixtures.ts';
import { buttonId, EPHEMERAL } from '../helpers/e2e-notes-helpers.ts';
import { scheduleIdIn, tuesdays } from '../helpers/e2e-schedule-harness.ts';
import { type ClockHarness, embedOf, startOnTestClock } from '../helpers/harness.ts';

type Who = typeof HOST;
// Tuesday 1 December 2026, 12:00Z: "Tuesdays 19:00 Berlin" starts at 18:00Z, then weekly.
const NOW = Date.parse('2026-12-01T12:00:00Z');
const WEEK = 7 * 24 * 60 * 60_000;
const FIRST = Date.parse('2026-12-01T18:00:00Z');
let h: ClockHarness;
let id = '';

beforeAll(async () => {
  h = await startOnTestClock(NOW);
  // The teachers' role: HOST and MOD have it, GUEST and MEMBER don't.
  await slash(HOST, { group: 'settings', subcommand: 'teacher-role', options: { role: YIN_ROLE_ID } });
});
afterAll(async () => h?.stop());

function slash(
  user: Who,
  o: { group?: string; subcommand: string; options?: Record<string, string | number | boolean> },
) {
  return h.fake.slash({ user, channelId: TEXT_CHANNEL_ID, guildId: GUILD_ID, name: 'yin', ...o }).response;
}
const schedule = (user: Who, subcommand: string, options: Record<string, string | number | boolean>) =>
  slash(user, { group: 'schedule', subcommand, options });
const said = (r: { data?: unknown }) => String((r.data as { content?: string } | undefined)?.content);
const ports = () => h.bot.ctx.schedules.ports;
const stored = async () => (await ports().repo.get(GUILD_ID, id))!;
const posts = () => h.fake.messages(TEXT_CHANNEL_ID);
const opening = (after = '0') =>
  h.until(() => posts().find((m) => BigInt(m.id) > BigInt(after) && embedOf(m).title === 'Yin for the Back'));
const press = (user: Who, message: APIMessage, label: string, customId = buttonId(message, label)) =>
  h.fake.click({ user, message, customId }).response;
const eventOf = async () => h.fake.state.events.get((await stored()).eventId!)!;
/** The class starts as the Scheduler starts it, at its occurrence on the test clock. */
async function startAt(occurrence: number): Promise<void> {
  h.clock.set(occurrence);
  await startOccurrence(ports(), await stored(), occurrence, 0);
}
/** An organiser ends the class, and its event moves on to the next start. */
async function endClass(open: APIMessage): Promise<void> {
  const was = (await stored()).eventFor ?? 0;
  await press(MOD, open, 'End');
  await h.until(() => h.bot.ctx.runner.get(TEXT_CHANNEL_ID) === undefined);
  await expect.poll(async () => (await stored()).eventFor ?? 0).toBeGreaterThan(was);
}

describe('a scheduled class with a teacher', () => {
  test('GIVEN teacher:@Dee THEN the event, the reminder and the opening name her; her Pause works, a member’s is refused', async () => {
    const added = await schedule(MOD, 'add', tuesdays({ remind: 15, teacher: GUEST.id }));
    id = scheduleIdIn(added);
    expect((await stored()).teacherId).toBe(GUEST.id);
    expect((await eventOf()).description).toContain('Taught by Dee.');

    // The reminder names the teacher without pinging her (she isn't Interested).
    await remind(ports(), await stored(), FIRST);
    const reminder = posts().at(-1)!;
    expect(reminder.content).toContain(`Taught by <@${GUEST.id}>.`);
    expect(h.fake.requests.at(-1)?.body).toMatchObject({ allowed_mentions: { roles: [], users: [] } });

    await startAt(FIRST);
    const open = await opening();
    expect(embedOf(open).fields).toContainEqual({ name: 'Teacher', value: `<@${GUEST.id}>` });
    expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)).toMatchObject({ hostId: `schedule:${id}`, teacherId: GUEST.id });

    const refused = await press(MEMBER, open, 'Pause');
    expect(refused.data).toMatchObject({ flags: EPHEMERAL });
    expect(said(refused)).toBe(
      `Only the host (<@${GUEST.id}>) or members with Manage Messages can pause this session.`,
    );
    expect(said(await press(GUEST, open, 'Pause'))).toMatch(new RegExp(`^⏸ Paused by <@${GUEST.id}>`));
    expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)?.pausedAt).toBe(FIRST);

    // Mid-class, the teacher hands over to Ben: his Resume and Skip work, hers are refused now.
    const handed = await slash(GUEST, { subcommand: 'handover', options: { member: MEMBER.id } });
    expect(handed.data).toMatchObject({
      content: `<@${MEMBER.id}> now leads this class (handed over by <@${GUEST.id}>).`,
      allowed_mentions: { parse: [] },
    });
    expect(handed.data).not.toMatchObject({ flags: EPHEMERAL });
    const saved = await new SessionsRepo(h.bot.ctx.store.keyv('sessions')).all();
    expect(saved.find((s) => s.channelId === TEXT_CHANNEL_ID)).toMatchObject({ leaderId: MEMBER.id });
    expect(said(await press(GUEST, open, 'Resume'))).toMatch(/^Only the host \(<@\d+>\)/);
    expect(said(await press(MEMBER, open, 'Resume'))).toMatch(new RegExp(`^▶ Resumed by <@${MEMBER.id}>`));
    expect(said(await press(GUEST, open, 'Skip'))).toBe(
      `Only the host (<@${MEMBER.id}>) or members with Manage Messages can skip a pose in this session.`,
    );
    expect((await press(MEMBER, open, 'Skip')).type).toBe(6);
    await h.until(() => posts().find((m) => embedOf(m).title?.startsWith('1/9')));

    // Handing over to a bot, to someone already leading, or by someone who doesn't lead: refused.
    const refusals = [
      await slash(MEMBER, { subcommand: 'handover', options: { member: APP_ID } }),
      await slash(MEMBER, { subcommand: 'handover', options: { member: MEMBER.id } }),
      await slash(GUEST, { subcommand: 'handover', options: { member: GUEST.id } }),
    ];
    expect(refusals.map(said)).toEqual([
      'Hand the controls to a person: a bot can’t lead a class.',
      `<@${MEMBER.id}> already leads this class.`,
      `Only the member who leads this class (<@${MEMBER.id}>) or members with Manage Messages can hand over its controls.`,
    ]);
    expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)?.leaderId).toBe(MEMBER.id);
    await endClass(open);
    expect(h.fake.invalid).toEqual([]);
  });
});

describe('substitutes', () => {
  test('GIVEN the teacher asks for a substitute THEN the teachers’ role is pinged, the first of two to press takes the class', async () => {
    const second = FIRST + WEEK;
    expect((await stored()).eventFor).toBe(second);
    const asked = await schedule(GUEST, 'substitute', { schedule: id });
    expect(asked.data).toMatchObject({ flags: EPHEMERAL });
    expect(said(asked)).toContain(`I’ve asked <@&${YIN_ROLE_ID}> in <#${TEXT_CHANNEL_ID}>`);
    const request = posts().at(-1)!;
    expect(request.content).toMatch(new RegExp(`^<@&${YIN_ROLE_ID}> Who can teach \\*\\*Yin for the Back\\*\\*`));
    expect(request.content).toContain(`instead of <@${GUEST.id}>`);
    // Only the teachers' role may be pinged by it.
    expect(request.allowed_mentions).toEqual({ roles: [YIN_ROLE_ID], users: [] });

    // Ben hasn't the teachers' role; then Ana and Cleo press at once: exactly one takes it.
    expect(said(await press(MEMBER, request, 'I’ll teach it'))).toBe(
      `Only members with <@&${YIN_ROLE_ID}> can take this class.`,
    );
    const [a, c] = await Promise.all([press(HOST, request, 'I’ll teach it'), press(MOD, request, 'I’ll teach it')]);
    const winner = a.type === 7 ? HOST : MOD;
    expect([a.type, c.type].sort()).toEqual([4, 7]);
    expect(said(a.type === 7 ? c : a)).toBe(
      'Someone else has already taken this class, or the request has closed. Thank you for offering!',
    );
    const edited = h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.id === request.id)!;
    expect(edited.content).toMatch(new RegExp(`^<@${winner.id}> teaches \\*\\*Yin for the Back\\*\\*`));
    expect(edited.components).toEqual([]);
    expect(await stored()).toMatchObject({ teacherId: GUEST.id, substitute: { for: second, userId: winner.id } });
    expect((await eventOf()).description).toContain(`Taught by ${winner.global_name}.`);

    await startAt(second);
    const open = await opening(edited.id);
    expect(embedOf(open).fields).toContainEqual({ name: 'Teacher', value: `<@${winner.id}>` });
    await endClass(open);
  });

  test('GIVEN a request nobody takes THEN at the start it closes, who asked is told, and the class runs with its teacher', async () => {
    const third = FIRST + 2 * WEEK;
    await schedule(GUEST, 'substitute', { schedule: id });
    const request = posts().at(-1)!;
    const take = buttonId(request, 'I’ll teach it');
    await startAt(third);
    const open = await opening(request.id);
    const closed = posts().find((m) => m.id === request.id)!;
    expect(closed.content).toMatch(
      /^Nobody was free to teach \*\*Yin for the Back\*\* at <t:\d+:t>, so the request is closed\.$/,
    );
    expect(closed.components).toEqual([]);
    const told = posts().find((m) => m.content.startsWith(`<@${GUEST.id}>, nobody was free to take the <t:`))!;
    expect(told.allowed_mentions).toEqual({ parse: [], users: [GUEST.id] });
    expect(told.message_reference?.message_id).toBe(request.id);
    expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)?.teacherId).toBe(GUEST.id);
    // A press on the post as it was (a client that hadn't seen the edit) finds it closed.
    expect(said(await press(HOST, request, '', take))).toMatch(/^Someone else has already taken this class/);
    await endClass(open);
    expect(h.fake.invalid).toEqual([]);
  });
});

describe('bad input: a clear private answer, nothing half-saved', () => {
  test('GIVEN a teacher who left the server, or a bot, THEN add and edit refuse; a member may not ask for a substitute', async () => {
    const before = await ports().repo.list(GUILD_ID);
    const events = h.fake.events(GUILD_ID).length;
    h.fake.state.memberIds = h.fake.state.memberIds.filter((m) => m !== MEMBER.id);
    try {
      const base = { sequence: 'back', channel: TEXT_CHANNEL_ID, day: 'friday', time: '8:00', timezone: 'UTC' };
      const left = await schedule(MOD, 'add', { ...base, teacher: MEMBER.id });
      expect(left.data).toMatchObject({ flags: EPHEMERAL });
      expect(said(left)).toBe(
        `<@${MEMBER.id}> isn’t a member of this server, so they can’t teach this schedule. Nothing was saved.`,
      );
      expect(said(await schedule(MOD, 'add', { ...base, teacher: APP_ID }))).toMatch(/^A teacher has to be a person/);
      expect(said(await schedule(MOD, 'edit', { schedule: id, teacher: MEMBER.id }))).toMatch(/isn’t a member/);
      expect(said(await schedule(MOD, 'edit', { schedule: id }))).toMatch(/^Tell me what to change/);
      expect(await ports().repo.list(GUILD_ID)).toEqual(before);
      expect(h.fake.events(GUILD_ID)).toHaveLength(events);
      // At the start, a teacher who has left is passed over: organisers hold the controls.
      await schedule(MOD, 'edit', { schedule: id, teacher: GUEST.id });
      h.fake.state.memberIds = h.fake.state.memberIds.filter((m) => m !== GUEST.id);
      const last = posts().at(-1)!.id;
      await startAt(FIRST + 3 * WEEK);
      const open = await opening(last);
      expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)?.teacherId).toBeUndefined();
      expect(said(await press(GUEST, open, 'Pause'))).toMatch(/^This is scheduled practice: only organisers/);
      const away = await slash(MOD, { subcommand: 'handover', options: { member: MEMBER.id } });
      expect(away.data).toMatchObject({ flags: EPHEMERAL });
      expect(said(away)).toBe(`<@${MEMBER.id}> isn’t a member of this server, so they can’t lead this class.`);
      expect(h.bot.ctx.runner.get(TEXT_CHANNEL_ID)?.leaderId).toBeUndefined();
      await endClass(open);
    } finally {
      h.fake.state.memberIds.push(MEMBER.id, GUEST.id);
    }
    const asked = await schedule(MEMBER, 'substitute', { schedule: id });
    expect(said(asked)).toBe('Only the schedule’s teacher or organisers (Manage Events) can ask for a substitute.');
    expect((await stored()).subRequest).toBeUndefined();
  });
});
