import {
  Events,
  GatewayDispatchEvents,
  type Client,
  type GuildScheduledEvent,
  type Interaction,
  type PartialGuildScheduledEvent,
  type VoiceState,
} from 'discord.js';
import type { InterestedPacket } from './schedule/watch-interested.ts';

/** A gateway packet as discord.js hands it over raw: its type and its data. */
export interface RawPacket {
  t?: string | null;
  d?: unknown;
}

/**
 * Everything the bot reacts to on Discord's gateway. The composition root fills this in and
 * `listenToGateway` registers it: no other module calls `client.on` for a gateway event (a voice
 * visit's one-off wait for its own voice state, in session/voice-visit.ts, comes and goes with the visit).
 */
export interface GatewayHandlers {
  /** READY, once: the bot is connected and its guilds are known. */
  ready(client: Client<true>): void;
  /** A slash command, autocomplete, button press or form. */
  interaction(interaction: Interaction): void;
  /** Someone joined, left or moved between voice channels (the bot too): each handler in turn. */
  voiceState: readonly ((before: VoiceState, after: VoiceState) => void)[];
  /** A scheduled event deleted (by an organiser, or the bot's own write echoing back). */
  scheduledEventDeleted(event: GuildScheduledEvent | PartialGuildScheduledEvent): void;
  /** A scheduled event edited (likewise). */
  scheduledEventUpdated(event: GuildScheduledEvent): void;
  /** A member marked a scheduled event Interested (GUILD_SCHEDULED_EVENT_USER_ADD). */
  interestedAdded(packet: InterestedPacket): void;
  /** A member took their Interested back (GUILD_SCHEDULED_EVENT_USER_REMOVE). */
  interestedRemoved(packet: InterestedPacket): void;
  /** Every packet raw: voice channel statuses, which discord.js doesn't keep, are read from them. */
  raw(packet: RawPacket): void;
  /** discord.js's own errors (the client carries on). */
  error(err: Error): void;
}

export function listenToGateway(client: Client, h: GatewayHandlers): void {
  client.once(Events.ClientReady, (c) => h.ready(c));
  client.on(Events.InteractionCreate, (interaction) => h.interaction(interaction));
  client.on(Events.VoiceStateUpdate, (before, after) => {
    for (const handle of h.voiceState) handle(before, after);
  });
  client.on(Events.GuildScheduledEventDelete, (event) => h.scheduledEventDeleted(event));
  client.on(Events.GuildScheduledEventUpdate, (_old, event) => h.scheduledEventUpdated(event));
  // discord.js emits its own events only for scheduled events and users already in its caches.
  client.ws.on(GatewayDispatchEvents.GuildScheduledEventUserAdd, (p: InterestedPacket) => h.interestedAdded(p));
  client.ws.on(GatewayDispatchEvents.GuildScheduledEventUserRemove, (p: InterestedPacket) => h.interestedRemoved(p));
  client.on(Events.Raw, (packet: RawPacket) => h.raw(packet));
  client.on(Events.Error, (err) => h.error(err));
}
