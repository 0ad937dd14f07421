import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOST, MEMBER, MOD, OTHER_TEXT_CHANNEL_ID, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { EPHEMERAL, buttonId, contentOf, deployCommands, yin } from '../helpers/e2e-notes-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
  await deployCommands(h);
});
afterAll(async () => h?.stop());

const add = (
  user = HOST,
  options: Record<string, string> = { text: 'bolster under the chest' },
  channelId = TEXT_CHANNEL_ID,
) => yin(h, { user, channelId, group: 'note', subcommand: 'add', options }).response;
const list = (user = HOST, options: Record<string, string> = {}, channelId = TEXT_CHANNEL_ID) =>
  yin(h, { user, channelId, group: 'notes', subcommand: 'list', options });
const fieldsOf = (r: { data?: { embeds?: { fields?: { name: string; value: string }[] }[] } }) =>
  r.data?.embeds?.[0]?.fields ?? [];
const noteIdsFor = async (user = HOST, typed = '') => {
  const r = await h.fake.autocomplete({
    user,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    group: 'note',
    subcommand: 'delete',
    options: { note: typed },
    focused: 'note',
  }).response;
  return (r.data as { choices: { name: string; value: string }[] }).choices;
};

describe('/yin note add and /yin notes list', () => {
  test('GIVEN a note with a pose THEN it is saved privately and listed with the pose name', async () => {
    const r = await add(HOST, {
      text: '  Bolster under the chest made the fold easy.  ',
      pose: 'dragonfly-forward-fold',
    });
    expect(r.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    expect(contentOf(r)).toMatch(/^Saved your note \(Dragonfly — full forward fold\)/);
    const listed = await list(HOST).response;
    expect(listed.data).toMatchObject({ flags: EPHEMERAL });
    expect(fieldsOf(listed)[0]).toMatchObject({
      name: expect.stringMatching(/· Dragonfly — full forward fold$/),
      value: 'Bolster under the chest made the fold easy.',
    });
  });

  test('GIVEN a pose typed by name instead of picked THEN it is still recognised', async () => {
    const r = await add(HOST, { text: 'knees wide, forehead on a block', pose: "wide-knee child's pose" });
    expect(contentOf(r)).toContain("Wide-Knee Child's Pose");
  });

  test.each([
    ['empty text', { text: '   ' }, /can't be empty/],
    ['1,001 characters', { text: 'x'.repeat(1001) }, /at most 1,000 characters \(yours has 1,001\)/],
    ['an unknown pose', { text: 'fine', pose: 'headstand' }, /don't know a pose called “headstand”/],
  ])('GIVEN %s THEN a clear ephemeral answer and nothing saved', async (_name, options, message) => {
    const before = (await noteIdsFor(MOD)).length;
    const r = await add(MOD, options);
    expect(r.data).toMatchObject({ flags: EPHEMERAL });
    expect(contentOf(r)).toMatch(message);
    expect(await noteIdsFor(MOD)).toHaveLength(before);
  });

  test('GIVEN autocomplete on pose THEN the poses in data/ that match', async () => {
    const r = await h.fake.autocomplete({
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'note',
      subcommand: 'add',
      options: { text: 'x', pose: 'twist' },
      focused: 'pose',
    }).response;
    expect((r.data as { choices: { value: string }[] }).choices.map((c) => c.value).sort()).toEqual([
      'dragonfly-twist',
      'reclined-twist',
    ]);
  });

  test('GIVEN 12 notes THEN 5 a page, newest first, with Prev/Next that page through; a pose filter narrows the list', async () => {
    for (let i = 1; i <= 12; i++)
      await add(MOD, { text: `note ${i}`, ...(i % 3 === 0 ? { pose: 'reclined-twist' } : {}) });
    const first = list(MOD);
    const r = await first.response;
    expect(fieldsOf(r).map((f) => f.value)).toEqual(['note 12', 'note 11', 'note 10', 'note 9', 'note 8']);
    expect(r.data.embeds[0].footer.text).toMatch(/^Page 1 of 3 · 12 notes/);
    const page1 = first.original()!;
    const next = await h.fake.click({ user: MOD, message: page1, customId: buttonId(page1, 'Next') }).response;
    expect(next.type).toBe(7);
    expect(fieldsOf(next).map((f) => f.value)).toEqual(['note 7', 'note 6', 'note 5', 'note 4', 'note 3']);
    const page2 = first.original()!;
    const next2 = await h.fake.click({ user: MOD, message: page2, customId: buttonId(page2, 'Next') }).response;
    expect(fieldsOf(next2).map((f) => f.value)).toEqual(['note 2', 'note 1']);
    const prev = await h.fake.click({
      user: MOD,
      message: first.original()!,
      customId: buttonId(first.original(), 'Prev'),
    }).response;
    expect(fieldsOf(prev).map((f) => f.value)).toEqual(['note 7', 'note 6', 'note 5', 'note 4', 'note 3']);

    const twists = await list(MOD, { pose: 'reclined-twist' }).response;
    expect(fieldsOf(twists).map((f) => f.value)).toEqual(['note 12', 'note 9', 'note 6', 'note 3']);
    expect(twists.data.components).toEqual([]);
  });

  test('GIVEN a Next button from before notes were deleted THEN it says the page is out of date', async () => {
    for (let i = 1; i <= 6; i++) await add(MEMBER, { text: `page note ${i}` });
    const shown = list(MEMBER);
    await shown.response;
    const nextId = buttonId(shown.original(), 'Next');
    for (const choice of (await noteIdsFor(MEMBER, 'page note')).slice(0, 2)) {
      await yin(h, {
        user: MEMBER,
        channelId: TEXT_CHANNEL_ID,
        group: 'note',
        subcommand: 'delete',
        options: { note: choice.value },
      }).response;
    }
    const stale = await h.fake.click({ user: MEMBER, message: shown.original()!, customId: nextId }).response;
    expect(stale.data).toMatchObject({
      flags: EPHEMERAL,
      content: expect.stringMatching(/That page is out of date: you have 4 notes now \(1 page\)/),
    });
  });
});

describe('privacy: nobody else can read, list, delete or export your notes, in any guild', () => {
  test("GIVEN HOST's secret note THEN MEMBER can't find it in list, autocomplete, delete or export, here or in the other guild; HOST still can", async () => {
    await add(HOST, { text: 'HOST-SECRET my hip aches on the left' });
    const [hostNote] = await noteIdsFor(HOST, 'HOST-SECRET');
    expect(hostNote).toBeDefined();

    for (const channelId of [TEXT_CHANNEL_ID, OTHER_TEXT_CHANNEL_ID]) {
      const listed = await list(MEMBER, {}, channelId).response;
      expect(JSON.stringify(listed.data)).not.toContain('HOST-SECRET');
      const deleted = await yin(h, {
        user: MEMBER,
        channelId,
        group: 'note',
        subcommand: 'delete',
        options: { note: hostNote!.value },
      }).response;
      expect(deleted.data).toMatchObject({
        flags: EPHEMERAL,
        content: expect.stringMatching(/can’t find that note among yours/),
      });
      const exported = yin(h, { user: MEMBER, channelId, group: 'notes', subcommand: 'export' });
      expect((await exported.response).data).toMatchObject({ flags: EPHEMERAL });
      const file = exported.original()?.attachments[0] as unknown as { content: Buffer };
      expect(file.content.toString()).not.toContain('HOST-SECRET');
    }
    expect(JSON.stringify(await noteIdsFor(MEMBER))).not.toContain('HOST-SECRET');
    // Notes belong to the member, not the guild: HOST sees theirs from the other guild too.
    const own = await list(HOST, {}, OTHER_TEXT_CHANNEL_ID).response;
    expect(JSON.stringify(own.data)).toContain('HOST-SECRET');
  });

  test('GIVEN /yin note delete of your own note THEN it is gone', async () => {
    await add(HOST, { text: 'DELETE-ME soon' });
    const [choice] = await noteIdsFor(HOST, 'DELETE-ME');
    const r = await yin(h, {
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      group: 'note',
      subcommand: 'delete',
      options: { note: choice!.value },
    }).response;
    expect(contentOf(r)).toMatch(/^Deleted your note from/);
    expect(await noteIdsFor(HOST, 'DELETE-ME')).toEqual([]);
  });
});

describe('/yin notes export and erase-all', () => {
  test('GIVEN notes THEN export sends a Markdown file only to the member, with every note', async () => {
    const ix = yin(h, { user: HOST, channelId: TEXT_CHANNEL_ID, group: 'notes', subcommand: 'export' });
    const r = await ix.response;
    expect(r.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    const file = ix.original()?.attachments[0] as unknown as { filename: string; content: Buffer };
    expect(file.filename).toMatch(/^yin-notes-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = file.content.toString();
    expect(markdown).toMatch(/^# Yin practice notes: Ana\n/);
    expect(markdown).toContain('> Bolster under the chest made the fold easy.');
    expect(markdown).toContain('**Pose:** Dragonfly — full forward fold');
    expect(h.fake.messages(TEXT_CHANNEL_ID).some((m) => m.attachments.length > 0)).toBe(false);
  });

  test("GIVEN erase-all THEN it asks first; Keep it erases nothing; Erase everything removes all the member's notes and stats and no one else's", async () => {
    await add(MOD, { text: 'mod note stays with mod' });
    const before = (await noteIdsFor(HOST)).length;
    expect(before).toBeGreaterThan(0);
    const ask = yin(h, { user: HOST, channelId: TEXT_CHANNEL_ID, group: 'notes', subcommand: 'erase-all' });
    expect((await ask.response).data).toMatchObject({
      flags: EPHEMERAL,
      content: expect.stringMatching(/can’t be undone/),
    });
    const keep = await h.fake.click({
      user: HOST,
      message: ask.original()!,
      customId: buttonId(ask.original(), 'Keep it'),
    }).response;
    expect(keep).toMatchObject({ type: 7, data: { content: 'Nothing was erased.' } });
    expect(await noteIdsFor(HOST)).toHaveLength(before);

    const ask2 = yin(h, { user: HOST, channelId: TEXT_CHANNEL_ID, group: 'notes', subcommand: 'erase-all' });
    await ask2.response;
    const done = await h.fake.click({
      user: HOST,
      message: ask2.original()!,
      customId: buttonId(ask2.original(), 'Erase everything'),
    }).response;
    expect(contentOf(done)).toMatch(new RegExp(`^Done. I erased ${before} notes, 0 practice records`));
    expect(await noteIdsFor(HOST)).toEqual([]);
    expect(contentOf(await list(HOST).response)).toMatch(/no notes yet/);
    expect(JSON.stringify(await noteIdsFor(MOD))).toContain('mod note stays with mod');
    expect(h.fake.invalid).toEqual([]);
  });
});
