import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { AttendanceRepo } from '../../src/members/attendance-repo.ts';
import { ClassLog, KEEP_CLASSES_MS } from '../../src/members/class-log.ts';
import { eraseMemberData } from '../../src/members/erase.ts';
import { reportConsentMarkdown } from '../../src/members/export.ts';
import { NotesRepo } from '../../src/members/notes-repo.ts';
import { PracticeRepo } from '../../src/members/practice-repo.ts';
import { ReportConsentRepo } from '../../src/members/report-consent.ts';
import { dayRange, wallText } from '../../src/schedule/date-range.ts';
import { openStore } from '../../src/store/open-store.ts';

const G = '1';
const cls = (sessionId: string, endedAt: number, scheduleId?: string) => ({
  sessionId,
  guildId: G,
  channelId: '2',
  sequenceId: 'back',
  ...(scheduleId ? { scheduleId } : {}),
  startedAt: endedAt - 50,
  endedAt,
  practised: 2,
  minutes: 60,
});

describe('ClassLog', () => {
  it('GIVEN three classes THEN a range and a schedule pick them out, oldest first, with their attendees', async () => {
    const store = openStore('sqlite::memory:');
    const log = new ClassLog(store);
    await log.record(cls('s2', 2_000, 'abc'), [{ userId: '100', minutes: 30, first: false }]);
    await log.record(cls('s1', 1_000, 'abc'), [{ userId: '100', minutes: 30, first: true }]);
    await log.record(cls('s3', 3_000), []);
    expect((await log.classes(G, 1_000, 3_000)).map((c) => c.sessionId)).toEqual(['s1', 's2']);
    expect((await log.classes(G, 0, 5_000, 'abc')).map((c) => c.sessionId)).toEqual(['s1', 's2']);
    expect((await log.classes(G, 0, 5_000)).map((c) => c.sessionId)).toEqual(['s1', 's2', 's3']);
    expect(await log.attendees('s1')).toEqual([{ v: 1, userId: '100', minutes: 30, first: true }]);
    await store.close();
  });

  it('GIVEN a class ends more than 400 days after another THEN the old one is forgotten, with who was in it', async () => {
    const store = openStore('sqlite::memory:');
    const log = new ClassLog(store);
    await log.record(cls('old', 1_000), [{ userId: '100', minutes: 30, first: true }]);
    await log.record(cls('kept', 2_000), [{ userId: '100', minutes: 30, first: false }]);
    await log.record(cls('new', 1_500 + KEEP_CLASSES_MS), []);
    expect((await log.classes(G, 0, Number.MAX_SAFE_INTEGER)).map((c) => c.sessionId)).toEqual(['kept', 'new']);
    expect(await log.attendees('old')).toEqual([]);
    expect(await log.attendees('kept')).toHaveLength(1);
    await store.close();
  });

  it('GIVEN a member erases all THEN they leave every class kept (the anonymous totals stay), their yes goes, others stay', async () => {
    const store = openStore('sqlite::memory:');
    const clock = new ManualClock(10_000);
    const log = new ClassLog(store);
    const practice = new PracticeRepo(store);
    const attendance = new AttendanceRepo(store);
    const consent = new ReportConsentRepo(store);
    await attendance.join('100', { id: 's1', guildId: G, channelId: '2', sequenceId: 'back', startedAt: 950 }, 950);
    await attendance.finish('s1', 1_000);
    await practice.record('100', { sessionId: 's2', sequenceId: 'back', guildId: G, startedAt: 1_950, minutes: 30 });
    await log.record(cls('s1', 1_000), [
      { userId: '100', minutes: 30, first: true },
      { userId: '200', minutes: 30, first: true },
    ]);
    await log.record(cls('s2', 2_000), [{ userId: '100', minutes: 30, first: false }]);
    await consent.set('100', G, true, 5);
    const erased = await eraseMemberData(new NotesRepo(store, clock), practice, '100', attendance, {
      reportConsent: consent,
      classLog: log,
    });
    expect(erased).toEqual({ notes: 0, practice: 1, attendance: 1, signups: 0, reportConsent: 1 });
    expect((await log.attendees('s1')).map((a) => a.userId)).toEqual(['200']);
    expect(await log.attendees('s2')).toEqual([]);
    expect((await log.classes(G, 0, 5_000)).map((c) => c.minutes)).toEqual([60, 60]);
    expect(await consent.showsName('100', G)).toBe(false);
    await store.close();
  });
});

describe('reportConsentMarkdown', () => {
  it('GIVEN a yes in one server THEN the export says where and how to take it back; none: nothing', () => {
    expect(reportConsentMarkdown([])).toBe('');
    const md = reportConsentMarkdown([{ server: 'Yin *Club*', since: Date.UTC(2026, 11, 1) }]);
    expect(md).toContain('## Named in attendance reports');
    expect(md).toContain('- Yin \\*Club\\* (since 2026-12-01)');
    expect(md).toContain('/yin settings my-name show:False');
  });
});

describe('dayRange', () => {
  const now = Date.UTC(2026, 11, 7, 12);
  it('GIVEN from and to in Berlin THEN whole local days, both ends included', () => {
    const r = dayRange({ from: '2026-12-01', to: '2026-12-07' }, 'Europe/Berlin', now);
    expect(r).toEqual({ fromMs: Date.UTC(2026, 10, 30, 23), toMs: Date.UTC(2026, 11, 7, 23) });
    expect(wallText(r.fromMs, 'Europe/Berlin')).toBe('2026-12-01 00:00');
  });
  it('GIVEN nothing THEN the 30 days up to today', () => {
    const r = dayRange({}, 'UTC', now);
    expect(r).toEqual({ fromMs: Date.UTC(2026, 10, 8), toMs: Date.UTC(2026, 11, 8) });
  });
  it.each([
    [{ from: '2026-02-30' }, 'attendance.badDate'],
    [{ from: '1.12.2026' }, 'attendance.badDate'],
    [{ from: '2026-12-05', to: '2026-12-01' }, 'attendance.rangeBackwards'],
    [{ from: '2024-01-01', to: '2026-12-01' }, 'attendance.rangeTooLong'],
  ])('GIVEN %j THEN refused with %s', (input, key) => {
    expect(() => dayRange(input, 'UTC', now)).toThrow(expect.objectContaining({ key }));
  });
});
