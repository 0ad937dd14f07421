import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import type { Catalog } from '../../domain/catalog-schema.ts';
import type { Note } from '../../members/note.ts';
import type { NotePage } from '../../members/notes-repo.ts';
import type { PracticeStats } from '../../members/stats.ts';
import { shorten, poseName, relative, shortDay } from './format.ts';
import { t } from '../../i18n.ts';
import { notesPageId } from '../custom-ids.ts';
import { COLOUR } from '../markup.ts';

export type NotesView = {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
};

/** One page of the member's notes: a field per note (a note fits a field whole), Prev/Next. */
export function renderNotesPage(catalog: Catalog, page: NotePage, poseId: string | undefined): NotesView {
  const pose = poseId ? poseName(catalog, poseId) : undefined;
  if (page.total === 0) {
    return { content: pose ? t('notes.listEmptyPose', { pose }) : t('notes.listEmpty'), embeds: [], components: [] };
  }
  const embed: APIEmbed = {
    title: pose ? t('notes.listTitlePose', { pose }) : t('notes.listTitle'),
    color: COLOUR,
    fields: page.notes.map((note) => ({
      name: shorten(`${shortDay(note.createdAt)} · ${poseName(catalog, note.poseId)}`, 256),
      value: shorten(note.text, 1024),
    })),
    footer: { text: t('notes.listFooter', { page: page.page + 1, pages: page.pages, count: page.total }) },
  };
  const button = (label: string, target: number, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: notesPageId.build({ page: target, poseId }),
    disabled,
  });
  const components =
    page.pages > 1
      ? [
          {
            type: ComponentType.ActionRow as const,
            components: [
              button(t('notes.prev'), page.page - 1, page.page === 0),
              button(t('notes.next'), page.page + 1, page.page >= page.pages - 1),
            ],
          },
        ]
      : [];
  return { content: '', embeds: [embed], components };
}

/** What "My notes" on a pose post answers: the latest few notes for that pose. */
export function renderPoseNotes(catalog: Catalog, poseId: string, notes: readonly Note[]): string {
  const name = poseName(catalog, poseId);
  if (notes.length === 0) {
    return t('notes.poseNotesNone', { pose: name });
  }
  const lines = notes
    .slice(0, 5)
    .map((n) => `• ${shortDay(n.createdAt)}: ${shorten(n.text.replace(/\s+/g, ' '), 300)}`);
  const more = notes.length > 5 ? [t('notes.poseNotesMore', { more: notes.length - 5, pose: name })] : [];
  return shorten([t('notes.poseNotesTitle', { pose: name }), ...lines, ...more].join('\n'), 2000);
}

export function renderStats(catalog: Catalog, stats: PracticeStats, timeZone = 'UTC'): string {
  const weeks = (count: number) => t('stats.weeks', { count });
  const streak = {
    current: weeks(stats.currentWeeklyStreak),
    longest: weeks(stats.longestWeeklyStreak),
    zone: timeZone,
  };
  return [
    t('stats.title'),
    t('stats.sessions', { value: stats.sessions }),
    t('stats.minutes', { value: Math.round(stats.minutes) }),
    timeZone === 'UTC' ? t('stats.streakUtc', streak) : t('stats.streak', streak),
    stats.lastPractice === undefined ? t('stats.lastNone') : t('stats.last', { when: relative(stats.lastPractice) }),
    stats.favouritePoseId === undefined
      ? t('stats.favouriteNone')
      : t('stats.favourite', { pose: poseName(catalog, stats.favouritePoseId) }),
  ].join('\n');
}
