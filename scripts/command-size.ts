// `npm run command-size`: how many of the 8,000 characters Discord allows a command per locale
// `/yin` holds (names, descriptions, choice names and values, counted as the stand-in counts them),
// and where they go, by subcommand. test/e2e/commands-localized.test.ts prints the same figures.
import { commandDefinitions } from '../commands/definitions/index.ts';
import { type CommandNode, LOCALIZED } from '../commands/definitions/localize.ts';
import { COMMAND_CHARS_MAX, commandChars } from '../stand-in/discord/command-rules.ts';

/** The budget the next features are to keep within (decisions.md: the command's size). */
export const COMMAND_CHARS_GOAL = 6400;

/** Discord's locales as the command carries them, the defaults (English) first as `en-US`. */
export const LOCALES = ['en-US', ...LOCALIZED.map((l) => l.locale)] as const;

const yin = commandDefinitions[0] as unknown as CommandNode;

/** Characters `/yin` holds in each locale. */
export function commandSizes(node: CommandNode = yin): Record<string, number> {
  return Object.fromEntries(LOCALES.map((l) => [l, commandChars(node, l === 'en-US' ? undefined : l)]));
}

/** The figures as a Markdown table: each locale, then each subcommand (or group) per locale. */
export function sizeTable(node: CommandNode = yin): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const sizes = commandSizes(node);
  const lines = [
    row(['', ...LOCALES]),
    row(['---', ...LOCALES.map(() => '---:')]),
    row(['**/yin**', ...LOCALES.map((l) => sizes[l] ?? 0)]),
    row([
      `of ${COMMAND_CHARS_MAX}`,
      ...LOCALES.map((l) => `${Math.round(((sizes[l] ?? 0) * 100) / COMMAND_CHARS_MAX)} %`),
    ]),
  ];
  for (const o of node.options ?? []) {
    const part = commandSizes(o);
    lines.push(row([o.name, ...LOCALES.map((l) => part[l] ?? 0)]));
  }
  return lines.join('\n');
}

if (import.meta.main) {
  console.log(sizeTable());
  const over = Object.entries(commandSizes()).filter(([, n]) => n > COMMAND_CHARS_GOAL);
  console.log(
    over.length
      ? `\nOver the ${COMMAND_CHARS_GOAL} goal: ${over.map(([l, n]) => `${l} ${n}`).join(', ')}`
      : `\nEvery locale within the ${COMMAND_CHARS_GOAL} goal (the test fails above ${COMMAND_CHARS_MAX * 0.9}).`,
  );
}
