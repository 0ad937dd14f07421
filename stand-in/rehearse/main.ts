// `npm run rehearse`: the stand-in Discord on 127.0.0.1 and the real bot process against it, then
// `/yin start <sequence>` as a member would type it, printed as the member would read it.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { APIMessage } from 'discord.js';
import { CatalogError, loadCatalog } from '../../src/domain/load-catalog.ts';
import { startFakeDiscord } from '../discord/fake.ts';
import { APP_ID, HOST, TEXT_CHANNEL_ID, TOKEN, VOICE_CHANNEL_ID } from '../discord/fixtures.ts';
import { LOADING, type StoredMessage } from '../discord/messages.ts';
import { renderPage } from './render-html.ts';
import { renderMessage } from './render-terminal.ts';
import { startRehearsalVoice, type RehearsalVoice } from './voice.ts';

const { values: args } = parseArgs({
  options: {
    sequence: { type: 'string', default: 'back' },
    hold: { type: 'string' },
    length: { type: 'string' },
    speed: { type: 'string', default: '15' },
    channel: { type: 'string', default: 'text' },
    json: { type: 'boolean', default: false },
    data: { type: 'string', default: 'data' },
    html: { type: 'string' },
  },
});

function fail(line: string, code = 1): never {
  console.error(`rehearse: ${line}`);
  process.exit(code);
}

// Check the data first, so a sequence author sees zod's errors (file and field) straight away.
let catalog: ReturnType<typeof loadCatalog>;
try {
  catalog = loadCatalog(args.data);
} catch (err) {
  if (err instanceof CatalogError) fail(err.message, 2);
  throw err;
}
if (!catalog.sequences.has(args.sequence))
  fail(
    `no sequence "${args.sequence}" in ${args.data}/sequences (known: ${[...catalog.sequences.keys()].join(', ')})`,
    2,
  );
const speed = Number(args.speed);
if (!(speed > 0 && speed <= 3600)) fail('--speed must be a number from 1 to 3600', 2);
if (args.channel !== 'text' && args.channel !== 'voice') fail('--channel is text or voice', 2);
const channelId = args.channel === 'voice' ? VOICE_CHANNEL_ID : TEXT_CHANNEL_ID;

// Discord lets a channel take about 5 posts in 5 s; sped-up holds get a proportionally wider door
// so the rehearsal shows the session, not the rate limiter.
// In voice, a stand-in voice server (TLS with a throwaway certificate the bot is told to trust)
// hears what the bot plays.
const voice: RehearsalVoice | undefined =
  args.channel === 'voice'
    ? await startRehearsalVoice(
        catalog,
        args.data,
        args.sequence,
        args.hold ? Number(args.hold) : undefined,
        args.length ? Number(args.length) : undefined,
      )
    : undefined;
const fake = await startFakeDiscord({
  messageRateLimit: { limit: Math.ceil(5 * Math.max(1, speed / 60)), windowMs: 5000 },
  ...(voice ? { voiceEndpoint: voice.server.endpoint } : {}),
});
// The host is in the voice channel, as people practising would be (alone, the bot stays quiet).
if (voice) fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
const names: Record<string, string> = { [HOST.id]: HOST.username, [APP_ID]: 'yin' };
for (const c of fake.state.channels.values()) if ('name' in c && c.name) names[c.id] = c.name;

const bot = spawn(process.execPath, ['src/main.ts'], {
  env: {
    PATH: process.env.PATH,
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-rehearse-')), 'yin.sqlite')}`,
    YIN_SPEED: String(speed),
    YIN_DATA_DIR: args.data,
    YIN_LOG_LEVEL: 'warn',
    ...(voice ? { NODE_EXTRA_CA_CERTS: voice.caFile } : {}),
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let botErrors = '';
bot.stderr.on('data', (chunk: Buffer) => (botErrors += chunk.toString()));
const finish = async (code: number) => {
  bot.kill();
  await voice?.server.stop();
  await fake.stop();
  process.exit(code);
};
bot.once('exit', (code) => {
  console.error(`rehearse: the bot stopped (exit ${code}).${botErrors ? `\n${botErrors.trim()}` : ''}`);
  void fake.stop().then(() => process.exit(1));
});

const out = (text: string) => process.stdout.write(`${text}\n`);
let statusesShown = 0;
/** The voice channel's status as the bot sets it, each change once. */
function printStatuses(): void {
  const sent = fake.requests.filter((r) => r.method === 'PUT' && r.route.endsWith('/voice-status') && r.status === 204);
  for (const r of sent.slice(statusesShown))
    out(`\n  🔈 voice channel status: ${(r.body as { status: string | null }).status ?? '(put back: none)'}`);
  statusesShown = sent.length;
}
const seen = new Set<string>();
function printNew(): APIMessage[] {
  const fresh = [...fake.state.messages.values()]
    .flat()
    // A deferred answer still "thinking" is shown once it is edited into what it answers.
    .filter((m) => !seen.has(m.id) && !((m.flags ?? 0) & LOADING))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  for (const m of fresh) {
    seen.add(m.id);
    if (args.json) out(JSON.stringify({ channel: names[m.channel_id] ?? m.channel_id, ...m }));
    // Countdowns are read from when the message was posted, as a member would see it arrive.
    else
      out(
        `\n# ${names[m.channel_id] ?? m.channel_id}\n${renderMessage(m, { now: Date.parse(m.timestamp), speed, names })}`,
      );
    const sound = voice?.cuesFor(m);
    if (sound && !args.json) out(`\n  ${sound}`);
  }
  if (!args.json) printStatuses();
  return fresh;
}

try {
  await fake.waitFor(() => fake.identifies.length > 0, 20_000);
  const options: Record<string, string | number> = {
    sequence: args.sequence,
    ...(args.hold ? { hold: Number(args.hold) } : {}),
    ...(args.length ? { length: Number(args.length) } : {}),
  };
  if (!args.json)
    out(
      `/yin start ${args.sequence}${args.hold ? ` hold:${args.hold}` : ''}${args.length ? ` length:${args.length}` : ''}   (in #${names[channelId]}, at ${speed}× speed)`,
    );
  const ack = await fake.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options }).response;
  const ackText = (ack.data as { content?: string } | undefined)?.content ?? '';
  // Started here, the answer is deferred and becomes the opening (printed below as a post).
  if (!args.json && ackText)
    out(
      `\n(only you can see this) ${renderMessage({ content: ackText, embeds: [], components: [] }, { now: Date.now(), speed, names })}`,
    );
  const closingAt = await fake.waitFor(
    () => {
      printNew();
      if (fake.invalid.length) return -1;
      return fake.messages(channelId).some((m) => m.embeds[0]?.title?.startsWith('Closing')) ? Date.now() : undefined;
    },
    Math.max(60_000, (3 * 3_600_000) / speed),
  );
  if (closingAt > 0) {
    // Give the after-session work (the discoveries thread) a moment to appear.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    printNew();
    if (voice && !args.json) out(`\n♪ the voice channel heard (~ = cut short by the next step): ${voice.heard()}`);
  }
  if (args.html) {
    const all = [...fake.state.messages.values()]
      .flat()
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((m) => ({ message: m as StoredMessage, channel: names[m.channel_id] ?? m.channel_id }));
    const statuses = fake.requests
      .filter((r) => r.method === 'PUT' && r.route.endsWith('/voice-status') && r.status === 204)
      .map((r) => (r.body as { status: string | null }).status ?? '(cleared)');
    const title = `/yin start ${args.sequence} — rehearsal at ${speed}× speed`;
    writeFileSync(args.html, renderPage(title, all, { now: Date.now(), speed, names }, statuses));
    if (!args.json) out(`\nwrote ${args.html}: the session as a page, with its pictures`);
  }
  if (fake.invalid.length) {
    for (const bad of fake.invalid)
      console.error(
        `rehearse: Discord would reject ${bad.method} ${bad.route}: ${JSON.stringify(bad.errors.slice(0, 3))}`,
      );
    await finish(1);
  }
  await finish(0);
} catch (err) {
  console.error(`rehearse: ${(err as Error).message}`);
  await finish(1);
}
