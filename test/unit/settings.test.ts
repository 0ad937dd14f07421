import { describe, expect, it } from 'vitest';
import { soundSummary } from '../../src/discord/session/text.ts';
import { InputError } from '../../src/domain/input-error.ts';
import {
  DEFAULT_SOUND_CHOICE,
  resolveSound,
  softer,
  VOLUMES,
  type SoundChoice,
  type SoundPrefs,
} from '../../src/domain/sound.ts';
import { soundPrefsFrom, type SoundOptionValues } from '../../src/domain/sound-input.ts';
import { SettingsRepo, soundPrefsOf } from '../../src/guilds/settings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';

describe('SettingsRepo', () => {
  it("GIVEN nothing stored THEN defaults; a patch sets, null clears, and fields it doesn't know survive", async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SettingsRepo(store);
    expect(await repo.get('111')).toEqual({ v: 1, guildId: '111' });
    await repo.update('111', { sound: { mode: 'bell' } });
    expect(await repo.update('111', { discoveriesChannelId: '222' })).toEqual({
      v: 1,
      guildId: '111',
      sound: { mode: 'bell' },
      discoveriesChannelId: '222',
    });
    expect(await repo.get('999')).toEqual({ v: 1, guildId: '999' });
    expect(await repo.update('111', { discoveriesChannelId: null })).toEqual({
      v: 1,
      guildId: '111',
      sound: { mode: 'bell' },
    });
    await store.close();
  });

  it('GIVEN an invalid channel id THEN nothing is written', async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SettingsRepo(store);
    await repo.update('111', { discoveriesChannelId: '222' });
    await expect(repo.update('111', { discoveriesChannelId: 'not-a-channel' })).rejects.toThrow();
    expect((await repo.get('111')).discoveriesChannelId).toBe('222');
    await store.close();
  });
});

describe('SettingsRepo: the server’s sound', () => {
  it('GIVEN bell, volume and interval THEN they persist beside the mode, and null clears one', async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SettingsRepo(store);
    await repo.update('111', { sound: { mode: 'bell', bell: 'chime', volume: 'quiet', interval: true } });
    // A fresh repo over the same store: read back, not from memory.
    const again = new SettingsRepo(store);
    expect(await again.get('111')).toEqual({
      v: 1,
      guildId: '111',
      sound: { mode: 'bell', bell: 'chime', volume: 'quiet', interval: true },
    });
    expect(soundPrefsOf(await again.get('111'))).toEqual({
      mode: 'bell',
      bell: 'chime',
      volume: 'quiet',
      interval: true,
    });
    // undefined keeps a part, null clears it.
    expect(await again.update('111', { sound: { bell: undefined, volume: null, interval: false } })).toEqual({
      v: 1,
      guildId: '111',
      sound: { mode: 'bell', bell: 'chime', interval: false },
    });
    await store.close();
  });

  it('GIVEN a bell or volume yin does not have THEN nothing is written', async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SettingsRepo(store);
    await repo.update('111', { sound: { bell: 'wood' } });
    await expect(repo.update('111', { sound: { bell: 'gong' as 'wood' } })).rejects.toThrow();
    await expect(repo.update('111', { sound: { volume: 'max' as 'loud' } })).rejects.toThrow();
    await expect(repo.update('111', { sound: { interval: 'yes' as unknown as boolean } })).rejects.toThrow();
    expect(await repo.get('111')).toEqual({ v: 1, guildId: '111', sound: { bell: 'wood' } });
    await store.close();
  });

  it('GIVEN a record saved before bells and volumes THEN it reads as it was, and resolves to the defaults', async () => {
    const store = openStore('sqlite::memory:');
    await store.keyv('settings').set('111', { v: 1, guildId: '111', sound: 'bell' });
    const settings = await new SettingsRepo(store).get('111');
    expect(settings).toEqual({ v: 1, guildId: '111', sound: { mode: 'bell' } });
    expect(resolveSound(soundPrefsOf(settings))).toEqual({
      mode: 'bell',
      bell: 'bowl',
      volume: 'normal',
      interval: false,
    });
    await store.close();
  });

  it('GIVEN a record saved before the sound was one field THEN its flat parts read as one sound, and a patch keeps the rest', async () => {
    const store = openStore('sqlite::memory:');
    const flat = {
      v: 1,
      guildId: '111',
      sound: 'bell',
      bell: 'chime',
      volume: 'quiet',
      interval: true,
      language: 'fr',
    };
    await store.keyv('settings').set('111', flat);
    const repo = new SettingsRepo(store);
    const nested = { mode: 'bell', bell: 'chime', volume: 'quiet', interval: true };
    expect(await repo.get('111')).toEqual({ v: 1, guildId: '111', language: 'fr', sound: nested });
    expect(soundPrefsOf(await repo.get('111'))).toEqual(nested);
    expect(await repo.update('111', { sound: { volume: 'loud' } })).toEqual({
      v: 1,
      guildId: '111',
      language: 'fr',
      sound: { ...nested, volume: 'loud' },
    });
    // Cleared part by part, the sound goes once nothing is left.
    expect(await repo.update('111', { sound: { mode: null, bell: null, volume: null, interval: null } })).toEqual({
      v: 1,
      guildId: '111',
      language: 'fr',
    });
    await store.close();
  });
});

describe('resolveSound: the session’s choice, then the server’s, then the default', () => {
  it.each<[string, SoundPrefs, SoundPrefs, SoundChoice]>([
    ['nothing chosen', {}, {}, { mode: 'bell+voice', bell: 'bowl', volume: 'normal', interval: false }],
    [
      'the server’s',
      {},
      { bell: 'wood', interval: true },
      { mode: 'bell+voice', bell: 'wood', volume: 'normal', interval: true },
    ],
    [
      'the session over the server, part by part',
      { bell: 'chime', interval: false },
      { bell: 'wood', volume: 'loud', interval: true },
      { mode: 'bell+voice', bell: 'chime', volume: 'loud', interval: false },
    ],
    [
      'a value yin no longer has falls through',
      { bell: 'gong' as 'bowl' },
      { bell: 'wood' },
      { mode: 'bell+voice', bell: 'wood', volume: 'normal', interval: false },
    ],
  ])('%s', (_name, session, server, expected) => {
    expect(resolveSound(session, server)).toEqual(expected);
  });

  it('GIVEN softer THEN a level down, never below quiet', () => {
    expect(VOLUMES.map(softer)).toEqual(['quiet', 'quiet', 'normal']);
  });
});

describe('soundSummary: the sound in words', () => {
  it.each<[SoundChoice, string]>([
    [DEFAULT_SOUND_CHOICE, 'singing bowl · normal volume · voice on · interval bell off'],
    [
      { mode: 'bell', bell: 'chime', volume: 'quiet', interval: true },
      'soft chime · quiet volume · voice off (bell only) · interval bell on',
    ],
    [
      { mode: 'bell+voice', bell: 'wood', volume: 'loud', interval: false },
      'wood block · loud volume · voice on · interval bell off',
    ],
    [{ mode: 'off', bell: 'chime', volume: 'loud', interval: true }, 'off: no bell and no voice (text only)'],
  ])('%j → %s', (choice, words) => expect(soundSummary(choice)).toBe(words));
});

describe('soundPrefsFrom: what a command gave, checked', () => {
  it('GIVEN the options THEN the parts set; left out stays unset', () => {
    expect(soundPrefsFrom({ mode: null, bell: 'chime', volume: 'quiet', interval: true })).toEqual({
      mode: undefined,
      bell: 'chime',
      volume: 'quiet',
      interval: true,
    });
  });
  it.each<[string, SoundOptionValues, string]>([
    ['a bell', { mode: null, bell: 'gong', volume: null, interval: null }, '`bell` is one of bowl, chime, wood.'],
    ['a volume', { mode: null, bell: null, volume: 'max', interval: null }, '`volume` is one of quiet, normal, loud.'],
    ['a mode', { mode: 'music', bell: null, volume: null, interval: null }, '`sound` is one of bell+voice, bell, off.'],
  ])('GIVEN %s yin does not have THEN an InputError naming the choices', (_name, o, message) => {
    expect(() => soundPrefsFrom(o, 'sound')).toThrow(InputError);
    expect(() => soundPrefsFrom(o, 'sound')).toThrow(message);
  });
});
