import type { Keyv } from 'keyv';
import { z } from 'zod';
import type { Store } from '../store/store.ts';
import { ignoreInvalid, readAll, readRecord, type OnInvalidRecord } from '../store/records.ts';

/** A discoveries thread is kept for a month; after that the share button says it has closed. */
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;
const snowflake = z.string().regex(/^\d{1,25}$/);

/** Where a session's discoveries go: its thread, the guild's discoveries channel or the chat. */
export const discoveriesSchema = z.object({
  v: z.literal(1),
  sessionId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
  guildId: snowflake,
  sessionChannelId: snowflake,
  /** The thread (or channel) member posts go to. */
  targetId: snowflake,
  sequenceId: z.string().min(1),
  title: z.string().min(1).max(100),
  createdAt: z.number().int().nonnegative(),
});
export type Discoveries = z.infer<typeof discoveriesSchema>;

/** A post the bot made for a member, so "erase all" can take it down too. */
export const sharedPostSchema = z.object({
  v: z.literal(1),
  channelId: snowflake,
  messageId: snowflake,
  at: z.number().int(),
});
export type SharedPost = z.infer<typeof sharedPostSchema>;

export class DiscoveriesRepo {
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#onInvalid = onInvalid;
  }

  async save(record: Discoveries): Promise<Discoveries> {
    const parsed = discoveriesSchema.parse(record);
    await this.#guild(parsed.guildId).set(parsed.sessionId, parsed, KEEP_MS);
    return parsed;
  }

  async get(guildId: string, sessionId: string): Promise<Discoveries | undefined> {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(sessionId)) return undefined;
    return readRecord(
      discoveriesSchema,
      await this.#guild(guildId).get(sessionId),
      { namespace: `discoveries:${guildId}`, key: sessionId },
      this.#onInvalid,
    );
  }

  /**
   * The discoveries to share into from `channelId`: the thread itself, else the newest for a
   * session held in that channel, else the newest in the guild.
   */
  async latest(guildId: string, channelId: string): Promise<Discoveries | undefined> {
    const all: Discoveries[] = [];
    for await (const record of readAll(
      this.#guild(guildId),
      discoveriesSchema,
      `discoveries:${guildId}`,
      this.#onInvalid,
    )) {
      if (record) all.push(record);
    }
    all.sort((a, b) => b.createdAt - a.createdAt);
    return all.find((d) => d.targetId === channelId) ?? all.find((d) => d.sessionChannelId === channelId) ?? all[0];
  }

  async recordShare(userId: string, post: Omit<SharedPost, 'v'>): Promise<void> {
    await this.#shares(userId).set(post.messageId, sharedPostSchema.parse({ ...post, v: 1 }), KEEP_MS);
  }

  async sharesOf(userId: string): Promise<SharedPost[]> {
    const out: SharedPost[] = [];
    for await (const post of readAll(this.#shares(userId), sharedPostSchema, `shares:${userId}`, this.#onInvalid)) {
      if (post) out.push(post);
    }
    return out;
  }

  async clearShares(userId: string): Promise<void> {
    await this.#shares(userId).clear();
  }

  #guild(guildId: string): Keyv<Discoveries> {
    return this.#store.keyv<Discoveries>(`discoveries:${snowflake.parse(guildId)}`);
  }

  #shares(userId: string): Keyv<SharedPost> {
    return this.#store.keyv<SharedPost>(`shares:${snowflake.parse(userId)}`);
  }
}
