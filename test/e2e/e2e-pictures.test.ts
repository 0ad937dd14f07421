// Pose pictures on the posts, end to end: the real bot uploads each step's picture with its post
// (multipart, `attachment://` in the embed, alt text in `attachments[n].description`), the
// stand-in validates the payload against Discord's spec and keeps the bytes.
import { PermissionFlagsBits as P } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import type { StoredMessage } from '../../stand-in/discord/messages.ts';
import { ANNOUNCE_CHANNEL_ID, BOT_PERMISSIONS, HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';
import { BACK_CLOSING, postKey, stepOf } from '../helpers/bot-process.ts';

const catalog = loadCatalog('data');
const timeline = buildTimeline(catalog, catalog.sequences.get('back')!, 3);

let h: Harness | undefined;
let until: ReturnType<typeof clockDriver>;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A bot and stand-in on a test clock of their own: the class at its real speed, step to step. */
async function onTestClock(o: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const clock = new ManualClock();
  const started = await startHarness({ ...o, clock });
  until = clockDriver(clock, started);
  return started;
}

/** `/yin start back` typed in #practice (`channel:` elsewhere, if given). */
const startBack = (hh: Harness, options: { channel?: string } = {}) =>
  hh.fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', ...options },
  });

async function runToClosing(hh: Harness): Promise<StoredMessage[]> {
  await until(() => hh.fake.messages(TEXT_CHANNEL_ID).some((m) => stepOf(m) === BACK_CLOSING));
  return hh.fake.messages(TEXT_CHANNEL_ID).filter((m) => postKey(m) !== undefined) as StoredMessage[];
}

/** Width and height from a PNG's IHDR, or undefined when the bytes aren't a PNG. */
function pngSize(data: Buffer): { width: number; height: number } | undefined {
  if (!data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return undefined;
  if (data.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('every pose post carries its picture', () => {
  test('GIVEN /yin start back THEN the opening uploads the strip, each pose its figure (mirrored per side), the closing none, all spec-valid', async () => {
    h = await onTestClock();
    await startBack(h).response;
    const posts = await runToClosing(h);
    expect(posts.map(stepOf)).toEqual(timeline.steps.map((_, i) => i));
    expect(h.fake.invalid).toEqual([]);

    const [opening, ...rest] = posts;
    const closing = rest.pop()!;
    expect(closing.attachments).toEqual([]);
    expect(opening!.attachments).toHaveLength(1);
    const strip = opening!.attachments[0]!;
    expect(strip.filename).toBe('strip-back.png');
    expect(embedOf(opening).image?.url).toBe('attachment://strip-back.png');
    expect(strip.description).toMatch(/^The class in order: .*Dragonfly — side bend \(left side\)/);
    expect(pngSize(strip.content)!.width).toBeGreaterThan(pngSize(strip.content)!.height);

    for (const m of rest) {
      const step = timeline.steps[stepOf(m)]!;
      if (step.kind !== 'pose') throw new Error('a pose step was expected');
      expect(m.attachments, step.pose.id).toHaveLength(1);
      const a = m.attachments[0]!;
      expect(a.filename).toBe(`${step.pose.id}${step.side ? `-${step.side}` : ''}.png`);
      expect(a.content_type).toBe('image/png');
      expect(embedOf(m).thumbnail?.url).toBe(`attachment://${a.filename}`);
      expect(a.description).toContain(step.pose.name);
      if (step.side) expect(a.description).toContain(`${step.side} side`);
      const size = pngSize(a.content);
      expect(size, a.filename).toBeDefined();
      expect(Math.min(size!.width, size!.height)).toBeGreaterThanOrEqual(256);
      expect(a.size).toBeLessThanOrEqual(20 * 1024);
    }

    // One picture per pose and side: the same pose uploads the same bytes, a different one or
    // the other side different bytes.
    const byName = new Map<string, Buffer>();
    for (const m of rest) for (const a of m.attachments) byName.set(a.filename, a.content);
    const distinct = new Set([...byName.values()].map((b) => b.toString('base64')));
    expect(distinct.size).toBe(byName.size);
    expect(byName.get('reclined-twist-left.png')?.equals(byName.get('reclined-twist-right.png')!) ?? false).toBe(false);
  });

  test('GIVEN the bot lacks Attach Files THEN the session runs in full without pictures, the start reply and the first post say why, once', async () => {
    h = await onTestClock({ fake: { botPermissions: BOT_PERMISSIONS & ~P.AttachFiles } });
    // Started here, the answer is the opening, whose footer says why, and the host alone is
    // then told what to give yin; started elsewhere (`channel:`), the private reply says it.
    const here = startBack(h);
    expect((await here.response).type).toBe(5);
    const told = await h.fake.waitFor(() => here.followups.find((m) => m.content.includes('Attach Files')));
    expect((told.flags ?? 0) & 64).toBe(64);
    const elsewhere = await startBack(h, { channel: ANNOUNCE_CHANNEL_ID }).response;
    expect(JSON.stringify(elsewhere)).toContain('Attach Files');
    const posts = await runToClosing(h);
    expect(posts.map(stepOf)).toEqual(timeline.steps.map((_, i) => i));
    expect(posts.flatMap((m) => m.attachments)).toEqual([]);
    const noted = posts.filter((m) => embedOf(m).footer?.text.includes('Attach Files'));
    expect(noted.map(stepOf)).toEqual([0]);
    // Nothing was tried and refused: the bot knew from its permissions.
    expect(h.fake.requests.filter((r) => r.status === 403)).toEqual([]);
  });

  test('GIVEN Discord refuses the first upload with 50013 (permissions changed under the cache) THEN that post goes out without its picture and the session carries on', async () => {
    h = await onTestClock();
    h.fake.failNext({
      method: 'POST',
      route: /\/channels\/\d+\/messages$/,
      status: 403,
      body: { code: 50013, message: 'Missing Permissions' },
      times: 1,
    });
    await startBack(h).response;
    const posts = await runToClosing(h);
    expect(posts.map(stepOf)).toEqual(timeline.steps.map((_, i) => i));
    // The opening (the edited answer) had its strip; the first post after it was refused once,
    // then the session posts without pictures and says so on that post.
    expect(posts[0]!.attachments).toHaveLength(1);
    expect(posts.slice(1).flatMap((m) => m.attachments)).toEqual([]);
    expect(embedOf(posts[1]).footer?.text).toContain('Attach Files');
    expect(h.fake.requests.filter((r) => r.status === 403)).toHaveLength(1);
  });
});
