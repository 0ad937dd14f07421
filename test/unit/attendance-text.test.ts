import { expect, test } from 'vitest';
import { duration, reportText } from '../../src/discord/attendance/report-text.ts';
import { attendanceReport } from '../../src/members/attendance-report.ts';

const T = Date.UTC(2026, 11, 1, 18);

test('GIVEN 300 members who all said yes THEN the report still fits one message: as many names as fit, then +N', () => {
  const ids = Array.from({ length: 300 }, (_, i) => String(1_200_000_000_000_000_000n + BigInt(i)));
  const attendees = ids.slice(0, 200).map((userId) => ({ userId, minutes: 51.3, first: false }));
  const report = attendanceReport(attendees, ids, new Set(ids));
  const text = reportText({ title: 'Yin for the Back', startedAt: T, report }, 'en');
  expect(text.length).toBeLessThanOrEqual(2000);
  expect(text).toMatch(/\(51\.3 min\) \+\d+\n/);
  expect(text).toMatch(/Signed up, didn’t come: <@\d+>.* \+\d+\n/);
  expect(text).toContain('Practised: **200** (0 new, 200 returning)');
});

test('GIVEN nobody said yes THEN counts only, and the rule on names', () => {
  const report = attendanceReport([{ userId: '1', minutes: 30, first: true }], undefined, new Set());
  const text = reportText({ title: 'Yin for the Back', startedAt: T, report }, 'de');
  expect(text).toBe(
    [
      `**Anwesenheit · Yin for the Back** · <t:${T / 1000}:F>`,
      'Geübt: **1** (1 neu, 0 wiederkehrend)',
      'Im Schnitt: **30 Min.**',
      '-# Genannt werden nur Mitglieder, die mit `/yin settings my-name` zugestimmt haben; alle anderen werden gezählt, nicht genannt.',
    ].join('\n'),
  );
});

test.each([
  [580, 'en', '9 h 40 min'],
  [45, 'en', '45 min'],
  [60, 'de', '1 Std.'],
  [61, 'de', '1 Std. 1 Min.'],
])('GIVEN %i minutes in %s THEN %s', (minutes, lang, text) => {
  expect(duration(minutes, lang)).toBe(text);
});
