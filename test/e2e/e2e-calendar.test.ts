// `/yin schedule calendar` and the reminder's calendar file, end to end on the test clock: the
// real bot against the stand-in Discord, the .ics read back from the upload the stand-in kept and
// expanded by an independent parser (ical.js) to yin's own starts, across 2026-10-25 in Berlin.
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { t } from '../../src/i18n.ts';
import { nextOccurrences } from '../../src/schedule/next.ts';
import { parseRule } from '../../src/schedule/rule.ts';
import { BOT_PERMISSIONS, GUILD_ID, MEMBER, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import type { StoredMessage } from '../../stand-in/discord/state.ts';
import { EPHEMERAL } from '../helpers/e2e-notes-helpers.ts';
import { contentOf, schedule, scheduleIdIn, tuesdays } from '../helpers/e2e-schedule-harness.ts';
import { type ClockHarness, startOnTestClock } from '../helpers/harness.ts';

const START = Date.UTC(2026, 9, 20, 12, 0); // Tuesday 20 October 2026, 14:00 in Berlin
const DAY = 24 * 60 * 60_000;
const RULE = parseRule({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' });
const LINK = `https://discord.com/channels/${GUILD_ID}/${TEXT_CHANNEL_ID}`;

let h: ClockHarness;
let id = '';
beforeAll(async () => {
  h = await startOnTestClock(START);
  id = scheduleIdIn(await schedule(h, 'add', tuesdays({ remind: 15 })).response);
  expect(id).not.toBe('');
});
afterAll(async () => h?.stop());

/** ical.js's reading of an uploaded .ics: the event, and its first `count` starts. */
function readCalendar(ics: Buffer, count: number) {
  const cal = new ICAL.Component(ICAL.parse(ics.toString('utf8')));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
  const it = event.iterator();
  const starts: string[] = [];
  for (let next = it.next(); next && starts.length < count; next = it.next())
    starts.push(next.toJSDate().toISOString());
  return { event, starts };
}

const yinStarts = (from: number, count: number) =>
  nextOccurrences(RULE, from, count).map((ms) => new Date(ms).toISOString());

const reminders = (): StoredMessage[] =>
  h.fake.messages(TEXT_CHANNEL_ID).filter((m) => m.content.includes('**Yin for the Back** starts'));

test('GIVEN a member asks for the schedule’s calendar THEN a private answer carries back-tuesday.ics, whose starts are yin’s across the change to winter time', async () => {
  const asked = schedule(h, 'calendar', { schedule: id }, MEMBER);
  const r = await asked.response;
  expect(r.type).toBe(4);
  expect(r.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(contentOf(r)).toContain('**Yin for the Back** as a calendar file: Tuesdays at 19:00 Europe/Berlin');
  expect(contentOf(r)).toContain(`<t:${Date.UTC(2026, 9, 20, 17) / 1000}:F>`);

  const [file] = asked.original()?.attachments ?? [];
  expect(file?.filename).toBe('back-tuesday.ics');
  const { event, starts } = readCalendar(file!.content, 4);
  // 19:00 CEST, then 19:00 CET once the clocks went back on 25 October.
  expect(starts).toEqual([
    '2026-10-20T17:00:00.000Z',
    '2026-10-27T18:00:00.000Z',
    '2026-11-03T18:00:00.000Z',
    '2026-11-10T18:00:00.000Z',
  ]);
  expect(starts).toEqual(yinStarts(START, 4));
  expect(event.summary).toBe('Yin for the Back');
  expect(event.location).toBe(`#practice on Discord (${LINK})`);
  expect(event.description).toContain('Props: ');
  expect(event.uid).toBe(`schedule-${id}.${GUILD_ID}@yin`);
  expect(h.fake.invalid).toEqual([]);
});

test('GIVEN the reminder goes out THEN it carries the calendar as text/calendar; WHEN the bot loses Attach Files THEN the next reminder still goes out, without it', async () => {
  const first = await h.until(() => reminders()[0]);
  expect(h.clock.now()).toBe(Date.UTC(2026, 9, 20, 16, 45));
  const [file] = first.attachments;
  expect(file).toMatchObject({ filename: 'back-tuesday.ics', content_type: 'text/calendar; charset=utf-8' });
  expect(readCalendar(file!.content, 3).starts).toEqual(yinStarts(h.clock.now(), 3));

  h.fake.setBotPermissions(BOT_PERMISSIONS & ~P.AttachFiles);
  const second = await h.until(() => reminders()[1], { maxTestMs: 8 * DAY });
  expect(h.clock.now()).toBe(Date.UTC(2026, 9, 27, 17, 45));
  expect(second.attachments).toEqual([]);
  expect(second.content).toContain(t('schedule.reminderJoin', { link: '' }).trim());
  expect(h.fake.invalid).toEqual([]);
});

test('GIVEN the schedule is paused THEN asking for its calendar is answered privately: resume it first; an unknown id too', async () => {
  await schedule(h, 'pause', { schedule: id }).response;
  const asked = schedule(h, 'calendar', { schedule: id }, MEMBER);
  const paused = await asked.response;
  expect(paused.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(contentOf(paused)).toContain(`Schedule \`${id}\` is paused`);
  expect(contentOf(paused)).toContain('Resume it first');
  expect(asked.original()?.attachments ?? []).toEqual([]);

  const unknown = await schedule(h, 'calendar', { schedule: 'nope' }, MEMBER).response;
  expect(unknown.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  expect(contentOf(unknown)).toBe(t('schedule.unknown', { id: 'nope' }));
});
