// Every request one session makes, by kind: the back class run once in a text channel (started
// there, and started elsewhere with `channel:`) and once in a voice channel with sound, each
// against a fresh stand-in Discord. `npm run bench -- --requests` prints the table;
// test/requests-per-session.test.ts checks the counts against the class's shape.
import { ANNOUNCE_CHANNEL_ID, HOST, TEXT_CHANNEL_ID, VOICE_CHANNEL_ID } from '../stand-in/discord/fixtures.ts';
import type { RecordedRequest } from '../stand-in/discord/fake.ts';
import { startVoiceHarness } from '../stand-in/voice/harness.ts';
import { ManualClock } from '../src/domain/clock.ts';
import { embedOf, startHarness, type Harness } from '../test/helpers/harness.ts';
import { clockDriver } from '../test/helpers/test-clock.ts';

/** Requests by kind. `counted` is what Discord counts against the token's global limit. */
export interface SessionRequests {
  posts: number;
  edits: number;
  threads: number;
  voiceStatuses: number;
  /** Interaction callbacks and interaction-webhook requests: not counted against the global limit. */
  interaction: number;
  other: number;
  counted: number;
}

export type Where = 'text' | 'text, channel: elsewhere' | 'voice, with sound';

export function classify(requests: readonly RecordedRequest[]): SessionRequests {
  const n: SessionRequests = { posts: 0, edits: 0, threads: 0, voiceStatuses: 0, interaction: 0, other: 0, counted: 0 };
  for (const r of requests) {
    if (r.route.startsWith('/interactions/') || r.route.startsWith('/webhooks/')) {
      n.interaction += 1;
      continue;
    }
    n.counted += 1;
    if (r.method === 'POST' && r.route === '/channels/:id/messages') n.posts += 1;
    else if (r.method === 'PATCH' && r.route === '/channels/:id/messages/:mid') n.edits += 1;
    else if (r.method === 'POST' && r.route.endsWith('/threads')) n.threads += 1;
    else if (r.method === 'PUT' && r.route.endsWith('/voice-status')) n.voiceStatuses += 1;
    else n.other += 1;
  }
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Until = (done: () => unknown) => Promise<unknown>;

/**
 * Runs one back class and returns what it sent after the `/yin start`, the discoveries included.
 * `until` waits: on a test clock's driver (text), or in real time (voice, whose cues take it).
 */
async function runOnce(
  h: Harness,
  channelId: string,
  options: Record<string, string | number>,
  until: Until = (done) => h.fake.waitFor(done, 120_000),
): Promise<SessionRequests> {
  // What the bot does once connected (it looks up its command's id) is not the session's.
  await h.fake.waitFor(() => h.fake.requests.some((r) => r.route.includes('/commands')), 5_000).catch(() => {});
  await sleep(200);
  const from = h.fake.requests.length;
  const target = String(options.channel ?? channelId);
  await h.fake.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options }).response;
  await until(() => h.fake.messages(target).some((m) => embedOf(m).title?.startsWith('Closing')));
  // The discoveries thread (and, in a voice chat, the note on the closing) and the voice status
  // put back come just after the closing, and then nothing more.
  const mine = () => h.fake.requests.slice(from);
  await until(() =>
    mine().some(
      (r) => r.route.endsWith('/threads') || (r.method === 'PATCH' && r.route === '/channels/:id/messages/:mid'),
    ),
  );
  await h.fake.waitFor(() => h.bot.ctx.runner.get(target) === undefined, 10_000);
  await sleep(500);
  return classify(mine());
}

export async function countSessionRequests(): Promise<Record<Where, SessionRequests>> {
  // Text on a test clock: the class at its real speed, jumping from step to step, so a busy
  // machine can't make the runner catch up (and count fewer posts).
  const clock = new ManualClock();
  const text = await startHarness({ clock });
  const until = clockDriver(clock, text);
  let here: SessionRequests;
  let elsewhere: SessionRequests;
  try {
    here = await runOnce(text, TEXT_CHANNEL_ID, { sequence: 'back' }, until);
    elsewhere = await runOnce(text, TEXT_CHANNEL_ID, { sequence: 'back', channel: ANNOUNCE_CHANNEL_ID }, until);
  } finally {
    await text.stop();
  }
  // Voice at 120×: the cues need the time to play.
  const v = await startVoiceHarness((fake, voice) => startHarness({ speed: 120, fake, voice }));
  let voice: SessionRequests;
  try {
    voice = await runOnce(v.h, VOICE_CHANNEL_ID, { sequence: 'back' });
  } finally {
    await v.stop();
  }
  return { text: here, 'text, channel: elsewhere': elsewhere, 'voice, with sound': voice };
}

export function formatRequests(counts: Record<Where, SessionRequests>): string {
  const cols = ['posts', 'edits', 'threads', 'voiceStatuses', 'other', 'counted', 'interaction'] as const;
  const head = [
    'one back class (3-min holds)',
    'posts',
    'edits',
    'threads',
    'voice status',
    'other',
    'counted',
    'interaction',
  ];
  const rows = Object.entries(counts).map(([where, n]) => [where, ...cols.map((c) => String(n[c]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
