import type { APIAllowedMentions } from 'discord.js';
import type { Catalog } from '../../domain/catalog-schema.ts';
import { buildTimeline, type Timeline } from '../../domain/timeline.ts';
import { describeRule } from '../../schedule/rule.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import { sessionLength } from '../session-text.ts';

/** A reminder names at most this many members: 2000 characters hold ~80 mentions, with room for the rest. */
const MAX_USER_PINGS = 60;

export interface OutgoingMessage {
  content: string;
  allowed_mentions: APIAllowedMentions;
}

/** The schedule's session at real speed (events and texts speak of real minutes). */
export function scheduledTimeline(catalog: Catalog, s: Pick<Schedule, 'sequenceId' | 'hold'>): Timeline | undefined {
  const sequence = catalog.sequences.get(s.sequenceId);
  return sequence ? buildTimeline(catalog, sequence, s.hold ?? sequence.holdMinutes.default, 1) : undefined;
}

export const ts = (ms: number, style: 'F' | 'R' | 't'): string => `<t:${Math.floor(ms / 1000)}:${style}>`;

export function joinLink(guildId: string, channelId: string, eventId: string | undefined): string {
  return eventId ? `https://discord.com/events/${guildId}/${eventId}` : `https://discord.com/channels/${guildId}/${channelId}`;
}

/**
 * "<@&role> <@a> <@b>\n**Yin for the Back** starts in 15 minutes …". Pings exactly the role and
 * the Interested members, and allowed_mentions says so: nobody else can be pinged, ever.
 */
export function reminderMessage(s: Schedule, t: Timeline | undefined, occurrenceMs: number, interested: readonly string[], eventId: string | undefined): OutgoingMessage {
  const users = [...new Set(interested)].slice(0, MAX_USER_PINGS);
  const more = interested.length - users.length;
  const pings = [...(s.roleId ? [`<@&${s.roleId}>`] : []), ...users.map((id) => `<@${id}>`)].join(' ');
  const name = t?.sequence.name ?? s.sequenceId;
  const lines = [
    ...(pings ? [pings + (more > 0 ? ` and ${more} more who are interested` : '')] : []),
    `**${name}** starts ${ts(occurrenceMs, 'R')} (${ts(occurrenceMs, 't')}) in <#${s.channelId}>${t ? ` — ${sessionLength(t)}` : ''}.`,
    `Join: ${joinLink(s.guildId, s.channelId, eventId)}`,
  ];
  return { content: lines.join('\n'), allowed_mentions: { roles: s.roleId ? [s.roleId] : [], users } };
}

/** Said in the channel as a scheduled session begins: the role, and lateness after downtime. */
export function startNotice(s: Schedule, t: Timeline | undefined, lateMs: number): OutgoingMessage | undefined {
  if (!s.roleId && lateMs <= 0) return undefined;
  const name = t?.sequence.name ?? s.sequenceId;
  const late = lateMs > 0 ? ` — ${Math.max(1, Math.round(lateMs / 60_000))} min late: I was offline at the start time` : '';
  const ping = s.roleId ? `<@&${s.roleId}> ` : '';
  return { content: `${ping}Scheduled practice: **${name}** is starting now${late}.`, allowed_mentions: { roles: s.roleId ? [s.roleId] : [], users: [] } };
}

export function couldNotStart(s: Schedule, reason: string): OutgoingMessage {
  return { content: `The scheduled practice (\`${s.id}\`) could not start: ${reason}`, allowed_mentions: { parse: [] } };
}

/** One line of `/yin schedule list`. */
export function listLine(s: Schedule, t: Timeline | undefined, next: number | undefined): string {
  const name = t?.sequence.name ?? s.sequenceId;
  const when = s.paused ? '**paused**' : next !== undefined ? `next ${ts(next, 'F')} (${ts(next, 'R')})` : 'no further starts';
  const extras = [s.hold ? `${s.hold}-min holds` : '', s.remindMinutes ? `reminder ${s.remindMinutes} min before` : '', s.roleId ? `pings <@&${s.roleId}>` : '']
    .filter(Boolean)
    .join(', ');
  return `\`${s.id}\` **${name}** in <#${s.channelId}> — ${describeRule(s.rule)} · ${when}${extras ? ` · ${extras}` : ''}`;
}
