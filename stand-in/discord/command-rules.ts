// What Discord checks in a command body beyond the OpenAPI spec's lengths: chat-input names (and
// their localisations) lower case with no spaces, 1–32 characters; unique among siblings;
// descriptions (and their localisations) 1–100 characters, as the spec also says; and at
// most 8,000 characters of names, descriptions and choice names and values per locale (the
// command's whole tree counted, in each locale with its localisations, else the default).
import { HttpError } from './router.ts';

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const COMMAND_CHARS_MAX = 8000;

interface Node {
  name: string;
  description?: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  options?: Node[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> | null }[];
}

function bad(path: string, problem: string): never {
  throw new HttpError(400, 50035, `Invalid Form Body: ${path}: ${problem}`);
}

function checkName(path: string, name: string): void {
  if (!NAME.test(name)) bad(path, `"${name}" must be 1–32 letters, digits, - or _ with no spaces`);
  if (name !== name.toLowerCase()) bad(path, `"${name}" must be lower case`);
}

/** Every locale any part of the tree names. */
function localesOf(node: Node, into = new Set<string>()): Set<string> {
  for (const l of Object.keys(node.name_localizations ?? {})) into.add(l);
  for (const l of Object.keys(node.description_localizations ?? {})) into.add(l);
  for (const c of node.choices ?? []) for (const l of Object.keys(c.name_localizations ?? {})) into.add(l);
  for (const o of node.options ?? []) localesOf(o, into);
  return into;
}

/** Characters Discord counts for `locale` (undefined: the defaults). */
export function commandChars(node: Node, locale?: string): number {
  const pick = (base: string, l?: Record<string, string> | null) => (locale && l?.[locale]) || base;
  let n = pick(node.name, node.name_localizations).length;
  n += pick(node.description ?? '', node.description_localizations).length;
  for (const c of node.choices ?? []) n += pick(c.name, c.name_localizations).length + String(c.value).length;
  for (const o of node.options ?? []) n += commandChars(o, locale);
  return n;
}

function walk(node: Node, path: string): void {
  checkName(`${path}.name`, node.name);
  for (const [locale, name] of Object.entries(node.name_localizations ?? {}))
    checkName(`${path}.name_localizations.${locale}`, name);
  if (node.description !== undefined && (node.description.length < 1 || node.description.length > 100))
    bad(`${path}.description`, 'must be 1–100 characters');
  for (const [locale, d] of Object.entries(node.description_localizations ?? {}))
    if (d.length < 1 || d.length > 100) bad(`${path}.description_localizations.${locale}`, 'must be 1–100 characters');
  const seen = new Map<string, Set<string>>();
  (node.options ?? []).forEach((o, i) => {
    for (const [locale, name] of [['', o.name], ...Object.entries(o.name_localizations ?? {})] as [string, string][]) {
      const names = seen.get(locale) ?? new Set<string>();
      if (names.has(name)) bad(`${path}.options.${i}.name`, `"${name}" is used twice${locale ? ` in ${locale}` : ''}`);
      names.add(name);
      seen.set(locale, names);
    }
    walk(o, `${path}.options.${i}`);
  });
  (node.choices ?? []).forEach((c, i) => {
    for (const [locale, name] of Object.entries(c.name_localizations ?? {}))
      if (name.length < 1 || name.length > 100)
        bad(`${path}.choices.${i}.name_localizations.${locale}`, 'must be 1–100 characters');
  });
}

/** Throws a 400 like Discord's for a chat-input command it would refuse. */
export function checkCommand(command: Node & { type?: number }, index: number): void {
  if ((command.type ?? 1) !== 1) return;
  walk(command, `${index}`);
  for (const locale of [undefined, ...localesOf(command)]) {
    const chars = commandChars(command, locale);
    if (chars > COMMAND_CHARS_MAX)
      bad(
        `${index}`,
        `the command holds ${chars} characters${locale ? ` in ${locale}` : ''}, more than ${COMMAND_CHARS_MAX}`,
      );
  }
}
