import type { APIAllowedMentions } from 'discord.js';
import type { Timeline } from '../../domain/timeline.ts';
import type { EventSpec } from '../../schedule/ports.ts';
import { describeRule } from '../../schedule/rule.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import type { AddResult, RemoveResult } from '../../schedule/verbs.ts';
import { sessionLength } from '../render-session.ts';

/** A reminder names at most this many members: 2000 characters hold ~80 mentions, with room for the rest. */
const MAX_USER_PINGS = 60;
/** Room left under Discord's 2000 characters for one `/yin schedule list` reply. */
const MAX_LIST_CHARS = 1990;

export interface OutgoingMessage {
  content: string;
  allowed_mentions: APIAllowedMentions;
}

/** The one `<t:…>` timestamp of the schedule area: whole seconds, rounded like the session posts. */
export const ts = (ms: number, style: 'F' | 'R' | 't'): string => `<t:${Math.round(ms / 1000)}:${style}>`;

export function joinLink(guildId: string, channelId: string, eventId: string | undefined): string {
  return eventId ? `https://discord.com/events/${guildId}/${eventId}` : `https://discord.com/channels/${guildId}/${channelId}`;
}

/** The scheduled event's description. */
export function eventDescription(spec: EventSpec): string {
  return `Guided yin yoga in #${spec.channelName}: ${spec.poseCount} poses, ${spec.holdMinutes}-minute holds. ${spec.focus}`;
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
export function startNotice(s: Schedule, t: Timeline | undefined, lateMs: number): OutgoingMessage {
  const name = t?.sequence.name ?? s.sequenceId;
  const late = lateMs > 0 ? ` — ${Math.max(1, Math.round(lateMs / 60_000))} min late: I was offline at the start time` : '';
  const ping = s.roleId ? `<@&${s.roleId}> ` : '';
  return { content: `${ping}Scheduled practice: **${name}** is starting now${late}.`, allowed_mentions: { roles: s.roleId ? [s.roleId] : [], users: [] } };
}

export function couldNotStart(s: Schedule, reason: string | undefined): OutgoingMessage {
  return { content: `The scheduled practice (\`${s.id}\`) could not start: ${reason ?? 'something went wrong on my side (logged).'}`, allowed_mentions: { parse: [] } };
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

/** The whole `/yin schedule list` reply: as many lines as fit in one message. */
export function listReply(lines: readonly string[]): string {
  if (lines.length === 0) return 'No practice is scheduled here yet. Members with Manage Events can add one with `/yin schedule add`.';
  let content = '';
  for (const line of lines) if (content.length + line.length + 1 <= MAX_LIST_CHARS) content += `${content ? '\n' : ''}${line}`;
  return content;
}

/** One autocomplete choice for the `schedule` option (Discord cuts names at 100 characters). */
export function scheduleChoice(s: Schedule, t: Timeline | undefined, channelName: string): string {
  return `${s.id} · ${t?.sequence.name ?? s.sequenceId} · ${describeRule(s.rule)} · #${channelName}${s.paused ? ' (paused)' : ''}`.slice(0, 100);
}

export function addedReply({ schedule: s, next, title, eventId }: AddResult): string {
  const reminder = s.remindMinutes
    ? ` I'll post a reminder ${s.remindMinutes} min before${s.roleId ? `, pinging <@&${s.roleId}> and everyone marked Interested` : ', pinging everyone marked Interested'}.`
    : '';
  return (
    `Scheduled **${title}** in <#${s.channelId}>: ${describeRule(s.rule)}. Next start ${ts(next, 'F')} (${ts(next, 'R')}).${reminder}\n` +
    `Event: ${joinLink(s.guildId, s.channelId, eventId)} · id \`${s.id}\` (for \`/yin schedule pause|resume|remove\`).`
  );
}

export function removedReply({ schedule: s, eventDropped }: RemoveResult): string {
  return `Removed \`${s.id}\` (${describeRule(s.rule)}).${eventDropped ? '' : ' I could not delete its event; please delete it in Events.'}`;
}

export function alreadyReply(s: Schedule, paused: boolean): string {
  return `\`${s.id}\` is already ${paused ? 'paused' : 'running'}.`;
}

export function pausedReply(s: Schedule): string {
  return `Paused \`${s.id}\` (${describeRule(s.rule)}). Its upcoming event is removed; \`/yin schedule resume\` brings it back.`;
}

export function resumedReply(s: Schedule, next: number | undefined, eventId: string | undefined): string {
  return `Resumed \`${s.id}\` (${describeRule(s.rule)}).${next !== undefined ? ` Next start ${ts(next, 'F')} (${ts(next, 'R')}).` : ''}${eventId ? '' : ' (No event could be created; see the log.)'}`;
}
