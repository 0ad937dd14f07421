// One place registers what the bot reacts to on the gateway (issue 27): src/discord/gateway.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** The one place, and a voice visit's one-off wait for its own voice state (added and removed there). */
const ALLOWED = new Set(['src/discord/gateway.ts', 'src/discord/session/voice-visit.ts']);
/** In a module that uses discord.js: `client.on(…)`, `client.once(…)`, `.on(Events.…)` is a gateway listener. */
const LISTENS = /\bclient\.(?:on|once|addListener|prependListener)\(|\.(?:on|once)\(\s*Events\./;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('GIVEN src/ THEN only src/discord/gateway.ts registers gateway listeners', () => {
  const listening = tsFiles(join(ROOT, 'src'))
    .filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /from 'discord\.js'/.test(text) && LISTENS.test(text);
    })
    .map((f) => relative(ROOT, f));
  expect(listening.filter((f) => !ALLOWED.has(f))).toEqual([]);
  expect(listening).toContain('src/discord/gateway.ts');
});
