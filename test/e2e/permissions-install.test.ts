// A server that adds yin with its own invite link, end to end: the permissions come from the link
// `npm run deploy-commands` prints, the bot's role gets exactly those in the stand-in Discord
// (which refuses what Discord refuses: 403 / 50013), and a text class, a voice class and a
// schedule run with nothing refused. Then the same without Create Events (a server that installed
// yin before 2026-02-23): the schedule is saved, the organiser told what to grant, and its
// session still starts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  APP_ID,
  BOT_PERMISSIONS,
  GUILD_ID,
  HOST,
  MEMBER,
  TEXT_CHANNEL_ID,
  TOKEN,
  VOICE_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import { startFakeDiscord } from '../../stand-in/discord/fake.ts';
import type { FakeDiscord } from '../../stand-in/discord/fake.ts';
import { startVoiceHarness, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import {
  contentOf,
  fakeNow,
  schedule,
  setNow,
  startScheduleHarness,
  type ScheduleHarness,
  tuesdays,
} from '../helpers/e2e-schedule-harness.ts';
import { yinAs } from '../helpers/e2e-notes-helpers.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs `npm run deploy-commands` (the script it names) against `fake` and returns the invite's permissions. */
async function invitePermissions(fake: FakeDiscord): Promise<bigint> {
  const { stdout } = await promisify(execFile)(process.execPath, ['src/deploy-commands.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP_ID, DISCORD_API_URL: fake.apiUrl },
  });
  const link = /Invite yin with: (\S+)/.exec(stdout)?.[1];
  if (!link) throw new Error(`no invite link in: ${stdout}`);
  const url = new URL(link);
  expect(url.searchParams.get('scope')).toBe('bot applications.commands');
  return BigInt(url.searchParams.get('permissions') ?? '0');
}

/** `/yin schedule add back` on Tuesdays at 19:00 in Berlin, in `channel`. */
const addTuesdays = (h: ScheduleHarness, channel: string) => schedule(h, 'add', tuesdays({}, channel)).response;

/** Every request Discord refused for permissions or access. */
const refused = (fake: FakeDiscord) => fake.requests.filter((r) => r.status === 403 || r.status === 401);

let linked: bigint;
beforeAll(async () => {
  const fake = await startFakeDiscord();
  try {
    linked = await invitePermissions(fake);
  } finally {
    await fake.stop();
  }
});

test('the invite link asks for Create Events, not Manage Events, and for what the stand-in gives a new install', () => {
  expect(linked & P.CreateEvents).toBe(P.CreateEvents);
  expect(linked & P.ManageEvents).toBe(0n);
  expect(linked & P.Speak).toBe(P.Speak);
  expect(linked).toBe(BOT_PERMISSIONS);
});

describe('GIVEN the bot’s role has exactly the invite’s permissions', () => {
  let v: VoiceHarness<Harness> | undefined;
  let t: Harness | undefined;
  afterEach(async () => {
    await v?.stop();
    await t?.stop();
    v = undefined;
    t = undefined;
  });

  test('THEN a text class runs to its closing with pictures and its discoveries thread, a member replays it in a private thread, and Discord refuses nothing', {
    timeout: 90_000,
  }, async () => {
    t = await startHarness({ speed: 600, fake: { botPermissions: linked } });
    const h = t;
    await yinAs(h, HOST, TEXT_CHANNEL_ID, 'start', { sequence: 'back' }).response;
    await h.fake.waitFor(
      () => h.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')),
      60_000,
    );
    await h.fake.waitFor(() => h.fake.requests.find((r) => r.route.endsWith('/threads') && r.status === 201), 10_000);
    const uploads = h.fake.requests.filter((r) => r.files?.some((f) => f.name.endsWith('.png')));
    expect(uploads.length).toBeGreaterThan(5);
    // A member practises it again from the closing: a private thread with them in it.
    const closing = h.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing'))!;
    const rows = (closing.components ?? []) as { components?: { custom_id?: string }[] }[];
    const replay = rows.flatMap((r) => r.components ?? []).find((b) => b.custom_id?.startsWith('replay:'));
    h.fake.click({ user: MEMBER, message: closing, customId: replay!.custom_id! });
    const thread = await h.fake.waitFor(() => [...h.fake.state.channels.values()].find((c) => c.type === 12));
    await h.fake.waitFor(() => h.fake.messages(thread.id).length > 0, 10_000);
    expect(h.fake.state.threadMembers(thread.id).has(MEMBER.id)).toBe(true);
    expect(refused(h.fake)).toEqual([]);
    expect(h.fake.invalid).toEqual([]);
  });

  test('THEN a voice class joins, is heard and sets the channel status, and Discord refuses nothing', {
    timeout: 90_000,
  }, async () => {
    v = await startVoiceHarness((fake, voice) =>
      startHarness({ speed: 6, fake: { ...fake, botPermissions: linked }, voice }),
    );
    const { h, voice } = v;
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await yinAs(h, HOST, VOICE_CHANNEL_ID, 'start', { sequence: 'back' }).response;
    await h.fake.waitFor(() => v?.botChannel() === VOICE_CHANNEL_ID, 10_000);
    await h.fake.waitFor(() => v?.heard().startsWith('bell'), 20_000);
    await h.fake.waitFor(() => h.fake.state.voiceStatus.get(VOICE_CHANNEL_ID), 10_000);
    expect(voice.unheardPackets).toBe(0);
    await yinAs(h, HOST, VOICE_CHANNEL_ID, 'stop').response;
    await h.fake.waitFor(() => !h.fake.state.voiceStatus.has(VOICE_CHANNEL_ID), 10_000);
    expect(refused(h.fake)).toEqual([]);
  });

  test('GIVEN the role lacks Speak THEN yin says so and runs in text: Discord would not pass its audio on', {
    timeout: 90_000,
  }, async () => {
    v = await startVoiceHarness((fake, voice) =>
      startHarness({ speed: 6, fake: { ...fake, botPermissions: linked & ~P.Speak }, voice }),
    );
    const { h } = v;
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await yinAs(h, HOST, VOICE_CHANNEL_ID, 'start', { sequence: 'back' }).response;
    const notice = await h.fake.waitFor(
      () => h.fake.messages(VOICE_CHANNEL_ID).find((m) => m.content.includes('**Connect** and **Speak**')),
      10_000,
    );
    expect(notice).toBeDefined();
    expect(v.heard()).toBe('');
    await yinAs(h, HOST, VOICE_CHANNEL_ID, 'stop').response;
  });
});

describe('/yin schedule add with and without Create Events', () => {
  afterAll(() => vi.useRealTimers());

  test('GIVEN the invite’s permissions THEN the event is created and nothing is refused', async () => {
    fakeNow('2026-12-01T12:00:00Z');
    const h = await startScheduleHarness({ fake: { botPermissions: linked } });
    try {
      const r = await addTuesdays(h, VOICE_CHANNEL_ID);
      expect(contentOf(r)).toContain('Event: https://discord.com/events/');
      expect(h.fake.events(GUILD_ID)).toHaveLength(1);
      expect(refused(h.fake)).toEqual([]);
    } finally {
      await h.stop();
      vi.useRealTimers();
    }
  });

  test('GIVEN a server that installed yin before Create Events THEN the schedule is saved, the organiser told what to grant, and its session starts on time; granting it brings events back', {
    timeout: 60_000,
  }, async () => {
    fakeNow('2026-12-01T17:59:50Z');
    const old = (BOT_PERMISSIONS & ~P.CreateEvents) | P.ManageEvents;
    const h = await startScheduleHarness({ fake: { botPermissions: old } });
    try {
      const r = await addTuesdays(h, TEXT_CHANNEL_ID);
      const text = contentOf(r);
      expect(text).toContain('No Discord event');
      expect(text).toContain('**Create Events**: schedules still start on time, but get no Discord event.');
      expect(text).toContain('Server Settings → Roles → yin');
      const id = /id `([a-z0-9]+)`/i.exec(text)?.[1] ?? '';
      expect(await h.bot.ctx.schedules.repo.get(GUILD_ID, id)).toMatchObject({ eventsBlocked: true });
      expect(h.fake.events(GUILD_ID)).toEqual([]);
      expect(refused(h.fake)).toEqual([]);
      // The start (18:00Z) is ten real seconds away: the session begins without an event.
      await h.fake.waitFor(
        () => h.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title === 'Yin for the Back'),
        20_000,
      );
      await h.fake.waitFor(
        () => h.fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')),
        20_000,
      );

      // `/yin settings permissions` names what is missing and how to grant it.
      // HOST is the server's owner: Manage Server.
      const report = await yinAs(h, HOST, TEXT_CHANNEL_ID, 'settings permissions').response;
      expect(contentOf(report)).toContain('❌ Scheduled events: missing **Create Events**:');
      expect(contentOf(report)).toContain('✅ Posting the class');

      // An admin grants Create Events; the next start gets its event.
      h.fake.setBotPermissions(BOT_PERMISSIONS);
      setNow('2026-12-01T19:00:00Z');
      await h.restart();
      const event = await h.fake.waitFor(() => h.fake.events(GUILD_ID)[0], 10_000);
      expect(event.scheduled_start_time).toBe('2026-12-08T18:00:00.000Z');
      await expect.poll(async () => (await h.bot.ctx.schedules.repo.get(GUILD_ID, id))?.eventId).toBe(event.id);
      expect((await h.bot.ctx.schedules.repo.get(GUILD_ID, id))?.eventsBlocked).toBeUndefined();
    } finally {
      await h.stop();
      vi.useRealTimers();
    }
  });

  test('GIVEN a saved schedule loses Create Events THEN its channel is told once and it stays as it was', {
    timeout: 60_000,
  }, async () => {
    fakeNow('2026-12-01T12:00:00Z');
    const h = await startScheduleHarness({ fake: { botPermissions: BOT_PERMISSIONS } });
    try {
      const r = await addTuesdays(h, TEXT_CHANNEL_ID);
      const id = /id `([a-z0-9]+)`/i.exec(contentOf(r))?.[1] ?? '';
      expect(h.fake.events(GUILD_ID)).toHaveLength(1);
      // An admin swaps the role's Create Events for Manage Events, and the bot is away until the
      // next day: at start-up the passed start's event goes, and the next one can't be created.
      await h.stopBot();
      h.fake.setBotPermissions((BOT_PERMISSIONS & ~P.CreateEvents) | P.ManageEvents);
      setNow('2026-12-02T12:00:00Z');
      await h.startBot();
      await h.restart();
      const told = h.fake
        .messages(TEXT_CHANNEL_ID)
        .filter((m) => m.content.includes('still starts here on time, but without a Discord event'));
      expect(told).toHaveLength(1);
      expect(told[0]?.content).toContain(`\`${id}\``);
      expect(await h.bot.ctx.schedules.repo.get(GUILD_ID, id)).toMatchObject({ paused: false, eventsBlocked: true });
      expect(h.bot.ctx.schedules.scheduler.nextRun((await h.bot.ctx.schedules.repo.get(GUILD_ID, id))!)).toBe(
        Date.parse('2026-12-08T18:00:00Z'),
      );
    } finally {
      await h.stop();
      vi.useRealTimers();
    }
  });
});
