// `/yin schedule calendar`'s use case over small fakes: which schedules get a file, and in which language.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import type { Language } from '../../src/languages.ts';
import { builtInOnly } from '../../src/library/catalogs.ts';
import { calendarFor } from '../../src/schedule/calendar-file.ts';
import type { ChannelInfo, SchedulesPort } from '../../src/schedule/ports.ts';
import { parseRule } from '../../src/schedule/rule.ts';
import type { Schedule } from '../../src/schedule/schedule.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const NOW = Date.UTC(2026, 9, 1, 12);

const tuesday: Schedule = {
  id: 'ab12',
  guildId: 'g1',
  channelId: 'c1',
  sequenceId: 'back',
  rule: parseRule({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' }),
  createdBy: 'u1',
  paused: false,
};

function deps(schedules: Schedule[], o: { channel?: ChannelInfo | undefined; server?: Language } = {}) {
  const repo = { get: async (_g: string, id: string) => schedules.find((s) => s.id === id) } as SchedulesPort;
  return {
    repo,
    catalogs: builtInOnly(catalog),
    channels: {
      info: () => ('channel' in o ? o.channel : { name: 'practice', kind: 'text' as const }),
      checkPractice: () => {},
      canCreateEvent: () => true,
    },
    clock: new ManualClock(NOW),
    practiceLanguage: async () => o.server ?? 'en',
    members: { displayName: async (_g: string, id: string) => (id === 'u7' ? 'Mira' : undefined) },
  };
}

describe('calendarFor', () => {
  test('GIVEN a running schedule THEN its file, named for its sequence and day, from the next start', async () => {
    const { schedule, file } = await calendarFor(deps([tuesday]), 'g1', 'ab12');
    expect(schedule.id).toBe('ab12');
    expect(file.name).toBe('back-tuesday.ics');
    expect(file.firstMs).toBe(Date.UTC(2026, 9, 6, 17));
    expect(file.content).toContain('LOCATION:#practice on Discord');
  });

  test('GIVEN a paused schedule THEN InputError calendar.paused, with its id', async () => {
    await expect(calendarFor(deps([{ ...tuesday, paused: true }]), 'g1', 'ab12')).rejects.toMatchObject({
      key: 'calendar.paused',
      values: { id: 'ab12' },
    });
  });

  test('GIVEN an unknown id THEN InputError schedule.unknown', async () => {
    await expect(calendarFor(deps([tuesday]), 'g1', 'zz99')).rejects.toMatchObject({ key: 'schedule.unknown' });
  });

  test('GIVEN its channel can no longer be seen THEN InputError calendar.undescribed', async () => {
    await expect(calendarFor(deps([tuesday], { channel: undefined }), 'g1', 'ab12')).rejects.toMatchObject({
      key: 'calendar.undescribed',
    });
  });

  test('GIVEN a teacher THEN the description names them; one who left the server is left out', async () => {
    const taught = await calendarFor(deps([{ ...tuesday, teacherId: 'u7' }]), 'g1', 'ab12');
    expect(taught.file.content.replace(/\r\n /g, '')).toContain('Mira');
    const left = await calendarFor(deps([{ ...tuesday, teacherId: 'u8' }]), 'g1', 'ab12');
    expect(left.file.content).not.toMatch(/Taught by/);
  });

  test('GIVEN no language of its own THEN the server’s; its own language wins', async () => {
    const server = await calendarFor(deps([tuesday], { server: 'fr' }), 'g1', 'ab12');
    expect(server.file.content).toContain('LOCATION:#practice sur Discord');
    const own = await calendarFor(deps([{ ...tuesday, language: 'de' }], { server: 'fr' }), 'g1', 'ab12');
    expect(own.file.content).toContain('LOCATION:#practice auf Discord');
  });
});
