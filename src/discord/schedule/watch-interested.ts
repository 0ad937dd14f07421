import { GatewayDispatchEvents, type Client } from 'discord.js';
import type { Logger } from '../../log.ts';
import { interestedAdded, interestedRemoved, type SignupDeps } from '../../schedule/signup-verbs.ts';

interface InterestedPacket {
  guild_id?: string;
  guild_scheduled_event_id?: string;
  user_id?: string;
}

/**
 * GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE (the Guild Scheduled Events intent): Interested on a
 * schedule's event signs the member up, removing it drops them. Read from the gateway packets,
 * as discord.js emits its own events only for events and users already in its caches.
 */
export function watchInterested(client: Client, d: SignupDeps, log: Logger): void {
  const on = (added: boolean) => (p: InterestedPacket) => {
    const { guild_id: guildId, guild_scheduled_event_id: eventId, user_id: userId } = p;
    if (!guildId || !eventId || !userId || userId === client.user?.id) return;
    (added ? interestedAdded : interestedRemoved)(d, guildId, eventId, userId).catch((err: unknown) =>
      log.error({ event: 'signup.interested', added, err }, 'could not follow an Interested change'),
    );
  };
  client.ws.on(GatewayDispatchEvents.GuildScheduledEventUserAdd, on(true));
  client.ws.on(GatewayDispatchEvents.GuildScheduledEventUserRemove, on(false));
}
