import { describe, expect, test } from 'vitest';
import { sanitizeText } from '../../src/library/sanitize.ts';

const ZWSP = '\u200b';

describe('sanitizeText: member text never pings and never breaks a post', () => {
  test.each([
    ['a member mention', 'thanks <@123456789012345678>!', 'thanks @member!'],
    ['a nickname mention', 'thanks <@!123456789012345678>', 'thanks @member'],
    ['a role mention', 'for <@&222222222222222222> only', 'for @role only'],
    ['a channel mention', 'see <#333333333333333333>', 'see #channel'],
    ['a slash command mention', 'use </yin start:444444444444444444>', 'use /yin start'],
    ['@everyone', 'hey @everyone', `hey @${ZWSP}everyone`],
    ['@here in any case', 'hey @HERE', `hey @${ZWSP}HERE`],
    ['@here inside a word', 'x@heretic', `x@${ZWSP}heretic`],
    ['a heading', '# Big title', 'Big title'],
    ['stacked markers', '## > -# small', 'small'],
    ['a quote of everything after', '>>> all of it', 'all of it'],
    ['a code fence', '```js\nboom()\n```', "'js boom() '"],
    ['inline code', 'the `dragon`', "the 'dragon'"],
    ['a masked link', 'read [this](https://example.com/a)', 'read this (https://example.com/a)'],
    ['a masked link in angle brackets', '[x](<https://e.com>)', 'x (https://e.com)'],
    ['a masked link without words', '[](https://e.com)', 'https://e.com'],
    ['bold and italics', '**Hips** and *knees*', 'Hips and knees'],
    ['underline, strike and spoilers', '__a__ ~~b~~ ||c||', 'a b c'],
    ['an underscore italic', '_soft_ snake_case', 'soft snake_case'],
    ['a backslash that would escape what follows', 'ends with \\', 'ends with'],
    ['zero-width and direction marks', `a${ZWSP}b\u202ec\u2066d`, 'abcd'],
    ['an emoji joiner kept', 'family 👨\u200d👩\u200d👧', 'family 👨\u200d👩\u200d👧'],
    ['control characters', 'a\u0000b\u0007c', 'abc'],
    ['spaces and tabs', '  a \t  b  ', 'a b'],
    ['a new line in a one-line field', 'a\nb\r\nc', 'a b c'],
    ['plain text unchanged', "Wide-Knee Child's Pose, 3–5 min ~ easy", "Wide-Knee Child's Pose, 3–5 min ~ easy"],
  ])('GIVEN %s THEN it is neutralised', (_name, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  test('GIVEN multi-line text THEN lines stay, each cleaned, with at most one blank line', () => {
    expect(sanitizeText('# Title\n\n\n\n> quoted\n  two  spaces ', { multiline: true })).toBe(
      'Title\n\nquoted\ntwo spaces',
    );
  });

  test('GIVEN a bound THEN longer text is cut on a word with an ellipsis, never past the bound', () => {
    const text = 'one two three four five six';
    expect(sanitizeText(text, { max: 100 })).toBe(text);
    const cut = sanitizeText(text, { max: 15 });
    expect(cut).toBe('one two three…');
    expect(cut.length).toBeLessThanOrEqual(15);
    // No half of an emoji left behind.
    const emoji = sanitizeText('🧘🧘🧘🧘', { max: 4 });
    expect(emoji).toBe('🧘…');
    expect(emoji.length).toBeLessThanOrEqual(4);
  });

  test('GIVEN sanitised text THEN sanitising again changes nothing (an export imports back the same)', () => {
    // Every case above, run together, plus markers that only show up once others are gone.
    const nasty = [
      '*# heading behind a star',
      '`# heading behind a backtick',
      '[**a**](https://e.com/x_y_) @everyone <@1> <#2> ||s|| ~~t~~ __u__ _v_ \\w',
      '>>> # ## -# deep',
      `@${ZWSP}everyone already safe`,
      '🧘\u200d🧘 \u2028 line\u2029separators',
    ];
    // A fixed pseudo-random mix of the characters that matter.
    const alphabet = [
      '#',
      ' ',
      '>',
      '*',
      '_',
      '~',
      '|',
      '`',
      '\\',
      '[',
      ']',
      '(',
      ')',
      '<',
      '@',
      '&',
      '!',
      '1',
      'a',
      '\n',
      '-',
      ZWSP,
    ];
    let seed = 17;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 500; i++)
      nasty.push(Array.from({ length: 30 }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const text of nasty) {
      for (const multiline of [false, true]) {
        const once = sanitizeText(text, { multiline });
        expect(sanitizeText(once, { multiline }), JSON.stringify(text)).toBe(once);
        expect(once).not.toMatch(
          /<@[!&]?\d+>|<#\d+>|@everyone|@here|`|^\s*(?:#+|-#|>{1,3})(?:\s|$)|\*|\|\||~~|__|\\/im,
        );
      }
    }
  });
});
