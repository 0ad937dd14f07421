// Every public post in the session's language, every private reply in the member's: a French
// session with a German member pressing its buttons, and a French voice session's notices.
import type { APIMessage } from 'discord.js';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { afterEach, expect, test, vi } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { LocalizedCatalogs, loadTranslations } from '../../src/domain/translations.ts';
import { stepTitleIn } from '../../src/discord/session/text.ts';
import { t } from '../../src/i18n.ts';
import {
  BOT_PERMISSIONS,
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import { contentOf, fakeNow, startScheduleHarness } from '../helpers/e2e-schedule-harness.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

let h: Harness | undefined;
let v: VoiceHarness<Harness> | undefined;
afterEach(async () => {
  await h?.stop();
  await v?.stop();
  h = undefined;
  v = undefined;
});

const said = (r: { data?: unknown }) => String((r.data as { content?: string } | undefined)?.content);
/** A public announcement's text up to its first placeholder, in `lang`. */
const opening = (key: string, lang: string) =>
  t(key, { who: '\u0000', step: '\u0000', ends: '\u0000' }, lang).split('\u0000')[0]!;
const flags = (r: { data?: unknown }) => (r.data as { flags?: number } | undefined)?.flags ?? 0;

function button(message: APIMessage, label: string): string {
  const row = message.components?.[0] as { components: { label: string; custom_id: string }[] };
  const found = row.components.find((b) => b.label === label);
  if (!found) throw new Error(`no ${label} button on ${message.id}: ${row.components.map((b) => b.label).join(', ')}`);
  return found.custom_id;
}

test('GIVEN a French session and a German moderator THEN the public Pause is announced in French, and the moderator’s private answers are in German', async () => {
  h = await startHarness({ speed: 60 });
  const hh = h;
  await hh.fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', language: 'fr' },
    locale: 'fr',
  }).response;
  const first = await hh.fake.waitFor(() => hh.fake.messages(TEXT_CHANNEL_ID).find((m) => m.components?.length));
  const pause = button(first, t('post.buttonPause', {}, 'fr'));

  const announced = await hh.fake.click({ user: MOD, message: first, customId: pause, locale: 'de' }).response;
  expect(flags(announced) & 64).toBe(0);
  expect(said(announced).startsWith(opening('session.paused', 'fr'))).toBe(true);
  expect(said(announced)).toContain(`<@${MOD.id}>`);
  expect(opening('session.paused', 'fr')).not.toBe(opening('session.paused', 'de'));

  // Pressed again: a private answer, in the presser's German.
  const again = await hh.fake.click({ user: MOD, message: first, customId: pause, locale: 'de' }).response;
  expect(flags(again) & 64).toBe(64);
  expect(said(again)).toBe(t('session.alreadyPaused', {}, 'de'));

  // A member who may not control it: refused privately, in German.
  const refused = await hh.fake.click({ user: MEMBER, message: first, customId: pause, locale: 'de' }).response;
  expect(flags(refused) & 64).toBe(64);
  expect(said(refused)).toBe(t('session.onlyHost_pause', { host: HOST.id }, 'de'));

  // Resume by the German moderator: announced in French.
  const resume = button(first, t('post.buttonResume', {}, 'fr'));
  const resumed = await hh.fake.click({ user: MOD, message: first, customId: resume, locale: 'de' }).response;
  expect(flags(resumed) & 64).toBe(0);
  expect(said(resumed).startsWith(opening('session.resumed', 'fr'))).toBe(true);
  const state = hh.bot.ctx.runner.get(TEXT_CHANNEL_ID)!;
  const step = hh.bot.ctx.runner.timeline(TEXT_CHANNEL_ID)!.steps[state.posted]!;
  expect(said(resumed)).toContain(stepTitleIn(step, 'fr'));
  expect(stepTitleIn(step, 'fr')).not.toBe(stepTitleIn(step, 'de'));
});

test('GIVEN a French voice session where yin may not speak THEN its notice in the channel is in French', async () => {
  v = await startVoiceHarness((fake, voice) =>
    startHarness({ speed: 6, fake: { ...fake, botPermissions: BOT_PERMISSIONS & ~P.Speak }, voice }),
  );
  const hh = v.h;
  hh.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
  await hh.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', language: 'fr' },
    locale: 'de',
  }).response;
  const notice = await hh.fake.waitFor(
    () => hh.fake.messages(VOICE_CHANNEL_ID).find((m) => m.content.startsWith('🔇')),
    10_000,
  );
  expect(notice.content).toBe(t('voice.noPermission', { channel: VOICE_CHANNEL_ID }, 'fr'));
  await hh.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
});

test('GIVEN a French voice session whose voice connection is lost for good THEN “sound off” is said in French', async () => {
  v = await startVoiceHarness((fake, voice) => startHarness({ speed: 6, fake, voice }), { endpoint: '127.0.0.1:1' });
  const hh = v.h;
  hh.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
  await hh.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', language: 'fr' },
  }).response;
  const notice = await hh.fake.waitFor(
    () => hh.fake.messages(VOICE_CHANNEL_ID).find((m) => m.content.startsWith('🔇')),
    20_000,
  );
  expect(notice.content).toBe(t('voice.soundOff', {}, 'fr'));
  await hh.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
});

test('GIVEN a schedule in French added by a German organiser THEN its event and its reminder are in French, and the organiser’s reply in German', {
  timeout: 60_000,
}, async () => {
  const catalog = loadCatalog('data');
  const french = new LocalizedCatalogs(catalog, loadTranslations('data', catalog)).of('fr').sequences.get('back')!;
  fakeNow('2026-12-01T17:58:57Z'); // the reminder (17:59:00Z) is 3 real seconds away
  const s = await startScheduleHarness();
  try {
    const r = await s.fake.slash({
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      guildId: GUILD_ID,
      name: 'yin',
      group: 'schedule',
      subcommand: 'add',
      options: {
        sequence: 'back',
        day: 'tuesday',
        time: '19:00',
        timezone: 'Europe/Berlin',
        remind: 1,
        language: 'fr',
        channel: TEXT_CHANNEL_ID,
      },
      locale: 'de',
    }).response;
    expect(contentOf(r)).toContain('ist in <#');
    const [event] = s.fake.events(GUILD_ID);
    expect(event?.name).toBe(french.name);
    expect(event?.description).toContain(
      t('schedule.eventDescription', { channel: 'practice', poses: 9, hold: 3, focus: french.focus }, 'fr'),
    );
    const reminder = await s.fake.waitFor(
      () => s.fake.messages(TEXT_CHANNEL_ID).find((m) => m.content.includes(french.name)),
      10_000,
    );
    const joinLine = t('schedule.reminderJoin', { link: '\u0000' }, 'fr').split('\u0000')[0]!;
    expect(reminder.content).toContain(joinLine);
    expect(joinLine).not.toBe(t('schedule.reminderJoin', { link: '\u0000' }, 'en').split('\u0000')[0]);
  } finally {
    await s.stop();
    vi.useRealTimers();
  }
});
