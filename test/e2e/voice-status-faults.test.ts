// The voice channel's status through a refused permission, a restart and a crash (the rest of
// it is in voice-status.test.ts; apart so the two run in parallel), end to end: the real bot
// against the stand-in Discord (which validates PUT /channels/{id}/voice-status against the spec,
// requires Set Voice Channel Status and the bot in the channel) and the fake voice server.
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { pino } from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { openStore } from '../../src/store/open-store.ts';
import { APP_ID, BOT_PERMISSIONS, GUILD_ID, HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { FAST_VOICE, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { BEFORE, closingPosted, startIn, statusesSent, voiceHarness } from '../helpers/voice-status.ts';

let v: VoiceHarness<Harness> | undefined;
let second: Bot | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  await v?.stop();
  v = undefined;
});

describe('the voice channel status follows the practice, through refusals and restarts', () => {
  test('GIVEN no Set Voice Channel Status permission THEN the session runs to its closing with sound, and the log says so once', {
    timeout: 90_000,
  }, async () => {
    const lines: { event?: string }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    v = await voiceHarness(120, { botPermissions: BOT_PERMISSIONS & ~P.SetVoiceChannelStatus, log });
    const { h } = v;
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    // The answer becomes the opening; the host alone is then told what yin also wants.
    const started = startIn(h);
    expect((await started.response).type).toBe(5);
    const told = await h.fake.waitFor(() =>
      started.followups.find((m) => m.content.includes('Set Voice Channel Status')),
    );
    expect((told.flags ?? 0) & 64).toBe(64);
    await h.fake.waitFor(closingPosted(h), 40_000);
    await h.fake.waitFor(() => v?.botChannel() === null, 30_000);
    expect(lines.filter((l) => l.event === 'voice_status.refused')).toHaveLength(1);
    expect(h.fake.state.voiceStatus.has(VOICE_CHANNEL_ID)).toBe(false);
    expect(v.heard()).toContain('closing-back');
  });

  test('GIVEN a restart mid-class THEN the resumed session sets the status again and puts back the one from before at the end', {
    timeout: 120_000,
  }, async () => {
    v = await voiceHarness(30);
    const { h } = v;
    h.fake.state.voiceStatus.set(VOICE_CHANNEL_ID, BEFORE);
    h.fake.dispatch('VOICE_CHANNEL_STATUS_UPDATE', { id: VOICE_CHANNEL_ID, guild_id: GUILD_ID, status: BEFORE });
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await startIn(h).response;
    await h.fake.waitFor(() => statusesSent(h).length >= 2, 20_000);
    await h.bot.stop(); // the session stays saved; the status stays as it was
    const shown = h.fake.state.voiceStatus.get(VOICE_CHANNEL_ID);
    expect(shown).not.toBe(BEFORE);
    h.fake.setVoiceState(APP_ID, null); // the old connection is gone with the process

    const sentBefore = statusesSent(h).length;
    second = await startBot(loadConfig(h.env), pino({ level: 'silent' }), systemClock, { voice: FAST_VOICE });
    await second.ready;
    // The resumed session rejoins and shows its step again; then the host ends it.
    await h.fake.waitFor(() => statusesSent(h).length > sentBefore, 45_000);
    await h.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
    // The status from before the session, not the one the first process set, comes back.
    await h.fake.waitFor(() => h.fake.state.voiceStatus.get(VOICE_CHANNEL_ID) === BEFORE, 30_000);
    expect(statusesSent(h).at(-1)).toBe(BEFORE);
  });

  test('GIVEN a crash after which the session is gone THEN the restarted bot puts back the stale status', {
    timeout: 60_000,
  }, async () => {
    v = await voiceHarness(6);
    const { h } = v;
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await startIn(h).response;
    await h.fake.waitFor(() => statusesSent(h).length >= 1, 10_000);
    await h.bot.stop();
    expect(h.fake.state.voiceStatus.has(VOICE_CHANNEL_ID)).toBe(true);
    // The session's record is lost (as if the crash came before it was saved); the status's is not.
    const store = openStore(h.env.YIN_STORE_URL!);
    await store.keyv('sessions').delete(VOICE_CHANNEL_ID);
    await store.close();
    h.fake.setVoiceState(APP_ID, null);

    second = await startBot(loadConfig(h.env), pino({ level: 'silent' }), systemClock, { voice: FAST_VOICE });
    await second.ready;
    await h.fake.waitFor(() => !h.fake.state.voiceStatus.has(VOICE_CHANNEL_ID), 10_000);
    expect(statusesSent(h).at(-1)).toBeNull();
  });
});
