import type { Logger } from '../../log.ts';
import { interestedAdded, interestedRemoved, type SignupDeps } from '../../schedule/signup-verbs.ts';

/** GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE as the gateway sends them. */
export interface InterestedPacket {
  guild_id?: string;
  guild_scheduled_event_id?: string;
  user_id?: string;
}

/** What the sign-ups do with an Interested change (registered in gateway.ts). */
export interface InterestedHandlers {
  added(p: InterestedPacket): void;
  removed(p: InterestedPacket): void;
}

/**
 * GUILD_SCHEDULED_EVENT_USER_ADD / _REMOVE (the Guild Scheduled Events intent): Interested on a
 * schedule's event signs the member up, removing it drops them. Read from the gateway packets,
 * as discord.js emits its own events only for events and users already in its caches.
 */
export function interestedHandlers(d: SignupDeps, log: Logger, botId: () => string | undefined): InterestedHandlers {
  const on = (added: boolean) => (p: InterestedPacket) => {
    const { guild_id: guildId, guild_scheduled_event_id: eventId, user_id: userId } = p;
    if (!guildId || !eventId || !userId || userId === botId()) return;
    (added ? interestedAdded : interestedRemoved)(d, guildId, eventId, userId).catch((err: unknown) =>
      log.error({ event: 'signup.interested', added, err }, 'could not follow an Interested change'),
    );
  };
  return { added: on(true), removed: on(false) };
}
