import { LANGUAGES, type Language } from '../languages.ts';
import type { Keyv } from 'keyv';
import { z } from 'zod';
import { BELLS, nestSound, SOUND_MODES, VOLUMES, type SoundChoice, type SoundPrefs } from '../domain/sound.ts';
import type { Store } from '../store/store.ts';
import { ignoreInvalid, readRecord, type OnInvalidRecord } from '../store/records.ts';

/**
 * A guild's settings, one record per guild. Loose on purpose: a field added by a newer version
 * (or another feature) survives an update made by code that doesn't know it yet. A record saved
 * before the sound was one field reads as today's (`nestSound`).
 */
const settingsRecord = z.looseObject({
  v: z.literal(1),
  guildId: z.string().regex(/^\d{1,25}$/),
  /** Where discoveries go for sessions in a voice channel's chat, which can't hold threads. */
  discoveriesChannelId: z
    .string()
    .regex(/^\d{1,25}$/)
    .optional(),
  /**
   * The default sound of voice sessions (`/yin settings sound`): what plays, which bell, how loud,
   * the interval bell, each part optional. Added to version 1: a record without it reads as before.
   */
  sound: z
    .looseObject({
      mode: z.enum(SOUND_MODES).optional(),
      bell: z.enum(BELLS).optional(),
      volume: z.enum(VOLUMES).optional(),
      interval: z.boolean().optional(),
    })
    .optional(),
  /** The practice language of posts and voice (`/yin settings language`); unset: the server's Discord locale. */
  language: z.enum(LANGUAGES).optional(),
  /** Members with this role may write the server's sequences, as Manage Server may (`/yin settings teacher-role`). */
  teacherRoleId: z
    .string()
    .regex(/^\d{1,25}$/)
    .optional(),
  /** Where the attendance report goes after each scheduled class (`/yin settings attendance-channel`). */
  attendanceChannelId: z
    .string()
    .regex(/^\d{1,25}$/)
    .optional(),
  /** Where the weekly total of minutes practised goes (`/yin settings weekly-total`); unset: off. */
  weeklyTotalChannelId: z
    .string()
    .regex(/^\d{1,25}$/)
    .optional(),
});

export const guildSettingsSchema = z.preprocess(
  (value) => (typeof value === 'object' && value !== null ? nestSound(value as Record<string, unknown>) : value),
  settingsRecord,
);

export type GuildSettings = z.infer<typeof guildSettingsSchema>;
export type SettingsPatch = Record<string, unknown> & {
  discoveriesChannelId?: string | null;
  /** Part by part, as the whole patch: a value sets a part, `null` clears it, `undefined` keeps it. */
  sound?: { [K in keyof SoundChoice]?: SoundChoice[K] | null | undefined } | null | undefined;
  teacherRoleId?: string | null | undefined;
  language?: Language | null | undefined;
  attendanceChannelId?: string | null | undefined;
  weeklyTotalChannelId?: string | null | undefined;
};

/** The server's sound defaults, as the session runner layers them under a session's own choice. */
export const soundPrefsOf = (g: GuildSettings): SoundPrefs => g.sound ?? {};

export class SettingsRepo {
  readonly #keyv: Keyv<GuildSettings>;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#keyv = store.keyv<GuildSettings>('settings');
    this.#onInvalid = onInvalid;
  }

  /** The guild's settings; a guild never configured (or a damaged record) gets the defaults. */
  async get(guildId: string): Promise<GuildSettings> {
    const stored = readRecord(
      guildSettingsSchema,
      await this.#keyv.get(guildId),
      { namespace: 'settings', key: guildId },
      this.#onInvalid,
    );
    return stored ?? guildSettingsSchema.parse({ v: 1, guildId });
  }

  /**
   * Applies a patch; `null` clears a setting, `undefined` keeps it, and a group (the sound) is
   * patched the same way, part by part. Validated whole before anything is written.
   */
  async update(guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
    const next = applyPatch({ ...(await this.get(guildId)) }, patch);
    const settings = guildSettingsSchema.parse({ ...next, v: 1, guildId });
    if (!(await this.#keyv.set(guildId, settings))) throw new Error('The settings could not be saved.');
    return settings;
  }
}

const isGroup = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `patch` over `into`: null deletes, undefined keeps, a group merges part by part (emptied: gone). */
function applyPatch(into: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = { ...into };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (isGroup(value)) {
      const group = applyPatch(isGroup(next[key]) ? next[key] : {}, value);
      if (Object.keys(group).length === 0) delete next[key];
      else next[key] = group;
    } else if (value !== undefined) next[key] = value;
  }
  return next;
}
