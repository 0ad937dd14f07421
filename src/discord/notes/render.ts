import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import type { Catalog } from '../../domain/catalog-schema.ts';
import type { Note } from '../../members/note.ts';
import type { NotePage } from '../../members/notes-repo.ts';
import type { PracticeStats } from '../../members/stats.ts';
import { clip, poseName, relative, shortDay } from './format.ts';
import { pageId } from './ids.ts';

const COLOUR = 0x7b9e89;

export type NotesView = { content: string; embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponentWithCustomId>[] };

/** One page of the member's notes: a field per note (a note fits a field whole), Prev/Next. */
export function renderNotesPage(catalog: Catalog, page: NotePage, poseId: string | undefined): NotesView {
  const about = poseId ? ` on ${poseName(catalog, poseId)}` : '';
  if (page.total === 0) {
    return { content: `You have no notes${about} yet. Add one with \`/yin note add\`.`, embeds: [], components: [] };
  }
  const embed: APIEmbed = {
    title: `Your notes${about}`,
    color: COLOUR,
    fields: page.notes.map((note) => ({
      name: clip(`${shortDay(note.createdAt)} · ${poseName(catalog, note.poseId)}`, 256),
      value: clip(note.text, 1024),
    })),
    footer: { text: `Page ${page.page + 1} of ${page.pages} · ${page.total} note${page.total === 1 ? '' : 's'} · only you can see this` },
  };
  const button = (label: string, target: number, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: pageId(target, poseId), disabled,
  });
  const components = page.pages > 1
    ? [{ type: ComponentType.ActionRow as const, components: [button('Prev', page.page - 1, page.page === 0), button('Next', page.page + 1, page.page >= page.pages - 1)] }]
    : [];
  return { content: '', embeds: [embed], components };
}

/** What "My notes" on a pose post answers: the latest few notes for that pose. */
export function renderPoseNotes(catalog: Catalog, poseId: string, notes: readonly Note[]): string {
  const name = poseName(catalog, poseId);
  if (notes.length === 0) {
    return `No notes on **${name}** yet. After the pose, add one: \`/yin note add text:… pose:${name}\``;
  }
  const lines = notes.slice(0, 5).map((n) => `• ${shortDay(n.createdAt)}: ${clip(n.text.replace(/\s+/g, ' '), 300)}`);
  const more = notes.length > 5 ? `\n…and ${notes.length - 5} more: \`/yin notes list pose:${name}\`` : '';
  return clip(`**Your notes on ${name}** (last time first)\n${lines.join('\n')}${more}`, 2000);
}

export function renderStats(catalog: Catalog, stats: PracticeStats, timeZone = 'UTC'): string {
  const weeks = (n: number) => `${n} week${n === 1 ? '' : 's'}`;
  const minutes = Math.round(stats.minutes);
  return [
    '**Your practice**',
    `Sessions joined: **${stats.sessions}**`,
    `Minutes practised: **${minutes}**`,
    `Weekly streak: **${weeks(stats.currentWeeklyStreak)}** (longest ${weeks(stats.longestWeeklyStreak)}; weeks run Monday to Sunday, ${timeZone}${timeZone === 'UTC' ? ' — add `timezone:` for yours' : ''})`,
    `Last practice: ${stats.lastPractice === undefined ? 'not yet — press **I’m practising** on a session’s opening post' : relative(stats.lastPractice)}`,
    `Favourite pose (most notes): ${stats.favouritePoseId === undefined ? 'none yet' : `**${poseName(catalog, stats.favouritePoseId)}**`}`,
  ].join('\n');
}
