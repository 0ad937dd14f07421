// Practising a missed class privately (issue 29): the closing's "Practise this class on your own"
// and `/yin replay`, end to end on the test clock: a private thread only the member is in (or
// their DM), the whole class with its pictures, and nothing recorded.
import { type APIChannel, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  APP_ID,
  BOT_PERMISSIONS,
  GUILD_ID,
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import type { StoredMessage } from '../../stand-in/discord/state.ts';
import { type ClockHarness, embedOf, startOnTestClock } from '../helpers/harness.ts';
import { buttonId, contentOf, customIds, deployCommands, EPHEMERAL, yinAs } from '../helpers/e2e-notes-helpers.ts';
import { replayEndedAtOnce, replayOf } from '../helpers/e2e-replay-helpers.ts';

const START = Date.UTC(2026, 11, 7, 18, 0, 0);
const MIN = 60_000;
const BUTTON = 'Practise this class on your own';
let h: ClockHarness;

beforeAll(async () => {
  h = await startOnTestClock(START);
  await deployCommands(h);
});
afterAll(async () => h?.stop());

const runner = () => h.bot.ctx.runner;
const privateThreads = () => [...h.fake.state.channels.values()].filter((c) => c.type === 12);
const dmWith = (userId: string): APIChannel | undefined =>
  [...h.fake.state.channels.values()].find(
    (c) => c.type === 1 && (c as { recipients?: { id: string }[] }).recipients?.[0]?.id === userId,
  );
/** Moves the test clock until `done()` holds: the pacer's turns and the class's steps are alarms on it. */
const drive = <T>(done: () => T | undefined | null | false) => h.until(done);
const runToEnd = (channelId: string) => drive(() => runner().get(channelId) === undefined);

describe('a class, then its replay in a private thread', () => {
  let closing: StoredMessage;
  let threadId: string;

  test('GIVEN a class of back at length 30 that MEMBER joined THEN its closing offers "Practise this class on your own", carrying the class as it ran', async () => {
    await yinAs(h, HOST, TEXT_CHANNEL_ID, 'start', { sequence: 'back', length: 30 }).response;
    // The opening is the edited answer to /yin start.
    const opening = await h.fake.waitFor(() => h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.components?.length));
    await h.fake.click({ user: MEMBER, message: opening, customId: buttonId(opening, 'I’m practising') }).response;
    const s = runner().get(TEXT_CHANNEL_ID)!;
    await runToEnd(TEXT_CHANNEL_ID);
    closing = h.fake.messages(TEXT_CHANNEL_ID).at(-1)!;
    expect(embedOf(closing).title).toMatch(/^Closing/);
    expect(customIds(closing)).toContain(`replay:back:${s.holdMinutes}:30:en`);
    expect(buttonId(closing, BUTTON)).toBe(`replay:back:${s.holdMinutes}:30:en`);
  });

  test('GIVEN MEMBER presses it THEN a private, not invitable thread under the channel holds only MEMBER and the bot, and the answer is private and points there', async () => {
    const press = h.fake.click({ user: MEMBER, message: closing, customId: buttonId(closing, BUTTON) });
    const s = await drive(() => replayOf(h, MEMBER.id));
    await drive(() => press.original()?.content);
    threadId = s.channelId;
    const thread = h.fake.state.channels.get(threadId) as APIChannel & {
      parent_id: string;
      thread_metadata: { invitable: boolean };
    };
    expect(thread.type).toBe(12);
    expect(thread.parent_id).toBe(TEXT_CHANNEL_ID);
    expect(thread.thread_metadata.invitable).toBe(false);
    expect([...h.fake.state.threadMembers(threadId)].sort()).toEqual([APP_ID, MEMBER.id].sort());
    expect(s).toMatchObject({ hostId: MEMBER.id, private: { ownerId: MEMBER.id, where: 'thread' }, lengthMinutes: 30 });
    expect(press.ephemeral()).toBe(true);
    expect(press.original()!.content).toContain(`<#${threadId}>`);
    // The same plan the class ran: 30 minutes, opening to closing.
    const tl = runner().timeline(threadId)!;
    expect(tl.steps.at(-1)!.offsetMs).toBe(30 * MIN);
  });

  test('GIVEN the replay runs THEN a second one is refused privately, naming the thread, and nothing new is made', async () => {
    const threads = privateThreads().length;
    const again = await yinAs(h, MEMBER, TEXT_CHANNEL_ID, 'replay', { sequence: 'hips' }).response;
    expect(again.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(again)).toContain('already practising **Yin for the Back**');
    expect(contentOf(again)).toContain(`<#${threadId}>`);
    expect(privateThreads()).toHaveLength(threads);
  });

  test('GIVEN the test clock runs THEN the replay runs to its closing with its pictures and controls, and nothing is recorded', async () => {
    const threadsBefore = [...h.fake.state.channels.values()].filter((c) => c.type === 11).length;
    const practiceBefore = await h.bot.ctx.practice.list(MEMBER.id);
    const attendanceBefore = await h.bot.ctx.attendance.of(MEMBER.id);
    await runToEnd(threadId);
    const posts = h.fake.messages(threadId);
    const tl = posts.length;
    expect(embedOf(posts[0]).title).toBe('Yin for the Back');
    expect(embedOf(posts.at(-1)).title).toMatch(/^Closing/);
    expect(new Set(posts.map((p) => p.nonce)).size).toBe(tl);
    const poses = posts.slice(1, -1);
    expect(poses.length).toBeGreaterThan(3);
    for (const p of poses) {
      expect(p.attachments.length, embedOf(p).title).toBe(1);
      expect(customIds(p).some((id) => id.startsWith('ctl:pause:'))).toBe(true);
    }
    // Nothing to join, share or replay from: no attendance, no practice, no discoveries thread.
    const all = posts.flatMap(customIds);
    expect(all.filter((id) => /^(join|share|replay):/.test(id))).toEqual([]);
    expect(await h.bot.ctx.practice.list(MEMBER.id)).toEqual(practiceBefore);
    expect(await h.bot.ctx.attendance.of(MEMBER.id)).toEqual(attendanceBefore);
    expect([...h.fake.state.channels.values()].filter((c) => c.type === 11)).toHaveLength(threadsBefore);
    expect(await h.bot.ctx.replays.running(MEMBER.id)).toBeUndefined();
    // Not counted as the server's class: /yin replay still finds the class MEMBER joined.
    expect((await h.bot.ctx.replays.lastClass(posts[0]!.guild_id ?? '1110000000000000000'))?.lengthMinutes).toBe(30);
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN it ended THEN /yin replay with no sequence runs the class MEMBER practised again, as it ran', async () => {
    const answer = yinAs(h, MEMBER, TEXT_CHANNEL_ID, 'replay');
    const s = await drive(() => replayOf(h, MEMBER.id));
    expect(s).toMatchObject({ sequenceId: 'back', lengthMinutes: 30, language: 'en' });
    await drive(() => answer.original()?.content);
    // Ended by its owner with End: the closing comes at once.
    const opening = await drive(() => h.fake.messages(s.channelId)[0]);
    await h.fake.click({ user: MEMBER, message: opening, customId: `ctl:stop:${s.id}` }).response;
    await runToEnd(s.channelId);
    expect(embedOf(h.fake.messages(s.channelId).at(-1)).title).toMatch(/^Closing/);
  });
});

describe('where no private thread can be made: the DM', () => {
  test('GIVEN /yin replay in a voice channel chat (no threads there) THEN the class runs in the DM, its buttons work there, and End ends it', async () => {
    const answer = yinAs(h, HOST, VOICE_CHANNEL_ID, 'replay', { sequence: 'back' });
    const s = await drive(() => replayOf(h, HOST.id));
    const dm = dmWith(HOST.id)!;
    expect(s.channelId).toBe(dm.id);
    expect(s.private).toEqual({ ownerId: HOST.id, where: 'dm' });
    await drive(() => answer.original()?.content);
    expect(answer.ephemeral()).toBe(true);
    expect(answer.original()!.content).toContain('direct messages');
    const [intro, opening] = await drive(() => h.fake.messages(dm.id).length >= 2 && h.fake.messages(dm.id));
    expect(intro!.content).toContain('**Yin for the Back**, on your own');
    expect(embedOf(opening).title).toBe('Yin for the Back');
    const pause = await h.fake.click({ user: HOST, message: opening!, customId: `ctl:pause:${s.id}` }).response;
    expect(pause.data.content).toMatch(/Paused by/);
    expect(runner().get(dm.id)!.pausedAt).not.toBeNull();
    await h.fake.click({ user: HOST, message: opening!, customId: `ctl:stop:${s.id}` }).response;
    await runToEnd(dm.id);
    expect(embedOf(h.fake.messages(dm.id).at(-1)).title).toMatch(/^Closing/);
    expect(await h.bot.ctx.replays.running(HOST.id)).toBeUndefined();
  });

  /** MEMBER asks for a replay in the text channel; it runs in the DM; End ends it. */
  async function replayEndsUpInDm(): Promise<string> {
    const { session: s, answer } = await replayEndedAtOnce(h, drive, MEMBER, TEXT_CHANNEL_ID, { sequence: 'back' });
    expect(s.private).toEqual({ ownerId: MEMBER.id, where: 'dm' });
    expect(s.channelId).toBe(dmWith(MEMBER.id)?.id);
    return answer;
  }

  test('GIVEN yin lost Create Private Threads (its role changed) THEN a replay asked for in the text channel runs in the DM, and says why', async () => {
    const threads = privateThreads().length;
    h.fake.setBotPermissions(BOT_PERMISSIONS & ~PermissionFlagsBits.CreatePrivateThreads);
    try {
      await h.fake.waitFor(
        () => !h.bot.client.guilds.cache.get(GUILD_ID)?.members.me?.permissions.has('CreatePrivateThreads'),
      );
      expect(await replayEndsUpInDm()).toContain('can’t open a private thread here');
    } finally {
      h.fake.setBotPermissions(BOT_PERMISSIONS);
    }
    expect(privateThreads()).toHaveLength(threads);
  });

  test('GIVEN Discord refuses the private thread (50013, permissions changed under the cache) THEN the replay runs in the DM instead', async () => {
    await h.fake.waitFor(() =>
      h.bot.client.guilds.cache.get(GUILD_ID)?.members.me?.permissions.has('CreatePrivateThreads'),
    );
    h.fake.failNext({
      method: 'POST',
      route: /\/channels\/\d+\/threads$/,
      status: 403,
      body: { code: 50013, message: 'Missing Permissions' },
    });
    expect(await replayEndsUpInDm()).toContain('direct messages');
  });

  test('GIVEN this process doesn’t run shard 0 (sharded: DMs go there) THEN no DM replay is started, whose buttons couldn’t reach it, and the member is told what would make a thread possible', async () => {
    h.bot.ctx.receivesDms = false;
    try {
      const answer = yinAs(h, MOD, VOICE_CHANNEL_ID, 'replay', { sequence: 'back' });
      const content = await drive(() => answer.followups[0]?.content || answer.original()?.content);
      expect(content).toContain('Create Private Threads');
      expect(answer.ephemeral()).toBe(true);
      expect(replayOf(h, MOD.id)).toBeUndefined();
      expect(dmWith(MOD.id)).toBeUndefined();
    } finally {
      h.bot.ctx.receivesDms = true;
    }
  });

  test('GIVEN MOD’s DMs are closed and no thread can be made THEN MOD gets a clear private answer and nothing is started or saved', async () => {
    h.fake.state.closedDms.add(MOD.id);
    const answer = yinAs(h, MOD, VOICE_CHANNEL_ID, 'replay', { sequence: 'back' });
    await answer.response;
    const content = await drive(() => answer.followups[0]?.content || answer.original()?.content);
    expect(content).toContain('can’t send you a direct message');
    expect(answer.ephemeral()).toBe(true);
    expect(replayOf(h, MOD.id)).toBeUndefined();
    expect(await h.bot.ctx.replays.running(MOD.id)).toBeUndefined();
    expect(h.fake.messages(dmWith(MOD.id)!.id)).toEqual([]);
  });
});
