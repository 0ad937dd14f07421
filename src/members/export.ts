import type { Note } from './note.ts';

// Spelled out by hand rather than with Intl, whose punctuation changes between ICU versions.
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A member's notes as one Markdown document they can keep: a title, then one section per note
 * (oldest first, as a journal reads) with its date, pose and text. Pure: the caller supplies
 * pose names and the member's display name. Dates are UTC and say so.
 */
export function notesToMarkdown(
  notes: readonly Note[],
  poseName: (id: string) => string | undefined,
  userName: string,
): string {
  const ordered = [...notes].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const lines = [`# Yin practice notes: ${escapeInline(userName)}`, ''];
  if (ordered.length === 0) {
    lines.push('_No notes yet._', '');
    return lines.join('\n');
  }
  const first = ordered[0];
  const last = ordered.at(-1);
  const plural = ordered.length === 1 ? 'note' : 'notes';
  if (first && last) {
    lines.push(`${ordered.length} ${plural}, ${day(first.createdAt)} to ${day(last.createdAt)}.`, '');
  }
  for (const note of ordered) {
    lines.push(`## ${longDate(note.createdAt)}`, '');
    const pose = note.poseId === undefined ? 'General note' : (poseName(note.poseId) ?? note.poseId);
    lines.push(`**Pose:** ${escapeInline(pose)}`, '');
    // A blockquote keeps the member's own line breaks and stops a "# " they typed from
    // becoming a heading of the document.
    for (const line of note.text.split(/\r?\n/)) lines.push(line.trim() === '' ? '>' : `> ${line}`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The end of the export: the servers where the member said yes to being named in organisers'
 * attendance reports (nothing when none). Pure: the caller supplies the servers' names.
 */
export function reportConsentMarkdown(consents: readonly { server: string; since: number }[]): string {
  if (consents.length === 0) return '';
  const lines = [
    '',
    '## Named in attendance reports',
    '',
    'You said yes to organisers’ attendance reports showing your name in:',
    '',
  ];
  for (const c of consents) lines.push(`- ${escapeInline(c.server)} (since ${day(c.since)})`);
  lines.push('', 'Take it back with `/yin settings my-name show:False` in that server.', '');
  return lines.join('\n');
}

/** "Wednesday 25 November 2026, 18:05 UTC" */
function longDate(ms: number): string {
  const d = new Date(ms);
  const time = d.toISOString().slice(11, 16);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${time} UTC`;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Names come from Discord and the catalogue: keep them from turning into Markdown. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]#<>|~]/g, (ch) => `\\${ch}`);
}
