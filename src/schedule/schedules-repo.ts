import { randomBytes } from 'node:crypto';
import type Keyv from 'keyv';
import { InputError } from '../domain/input-error.ts';
import { KeyedLock } from '../domain/keyed-lock.ts';
import type { Logger } from '../log.ts';
import {
  MAX_SCHEDULES_PER_GUILD,
  ScheduleSchema,
  type NewSchedule,
  type Schedule,
  type SchedulePatch,
} from './schedule.ts';

/** Gives the Keyv for a namespace — `(ns) => store.keyv(ns)` in the app. */
export type KeyvFor = (namespace: string) => Keyv;

const GUILDS = 'schedule-guilds';
const RUNS = 'schedule-runs';
/** Claims only need to outlive the catch-up window and a restart; a week is generous. */
const CLAIM_TTL_MS = 8 * 24 * 60 * 60_000;

/**
 * Schedules in keyv. Layout (namespaces as the store names them):
 * - `schedules:<guildId>` → `<id>`: one key per schedule, so a guild lists by iterating its
 *   own namespace and no write ever rewrites a shared array;
 * - `schedule-guilds` → `<guildId>`: one key per guild that has schedules, so `listAll` at
 *   start-up visits guilds without a global read-modify-write list;
 * - `schedule-runs` → `run:<scheduleId>:<occurrenceMs>`: run claims, expiring after a week.
 * Writes are serialised per guild (and claims per claim key) with an in-process mutex: one
 * process owns a guild's schedules, so get-then-set under a mutex is atomic enough. Two bot
 * processes sharing one store would need a real compare-and-set instead.
 */
export class SchedulesRepo {
  readonly #keyvFor: KeyvFor;
  readonly #keyvs = new Map<string, Keyv>();
  readonly #lock = new KeyedLock();
  readonly #log: Logger | undefined;
  readonly #owns: (guildId: string) => boolean;

  /**
   * `owns` says which guilds this process runs (sharding): `listAll` — what gets armed at
   * start-up — leaves the others to their own shard, so a schedule fires once across shards.
   */
  constructor(keyvFor: KeyvFor, log?: Logger, owns: (guildId: string) => boolean = () => true) {
    this.#keyvFor = keyvFor;
    this.#log = log;
    this.#owns = owns;
  }

  #ns(namespace: string): Keyv {
    let k = this.#keyvs.get(namespace);
    if (!k) {
      k = this.#keyvFor(namespace);
      this.#keyvs.set(namespace, k);
    }
    return k;
  }

  #guild(guildId: string): Keyv {
    return this.#ns(`schedules:${guildId}`);
  }

  /** Stored data that no longer fits the schema is logged and treated as absent. */
  #valid(raw: unknown, where: string): Schedule | undefined {
    const parsed = ScheduleSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    if (raw !== undefined)
      this.#log?.warn({ where, issues: parsed.error.issues }, 'ignoring an unreadable stored schedule');
    return undefined;
  }

  /** Throws InputError (nothing saved) when the guild already has `maxPerGuild`. */
  async add(input: NewSchedule, maxPerGuild = MAX_SCHEDULES_PER_GUILD): Promise<Schedule> {
    return this.#lock.run(`guild:${input.guildId}`, async () => {
      const keyv = this.#guild(input.guildId);
      let count = 0;
      for await (const _ of keyv.iterator()) count++;
      if (count >= maxPerGuild) {
        throw new InputError('schedule.storeFull', { n: count, max: maxPerGuild });
      }
      let id = newId();
      while (await keyv.has(id)) id = newId();
      const schedule = ScheduleSchema.parse({ ...input, id, paused: input.paused ?? false });
      await keyv.set(id, schedule);
      await this.#ns(GUILDS).set(input.guildId, true);
      return schedule;
    });
  }

  async get(guildId: string, id: string): Promise<Schedule | undefined> {
    return this.#valid(await this.#guild(guildId).get(id), `${guildId}/${id}`);
  }

  /** The guild's schedules, ordered by id so listings are stable. */
  async list(guildId: string): Promise<Schedule[]> {
    const out: Schedule[] = [];
    for await (const [id, raw] of this.#guild(guildId).iterator()) {
      const s = this.#valid(raw, `${guildId}/${id}`);
      if (s) out.push(s);
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Every schedule of every guild this process owns, for re-arming at start-up. */
  async listAll(): Promise<Schedule[]> {
    const guilds: string[] = [];
    for await (const [guildId] of this.#ns(GUILDS).iterator()) if (this.#owns(guildId)) guilds.push(guildId);
    const lists = await Promise.all(guilds.map((g) => this.list(g)));
    return lists.flat();
  }

  /** Applies `patch` and returns the new schedule, or undefined if there is no such schedule. */
  async update(guildId: string, id: string, patch: SchedulePatch): Promise<Schedule | undefined> {
    return this.#lock.run(`guild:${guildId}`, async () => {
      const keyv = this.#guild(guildId);
      const current = this.#valid(await keyv.get(id), `${guildId}/${id}`);
      if (!current) return undefined;
      const next = ScheduleSchema.parse({ ...current, ...patch, id, guildId });
      await keyv.set(id, next);
      return next;
    });
  }

  /** True if it existed. The guild leaves the index with its last schedule. */
  async remove(guildId: string, id: string): Promise<boolean> {
    return this.#lock.run(`guild:${guildId}`, async () => {
      const keyv = this.#guild(guildId);
      const existed = await keyv.delete(id);
      let empty = true;
      for await (const _ of keyv.iterator()) {
        empty = false;
        break;
      }
      if (empty) await this.#ns(GUILDS).delete(guildId);
      return existed;
    });
  }

  /**
   * Claims the start of `scheduleId` at `occurrenceMs`: true the first time, false ever after
   * (for a week), so a start never runs twice — not from two timers, not across a restart.
   */
  async claimRun(scheduleId: string, occurrenceMs: number): Promise<boolean> {
    return this.#claim(`run:${scheduleId}:${occurrenceMs}`);
  }

  /** The same, for the reminder before that start: a reminder goes out once. */
  async claimReminder(scheduleId: string, occurrenceMs: number): Promise<boolean> {
    return this.#claim(`remind:${scheduleId}:${occurrenceMs}`);
  }

  async #claim(key: string): Promise<boolean> {
    return this.#lock.run(key, async () => {
      const runs = this.#ns(RUNS);
      if (await runs.has(key)) return false;
      await runs.set(key, Date.now(), CLAIM_TTL_MS);
      return true;
    });
  }
}

/** Short ids, easy to type in `/yin schedule remove id:…`; collisions are checked per guild. */
function newId(): string {
  return randomBytes(5)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .slice(0, 6);
}
