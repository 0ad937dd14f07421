import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { GUILD_ID, HOST, MEMBER, MOD, TEXT_CHANNEL_ID, VOICE_CHANNEL_ID, YIN_ROLE_ID } from '../src/fake-discord/fixtures.ts';
import { embedOf } from './helpers/harness.ts';
import { contentOf, fakeNow, schedule, setNow, startScheduleHarness, type ScheduleHarness } from './e2e-schedule-harness.ts';

const EPHEMERAL = 64;
const at = (iso: string) => Date.parse(iso);
const unix = (iso: string) => Math.floor(at(iso) / 1000);
let h: ScheduleHarness;
beforeAll(async () => {
  fakeNow('2026-12-01T12:00:00Z'); // a Tuesday; Berlin is on CET (+1), so 19:00 Berlin = 18:00Z
  h = await startScheduleHarness({ speed: 600 });
});
afterAll(async () => {
  await h?.stop();
  vi.useRealTimers();
});

const repo = () => h.bot.ctx.schedules.repo;
const idFrom = (text: string) => /id `([a-z0-9]+)`/.exec(text)?.[1] ?? '';
const eventAt = (iso: string) => h.fake.events(GUILD_ID).find((e) => e.scheduled_start_time === new Date(at(iso)).toISOString() && e.status === 1);
const posts = (channelId: string) => h.fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/:id/messages' && r.path.includes(channelId));

describe('/yin schedule add → event → reminder → session → completed → next event', () => {
  test('GIVEN Tuesdays 19:00 Berlin in the voice channel, remind:1, role:@yin THEN the whole week of it, end to end', async () => {
    setNow('2026-12-01T17:58:57Z'); // the reminder (17:59:00Z) is 3 real seconds away
    const r = await schedule(h, 'add', { sequence: 'back', channel: VOICE_CHANNEL_ID, day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin', remind: 1, role: YIN_ROLE_ID }).response;
    expect(r.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(contentOf(r)).toContain('Tuesdays at 19:00 Europe/Berlin');
    expect(contentOf(r)).toContain(`<t:${unix('2026-12-01T18:00:00Z')}:F>`);
    const id = idFrom(contentOf(r));

    // THEN a voice event for the next start, as long as the session.
    const event = eventAt('2026-12-01T18:00:00Z')!;
    expect(event).toMatchObject({ entity_type: 2, channel_id: VOICE_CHANNEL_ID, name: 'Yin for the Back', scheduled_end_time: '2026-12-01T18:28:00.000Z', status: 1 });
    expect(await repo().get(GUILD_ID, id)).toMatchObject({ eventId: event.id, channelId: VOICE_CHANNEL_ID, remindMinutes: 1, roleId: YIN_ROLE_ID });
    h.fake.markInterested(event.id, MEMBER.id);
    h.fake.markInterested(event.id, HOST.id);

    // THEN the reminder pings exactly the role and the Interested members.
    const reminder = await h.fake.waitFor(() => posts(VOICE_CHANNEL_ID).find((p) => String((p.body as { content?: string }).content).includes('starts <t:')), 8000);
    const body = reminder.body as { content: string; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ roles: [YIN_ROLE_ID], users: [HOST.id, MEMBER.id] });
    expect(body.content).toContain(`<@&${YIN_ROLE_ID}> <@${HOST.id}> <@${MEMBER.id}>`);
    expect(body.content).not.toContain(MOD.id);
    expect(body.content).toContain('28 min · 9 poses · 3-min holds');
    expect(body.content).toContain(`https://discord.com/events/${GUILD_ID}/${event.id}`);
    expect(openings(VOICE_CHANNEL_ID)).toHaveLength(0);

    // The start is a real minute later: move the clock to 2 s before it and re-arm (a timer
    // already armed would wait its real delay).
    setNow('2026-12-01T17:59:58Z');
    h.bot.ctx.schedules.scheduler.arm((await repo().get(GUILD_ID, id))!);
    await h.fake.waitFor(() => openings(VOICE_CHANNEL_ID)[0], 8000);
    const notice = posts(VOICE_CHANNEL_ID).find((p) => String((p.body as { content?: string }).content).includes('is starting now'));
    expect(notice?.body).toMatchObject({ allowed_mentions: { roles: [YIN_ROLE_ID], users: [] } });
    expect(String((notice?.body as { content: string }).content)).not.toMatch(/late/);
    await h.fake.waitFor(() => h.fake.state.events.get(event.id)?.status === 2);
    expect(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.hostId).toBe(`schedule:${id}`);

    // THEN at the end: completed, and next Tuesday announced.
    await h.fake.waitFor(() => h.fake.messages(VOICE_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')), 10_000);
    await h.fake.waitFor(() => h.fake.state.events.get(event.id)?.status === 3);
    const next = await h.fake.waitFor(() => eventAt('2026-12-08T18:00:00Z'));
    expect((await repo().get(GUILD_ID, id))?.eventId).toBe(next.id);
    expect(openings(VOICE_CHANNEL_ID)).toHaveLength(1);
    expect(h.fake.invalid).toEqual([]);
    await schedule(h, 'remove', { schedule: id }).response;
  });

  test('GIVEN a text channel THEN an external event with the channel as location, ending after the session', async () => {
    setNow('2026-12-01T20:00:00Z');
    const r = await schedule(h, 'add', { sequence: 'back', channel: TEXT_CHANNEL_ID, days: 'mon,wed,fri', time: '7:30', timezone: 'Europe/Berlin', hold: 5 }).response;
    const id = idFrom(contentOf(r));
    const event = eventAt('2026-12-02T06:30:00Z')!;
    expect(event).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: '#practice' } });
    expect(at(event.scheduled_end_time!) - at(event.scheduled_start_time)).toBeGreaterThan(45 * 60_000);
    await schedule(h, 'remove', { schedule: id }).response;
    expect(h.fake.state.events.has(event.id)).toBe(false);
  });
});

const openings = (channelId: string) => h.fake.messages(channelId).filter((m) => embedOf(m).title === 'Yin for the Back');
