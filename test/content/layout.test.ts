// The dependency between the command layer and src/ runs one way: commands/ uses src/, and in
// src/ only the entry points and the composition root reach commands/ (issue 27).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const ALLOWED = new Set(['src/bot.ts', 'src/deploy-commands.ts', 'src/main.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('GIVEN src/ THEN only its entry points and the composition root import commands/', () => {
  const reaching = tsFiles(join(ROOT, 'src'))
    .filter((f) => /from '(?:\.\.\/)+commands\//.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  expect(reaching.filter((f) => !ALLOWED.has(f))).toEqual([]);
  // The composition root does wire the commands in (so the check above has something to allow).
  expect(reaching).toContain('src/bot.ts');
});
