import { LANGUAGES, type Language } from '../languages.ts';
import type { Keyv } from 'keyv';
import { z } from 'zod';
import {
  BELLS,
  SOUND_MODES,
  VOLUMES,
  type Bell,
  type SoundMode,
  type SoundPrefs,
  type Volume,
} from '../domain/sound.ts';
import type { Store } from '../store/store.ts';
import { ignoreInvalid, readRecord, type OnInvalidRecord } from '../store/records.ts';

/**
 * A guild's settings, one record per guild. Loose on purpose: a field added by a newer version
 * (or another feature) survives an update made by code that doesn't know it yet.
 */
export const guildSettingsSchema = z.looseObject({
  v: z.literal(1),
  guildId: z.string().regex(/^\d{1,25}$/),
  /** Where discoveries go for sessions in a voice channel's chat, which can't hold threads. */
  discoveriesChannelId: z
    .string()
    .regex(/^\d{1,25}$/)
    .optional(),
  /**
   * The default sound of voice sessions (`/yin settings sound`): what plays, which bell, how loud,
   * the interval bell. Optional fields added to version 1: a record without them reads as before.
   */
  sound: z.enum(SOUND_MODES).optional(),
  bell: z.enum(BELLS).optional(),
  volume: z.enum(VOLUMES).optional(),
  interval: z.boolean().optional(),
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

export type GuildSettings = z.infer<typeof guildSettingsSchema>;
export type SettingsPatch = Record<string, unknown> & {
  discoveriesChannelId?: string | null;
  sound?: SoundMode | null | undefined;
  bell?: Bell | null | undefined;
  volume?: Volume | null | undefined;
  interval?: boolean | null | undefined;
  teacherRoleId?: string | null | undefined;
  language?: Language | null | undefined;
  attendanceChannelId?: string | null | undefined;
  weeklyTotalChannelId?: string | null | undefined;
};

/** The server's sound defaults, as the session runner layers them under a session's own choice. */
export const soundPrefsOf = (g: GuildSettings): SoundPrefs => ({
  mode: g.sound,
  bell: g.bell,
  volume: g.volume,
  interval: g.interval,
});

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

  /** Applies a patch; `null` clears a setting, `undefined` keeps it. Validated whole before anything is written. */
  async update(guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
    const next: Record<string, unknown> = { ...(await this.get(guildId)) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    const settings = guildSettingsSchema.parse({ ...next, v: 1, guildId });
    if (!(await this.#keyv.set(guildId, settings))) throw new Error('The settings could not be saved.');
    return settings;
  }
}
