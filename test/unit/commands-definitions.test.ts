import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { commandDefinitions, subcommandDefinitions } from '../../commands/definitions/index.ts';
import { subcommands } from '../../commands/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The project files a fresh Node process loads to import `entry` (node_modules left out). */
function projectFilesLoadedBy(entry: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
    await import(${JSON.stringify(pathToFileURL(join(ROOT, entry)).href)});
    console.log(JSON.stringify([...seen]));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const root = pathToFileURL(ROOT).href;
  return (JSON.parse(run.stdout) as string[])
    .filter((url) => url.startsWith(root) && !url.includes('/node_modules/'))
    .map((url) => url.slice(root.length + 1));
}

describe('command definitions', () => {
  test('GIVEN deploy-commands THEN importing the definitions loads no bot code: only definitions and pure domain constants', () => {
    const loaded = projectFilesLoadedBy('commands/definitions/index.ts');
    expect(loaded).toContain('commands/definitions/start.ts');
    // The domain's constants (session.ts, sound.ts) and the choices' words (en.json, read as JSON).
    const allowed = new Set(['src/domain/session.ts', 'src/domain/sound.ts', 'src/locales/en.json']);
    expect(loaded.filter((f) => !f.startsWith('commands/definitions/') && !allowed.has(f))).toEqual([]);
  });

  test('GIVEN the handlers THEN each pairs with exactly one definition, in the order Discord shows them', () => {
    expect(subcommands.map((s) => s.data)).toEqual([...subcommandDefinitions]);
    expect(commandDefinitions[0]).toMatchObject({ name: 'yin', options: [...subcommandDefinitions] });
  });
});
