import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIAllowedMentions, type APIButtonComponentWithCustomId, type APIEmbed, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { SessionState } from '../domain/session.ts';
import { endsAt, dueAt, isCatchUp } from '../domain/session.ts';
import { stepTitle, type Timeline, type TimelineStep } from '../domain/timeline.ts';
import { controlId } from './custom-ids.ts';
import { practiceRow } from './notes/practice-row.ts';

/** Embeds are the one place the practice is read: keep the colour calm and the text plain. */
const COLOUR = 0x7b9e89;
const bullets = (lines: readonly string[]) => lines.map((l) => `• ${l}`).join('\n');
const ts = (ms: number, style: 'R' | 't' | 'F') => `<t:${Math.round(ms / 1000)}:${style}>`;

/**
 * Heads the single catch-up post after the bot was away. It names no count: a post that landed
 * just before a crash can't be told from one that didn't, so a number could be wrong.
 */
export const CATCH_UP_NOTE = '*The bot was away for a moment; this is where the practice is now:*';

/** Member text and names never ping anyone: every post carries an empty allow-list. */
export const NO_PINGS: APIAllowedMentions = { parse: [] };

function controls(s: SessionState): APIActionRowComponent<APIButtonComponentWithCustomId> {
  const button = (action: 'pause' | 'resume' | 'skip' | 'extend' | 'stop', label: string, style: ButtonStyle.Secondary | ButtonStyle.Danger): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    custom_id: controlId(action, s.id),
    label,
    style,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button('pause', 'Pause', ButtonStyle.Secondary),
      button('resume', 'Resume', ButtonStyle.Secondary),
      button('skip', 'Skip', ButtonStyle.Secondary),
      button('extend', '+1 min', ButtonStyle.Secondary),
      button('stop', 'End', ButtonStyle.Danger),
    ],
  };
}

export function sessionLength(t: Timeline): string {
  const minutes = Math.round((t.totalMs * t.speed) / 60_000);
  return `${minutes} min · ${t.poseCount} poses · ${t.holdMinutes}-min holds`;
}

function openingEmbed(s: SessionState, t: Timeline): APIEmbed {
  const poses = t.steps.flatMap((st) => (st.kind === 'pose' ? [`${st.number}. ${stepTitle(st)}`] : []));
  const first = dueAt(s, t, 1) ?? s.startedAt;
  return {
    title: t.sequence.name,
    color: COLOUR,
    description: `**Works on:** ${t.sequence.focus}\n\n${t.sequence.about}`,
    fields: [
      { name: 'Length', value: sessionLength(t) },
      { name: 'Practise safely', value: bullets(t.sequence.safety) },
      { name: 'Poses', value: poses.join('\n') },
      { name: 'First pose', value: `${ts(first, 'R')} — gather your props and settle in.` },
    ],
    footer: { text: 'Pause, Resume, Skip, +1 min and End are for the host and members with Manage Messages.' },
  };
}

function poseEmbed(s: SessionState, t: Timeline, step: Extract<TimelineStep, { kind: 'pose' }>, resumed: string): APIEmbed {
  const next = t.steps[step.index + 1];
  const end = endsAt(s, t, step.index) ?? s.startedAt;
  const fields = [
    { name: 'Variations', value: bullets(step.pose.variations) },
    ...(step.pose.props.length ? [{ name: 'Props', value: bullets(step.pose.props) }] : []),
    { name: 'Cues', value: bullets(step.pose.cues) },
    ...(step.pose.cautions.length ? [{ name: 'Cautions', value: bullets(step.pose.cautions) }] : []),
    { name: 'Ends', value: `${ts(end, 'R')} (${ts(end, 't')})`, inline: true },
    { name: 'Next', value: next ? stepTitle(next) : '—', inline: true },
  ];
  const side = step.side ? `\n\n**This side:** ${step.side}.` : '';
  return {
    title: `${step.number}/${t.poseCount} · ${stepTitle(step)}`,
    color: COLOUR,
    description: `${resumed}${step.pose.enter}${side}`,
    fields,
    footer: { text: `${t.sequence.reminder} · Coming out: ${step.pose.exit}`.slice(0, 2048) },
  };
}

function closingEmbed(s: SessionState, t: Timeline, resumed: string): APIEmbed {
  const early = s.endReason === 'stopped' ? '*Ended early by the host.*\n\n' : resumed;
  return {
    title: `Closing — ${t.sequence.name}`,
    color: COLOUR,
    description: `${early}${t.sequence.closing}\n\n**${t.sequence.reflection}**`,
    fields: [{ name: 'Practised', value: sessionLength(t) }],
    footer: { text: 'Thank you for practising together.' },
  };
}

/** The message for one step of a session, as sent to POST /channels/{id}/messages. */
export function renderStep(s: SessionState, t: Timeline, index: number, missed = 0): RESTPostAPIChannelMessageJSONBody {
  const step = t.steps[index];
  if (!step) throw new Error(`step ${index} is outside the session`);
  const resumed = isCatchUp(s, t, index, missed) ? `${CATCH_UP_NOTE}\n\n` : '';
  const embed = step.kind === 'opening' ? openingEmbed(s, t) : step.kind === 'pose' ? poseEmbed(s, t, step, resumed) : closingEmbed(s, t, resumed);
  return {
    embeds: [embed],
    // Host controls first (not on the closing), then the members' row: join, my notes, share.
    components: [...(step.kind === 'closing' ? [] : [controls(s)]), practiceRow(s, step)],
    allowed_mentions: NO_PINGS,
    // Discord keeps a nonce for a few minutes: a retried post of the same step returns the
    // message it already made instead of a second one.
    nonce: `${s.id}.${index}`,
    enforce_nonce: true,
  };
}
