// The fake Discord, driven by the real discord.js client over real HTTP + WebSocket.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, GatewayIntentBits, MessageFlags, Routes } from 'discord.js';
import type { ChatInputCommandInteraction, TextChannel } from 'discord.js';
import {
  APP_ID,
  GUILD_ID,
  TEXT_CHANNEL_ID,
  TOKEN,
  VOICE_CHANNEL_ID,
  startFakeDiscord,
} from '../../stand-in/discord/index.ts';
import type { FakeDiscord } from '../../stand-in/discord/index.ts';

const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildScheduledEvents];

function makeClient(fake: FakeDiscord): Client {
  return new Client({ intents, rest: { api: fake.apiUrl } });
}

async function login(client: Client, token = TOKEN): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(token);
  await ready;
}

describe('fake Discord with a real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = makeClient(fake);
    await login(client);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  afterEach(() => {
    client.removeAllListeners('interactionCreate');
  });

  it('logs in: READY, then the guild with its channels is cached', () => {
    expect(client.user?.id).toBe(APP_ID);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.name).toBe('Yin Club');
    expect(guild?.channels.cache.get(TEXT_CHANNEL_ID)?.name).toBe('practice');
    expect(guild?.channels.cache.get(VOICE_CHANNEL_ID)?.isVoiceBased()).toBe(true);
    expect(guild?.members.me?.permissions.has('CreateEvents')).toBe(true);
    expect(guild?.members.me?.permissions.has('ManageEvents')).toBe(false);
    expect(fake.identifies).toHaveLength(1);
    expect(JSON.stringify(fake.identifies)).not.toContain(TOKEN);
  });

  it('answers a slash command with an ephemeral reply', async () => {
    client.on('interactionCreate', (i) => {
      if (i.isChatInputCommand() && i.commandName === 'yin') {
        void (i as ChatInputCommandInteraction).reply({
          content: `begin ${i.options.getSubcommand()} ${i.options.getInteger('minutes')}`,
          flags: MessageFlags.Ephemeral,
        });
      }
    });
    const ix = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'start', options: { minutes: 20 } });
    const response = await ix.response;
    expect(response.type).toBe(4);
    expect(response.data.content).toBe('begin start 20');
    expect(ix.ephemeral()).toBe(true);
    expect(ix.original()?.content).toBe('begin start 20');
    expect(fake.messages(TEXT_CHANNEL_ID)).toHaveLength(0); // ephemeral: not in the channel
    expect(fake.ackLatencies.length).toBeGreaterThan(0);
    expect(fake.ackLatencies.at(-1)).toBeLessThan(3000);
    expect(fake.invalid).toHaveLength(0);
  });

  it('posts once when a send with nonce + enforce_nonce is repeated', async () => {
    const channel = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
    const a = await channel.send({ content: 'sit down', nonce: 'pose-1', enforceNonce: true });
    const b = await channel.send({ content: 'sit down', nonce: 'pose-1', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(fake.messages(TEXT_CHANNEL_ID).filter((m) => m.nonce === 'pose-1')).toHaveLength(1);
  });

  it('rejects a body that breaks the spec with 400 Invalid Form Body', async () => {
    const before = fake.messages(TEXT_CHANNEL_ID).length;
    const err = await client.rest
      .post(Routes.channelMessages(TEXT_CHANNEL_ID), { body: { embeds: [{ title: 'x'.repeat(300) }] } })
      .catch((e: unknown) => e as { status: number; code: number });
    expect(err).toMatchObject({ status: 400, code: 50035 });
    expect(fake.invalid).toHaveLength(1);
    expect(JSON.stringify(fake.invalid[0]?.errors)).toContain('/embeds/0/title');
    expect(fake.messages(TEXT_CHANNEL_ID)).toHaveLength(before);
  });

  it('paces 7 quick posts to one channel through the 5-per-5-s limit', async () => {
    const channel = client.channels.cache.get(VOICE_CHANNEL_ID) as unknown as TextChannel;
    const limitedBefore = fake.stats.rateLimited;
    await Promise.all(Array.from({ length: 7 }, (_, n) => channel.send(`breath ${n}`)));
    const contents = fake.messages(VOICE_CHANNEL_ID).map((m) => m.content);
    expect(contents).toEqual(Array.from({ length: 7 }, (_, n) => `breath ${n}`));
    expect(fake.stats.rateLimited - limitedBefore).toBeLessThanOrEqual(1);
    const posts = fake.requests.filter(
      (r) => r.route === '/channels/:id/messages' && r.path.includes(VOICE_CHANNEL_ID),
    );
    // The last two had to wait for the bucket to reset.
    expect(posts.at(-1)!.at - posts[0]!.at).toBeGreaterThan(4000);
  }, 15_000);

  it('survives an injected 500: discord.js retries and the message arrives once', async () => {
    fake.failNext({ method: 'POST', route: '/channels/:id/messages', status: 500 });
    const channel = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
    await channel.send('after the storm');
    expect(fake.messages(TEXT_CHANNEL_ID).filter((m) => m.content === 'after the storm')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.status === 500)).toHaveLength(1);
  });

  it('resumes after dropped connections and still receives interactions', async () => {
    const readies = fake.identifies.length;
    const resumed = new Promise<void>((resolve) => client.once('shardResume', () => resolve()));
    fake.dropConnections();
    await resumed;
    expect(fake.identifies.length).toBe(readies); // RESUME, no new IDENTIFY/READY
    expect(fake.connections).toBe(2);
    client.on('interactionCreate', (i) => {
      if (i.isChatInputCommand()) void i.reply('still here');
    });
    const ix = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'ping' });
    expect((await ix.response).data.content).toBe('still here');
    expect(fake.messages(TEXT_CHANNEL_ID).at(-1)?.content).toBe('still here');
  });

  it('rejects login with a wrong token', async () => {
    const other = makeClient(fake);
    await expect(other.login('not-the-token')).rejects.toThrow(/token/i);
    await other.destroy();
    expect(fake.requests.some((r) => r.route === '/gateway/bot' && r.status === 401)).toBe(true);
    expect(fake.stats.invalidRequests).toBeGreaterThan(0);
    expect(JSON.stringify(fake.requests)).not.toContain(TOKEN);
  });
});
