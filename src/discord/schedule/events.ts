import { DiscordAPIError, Routes, type APIGuildScheduledEvent, type REST, type RESTPostAPIGuildScheduledEventJSONBody } from 'discord.js';

/** Discord's scheduled-event statuses (plain numbers: the project allows no enums). */
export const EVENT_SCHEDULED = 1;
export const EVENT_ACTIVE = 2;
export const EVENT_COMPLETED = 3;
export const EVENT_CANCELED = 4;

const VOICE_ENTITY = 2;
const EXTERNAL_ENTITY = 3;
const GUILD_ONLY = 2;

/** What an event needs to know about the practice it announces. */
export interface EventSpec {
  guildId: string;
  channelId: string;
  /** Voice channels get a voice event; text channels an external one with the channel as location. */
  channelKind: 'voice' | 'text';
  channelName: string;
  title: string;
  description: string;
  startMs: number;
  lengthMs: number;
}

export function eventBody(spec: EventSpec): RESTPostAPIGuildScheduledEventJSONBody {
  const times = {
    scheduled_start_time: new Date(spec.startMs).toISOString(),
    scheduled_end_time: new Date(spec.startMs + spec.lengthMs).toISOString(),
  };
  const common = { name: spec.title.slice(0, 100), description: spec.description.slice(0, 1000), privacy_level: GUILD_ONLY, ...times };
  return spec.channelKind === 'voice'
    ? { ...common, entity_type: VOICE_ENTITY, channel_id: spec.channelId }
    : { ...common, entity_type: EXTERNAL_ENTITY, entity_metadata: { location: `#${spec.channelName}`.slice(0, 100) } };
}

export function isNotFound(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.status === 404 || err.code === 10070);
}

/**
 * Scheduled events over REST (no cache needed). The bot's own writes come back as gateway
 * UPDATE/DELETE dispatches, so each write is remembered until its echo arrives: anything else
 * is an organiser's doing.
 */
export class ScheduledEvents {
  readonly #rest: REST;
  readonly #own = new Set<string>();

  constructor(rest: REST) {
    this.#rest = rest;
  }

  async create(spec: EventSpec): Promise<APIGuildScheduledEvent> {
    return (await this.#rest.post(Routes.guildScheduledEvents(spec.guildId), { body: eventBody(spec) })) as APIGuildScheduledEvent;
  }

  async setStatus(guildId: string, eventId: string, status: number): Promise<void> {
    this.#own.add(`${eventId}:${status}`);
    try {
      await this.#rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body: { status } });
    } catch (err) {
      this.#own.delete(`${eventId}:${status}`);
      throw err;
    }
  }

  /** Deletes it; an event already gone counts as deleted. */
  async remove(guildId: string, eventId: string): Promise<void> {
    this.#own.add(`${eventId}:deleted`);
    try {
      await this.#rest.delete(Routes.guildScheduledEvent(guildId, eventId));
    } catch (err) {
      this.#own.delete(`${eventId}:deleted`);
      if (!isNotFound(err)) throw err;
    }
  }

  async get(guildId: string, eventId: string): Promise<APIGuildScheduledEvent | undefined> {
    try {
      return (await this.#rest.get(Routes.guildScheduledEvent(guildId, eventId))) as APIGuildScheduledEvent;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Ids of the members who marked the event Interested, all pages (100 per page). */
  async interested(guildId: string, eventId: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const query = new URLSearchParams({ limit: '100', ...(after ? { after } : {}) });
      const batch = (await this.#rest.get(Routes.guildScheduledEventUsers(guildId, eventId), { query })) as { user: { id: string; bot?: boolean } }[];
      for (const u of batch) if (!u.user.bot) ids.push(u.user.id);
      if (batch.length < 100) break;
      after = batch.at(-1)?.user.id;
    }
    return ids;
  }

  /** True (once) if this update or delete is the echo of the bot's own write. */
  isOwnEcho(eventId: string, what: number | 'deleted'): boolean {
    return this.#own.delete(`${eventId}:${what}`);
  }
}
