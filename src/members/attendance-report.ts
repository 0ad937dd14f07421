import { stringify } from 'csv-stringify/sync';
import type { ClassAttendee } from './class-log.ts';

/** One member an organiser's report may name: they said yes in this server. */
export interface NamedAttendee {
  userId: string;
  minutes: number;
  first: boolean;
}

/** What an organiser learns about one class. Numbers for everyone; ids only of members who said yes. */
export interface AttendanceReport {
  practised: number;
  /** First class in this server (none of their practice here before, by yin's records). */
  newcomers: number;
  returning: number;
  /** Average minutes of those who practised, to a tenth; 0 when nobody did. */
  averageMinutes: number;
  /** How many signed up; undefined when sign-ups are not known for the class. */
  signedUp: number | undefined;
  /** Signed up and did not practise. */
  noShows: number;
  /** Who practised, of those who said yes (in the order given: never by minutes). */
  named: NamedAttendee[];
  /** Who signed up and did not come, of those who said yes. */
  namedNoShows: string[];
}

/**
 * The report on one class, from who practised in it, who signed up (undefined: not known) and
 * who said yes to being named *now*: a member who says no later drops out of every report,
 * including reports on past classes, because nothing named is kept.
 */
export function attendanceReport(
  attendees: readonly Omit<ClassAttendee, 'v'>[],
  signedUp: readonly string[] | undefined,
  consenting: ReadonlySet<string>,
): AttendanceReport {
  const came = new Set(attendees.map((a) => a.userId));
  const newcomers = attendees.filter((a) => a.first).length;
  const total = attendees.reduce((sum, a) => sum + a.minutes, 0);
  const missing = [...new Set(signedUp ?? [])].filter((id) => !came.has(id));
  return {
    practised: attendees.length,
    newcomers,
    returning: attendees.length - newcomers,
    averageMinutes: attendees.length ? Math.round((total / attendees.length) * 10) / 10 : 0,
    signedUp: signedUp === undefined ? undefined : new Set(signedUp).size,
    noShows: missing.length,
    named: attendees
      .filter((a) => consenting.has(a.userId))
      .map(({ userId, minutes, first }) => ({ userId, minutes, first })),
    namedNoShows: missing.filter((id) => consenting.has(id)),
  };
}

/** The weekly total: every class's minutes added up, rounded to whole minutes. No one in it. */
export function totalMinutes(classes: readonly { minutes: number }[]): number {
  return Math.round(classes.reduce((sum, c) => sum + c.minutes, 0));
}

/** One class as a row of the CSV. */
export interface CsvClass {
  /** When it started, as the organiser should read it (e.g. "2026-12-01 19:00 UTC"). */
  when: string;
  schedule: string;
  sequence: string;
  report: AttendanceReport;
}

/** The column titles, in the organiser's language. */
export interface CsvHeadings {
  when: string;
  schedule: string;
  sequence: string;
  practised: string;
  newcomers: string;
  returning: string;
  averageMinutes: string;
  signedUp: string;
  noShows: string;
  named: string;
  namedNoShows: string;
}

/**
 * The report for a date range as CSV: one row per class, names (of members who said yes) in one
 * cell each, joined by "; ". Members' names are theirs to choose, so a cell that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR at its start) is defused with a leading ' by
 * csv-stringify's escape_formulas, and quoting follows RFC 4180.
 */
export function attendanceCsv(
  classes: readonly CsvClass[],
  headings: CsvHeadings,
  nameOf: (userId: string) => string,
): string {
  const names = (ids: readonly string[]) =>
    ids
      .map(nameOf)
      .sort((a, b) => a.localeCompare(b))
      .join('; ');
  const rows = classes.map(({ when, schedule, sequence, report: r }) => [
    when,
    schedule,
    sequence,
    r.practised,
    r.newcomers,
    r.returning,
    r.averageMinutes,
    r.signedUp ?? '',
    r.signedUp === undefined ? '' : r.noShows,
    names(r.named.map((n) => n.userId)),
    names(r.namedNoShows),
  ]);
  const h = headings;
  const head = [
    h.when,
    h.schedule,
    h.sequence,
    h.practised,
    h.newcomers,
    h.returning,
    h.averageMinutes,
    h.signedUp,
    h.noShows,
    h.named,
    h.namedNoShows,
  ];
  // The BOM tells spreadsheet programs the file is UTF-8 (names with accents read right).
  return stringify([head, ...rows], { escape_formulas: true, record_delimiter: 'windows', bom: true });
}
