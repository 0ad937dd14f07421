import {
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildScheduledEvent,
  type REST,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord.js';
import { EventsNotAllowed, type EventSpec, type EventStatus, type EventsPort } from '../../schedule/ports.ts';
import { eventDescription } from './format.ts';

const TO_DISCORD: Record<EventStatus, GuildScheduledEventStatus> = {
  scheduled: GuildScheduledEventStatus.Scheduled,
  active: GuildScheduledEventStatus.Active,
  completed: GuildScheduledEventStatus.Completed,
  canceled: GuildScheduledEventStatus.Canceled,
};

const FROM_DISCORD: Record<GuildScheduledEventStatus, EventStatus> = {
  [GuildScheduledEventStatus.Scheduled]: 'scheduled',
  [GuildScheduledEventStatus.Active]: 'active',
  [GuildScheduledEventStatus.Completed]: 'completed',
  [GuildScheduledEventStatus.Canceled]: 'canceled',
};

/** Discord's status in the domain's words. */
export function eventStatus(status: GuildScheduledEventStatus): EventStatus {
  return FROM_DISCORD[status];
}

export function eventBody(spec: EventSpec): RESTPostAPIGuildScheduledEventJSONBody {
  const times = {
    scheduled_start_time: new Date(spec.startMs).toISOString(),
    scheduled_end_time: new Date(spec.startMs + spec.lengthMs).toISOString(),
  };
  const common = {
    name: spec.title.slice(0, 100),
    description: eventDescription(spec).slice(0, 1000),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    ...times,
  };
  return spec.channelKind === 'voice'
    ? { ...common, entity_type: GuildScheduledEventEntityType.Voice, channel_id: spec.channelId }
    : {
        ...common,
        entity_type: GuildScheduledEventEntityType.External,
        entity_metadata: { location: `#${spec.channelName}`.slice(0, 100) },
      };
}

export function isMissingPermissions(err: unknown): boolean {
  return (
    err instanceof DiscordAPIError &&
    (err.code === RESTJSONErrorCodes.MissingPermissions || err.code === RESTJSONErrorCodes.MissingAccess)
  );
}

export function isNotFound(err: unknown): boolean {
  return (
    err instanceof DiscordAPIError && (err.status === 404 || err.code === RESTJSONErrorCodes.UnknownGuildScheduledEvent)
  );
}

/**
 * The events port: scheduled events over REST (no cache needed). The bot's own writes come back
 * as gateway UPDATE/DELETE dispatches, so each write is remembered until its echo arrives:
 * anything else is an organiser's doing.
 */
export class ScheduledEvents implements EventsPort {
  readonly #rest: REST;
  readonly #own = new Set<string>();

  constructor(rest: REST) {
    this.#rest = rest;
  }

  async create(spec: EventSpec): Promise<string> {
    try {
      const event = (await this.#rest.post(Routes.guildScheduledEvents(spec.guildId), {
        body: eventBody(spec),
      })) as APIGuildScheduledEvent;
      return event.id;
    } catch (err) {
      throw isMissingPermissions(err) ? new EventsNotAllowed() : err;
    }
  }

  async setStatus(guildId: string, eventId: string, status: EventStatus): Promise<void> {
    this.#own.add(`${eventId}:${status}`);
    try {
      await this.#rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body: { status: TO_DISCORD[status] } });
    } catch (err) {
      this.#own.delete(`${eventId}:${status}`);
      throw err;
    }
  }

  async remove(guildId: string, eventId: string): Promise<void> {
    this.#own.add(`${eventId}:deleted`);
    try {
      await this.#rest.delete(Routes.guildScheduledEvent(guildId, eventId));
    } catch (err) {
      this.#own.delete(`${eventId}:deleted`);
      if (!isNotFound(err)) throw err;
    }
  }

  async status(guildId: string, eventId: string): Promise<EventStatus | undefined> {
    try {
      const event = (await this.#rest.get(Routes.guildScheduledEvent(guildId, eventId))) as APIGuildScheduledEvent;
      return eventStatus(event.status);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async describe(guildId: string, eventId: string, spec: EventSpec): Promise<void> {
    // Its status stays as it is, so the echo reads as that status: remembered as the bot's own.
    const status = await this.status(guildId, eventId);
    if (status === undefined) return;
    this.#own.add(`${eventId}:${status}`);
    try {
      await this.#rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
        body: { description: eventDescription(spec).slice(0, 1000) },
      });
    } catch (err) {
      this.#own.delete(`${eventId}:${status}`);
      if (!isNotFound(err)) throw err;
    }
  }

  /** Ids of the members who marked the event Interested, all pages (100 per page). */
  async interested(guildId: string, eventId: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const query = new URLSearchParams({ limit: '100' });
      if (after) query.set('after', after);
      const batch = (await this.#rest.get(Routes.guildScheduledEventUsers(guildId, eventId), { query })) as {
        user: { id: string; bot?: boolean };
      }[];
      for (const u of batch) if (!u.user.bot) ids.push(u.user.id);
      if (batch.length < 100) break;
      after = batch.at(-1)?.user.id;
    }
    return ids;
  }

  /** True (once) if this update or delete is the echo of the bot's own write. */
  isOwnEcho(eventId: string, what: EventStatus | 'deleted'): boolean {
    return this.#own.delete(`${eventId}:${what}`);
  }
}
