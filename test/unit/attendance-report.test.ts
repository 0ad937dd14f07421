import { describe, expect, it } from 'vitest';
import {
  attendanceCsv,
  attendanceReport,
  totalMinutes,
  type CsvHeadings,
} from '../../src/members/attendance-report.ts';

const ana = { userId: '1', minutes: 45, first: true };
const ben = { userId: '2', minutes: 30, first: false };
const cleo = { userId: '3', minutes: 20, first: false };

describe('attendanceReport', () => {
  it('GIVEN three practised and nobody said yes THEN counts only: no one is named', () => {
    expect(attendanceReport([ana, ben, cleo], undefined, new Set())).toEqual({
      practised: 3,
      newcomers: 1,
      returning: 2,
      averageMinutes: 31.7,
      signedUp: undefined,
      noShows: 0,
      named: [],
      namedNoShows: [],
    });
  });

  it('GIVEN Ana and Dev said yes THEN only they are named: Ana with her minutes, Dev as a no-show', () => {
    const r = attendanceReport([ana, ben, cleo], ['1', '2', '4', '5', '4'], new Set(['1', '4']));
    expect(r.signedUp).toBe(4);
    expect(r.noShows).toBe(2);
    expect(r.named).toEqual([{ userId: '1', minutes: 45, first: true }]);
    expect(r.namedNoShows).toEqual(['4']);
  });

  it('GIVEN Ana says no after the class THEN the same class reported again names no one', () => {
    const before = attendanceReport([ana, ben], ['1'], new Set(['1']));
    const after = attendanceReport([ana, ben], ['1'], new Set());
    expect(before.named.map((n) => n.userId)).toEqual(['1']);
    expect(after.named).toEqual([]);
    expect(after.practised).toBe(2);
  });

  it('GIVEN nobody practised THEN the average is 0 and everyone signed up is a no-show', () => {
    const r = attendanceReport([], ['1', '2'], new Set(['2']));
    expect(r).toMatchObject({ practised: 0, averageMinutes: 0, noShows: 2, namedNoShows: ['2'] });
  });
});

describe('totalMinutes', () => {
  it('GIVEN classes of 31.5, 40.2 and 508.5 minutes THEN 580 (9 h 40 min)', () => {
    expect(totalMinutes([{ minutes: 31.5 }, { minutes: 40.2 }, { minutes: 508.5 }])).toBe(580);
  });
});

describe('attendanceCsv', () => {
  const headings: CsvHeadings = {
    when: 'When',
    schedule: 'Schedule',
    sequence: 'Sequence',
    practised: 'Practised',
    newcomers: 'New',
    returning: 'Returning',
    averageMinutes: 'Average minutes',
    signedUp: 'Signed up',
    noShows: 'No-shows',
    named: 'Named',
    namedNoShows: 'Named no-shows',
  };
  const names: Record<string, string> = { '1': '=HYPERLINK("http://x","y")', '2': 'Ben, "the calm"', '4': '@dev' };
  const nameOf = (id: string) => names[id] ?? id;

  it('GIVEN names that look like formulas or hold commas and quotes THEN each cell is defused and quoted', () => {
    const report = attendanceReport([ana, ben], ['4'], new Set(['1', '2', '4']));
    const csv = attendanceCsv(
      [{ when: '2026-12-01 18:00 UTC', schedule: 'abc123', sequence: 'Yin for the Back', report }],
      headings,
      nameOf,
    );
    const [head, row] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toBe(
      'When,Schedule,Sequence,Practised,New,Returning,Average minutes,Signed up,No-shows,Named,Named no-shows',
    );
    // Sorted by name: the formula first, so the cell starts with = and gets the ' in front.
    expect(row).toBe(
      `2026-12-01 18:00 UTC,abc123,Yin for the Back,2,1,1,37.5,1,1,"'=HYPERLINK(""http://x"",""y""); Ben, ""the calm""",'@dev`,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
  });

  it('GIVEN sign-ups unknown THEN the sign-up and no-show cells are empty, not 0', () => {
    const report = attendanceReport([ben], undefined, new Set());
    const csv = attendanceCsv([{ when: 'w', schedule: 's', sequence: 'q', report }], headings, nameOf);
    expect(csv.split('\r\n')[1]).toBe('w,s,q,1,0,1,30,,,,');
  });
});
