/**
 * Text a member wrote, made safe to post: it never pings anyone and never breaks the layout of the
 * post it lands in, and it stays readable. Applied to every text field of a server sequence (form
 * or file) before it is checked and stored, so the stored text is already safe wherever it shows.
 * Idempotent: sanitising sanitised text changes nothing (an export imports back unchanged).
 *
 * - Mentions: `<@id>`/`<@!id>` become "@member", `<@&id>` "@role", `<#id>` "#channel", a slash
 *   command `</name:id>` "/name"; `@everyone` and `@here` get a zero-width space after the `@`,
 *   which reads the same and pings no one.
 * - Layout: heading, subtext and quote markers at a line's start (`#`, `-#`, `>`, `>>>`) go; code
 *   backticks become `'`; a masked link `[text](url)` becomes "text (url)"; emphasis and spoiler
 *   markers (`*`, `__`, `_x_`, `~~`, `||`) and backslashes go, so nothing left open can run into
 *   the bot's own formatting around the text.
 * - Invisible characters (controls, zero-width and direction marks; not the emoji joiner) go,
 *   spaces collapse, and single-line text (`multiline: false`, the default) becomes one line;
 *   multi-line text keeps at most one blank line between paragraphs.
 * - `max`, if given, bounds the length: longer text is cut on a word and ends with "…".
 */
export function sanitizeText(text: string, options: { multiline?: boolean; max?: number } = {}): string {
  // Taking a marker out can bring two halves of another together (`~\_~` → `~~`): repeat until
  // nothing changes, which is what makes sanitising sanitised text a no-op.
  let s = text;
  for (let pass = 0; pass < 10; pass++) {
    const next = once(s, options.multiline === true);
    if (next === s) break;
    s = next;
  }
  return options.max === undefined ? s : bound(s, options.max);
}

function once(text: string, multiline: boolean): string {
  let s = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  s = s.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => (c === '\n' ? c : c === '\u200d' ? c : ''));
  if (!multiline) s = s.replace(/\n/g, ' ');

  s = s
    .replace(/<@!?\d+>/g, '@member')
    .replace(/<@&\d+>/g, '@role')
    .replace(/<#\d+>/g, '#channel')
    .replace(/<\/([^\s:<>]+(?: [^\s:<>]+){0,2}):\d+>/g, '/$1');

  // Masked links: the words, then the address in plain sight.
  s = s.replace(/\[([^\]\n]*)\]\(\s*<?([^()\s<>]*)>?[^()\n]*\)/g, (_m, words: string, url: string) => {
    const w = words.trim();
    return w && url ? `${w} (${url})` : w || url;
  });

  s = s
    .replace(/`+/g, "'")
    .replace(/\\/g, '')
    .replace(/\*+/g, '')
    .replace(/\|\|+/g, '')
    .replace(/~~+/g, '')
    .replace(/__+/g, '')
    // A lone underscore formats only at a word's edge (`_x_`); inside a word (snake_case) it stays.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '');

  s = s
    .split('\n')
    .map((line) =>
      line
        .replace(/[^\S\n]+/g, ' ')
        .replace(/^\s*(?:(?:#+|-#|>{1,3})(?:\s+|$))+/, '')
        .trim(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

  // Last, so nothing above (which drops zero-width characters) undoes it.
  return s.replace(/@(?=everyone|here)/gi, '@\u200b');
}

/** At most `max` characters (UTF-16 units, as Discord and zod count), cut on a word, with "…". */
function bound(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return '…'.slice(0, max);
  let cut = s.slice(0, max - 1);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}
