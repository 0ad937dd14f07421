// Practice in your own language, end to end: replies in the member's Discord language, posts
// and voice in the server's (or the session's) practice language, English for anything else.
import { afterEach, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { LocalizedCatalogs, loadTranslations } from '../../src/domain/translations.ts';
import { t } from '../../src/i18n.ts';
import type { Language } from '../../src/languages.ts';
import { HOST, MEMBER, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';
import { runBack } from '../helpers/run-back.ts';

const catalog = loadCatalog('data');
const localized = new LocalizedCatalogs(catalog, loadTranslations('data', catalog));

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const contentOf = (r: { data?: { content?: string } }) => r.data?.content ?? '';

describe('replies in the member’s language', () => {
  test.each([
    ['de', 'de'],
    ['fr', 'fr'],
    ['es-ES', 'es-ES'],
    ['es-419', 'es-ES'],
    ['pt-BR', 'pt-BR'],
    ['ja', 'en'],
    ['en-GB', 'en'],
  ])('GIVEN a member whose Discord is in %s THEN the answer is in %s', async (locale, lang) => {
    h ??= await startHarness();
    const r = await h.fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop', locale })
      .response;
    expect(r.data.flags).toBe(64);
    expect(contentOf(r)).toBe(t('session.noneHere', {}, lang));
    const listed = await h.fake.slash({
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'sequences',
      locale,
    }).response;
    expect(contentOf(listed)).toContain(localized.of(lang as Language).sequences.get('hips')!.name);
  });
});

// On the test clock: each class at its real speed, jumping from one step to the next.
describe('posts in the practice language', () => {
  test('GIVEN a server set to French THEN the whole back class is posted in French, spec-valid', async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const set = await h.fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'settings',
      subcommand: 'language',
      options: { language: 'fr' },
    }).response;
    expect(contentOf(set)).toContain('Français');
    const posts = await runBack(h, TEXT_CHANNEL_ID, {}, clockDriver(clock, h));
    const fr = localized.of('fr');
    expect(posts).toHaveLength(18);
    expect(embedOf(posts[0]).title).toBe(fr.sequences.get('back')!.name);
    expect(embedOf(posts[0]).fields?.map((f) => f.name)).toContain(t('post.fieldGather', {}, 'fr'));
    expect(embedOf(posts[1]).title).toBe(`1/9 · ${fr.poses.get('wide-knee-child')!.name}`);
    expect(embedOf(posts[1]).description).toContain(fr.poses.get('wide-knee-child')!.enter);
    expect(embedOf(posts[3]).fields?.map((f) => f.name)).toContain(t('post.fieldVariations', {}, 'fr'));
    expect(embedOf(posts[17]).title).toBe(t('post.closingTitle', { name: fr.sequences.get('back')!.name }, 'fr'));
    // The buttons and the alt text too.
    expect(JSON.stringify(posts[1]?.components)).toContain(t('post.buttonPause', {}, 'fr'));
    expect(posts[4]?.attachments[0]?.description).toContain(fr.poses.get('dragonfly-side-bend')!.name);
    expect(h.fake.invalid).toEqual([]);
  });

  test.each(['es-ES', 'pt-BR'] as const)(
    'GIVEN /yin start language:%s THEN that session is posted in it, whatever the server’s language',
    async (lang) => {
      const clock = new ManualClock();
      h = await startHarness({ clock });
      const posts = await runBack(h, TEXT_CHANNEL_ID, { language: lang }, clockDriver(clock, h));
      const c = localized.of(lang);
      expect(embedOf(posts[0]).title).toBe(c.sequences.get('back')!.name);
      expect(embedOf(posts[2]).title).toContain(c.poses.get('rebound-on-back')!.name);
      expect(embedOf(posts[17]).title).toBe(t('post.closingTitle', { name: c.sequences.get('back')!.name }, lang));
      expect(h.fake.invalid).toEqual([]);
    },
  );
});

// The voice in each practice language: e2e-languages-voice*.test.ts (whole classes heard in real
// time, in files of their own so they run in parallel).
