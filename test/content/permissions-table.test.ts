import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import { expect, test } from 'vitest';
import {
  INVITE_PERMISSIONS,
  PERMISSION_TABLE,
  permissionLabel,
  permissionsMarkdown,
} from '../../src/discord/permissions.ts';
import { inviteUrl } from '../../src/discord/invite.ts';
import { OWN_FILES } from '../../src/languages.ts';
import { currentTable, tableCells } from '../../scripts/permissions-table.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

test('GIVEN the permission table THEN the README’s list is the one made from it (npm run permissions-table)', () => {
  expect(tableCells(currentTable(readme))).toEqual(tableCells(permissionsMarkdown()));
  const named = tableCells(currentTable(readme)).map((cells) => cells[0]);
  for (const r of PERMISSION_TABLE) for (const f of r.flags) expect(named).toContain(permissionLabel(f, 'en'));
});

test('GIVEN the table THEN the invite asks for every permission it names and nothing else', () => {
  const named = PERMISSION_TABLE.flatMap((r) => r.flags);
  expect(INVITE_PERMISSIONS).toBe(named.reduce((a, f) => a | f, 0n));
  expect(new URL(inviteUrl('123')).searchParams.get('permissions')).toBe(INVITE_PERMISSIONS.toString());
  // Discord's rules since 2026-02: Create Events to create events; voice needs Speak to be heard.
  expect(named).toContain(P.CreateEvents);
  expect(named).not.toContain(P.ManageEvents);
  expect(PERMISSION_TABLE.find((r) => r.feature === 'voice')?.flags).toEqual([P.ViewChannel, P.Connect, P.Speak]);
});

test.each(['en', ...OWN_FILES])(
  'GIVEN %s THEN every permission and feature the table names has its own words',
  (lang) => {
    const en = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'locales', 'en.json'), 'utf8'));
    const mine = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'src', 'locales', `${lang}.json`), 'utf8'),
    );
    for (const r of PERMISSION_TABLE) {
      for (const f of r.flags) expect(mine.permissions[Object.entries(P).find(([, v]) => v === f)![0]]).toBeTruthy();
      expect(mine.permissions.feature[r.feature]).toBeTruthy();
      expect(mine.permissions.without[r.feature]).toBeTruthy();
      if (lang !== 'en') expect(mine.permissions.without[r.feature]).not.toBe(en.permissions.without[r.feature]);
    }
  },
);
