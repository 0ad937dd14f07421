import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { BOT_PERMISSIONS, GUILD_ID, TEXT_CHANNEL_ID, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { embedOf } from '../helpers/harness.ts';
import {
  contentOf,
  fakeNow,
  schedule,
  setNow,
  startScheduleHarness,
  type ScheduleHarness,
} from '../helpers/e2e-schedule-harness.ts';

const at = (iso: string) => Date.parse(iso);
const eventAt = (h: ScheduleHarness, iso: string) =>
  h.fake.events(GUILD_ID).find((e) => e.scheduled_start_time === new Date(at(iso)).toISOString());

describe('restarts and downtime (daily 19:00 Berlin = 18:00Z in December)', () => {
  let h: ScheduleHarness;
  let id = '';
  beforeAll(async () => {
    fakeNow('2026-12-01T17:59:54Z');
    h = await startScheduleHarness({ speed: 600 });
  });
  afterAll(async () => {
    await h?.stop();
    vi.useRealTimers();
  });
  const openings = () => h.fake.messages(TEXT_CHANNEL_ID).filter((m) => embedOf(m).title === 'Yin for the Back');
  const closings = () => h.fake.messages(TEXT_CHANNEL_ID).filter((m) => embedOf(m).title?.startsWith('Closing'));

  test('GIVEN a restart before the start THEN the new process re-arms it and it starts once; a restart in the trigger minute does not start it twice', async () => {
    const r = await schedule(h, 'add', {
      sequence: 'back',
      channel: TEXT_CHANNEL_ID,
      time: '19:00',
      timezone: 'Europe/Berlin',
    }).response;
    id = /id `([a-z0-9]+)`/.exec(contentOf(r))?.[1] ?? '';
    expect(id).not.toBe('');
    await h.restart();
    await h.fake.waitFor(() => openings()[0], 10_000);
    // Killed mid-session, back within the trigger minute: the session resumes, no second start.
    await h.restart(() => setNow('2026-12-01T18:00:30Z'));
    await h.fake.waitFor(() => closings()[0], 10_000);
    await new Promise((res) => setTimeout(res, 500));
    expect(openings()).toHaveLength(1);
    expect(h.logs.filter((l) => l.msg === 'starting scheduled practice')).toHaveLength(1);
    const next = await h.fake.waitFor(() => eventAt(h, '2026-12-02T18:00:00Z'));
    expect(next.status).toBe(1);
    expect(eventAt(h, '2026-12-01T18:00:00Z')?.status).toBe(3);
  });

  test('GIVEN the bot was down at the start and is back 5 minutes later THEN it still runs, and says it is late', async () => {
    await h.restart(() => setNow('2026-12-02T18:05:00Z'));
    await h.fake.waitFor(() => openings()[1], 10_000);
    const notice = h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.content.includes('is starting now'));
    expect(notice?.content).toMatch(/5 min late: I was offline at the start time/);
    await h.fake.waitFor(() => closings()[1], 10_000);
    await h.fake.waitFor(() => eventAt(h, '2026-12-03T18:00:00Z'));
  });

  test('GIVEN the bot is back 15 minutes after the start THEN it is skipped and logged, and the next start is announced instead', async () => {
    await h.restart(() => setNow('2026-12-03T18:15:00Z'));
    await new Promise((res) => setTimeout(res, 800));
    expect(openings()).toHaveLength(2);
    expect(h.logs.some((l) => l.msg.startsWith('skipping starts missed') && l.scheduleId === id)).toBe(true);
    await h.fake.waitFor(() => eventAt(h, '2026-12-04T18:00:00Z'));
    expect(eventAt(h, '2026-12-03T18:00:00Z')).toBeUndefined();
  });
});

describe('channels where the bot may do less', () => {
  let h: ScheduleHarness;
  beforeAll(async () => {
    fakeNow('2026-12-01T12:00:00Z');
    h = await startScheduleHarness({ fake: { botPermissions: BOT_PERMISSIONS & ~P.Connect & ~P.CreateEvents } });
  });
  afterAll(async () => {
    await h?.stop();
    vi.useRealTimers();
  });

  test.each([
    ['a voice channel it cannot connect to', VOICE_CHANNEL_ID, /- \*\*Connect\*\*: no bell and no spoken cues/],
    ['no Create Events to announce it', TEXT_CHANNEL_ID, /- \*\*Create Events\*\*: schedules still start on time/],
  ])('GIVEN %s THEN it is saved without an event, and the answer says what to grant', async (_n, channel, message) => {
    const r = await schedule(h, 'add', {
      sequence: 'back',
      channel,
      day: 'tuesday',
      time: '19:00',
      timezone: 'Europe/Berlin',
    }).response;
    expect(r.data).toMatchObject({ flags: 64 });
    expect(contentOf(r)).toMatch(message);
    expect(contentOf(r)).toContain('No Discord event');
    expect(h.fake.events(GUILD_ID)).toEqual([]);
    const saved = (await h.bot.ctx.schedules.repo.list(GUILD_ID)).find((s) => s.channelId === channel);
    expect(saved).toMatchObject({ eventsBlocked: true, paused: false });
  });

  test('GIVEN a channel where it may not post THEN a clear ephemeral answer and nothing saved', async () => {
    const before = await h.bot.ctx.schedules.repo.list(GUILD_ID);
    h.fake.setBotPermissions(BOT_PERMISSIONS & ~P.SendMessages);
    try {
      const r = await schedule(h, 'add', {
        sequence: 'back',
        channel: TEXT_CHANNEL_ID,
        day: 'wednesday',
        time: '19:00',
        timezone: 'Europe/Berlin',
      }).response;
      expect(r.data).toMatchObject({ flags: 64 });
      expect(contentOf(r)).toMatch(/I can't guide practice in <#\d+>: I need Send Messages there/);
      expect(await h.bot.ctx.schedules.repo.list(GUILD_ID)).toEqual(before);
    } finally {
      h.fake.setBotPermissions(BOT_PERMISSIONS & ~P.Connect & ~P.CreateEvents);
    }
  });
});
