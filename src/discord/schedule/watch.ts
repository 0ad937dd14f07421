import type { GuildScheduledEvent, PartialGuildScheduledEvent } from 'discord.js';
import type { Logger } from '../../log.ts';
import type { ScheduleDeps } from '../../schedule/ports.ts';
import { eventEdited, eventGone } from '../../schedule/around-starts.ts';
import { eventStatus, type ScheduledEvents } from './events.ts';

/** What the schedules do with GUILD_SCHEDULED_EVENT_DELETE and _UPDATE (registered in gateway.ts). */
export interface ScheduledEventHandlers {
  deleted(e: GuildScheduledEvent | PartialGuildScheduledEvent): void;
  updated(e: GuildScheduledEvent): void;
}

/**
 * GUILD_SCHEDULED_EVENT_UPDATE / _DELETE: the bot's own writes echo back and are ignored;
 * anything else is an organiser in the Discord client, whom the bot never fights.
 */
export function scheduledEventHandlers(d: ScheduleDeps, events: ScheduledEvents, log: Logger): ScheduledEventHandlers {
  const guard = (what: string, run: () => Promise<void>): void => {
    run().catch((err: unknown) =>
      log.error({ event: `schedule.${what}`, err }, 'could not handle a scheduled-event change'),
    );
  };
  return {
    deleted(e) {
      if (!e.guildId || events.isOwnEcho(e.id, 'deleted')) return;
      guard('event_deleted', () => eventGone(d, e.guildId, e.id));
    },
    updated(e) {
      const status = eventStatus(e.status);
      if (!e.guildId || events.isOwnEcho(e.id, status)) return;
      guard('event_edited', () => eventEdited(d, e.guildId, e.id, status));
    },
  };
}
