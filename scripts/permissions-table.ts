// Writes the README's permission list from the permission table (src/discord/permissions.ts),
// between its two markers. test/permissions-table.test.ts fails when the README lags behind.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdown } from '../src/discord/permissions.ts';

export const START = '<!-- permissions: made by `npm run permissions-table` from src/discord/permissions.ts -->';
export const END = '<!-- /permissions -->';

/** A markdown table's rows as trimmed cells, ignoring the padding a formatter adds and the rule row. */
export function tableCells(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.trim().startsWith('|') && !/^\|[\s|:-]+\|$/.test(l.trim()))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

/** The README's permission list as it stands, between the markers. */
export function currentTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error('README.md has no permission markers');
  return readme.slice(from + START.length, to);
}

/** The README with its permission list made anew (`npm run format` then pads it). */
export function withTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error('README.md has no permission markers');
  return `${readme.slice(0, from + START.length)}\n${permissionsMarkdown()}\n${readme.slice(to)}`;
}

if (import.meta.main) {
  const file = join(import.meta.dirname, '..', 'README.md');
  writeFileSync(file, withTable(readFileSync(file, 'utf8')));
  console.log('README.md: permission list written; `npm run format` pads its columns');
}
