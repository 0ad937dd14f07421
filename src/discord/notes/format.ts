import type { Interaction } from 'discord.js';
import type { Catalog } from '../../domain/catalog-schema.ts';
import type { Note } from '../../members/note.ts';
import { t } from '../../i18n.ts';
import { intlLocale } from '../../languages.ts';
import { discordTime } from '../markup.ts';

/**
 * "26 Nov 2026" (UTC: the bot has no per-guild time zone for notes), in the language's words
 * and order from Intl: "26. Nov. 2026", "26 nov. 2026".
 */
export function shortDay(ms: number, locale?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
    .format(new Date(ms))
    .replace(/\u202f/g, ' ');
}

/** Discord renders this in each reader's own time zone. */
export const relative = (ms: number) => discordTime(ms, 'R');

export function poseName(catalog: Catalog, poseId: string | undefined): string {
  if (poseId === undefined) return t('notes.generalNote');
  return catalog.poses.get(poseId)?.name ?? poseId;
}

/** Cuts to `max` characters (whole code points), marking the cut. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** "25 Nov 2026 · Dragonfly · bolster under…", for autocomplete (≤ 100 characters). */
export function noteChoiceName(catalog: Catalog, note: Note): string {
  const text = note.text.replace(/\s+/g, ' ');
  return shorten(`${shortDay(note.createdAt)} · ${poseName(catalog, note.poseId)} · ${text}`, 100);
}

/** The member's name as the guild shows it; never a mention. */
export function displayName(interaction: Interaction): string {
  const member = interaction.member;
  if (member && 'displayName' in member && typeof member.displayName === 'string') return member.displayName;
  if (member && 'nick' in member && typeof member.nick === 'string' && member.nick) return member.nick;
  return interaction.user.globalName ?? interaction.user.username;
}

/** A pose id from what the member picked (an id) or typed (a name); undefined if unknown. */
export function findPose(catalog: Catalog, input: string): string | undefined {
  const wanted = input.trim().toLowerCase();
  if (catalog.poses.has(wanted)) return wanted;
  return [...catalog.poses.values()].find((p) => p.name.toLowerCase() === wanted)?.id;
}
