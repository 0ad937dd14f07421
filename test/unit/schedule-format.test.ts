import { join } from 'node:path';
import { expect, test } from 'vitest';
import { listLine, reminderMessage } from '../../src/discord/schedule/format.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { scheduledTimeline } from '../../src/schedule/around-starts.ts';
import type { Schedule } from '../../src/schedule/schedule.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const schedule = (hold: number | undefined): Schedule => ({
  id: 'abc123',
  guildId: 'g',
  channelId: '42',
  sequenceId: 'back',
  hold,
  rule: { cron: '0 19 * * 2', timezone: 'Europe/Berlin', days: [2], time: '19:00' },
  createdBy: 'u',
  paused: true,
});

test.each([
  [4, '4-min holds'],
  [10, '5-min holds (it asks for 10, but this sequence holds 3–5)'],
  [undefined, undefined],
])('GIVEN a schedule asking for %s-minute holds THEN /yin schedule list says what it runs at', (hold, words) => {
  const s = schedule(hold);
  const line = listLine(s, scheduledTimeline(catalog, s), undefined);
  expect(line).toMatch(
    /^`abc123` \*\*Yin for the Back\*\* in <#42> — Tuesdays at 19:00 Europe\/Berlin · \*\*paused\*\*/,
  );
  if (words) expect(line).toContain(` · ${words}`);
  else expect(line).not.toContain('holds');
});

test.each([
  [30, 'back', 'planned to 30 min'],
  [60, 'heart', 'planned to 42 min (it asks for 60; the nearest this sequence can be now)'],
])(
  'GIVEN a schedule asking for length:%s (%s) THEN /yin schedule list says the length it is planned to',
  (length, sequenceId, words) => {
    const s = { ...schedule(undefined), sequenceId, length };
    expect(listLine(s, scheduledTimeline(catalog, s), undefined)).toContain(` · ${words}`);
  },
);

test('GIVEN a schedule with a teacher THEN /yin schedule list names them, and the reminder says who teaches that start', () => {
  const s = { ...schedule(undefined), teacherId: '7', substitute: { for: 2_000_000, userId: '8' } };
  expect(listLine(s, scheduledTimeline(catalog, s), undefined)).toContain(' · taught by <@7>');
  expect(listLine(s, scheduledTimeline(catalog, s), 2_000_000)).toContain(
    ' · taught by <@7>, <@8> substitutes on <t:2000:F>',
  );
  // Once that start has passed, the substitute is no longer listed.
  expect(listLine(s, scheduledTimeline(catalog, s), 3_000_000)).not.toContain('<@8>');
  const tl = scheduledTimeline(catalog, s);
  const reminder = (at: number) => reminderMessage(s, tl, at, [], undefined, 'en');
  expect(reminder(1_000_000).content).toContain('Taught by <@7>.');
  // The substitute teaches only the start they took, and nobody is pinged for teaching.
  expect(reminder(2_000_000).content).toContain('Taught by <@8>.');
  expect(reminder(2_000_000).allowed_mentions).toEqual({ roles: [], users: [] });
});
