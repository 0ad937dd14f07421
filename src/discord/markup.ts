import { MessageFlags, type APIAllowedMentions } from 'discord.js';

/** The one embed colour: calm sage. */
export const COLOUR = 0x7b9e89;

/** Member text and names never ping anyone: every message the bot sends carries this unless it pings on purpose. */
export const NO_PINGS: APIAllowedMentions = { parse: [] };

/**
 * A Discord timestamp, rendered in each reader's own time zone and language: `R` "in 3 minutes",
 * `t` "19:00", `F` "Tuesday, 1 December 2026 19:00". Rounded to the second.
 */
export function discordTime(ms: number, style: 'R' | 't' | 'F'): string {
  return `<t:${Math.round(ms / 1000)}:${style}>`;
}

/** A reply only the member who acted sees, pinging nobody. */
export function ephemeral<T extends object>(
  options: T,
): T & { flags: MessageFlags.Ephemeral; allowedMentions: APIAllowedMentions } {
  return { ...options, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS };
}
