// Every built-in sequence runs to its closing on the stand-in: spec-valid posts, a picture on
// the opening and on every pose post, and a cue file for everything its voice session would play.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { clipFile, cuesForStep } from '../../src/voice/cues.ts';
import { HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';
import { postKey, stepOf } from '../helpers/bot-process.ts';

const DATA = join(import.meta.dirname, '..', '..', 'data');
const catalog = loadCatalog(DATA);

let h: Harness;
let until: ReturnType<typeof clockDriver>;
// On the test clock: every class at its real speed, jumping from one step to the next.
beforeAll(async () => {
  const clock = new ManualClock();
  h = await startHarness({ clock });
  until = clockDriver(clock, h);
});
afterAll(async () => h?.stop());

describe.each([...catalog.sequences.keys()])('the built-in sequence %s', (id) => {
  const sequence = catalog.sequences.get(id)!;
  const timeline = buildTimeline(catalog, sequence, sequence.holdMinutes.default);

  test('GIVEN /yin start THEN every step is posted once, in order, with its picture, and Discord would take every post', async () => {
    await h.fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: id },
    }).response;
    const closing = timeline.steps.length - 1;
    const session = await h.fake.waitFor(() => h.bot.ctx.runner.get(TEXT_CHANNEL_ID));
    const mine = () => h.fake.messages(TEXT_CHANNEL_ID).filter((m) => postKey(m)?.session === session.id);
    await until(() => mine().some((m) => stepOf(m) === closing));
    await until(() => h.bot.ctx.runner.get(TEXT_CHANNEL_ID) === undefined);
    const posts = mine();
    expect(posts.map(stepOf)).toEqual(timeline.steps.map((_, i) => i));
    expect(embedOf(posts[0]).title).toBe(sequence.name);
    expect(embedOf(posts[closing]).title).toBe(`Closing — ${sequence.name}`);
    for (const m of posts.slice(0, -1)) expect(m.attachments, embedOf(m).title).toHaveLength(1);
    expect(posts[closing]?.attachments).toEqual([]);
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN a voice session THEN every cue it would play has its file', () => {
    const missing = timeline.steps
      .flatMap((_, i) => cuesForStep(timeline, i))
      .map(clipFile)
      .filter((f) => !existsSync(join(DATA, 'audio', f)));
    expect(missing).toEqual([]);
  });
});
