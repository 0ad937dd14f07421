// No module-level mutable state in src/ outside the composition root (issue 27): state a module
// keeps is shared by every bot in a process (tests run several), so each bot's state is an
// instance the composition root (src/bot.ts, src/main.ts) makes and passes down.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const COMPOSITION_ROOT = new Set(['src/bot.ts', 'src/main.ts']);

/**
 * Deliberate exceptions, `file:name`, each with its reason. A memo of a pure function gives the
 * same answer whichever bot asks, so sharing it changes nothing.
 */
const EXCEPTIONS = new Set([
  // Memo: a cron expression compiled (node-cron's parser), by the expression.
  'src/schedule/cron-fields.ts:cache',
  // Memo: one Intl.DateTimeFormat per time zone (making one costs about a millisecond).
  'src/schedule/zoned.ts:formatters',
  // The sentences, loaded as the module loads and never changed after.
  'src/i18n.ts:i18n',
  // AsyncLocalStorage holds nothing itself: each run's value belongs to that call.
  'src/i18n.ts:speaking',
  // A patch of @discordjs/voice's prototype, made once as the module loads: process-wide by nature.
  'src/voice/udp-guard.ts:socket',
]);

/** Collections whose top-level instances are fine while nothing in the file changes them. */
const VALUES = /^(?:Set|Map|RegExp|Intl\.\w+|TextEncoder|TextDecoder)\b/;
const MUTATORS = 'set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|inc|dec|reset';

/** The names of a module's top-level state, as read from its text (lines at column 0). */
function moduleState(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    const declared = /^(?:export\s+)?(let|var|const)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(.*)$/.exec(line);
    if (!declared) continue;
    const [, kind, name = '', init = ''] = declared;
    // A variable at the top can be assigned again by anything in the module.
    if (kind !== 'const') found.add(name);
    // An instance of anything but a plain collection, or one a factory makes, holds state of its own.
    else if (/^new\s/.test(init) && !VALUES.test(init.replace(/^new\s+/, ''))) found.add(name);
    else if (/^(?:[\w$]+\.)?(?:create|open)[A-Z]?\w*\(/.test(init)) found.add(name);
    // A collection, array or object the module changes.
    else if (
      new RegExp(
        `(?:^|[^\\w$.])${name.replace(/\$/g, '\\$')}(?:\\.(?:${MUTATORS})\\(|\\[[^\\]]*\\]\\s*=(?!=)|\\.[A-Za-z_$][\\w$]*\\s*=(?![=>]))`,
      ).test(text)
    )
      found.add(name);
  }
  return [...found];
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('module-level state', () => {
  test('GIVEN the check THEN it finds each kind of module state and passes constants', () => {
    expect(moduleState('let n = 1;\nexport let m: number | undefined = undefined;\nvar v = 2;')).toEqual([
      'n',
      'm',
      'v',
    ]);
    expect(moduleState("const seen = new Map<string, number>();\nfunction f() { seen.set('a', 1); }")).toEqual([
      'seen',
    ]);
    expect(moduleState('const queue = [];\nqueue.push(1);')).toEqual(['queue']);
    expect(moduleState('const state = { n: 0 };\nfunction f() { state.n = 1; }')).toEqual(['state']);
    expect(moduleState('const cache: Record<string, number> = {};\ncache[key] = 1;')).toEqual(['cache']);
    expect(moduleState("const gauge = new Gauge({ name: 'g' });")).toEqual(['gauge']);
    expect(moduleState('const pictures = createPictures();')).toEqual(['pictures']);
    // Constants, and collections nothing changes, are not state.
    expect(
      moduleState(
        [
          'const CODES = new Set([1, 2]);\nif (CODES.has(1)) {}',
          "export const NAMES = ['a', 'b'] as const;",
          'const LIMITS = { max: 3 };\nconst y = LIMITS.max === 3;',
          'const ID = /^\\d+$/;',
          'const other = new Map();\nfunction f(x: Map<string, number>) { x.set("a", 1); }',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  test('GIVEN src/ THEN no module outside the composition root keeps state of its own', () => {
    const state = tsFiles(join(ROOT, 'src'))
      .map((f) => relative(ROOT, f))
      .filter((f) => !COMPOSITION_ROOT.has(f))
      .flatMap((f) => moduleState(readFileSync(join(ROOT, f), 'utf8')).map((name) => `${f}:${name}`));
    expect(state.filter((s) => !EXCEPTIONS.has(s))).toEqual([]);
    // Every exception is still there (an exception for something gone is dropped from the list).
    expect([...EXCEPTIONS].filter((e) => !state.includes(e))).toEqual([]);
  });
});
