import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
  YIN_ROLE_ID,
} from '../../stand-in/discord/fixtures.ts';
import { embedOf } from '../helpers/harness.ts';
import {
  contentOf,
  fakeNow,
  schedule,
  setNow,
  startScheduleHarness,
  type ScheduleHarness,
} from '../helpers/e2e-schedule-harness.ts';

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
const eventAt = (iso: string) =>
  h.fake.events(GUILD_ID).find((e) => e.scheduled_start_time === new Date(at(iso)).toISOString() && e.status === 1);
const posts = (channelId: string) =>
  h.fake.requests.filter(
    (r) => r.method === 'POST' && r.route === '/channels/:id/messages' && r.path.includes(channelId),
  );

describe('/yin schedule add → event → reminder → session → completed → next event', () => {
  test('GIVEN Tuesdays 19:00 Berlin in the voice channel, remind:1, role:@yin THEN the whole week of it, end to end', async () => {
    setNow('2026-12-01T17:58:57Z'); // the reminder (17:59:00Z) is 3 real seconds away
    const r = await schedule(h, 'add', {
      sequence: 'back',
      channel: VOICE_CHANNEL_ID,
      day: 'tuesday',
      time: '19:00',
      timezone: 'Europe/Berlin',
      remind: 1,
      role: YIN_ROLE_ID,
    }).response;
    expect(r.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(contentOf(r)).toContain('Tuesdays at 19:00 Europe/Berlin');
    expect(contentOf(r)).toContain(`<t:${unix('2026-12-01T18:00:00Z')}:F>`);
    const id = idFrom(contentOf(r));

    // THEN a voice event for the next start, as long as the session.
    const event = eventAt('2026-12-01T18:00:00Z')!;
    expect(event).toMatchObject({
      entity_type: 2,
      channel_id: VOICE_CHANNEL_ID,
      name: 'Yin for the Back',
      scheduled_end_time: '2026-12-01T18:51:15.000Z',
      status: 1,
    });
    expect(await repo().get(GUILD_ID, id)).toMatchObject({
      eventId: event.id,
      channelId: VOICE_CHANNEL_ID,
      remindMinutes: 1,
      roleId: YIN_ROLE_ID,
    });
    h.fake.markInterested(event.id, MEMBER.id);
    h.fake.markInterested(event.id, HOST.id);

    // THEN the reminder pings exactly the role and the Interested members.
    const reminder = await h.fake.waitFor(
      () =>
        posts(VOICE_CHANNEL_ID).find((p) => String((p.body as { content?: string }).content).includes('starts <t:')),
      8000,
    );
    const body = reminder.body as { content: string; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ roles: [YIN_ROLE_ID], users: [HOST.id, MEMBER.id] });
    expect(body.content).toContain(`<@&${YIN_ROLE_ID}> <@${HOST.id}> <@${MEMBER.id}>`);
    expect(body.content).not.toContain(MOD.id);
    expect(body.content).toContain('51 min · 9 poses · 3-min holds');
    expect(body.content).toContain(`https://discord.com/events/${GUILD_ID}/${event.id}`);
    expect(openings(VOICE_CHANNEL_ID)).toHaveLength(0);

    // The start is a real minute later: move the clock to 2 s before it and re-arm (a timer
    // already armed would wait its real delay).
    setNow('2026-12-01T17:59:58Z');
    h.bot.ctx.schedules.scheduler.arm((await repo().get(GUILD_ID, id))!);
    await h.fake.waitFor(() => openings(VOICE_CHANNEL_ID)[0], 8000);
    const notice = posts(VOICE_CHANNEL_ID).find((p) =>
      String((p.body as { content?: string }).content).includes('is starting now'),
    );
    expect(notice?.body).toMatchObject({ allowed_mentions: { roles: [YIN_ROLE_ID], users: [] } });
    expect(String((notice?.body as { content: string } | undefined)?.content)).not.toMatch(/late/);
    await h.fake.waitFor(() => h.fake.state.events.get(event.id)?.status === 2);
    expect(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.hostId).toBe(`schedule:${id}`);

    // THEN at the end: completed, and next Tuesday announced.
    await h.fake.waitFor(
      () => h.fake.messages(VOICE_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')),
      10_000,
    );
    await h.fake.waitFor(() => h.fake.state.events.get(event.id)?.status === 3);
    const next = await h.fake.waitFor(() => eventAt('2026-12-08T18:00:00Z'));
    // The event exists a moment before the schedule saving its id does: poll, don't race.
    await expect.poll(async () => (await repo().get(GUILD_ID, id))?.eventId).toBe(next.id);
    expect(openings(VOICE_CHANNEL_ID)).toHaveLength(1);
    expect(h.fake.invalid).toEqual([]);
    await schedule(h, 'remove', { schedule: id }).response;
  });

  test('GIVEN a text channel THEN an external event with the channel as location, ending after the session', async () => {
    setNow('2026-12-01T20:00:00Z');
    const r = await schedule(h, 'add', {
      sequence: 'back',
      channel: TEXT_CHANNEL_ID,
      days: 'mon,wed,fri',
      time: '7:30',
      timezone: 'Europe/Berlin',
      hold: 5,
    }).response;
    const id = idFrom(contentOf(r));
    const event = eventAt('2026-12-02T06:30:00Z')!;
    expect(event).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: '#practice' } });
    expect(at(event.scheduled_end_time!) - at(event.scheduled_start_time)).toBeGreaterThan(45 * 60_000);
    await schedule(h, 'remove', { schedule: id }).response;
    expect(h.fake.state.events.has(event.id)).toBe(false);
  });
});

const openings = (channelId: string) =>
  h.fake.messages(channelId).filter((m) => embedOf(m).title === 'Yin for the Back');

describe('who may change schedules, and bad input', () => {
  test('GIVEN a member without Manage Events THEN add, pause and remove are refused, nothing is saved, list is open', async () => {
    const events = h.fake.events(GUILD_ID).length;
    const r = await schedule(
      h,
      'add',
      { sequence: 'back', channel: TEXT_CHANNEL_ID, day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' },
      MEMBER,
    ).response;
    expect(r.data).toMatchObject({
      flags: EPHEMERAL,
      content: expect.stringMatching(/^Only members with \*\*Manage Events\*\*/),
    });
    for (const sub of ['pause', 'remove', 'resume']) {
      expect(contentOf(await schedule(h, sub, { schedule: 'abcdef' }, MEMBER).response)).toMatch(
        /^Only members with \*\*Manage Events\*\*/,
      );
    }
    expect(h.fake.events(GUILD_ID)).toHaveLength(events);
    expect(await repo().list(GUILD_ID)).toEqual([]);
    expect(contentOf(await schedule(h, 'list', {}, MEMBER).response)).toMatch(/No practice is scheduled here yet/);
  });

  test.each([
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, /“Mars\/Olympus” is not a time zone I know/],
    ['a malformed time', { time: '25:00' }, /“25:00” is not a time — use HH:MM/],
    ['a 4-field cron', { cron: '0 19 * *', day: '', time: '' }, /A cron rule needs 5 fields/],
    ['starts every 10 minutes', { cron: '*/10 19 * * 2', day: '', time: '' }, /more often than every 30 minutes/],
    ['@everyone as the role', { role: GUILD_ID }, /never ping @everyone/],
    ['an unknown sequence', { sequence: 'legs' }, /don't know a sequence called “legs”/],
    ['a hold outside the sequence’s range', { hold: 10 }, /Yin for the Back holds each pose 3–5 minutes/],
  ])('GIVEN %s THEN a clear ephemeral answer, no event and no schedule', async (_name, over, message) => {
    setNow('2026-12-01T20:00:00Z');
    const events = h.fake.events(GUILD_ID).length;
    const options: Record<string, string | number> = {
      sequence: 'back',
      channel: TEXT_CHANNEL_ID,
      day: 'tuesday',
      time: '19:00',
      timezone: 'Europe/Berlin',
      ...over,
    };
    for (const [k, v] of Object.entries(options)) if (v === '') delete options[k];
    const r = await schedule(h, 'add', options).response;
    expect(r.data).toMatchObject({ flags: EPHEMERAL });
    expect(contentOf(r)).toMatch(message);
    expect(h.fake.events(GUILD_ID)).toHaveLength(events);
    expect(await repo().list(GUILD_ID)).toEqual([]);
  });

  test('GIVEN 25 schedules already THEN a 26th is refused before any event is created', async () => {
    const seeded = await Promise.all(
      Array.from({ length: 25 }, () =>
        repo().add({
          guildId: GUILD_ID,
          channelId: TEXT_CHANNEL_ID,
          sequenceId: 'back',
          createdBy: MOD.id,
          rule: { cron: '0 19 * * 2', timezone: 'Europe/Berlin' },
        }),
      ),
    );
    const before = h.fake.requests.filter(
      (q) => q.method === 'POST' && q.route === '/guilds/:id/scheduled-events',
    ).length;
    const r = await schedule(h, 'add', {
      sequence: 'back',
      channel: TEXT_CHANNEL_ID,
      day: 'friday',
      time: '19:00',
      timezone: 'Europe/Berlin',
    }).response;
    expect(contentOf(r)).toMatch(/already has 25 schedules/);
    expect(
      h.fake.requests.filter((q) => q.method === 'POST' && q.route === '/guilds/:id/scheduled-events'),
    ).toHaveLength(before);
    for (const s of seeded) await repo().remove(GUILD_ID, s.id);
  });

  test('GIVEN saving fails after the event was created THEN the event is deleted again (nothing half-saved)', async () => {
    const events = h.fake.events(GUILD_ID).length;
    const spy = vi.spyOn(repo(), 'add').mockRejectedValueOnce(new Error('store down'));
    const r = await schedule(h, 'add', {
      sequence: 'back',
      channel: TEXT_CHANNEL_ID,
      day: 'friday',
      time: '19:00',
      timezone: 'Europe/Berlin',
    }).response;
    spy.mockRestore();
    expect(contentOf(r)).toMatch(/Something went wrong on my side/);
    const created = h.fake.requests
      .filter((q) => q.method === 'POST' && q.route === '/guilds/:id/scheduled-events')
      .at(-1);
    expect(created?.status).toBe(200);
    expect(
      h.fake.requests.filter((q) => q.method === 'DELETE' && q.route === '/guilds/:id/scheduled-events/:eid').at(-1)
        ?.at,
    ).toBeGreaterThanOrEqual(created!.at);
    expect(h.fake.events(GUILD_ID)).toHaveLength(events);
    expect(await repo().list(GUILD_ID)).toEqual([]);
  });
});

describe('list, pause, resume, remove, autocomplete', () => {
  test('GIVEN a schedule THEN list shows it in words with its next start; pause drops the event; resume brings it back; remove deletes both', async () => {
    setNow('2026-12-01T20:00:00Z');
    const id = idFrom(
      contentOf(
        await schedule(h, 'add', {
          sequence: 'back',
          channel: TEXT_CHANNEL_ID,
          days: 'mon,wed,fri',
          time: '07:30',
          timezone: 'Europe/Berlin',
        }).response,
      ),
    );
    const list = contentOf(await schedule(h, 'list', {}, MEMBER).response);
    expect(list).toContain(
      `\`${id}\` **Yin for the Back** in <#${TEXT_CHANNEL_ID}> — Mondays, Wednesdays and Fridays at 07:30 Europe/Berlin`,
    );
    expect(list).toContain(`next <t:${unix('2026-12-02T06:30:00Z')}:F> (<t:${unix('2026-12-02T06:30:00Z')}:R>)`);
    const first = eventAt('2026-12-02T06:30:00Z')!;

    expect(contentOf(await schedule(h, 'pause', { schedule: id }).response)).toMatch(/^Paused/);
    expect(h.fake.state.events.has(first.id)).toBe(false);
    expect(contentOf(await schedule(h, 'list').response)).toContain('**paused**');
    expect(h.bot.ctx.schedules.scheduler.nextRun((await repo().get(GUILD_ID, id))!)).toBeUndefined();

    expect(contentOf(await schedule(h, 'resume', { schedule: id }).response)).toMatch(
      /^Resumed .* Next start <t:\d+:F>/,
    );
    const again = eventAt('2026-12-02T06:30:00Z')!;
    expect(again.id).not.toBe(first.id);
    expect((await repo().get(GUILD_ID, id))?.eventId).toBe(again.id);

    expect(contentOf(await schedule(h, 'remove', { schedule: id }).response)).toMatch(/^Removed/);
    expect(h.fake.state.events.has(again.id)).toBe(false);
    expect(await repo().list(GUILD_ID)).toEqual([]);
    expect(contentOf(await schedule(h, 'remove', { schedule: id }).response)).toMatch(/no schedule/);
  });

  test('GIVEN "Ber" typed for timezone THEN Europe/Berlin is offered; schedules autocomplete by what they are', async () => {
    const tz = await h.fake.autocomplete({
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'schedule',
      subcommand: 'add',
      options: { timezone: 'Ber' },
      focused: 'timezone',
    }).response;
    expect(tz.data.choices).toContainEqual({ name: 'Europe/Berlin', value: 'Europe/Berlin' });
    const id = idFrom(
      contentOf(
        await schedule(h, 'add', {
          sequence: 'back',
          channel: TEXT_CHANNEL_ID,
          day: 'sunday',
          time: '10:00',
          timezone: 'Europe/Berlin',
        }).response,
      ),
    );
    const pick = await h.fake.autocomplete({
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'schedule',
      subcommand: 'pause',
      options: { schedule: 'sunday' },
      focused: 'schedule',
    }).response;
    expect(pick.data.choices).toEqual([
      { name: `${id} · Yin for the Back · Sundays at 10:00 Europe/Berlin · #practice`, value: id },
    ]);
    await schedule(h, 'remove', { schedule: id }).response;
  });
});

describe('organisers edit or delete the event in Discord', () => {
  test('GIVEN the event is deleted by an organiser THEN the bot logs it and does not recreate it; the schedule stays', async () => {
    setNow('2026-12-01T20:00:00Z');
    const id = idFrom(
      contentOf(
        await schedule(h, 'add', {
          sequence: 'back',
          channel: TEXT_CHANNEL_ID,
          day: 'thursday',
          time: '19:00',
          timezone: 'Europe/Berlin',
        }).response,
      ),
    );
    const event = eventAt('2026-12-03T18:00:00Z')!;
    h.fake.deleteEventAsUser(event.id);
    await h.fake.waitFor(() => h.logs.find((l) => l.msg.includes('an organiser removed') && l.scheduleId === id));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.events(GUILD_ID).filter((e) => e.status === 1)).toEqual([]);
    expect(await repo().get(GUILD_ID, id)).toMatchObject({ skipEventFor: at('2026-12-03T18:00:00Z') });
    expect((await repo().get(GUILD_ID, id))?.eventId).toBeUndefined();
    await schedule(h, 'remove', { schedule: id }).response;
  });

  test('GIVEN the event is renamed by an organiser THEN the bot logs it and leaves their change', async () => {
    const id = idFrom(
      contentOf(
        await schedule(h, 'add', {
          sequence: 'back',
          channel: TEXT_CHANNEL_ID,
          day: 'thursday',
          time: '19:00',
          timezone: 'Europe/Berlin',
        }).response,
      ),
    );
    const event = eventAt('2026-12-03T18:00:00Z')!;
    const stored = h.fake.state.events.get(event.id)!;
    stored.name = 'Back practice (bring a bolster)';
    h.fake.dispatch('GUILD_SCHEDULED_EVENT_UPDATE', stored, GUILD_ID);
    await h.fake.waitFor(() =>
      h.logs.find((l) => l.msg.includes('edited the schedule’s event') && l.scheduleId === id),
    );
    expect(h.fake.state.events.get(event.id)?.name).toBe('Back practice (bring a bolster)');
    expect(h.fake.events(GUILD_ID).filter((e) => e.status === 1)).toHaveLength(1);
    expect(h.fake.requests.filter((q) => q.method === 'PATCH' && q.path.includes(event.id))).toEqual([]);
    await schedule(h, 'remove', { schedule: id }).response;
  });
});
