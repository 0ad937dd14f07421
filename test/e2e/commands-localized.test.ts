// The command in every language yin speaks: each command, subcommand, option and choice carries
// its name and description in de, fr, es-ES, es-419 and pt-BR; the stand-in takes the body as
// Discord would (names lower case without spaces, ≤ 32; descriptions ≤ 100; 8,000 characters per
// locale). The test prints each locale's size (`npm run command-size` prints it too).
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandDefinitions, entryPointDefinition } from '../../commands/definitions/index.ts';
import { type CommandNode, LOCALIZED, readCommandTexts } from '../../commands/definitions/localize.ts';
import { commandSizes, sizeTable } from '../../scripts/command-size.ts';
import { checkCommand, COMMAND_CHARS_MAX } from '../../stand-in/discord/command-rules.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { APP_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';

type Node = CommandNode;
const yin = commandDefinitions[0] as unknown as Node;

/** "yin.start.sequence: description in fr", for everything a locale lacks. */
function gaps(node: Node, path: string, locale: string): string[] {
  const out: string[] = [];
  if (!node.name_localizations?.[locale]) out.push(`${path}: name`);
  if (node.description && !node.description_localizations?.[locale]) out.push(`${path}: description`);
  for (const c of node.choices ?? []) if (!c.name_localizations?.[locale]) out.push(`${path}: choice ${c.value}`);
  for (const o of node.options ?? []) out.push(...gaps(o, `${path}.${o.name}`, locale));
  return out;
}

describe('command localisations', () => {
  test.each(LOCALIZED.map((l) => l.locale))(
    'GIVEN %s THEN every command, subcommand, option and choice has its name and description',
    (locale) => {
      expect(gaps(yin, 'yin', locale)).toEqual([]);
    },
  );

  test.each(LOCALIZED.map((l) => l.file))('GIVEN locales/%s.json THEN it has exactly the English paths', (file) => {
    expect(Object.keys(readCommandTexts(file)).sort()).toEqual(Object.keys(readCommandTexts('en')).sort());
  });

  test('GIVEN each locale THEN the command holds at most 90 % of the 8,000 characters Discord allows', () => {
    const counts = commandSizes();
    console.log(`/yin's characters per locale (of ${COMMAND_CHARS_MAX}):\n${sizeTable()}`);
    expect(Object.keys(counts)).toEqual(['en-US', ...LOCALIZED.map((l) => l.locale)]);
    for (const [locale, n] of Object.entries(counts)) expect(n, locale).toBeLessThanOrEqual(COMMAND_CHARS_MAX * 0.9);
  });

  test('GIVEN every description and choice, in every locale THEN none is longer than the 100 characters Discord allows', () => {
    const tooLong: string[] = [];
    const walk = (node: Node, path: string) => {
      const texts: [string, string][] = [
        ['en', node.description ?? ''],
        ...Object.entries(node.description_localizations ?? {}),
      ];
      for (const [l, d] of texts) if (d.length > 100) tooLong.push(`${path} (${l}): ${d.length}`);
      for (const c of node.choices ?? [])
        for (const [l, n] of [['en', c.name] as const, ...Object.entries(c.name_localizations ?? {})])
          if (n.length > 100) tooLong.push(`${path} choice ${c.value} (${l}): ${n.length}`);
      for (const o of node.options ?? []) walk(o, `${path}.${o.name}`);
    };
    walk(yin, 'yin');
    walk(entryPointDefinition as unknown as Node, 'launch');
    expect(tooLong).toEqual([]);
  });

  test('GIVEN locales/en.json THEN its texts are the definitions’ own English, word for word', () => {
    const english: Record<string, string> = {};
    const walk = (node: Node, path: string) => {
      english[`${path}.name`] = node.name;
      if (node.description) english[`${path}.description`] = node.description;
      for (const c of node.choices ?? []) english[`${path}.choice.${c.value}`] = c.name;
      for (const o of node.options ?? []) walk(o, `${path}.${o.name}`);
    };
    walk(yin, 'yin');
    english['launch.description'] = entryPointDefinition.description ?? '';
    expect(readCommandTexts('en')).toEqual(english);
  });
});

describe('the stand-in checks commands as Discord does', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => fake?.stop());

  test('GIVEN deploy-commands’ body THEN the stand-in takes it, localisations and all, and nothing is invalid', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const saved = (await rest.put(Routes.applicationCommands(APP_ID), { body: commandDefinitions })) as Node[];
    expect(saved[0]?.options?.[0]?.name_localizations?.de).toBeDefined();
    expect(fake.invalid).toEqual([]);
  });

  const base = (over: Partial<Node>): Node => ({ name: 'yin', description: 'Yin', ...over });
  test.each([
    ['a capital', base({ name_localizations: { de: 'Yin' } }), 'lower case'],
    [
      'a space',
      base({ options: [{ name: 'start', description: 'x', name_localizations: { fr: 'com mencer' } }] }),
      'no spaces',
    ],
    ['33 characters', base({ name: 'a'.repeat(33) }), '1–32'],
    [
      'two options of one name in a locale',
      base({
        options: [
          { name: 'a', description: 'x', name_localizations: { de: 'gleich' } },
          { name: 'b', description: 'x', name_localizations: { de: 'gleich' } },
        ],
      }),
      'used twice in de',
    ],
    ['a description of 101 characters', base({ options: [{ name: 'a', description: 'd'.repeat(101) }] }), '1–100'],
    [
      'a description of 101 characters in one locale',
      base({ options: [{ name: 'a', description: 'x', description_localizations: { de: 'd'.repeat(101) } }] }),
      '1–100',
    ],
    [
      'more than 8,000 characters in one locale',
      base({
        options: Array.from({ length: 25 }, (_, i) => ({
          name: `o${i}`,
          description: 'x',
          description_localizations: { fr: 'é'.repeat(100) },
          choices: Array.from({ length: 25 }, (_, j) => ({
            name: `c${j}`,
            value: `v${j}`,
            name_localizations: { fr: 'c'.repeat(20) },
          })),
        })),
      }),
      'in fr, more than 8000',
    ],
  ])('GIVEN %s THEN it is refused with a 400 naming why', (_what, command, why) => {
    expect(() => checkCommand(command, 0)).toThrow(why);
  });

  test('GIVEN an option described in 101 characters, by default or in a locale THEN the stand-in answers 400, as Discord does', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    const long = 'd'.repeat(101);
    for (const option of [
      { type: 1, name: 'a', description: long },
      { type: 1, name: 'a', description: 'x', description_localizations: { fr: long } },
    ])
      await expect(
        rest.put(Routes.applicationCommands(APP_ID), { body: [base({ options: [option] })] }),
      ).rejects.toMatchObject({ status: 400 });
    await expect(
      rest.put(Routes.applicationCommands(APP_ID), {
        body: [base({ options: [{ type: 1, name: 'a', description: 'd'.repeat(100) } as Node] })],
      }),
    ).resolves.toBeDefined();
  });
});
