import type { APIChannel, APIMessage } from 'discord.js';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ANNOUNCE_CHANNEL_ID,
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
  memberPermissions,
} from '../../stand-in/discord/fixtures.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { EPHEMERAL, buttonId, contentOf, deployCommands, eventually, yin } from '../helpers/e2e-notes-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
  await deployCommands(h);
});
afterAll(async () => h?.stop());

const DAY = /\d{1,2} [A-Z][a-z]{2} \d{4}/;
const posts = (channelId: string) => h.fake.messages(channelId);
const post = (channelId: string, title: RegExp, after = '0') =>
  h.fake.waitFor(
    () => posts(channelId).find((m) => BigInt(m.id) > BigInt(after) && title.test(embedOf(m).title ?? '')),
    15_000,
  );
const threadsOf = (parentId: string) =>
  [...h.fake.state.channels.values()].filter(
    (c) => (c as APIChannel & { parent_id?: string }).parent_id === parentId && c.type === 11,
  );
const stats = async (user: typeof HOST) =>
  contentOf(await yin(h, { user, channelId: TEXT_CHANNEL_ID, subcommand: 'stats' }).response);
const minutesIn = (text: string) => Number(/Minutes practised: \*\*(\d+)\*\*/.exec(text)?.[1]);
const manager = (BigInt(memberPermissions(MOD.id)) | PermissionFlagsBits.ManageGuild).toString();

async function share(user: typeof HOST, closing: APIMessage, text: string, channelId: string) {
  const opened = await h.fake.click({ user, message: closing, customId: buttonId(closing, 'Share a discovery') })
    .response;
  expect(opened.type).toBe(9);
  expect(JSON.stringify(opened.data)).toContain('"max_length":1000');
  return h.fake.submitModal({ user, channelId, customId: opened.data.custom_id, fields: { text }, message: closing })
    .response;
}

describe('a session in a text channel: joining, My notes, the discoveries thread and stats', () => {
  test('GIVEN HOST joins at the start and MEMBER late THEN late catch-up, notes by pose, a thread on the closing, shares there, and minutes only while joined', async () => {
    await yin(h, {
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      subcommand: 'start',
      options: { sequence: 'back', hold: 5 },
    }).response;
    const opening = await post(TEXT_CHANNEL_ID, /^Yin for the Back$/);
    const joined = await h.fake.click({ user: HOST, message: opening, customId: buttonId(opening, 'I’m practising') })
      .response;
    expect(joined.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^You’re in/) });

    // MEMBER arrives two poses in: told privately where the group is.
    const second = await post(TEXT_CHANNEL_ID, /^2\/9 /, opening.id);
    const late = await h.fake.click({ user: MEMBER, message: opening, customId: buttonId(opening, 'I’m practising') })
      .response;
    expect(late.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
    const now = /Now: \*\*(\d)\/9 · (.+?)\*\*\. It ends <t:\d+:R>\./.exec(contentOf(late));
    expect(now, contentOf(late)).not.toBeNull();
    const named = posts(TEXT_CHANNEL_ID).find((m) => embedOf(m).title === `${now![1]}/9 · ${now![2]}`);
    expect(named).toBeDefined();
    const firstVariation = (named!.embeds[0]!.fields ?? []).find((f) => f.name === 'Variations')!.value.split('\n')[0]!;
    expect(contentOf(late)).toContain(firstVariation);
    const again = await h.fake.click({ user: MEMBER, message: opening, customId: buttonId(opening, 'I’m practising') })
      .response;
    expect(contentOf(again)).toMatch(/^You’re already in/);

    // "My notes" on a pose post: how to add one, then the note just written (tagged with the session).
    const noNotes = await h.fake.click({ user: MEMBER, message: second, customId: buttonId(second, 'My notes') })
      .response;
    expect(noNotes.data).toMatchObject({
      flags: EPHEMERAL,
      content: expect.stringMatching(/^No notes on \*\*Dragonfly — full forward fold\*\* yet/),
    });
    const added = await yin(h, {
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      group: 'note',
      subcommand: 'add',
      options: { text: 'bolster under the chest', pose: 'dragonfly-forward-fold' },
    }).response;
    expect(contentOf(added)).toMatch(new RegExp(`from Yin for the Back on ${DAY.source}`));
    const mine = await h.fake.click({ user: MEMBER, message: second, customId: buttonId(second, 'My notes') }).response;
    expect(contentOf(mine)).toMatch(/Your notes on Dragonfly — full forward fold[\s\S]*: bolster under the chest/);
    const hostsView = await h.fake.click({ user: HOST, message: second, customId: buttonId(second, 'My notes') })
      .response;
    expect(contentOf(hostsView)).not.toContain('bolster');

    await new Promise((r) => setTimeout(r, 1500));
    await yin(h, { user: HOST, channelId: TEXT_CHANNEL_ID, subcommand: 'stop' }).response;
    const closing = await post(TEXT_CHANNEL_ID, /^Closing/, opening.id);

    // The discoveries thread opens on the closing message.
    const thread = await h.fake.waitFor(() => threadsOf(TEXT_CHANNEL_ID).find((t) => t.id === closing.id), 5000);
    expect((thread as { name: string }).name).toMatch(new RegExp(`^Discoveries — Yin for the Back — ${DAY.source}$`));
    // The closing itself invites members there: the thread has no post of its own.
    expect(embedOf(closing).description).toMatch(/Share what you noticed in this post’s thread/);
    expect(posts(thread.id)).toEqual([]);
    // Shares go there once yin has noted the thread (just after Discord made it).
    for (let i = 0; i < 100; i++) {
      if ((await h.bot.ctx.discoveries.latest(GUILD_ID, TEXT_CHANNEL_ID))?.targetId === thread.id) break;
      await new Promise((r) => setTimeout(r, 20));
    }

    const shared = await share(
      MEMBER,
      closing,
      'Side bends felt spacious. @everyone <@1200000000000000001>',
      TEXT_CHANNEL_ID,
    );
    expect(shared.data).toMatchObject({
      flags: EPHEMERAL,
      content: `Shared in <#${thread.id}> and saved to your notes. Thank you.`,
    });
    const inThread = posts(thread.id).at(-1)!;
    expect(embedOf(inThread)).toMatchObject({
      author: { name: 'Ben' },
      description: 'Side bends felt spacious. @everyone <@1200000000000000001>',
    });
    expect((inThread as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    const listed = await yin(h, { user: MEMBER, channelId: TEXT_CHANNEL_ID, group: 'notes', subcommand: 'list' })
      .response;
    expect(JSON.stringify(listed.data)).toContain('Side bends felt spacious.');

    // An over-long discovery is refused and nothing is posted or saved.
    const before = posts(thread.id).length;
    const tooLong = await share(MEMBER, closing, 'y'.repeat(1001), TEXT_CHANNEL_ID);
    expect(contentOf(tooLong)).toMatch(/at most 1,000 characters.*Nothing was shared/);
    expect(posts(thread.id)).toHaveLength(before);

    // /yin note share posts a saved note in the thread.
    const noteChoices = await h.fake.autocomplete({
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'note',
      subcommand: 'share',
      options: { note: 'bolster' },
      focused: 'note',
    }).response;
    const choice = (noteChoices.data as { choices: { value: string }[] }).choices[0]!;
    const sharedNote = await yin(h, {
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      group: 'note',
      subcommand: 'share',
      options: { note: choice.value },
    }).response;
    expect(contentOf(sharedNote)).toBe(`Shared your note in <#${thread.id}>.`);
    expect(embedOf(posts(thread.id).at(-1))).toMatchObject({
      author: { name: 'Ben' },
      description: 'bolster under the chest',
    });
    const notMine = await yin(h, {
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      group: 'note',
      subcommand: 'share',
      options: { note: choice.value },
    }).response;
    expect(contentOf(notMine)).toMatch(/can’t find that note among yours/);

    // Practice is recorded when the session ends: both joined once, MEMBER for less time.
    const hostStats = await eventually(async () => {
      const s = await stats(HOST);
      return /Sessions joined: \*\*1\*\*/.test(s) && s;
    });
    const memberStats = await stats(MEMBER);
    expect(memberStats).toMatch(/Sessions joined: \*\*1\*\*/);
    expect(memberStats).toMatch(/Weekly streak: \*\*1 week\*\*/);
    expect(memberStats).toMatch(/Last practice: <t:\d+:R>/);
    expect(memberStats).toMatch(/Favourite pose \(most notes\): \*\*Dragonfly — full forward fold\*\*/);
    expect(minutesIn(hostStats)).toBeGreaterThan(minutesIn(memberStats));
    expect(minutesIn(memberStats)).toBeGreaterThan(0);
    expect(await stats(MOD)).toMatch(/Sessions joined: \*\*0\*\*[\s\S]*Minutes practised: \*\*0\*\*/);

    const gone = await h.fake.click({ user: MOD, message: opening, customId: buttonId(opening, 'I’m practising') })
      .response;
    expect(contentOf(gone)).toMatch(/That session has ended/);
    expect(h.fake.invalid).toEqual([]);
  });
});

describe('a session in a voice channel’s chat, which can’t hold threads', () => {
  test('GIVEN no discoveries channel THEN the chat says plainly to share right there, and shares land there; voice members count as joined', async () => {
    h.fake.setVoiceState(MOD.id, VOICE_CHANNEL_ID);
    await new Promise((r) => setTimeout(r, 100));
    await yin(h, {
      user: HOST,
      channelId: VOICE_CHANNEL_ID,
      subcommand: 'start',
      options: { sequence: 'back', hold: 3 },
    }).response;
    const closing = await post(VOICE_CHANNEL_ID, /^Closing/);
    // Said on the closing post itself: the chat gets no extra message.
    const notice = await h.fake.waitFor(() =>
      posts(VOICE_CHANNEL_ID).find((m) => m.id === closing.id && m.content.includes('can’t hold a thread')),
    );
    expect(notice.content).toMatch(/^\*\*Discoveries — Yin for the Back — .*\n.*share what you noticed right here/);
    expect(posts(VOICE_CHANNEL_ID).filter((m) => BigInt(m.id) > BigInt(closing.id))).toEqual([]);
    const shared = await share(MEMBER, closing, 'Breath slowed in the twist.', VOICE_CHANNEL_ID);
    expect(contentOf(shared)).toContain(`Shared in <#${VOICE_CHANNEL_ID}>`);
    expect(embedOf(posts(VOICE_CHANNEL_ID).at(-1))).toMatchObject({
      author: { name: 'Ben' },
      description: 'Breath slowed in the twist.',
    });
    // MOD was in the voice channel when it started: joined without pressing anything.
    await eventually(async () => /Sessions joined: \*\*1\*\*/.test(await stats(MOD)));
    h.fake.setVoiceState(MOD.id, null);
  });

  test('GIVEN /yin settings discoveries-channel THEN only Manage Server may set it, and voice sessions then open their thread there', async () => {
    const refused = await yin(h, {
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      group: 'settings',
      subcommand: 'discoveries-channel',
      options: { channel: ANNOUNCE_CHANNEL_ID },
    }).response;
    expect(refused.data).toMatchObject({
      flags: EPHEMERAL,
      content: expect.stringMatching(/Only members with Manage Server/),
    });
    const set = await yin(h, {
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      group: 'settings',
      subcommand: 'discoveries-channel',
      options: { channel: ANNOUNCE_CHANNEL_ID },
      memberPermissions: manager,
    }).response;
    expect(contentOf(set)).toBe(
      `Done. Discoveries from sessions in a voice channel’s chat will go to <#${ANNOUNCE_CHANNEL_ID}>.`,
    );
    const shown = await yin(h, {
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      group: 'settings',
      subcommand: 'discoveries-channel',
      memberPermissions: manager,
    }).response;
    expect(contentOf(shown)).toMatch(new RegExp(`go to <#${ANNOUNCE_CHANNEL_ID}>`));

    const mark = posts(VOICE_CHANNEL_ID).at(-1)!.id;
    await yin(h, {
      user: HOST,
      channelId: VOICE_CHANNEL_ID,
      subcommand: 'start',
      options: { sequence: 'back', hold: 3 },
    }).response;
    const closing = await post(VOICE_CHANNEL_ID, /^Closing/, mark);
    const starter = await h.fake.waitFor(() =>
      posts(ANNOUNCE_CHANNEL_ID).find((m) => /^\*\*Discoveries — Yin for the Back — /.test(m.content)),
    );
    const thread = await h.fake.waitFor(() => threadsOf(ANNOUNCE_CHANNEL_ID).find((t) => t.id === starter.id));
    const pointer = await h.fake.waitFor(() =>
      posts(VOICE_CHANNEL_ID).find((m) => m.id === closing.id && m.content.includes(`<#${thread.id}>`)),
    );
    expect((pointer as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    const shared = await share(HOST, closing, 'Dragonfly twist opened my upper back.', VOICE_CHANNEL_ID);
    expect(contentOf(shared)).toContain(`Shared in <#${thread.id}>`);
    expect(embedOf(posts(thread.id).at(-1))).toMatchObject({ author: { name: 'Ana' } });

    const cleared = await yin(h, {
      user: MOD,
      channelId: TEXT_CHANNEL_ID,
      group: 'settings',
      subcommand: 'discoveries-channel',
      options: { clear: true },
      memberPermissions: manager,
    }).response;
    expect(contentOf(cleared)).toMatch(/^Cleared/);
    expect(h.fake.invalid).toEqual([]);
  });
});

describe('/yin stats in a member’s time zone', () => {
  test('GIVEN timezone: THEN weeks count in that zone and it says so; an unknown zone gets a clear ephemeral answer; the option autocompletes', async () => {
    const ny = contentOf(
      await yin(h, {
        user: HOST,
        channelId: TEXT_CHANNEL_ID,
        subcommand: 'stats',
        options: { timezone: 'america/new_york' },
      }).response,
    );
    expect(ny).toMatch(/weeks run Monday to Sunday, America\/New_York\)/);
    expect(await stats(HOST)).toMatch(/Monday to Sunday, UTC — add `timezone:` for yours/);

    const bad = await yin(h, {
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      subcommand: 'stats',
      options: { timezone: 'Mars/Olympus' },
    }).response;
    expect(bad.data).toMatchObject({
      flags: EPHEMERAL,
      content: expect.stringContaining('I don\'t know the time zone "Mars/Olympus"'),
    });

    const choices = await h.fake.autocomplete({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'stats',
      options: { timezone: 'new_y' },
      focused: 'timezone',
    }).response;
    expect(choices.data.choices).toContainEqual({ name: 'America/New_York', value: 'America/New_York' });
  });
});
