import { Events, type Client } from 'discord.js';
import type { Logger } from '../../log.ts';
import type { ScheduleDeps } from '../../schedule/ports.ts';
import { eventEdited, eventGone } from '../../schedule/practice.ts';
import { eventStatus, type ScheduledEvents } from './events.ts';

/**
 * GUILD_SCHEDULED_EVENT_UPDATE / _DELETE: the bot's own writes echo back and are ignored;
 * anything else is an organiser in the Discord client, whom the bot never fights.
 */
export function watchScheduledEvents(client: Client, d: ScheduleDeps, events: ScheduledEvents, log: Logger): void {
  const guard = (what: string, run: () => Promise<void>): void => {
    run().catch((err: unknown) =>
      log.error({ event: `schedule.${what}`, err }, 'could not handle a scheduled-event change'),
    );
  };
  client.on(Events.GuildScheduledEventDelete, (e) => {
    if (!e.guildId || events.isOwnEcho(e.id, 'deleted')) return;
    guard('event_deleted', () => eventGone(d, e.guildId, e.id));
  });
  client.on(Events.GuildScheduledEventUpdate, (_old, e) => {
    const status = eventStatus(e.status);
    if (!e.guildId || events.isOwnEcho(e.id, status)) return;
    guard('event_edited', () => eventEdited(d, e.guildId, e.id, status));
  });
}
