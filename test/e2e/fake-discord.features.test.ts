// More of the fake's surface, through discord.js: deferred replies, buttons, modals, autocomplete,
// threads, scheduled events, commands, voice, files, faults, sharding.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { Interaction, TextChannel } from 'discord.js';
import {
  ANNOUNCE_CHANNEL_ID,
  APP_ID,
  BOT_ROLE_ID,
  GUILD_ID,
  MEMBER,
  MOD,
  OTHER_GUILD_ID,
  TEXT_CHANNEL_ID,
  TOKEN,
  VOICE_CHANNEL_ID,
  memberPermissions,
  startFakeDiscord,
} from '../../stand-in/discord/index.ts';
import type { FakeDiscord } from '../../stand-in/discord/index.ts';

const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildScheduledEvents];

async function connect(fake: FakeDiscord): Promise<Client> {
  const client = new Client({ intents, rest: { api: fake.apiUrl }, shards: 'auto' });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(TOKEN);
  await ready;
  return client;
}

describe('fake Discord features', () => {
  let fake: FakeDiscord;
  let client: Client;
  const on = (fn: (i: Interaction) => Promise<unknown>): void => {
    client.on('interactionCreate', (i) => void fn(i).catch((e: unknown) => console.error(e)));
  };

  beforeAll(async () => {
    fake = await startFakeDiscord({ interactionTimeoutMs: 500 });
    client = await connect(fake);
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });
  afterEach(() => {
    client.removeAllListeners('interactionCreate');
    expect(fake.invalid).toEqual([]);
  });

  it('defer + editReply + followUp; the first follow-up after a defer is not a new message', async () => {
    on(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply('ready');
      await i.followUp({ content: 'just for you', flags: 64 });
    });
    const ix = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'yin', user: MEMBER });
    expect((await ix.response).type).toBe(5);
    await fake.waitFor(() => ix.followups.length === 1);
    expect(ix.original()?.content).toBe('ready');
    expect(ix.original()?.flags).toBe(0);
    expect(ix.followups[0]?.flags).toBe(64);
    expect(fake.messages(TEXT_CHANNEL_ID).map((m) => m.content)).toEqual(['ready']);
  });

  it('button click with update edits the clicked message; modal and autocomplete answer', async () => {
    const channel = client.channels.cache.get(ANNOUNCE_CHANNEL_ID) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('join').setLabel('Join').setStyle(ButtonStyle.Primary),
    );
    await channel.send({ content: 'session at 7', components: [row] });
    const posted = fake.messages(ANNOUNCE_CHANNEL_ID)[0]!;
    on(async (i) => {
      if (i.isButton()) await i.update({ content: 'session at 7 — 1 joined' });
      if (i.isModalSubmit()) await i.reply({ content: `noted: ${i.fields.getTextInputValue('why')}` });
      if (i.isAutocomplete()) await i.respond([{ name: 'Dragon', value: 'dragon' }]);
      if (i.isChatInputCommand()) {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('m')
            .setTitle('Why')
            .addComponents(
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('why').setLabel('Why').setStyle(TextInputStyle.Short),
              ),
            ),
        );
      }
    });
    const click = fake.click({ message: posted, customId: 'join', user: MEMBER });
    expect((await click.response).type).toBe(7);
    expect(fake.messages(ANNOUNCE_CHANNEL_ID)[0]?.content).toBe('session at 7 — 1 joined');
    const ask = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'feedback' });
    expect((await ask.response).type).toBe(9);
    const modal = fake.submitModal({ channelId: TEXT_CHANNEL_ID, customId: 'm', fields: { why: 'calm' } });
    expect((await modal.response).data.content).toBe('noted: calm');
    const ac = fake.autocomplete({
      channelId: TEXT_CHANNEL_ID,
      name: 'pose',
      options: { name: 'dra' },
      focused: 'name',
    });
    expect((await ac.response).data.choices).toEqual([{ name: 'Dragon', value: 'dragon' }]);
  });

  it('withResponse, deferUpdate + editReply, and channel options resolved', async () => {
    const text = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
    const posted = await text.send({
      content: 'pose: butterfly',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('next').setLabel('Next').setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
    let replyId = '';
    on(async (i) => {
      if (i.isButton()) {
        await i.deferUpdate();
        await i.editReply({ content: 'pose: dragon' });
      }
      if (i.isChatInputCommand()) {
        const where = i.options.getChannel('where', true);
        const res = await i.reply({ content: `in ${where.name}`, withResponse: true });
        replyId = res.resource?.message?.id ?? '';
      }
    });
    const click = fake.click({
      message: fake.messages(TEXT_CHANNEL_ID).find((m) => m.id === posted.id)!,
      customId: 'next',
    });
    expect((await click.response).type).toBe(6);
    await fake.waitFor(
      () => fake.messages(TEXT_CHANNEL_ID).find((m) => m.id === posted.id)?.content === 'pose: dragon',
    );
    const ix = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'start', options: { where: VOICE_CHANNEL_ID } });
    await ix.response;
    await fake.waitFor(() => replyId || undefined);
    expect(replyId).toBe(ix.original()?.id);
    expect(ix.original()?.content).toBe('in yin-voice');
  });

  it('answers 40060 to a second callback and 10062 after the window', async () => {
    const ix = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'x' });
    const cb = Routes.interactionCallback(ix.id, ix.token);
    await client.rest.post(cb, { body: { type: 4, data: { content: 'one' } }, auth: false });
    await expect(
      client.rest.post(cb, { body: { type: 4, data: { content: 'two' } }, auth: false }),
    ).rejects.toMatchObject({ code: 40060 });
    const late = fake.slash({ channelId: TEXT_CHANNEL_ID, name: 'x' });
    await new Promise((r) => setTimeout(r, 600));
    await expect(
      client.rest.post(Routes.interactionCallback(late.id, late.token), { body: { type: 5 }, auth: false }),
    ).rejects.toMatchObject({ code: 10062 });
  });

  it('threads: from a message in text works, in voice answers 50024', async () => {
    const text = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
    const m = await text.send('thread me');
    const created = new Promise((r) => client.once('threadCreate', r));
    const thread = await m.startThread({ name: 'after practice' });
    await created;
    expect(thread.type).toBe(ChannelType.PublicThread);
    await thread.send('in the thread');
    expect(fake.messages(thread.id).map((x) => x.content)).toEqual(['in the thread']);
    const voice = client.channels.cache.get(VOICE_CHANNEL_ID) as unknown as TextChannel;
    const vm = await voice.send('in voice chat');
    // discord.js refuses this itself, so go through raw REST to see Discord's answer.
    await expect(
      client.rest.post(Routes.threads(VOICE_CHANNEL_ID, vm.id), { body: { name: 'nope' } }),
    ).rejects.toMatchObject({ code: 50024 });
  });

  it('scheduled events: create, interest, status rules, user delete', async () => {
    const guild = client.guilds.cache.get(GUILD_ID)!;
    const start = new Date(Date.now() + 3_600_000);
    const ev = await guild.scheduledEvents.create({
      name: 'Evening yin',
      scheduledStartTime: start,
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.Voice,
      channel: VOICE_CHANNEL_ID,
    });
    expect(fake.events(GUILD_ID).map((e) => e.name)).toEqual(['Evening yin']);
    await expect(
      guild.scheduledEvents.create({
        name: 'Park',
        scheduledStartTime: start,
        privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
        entityType: GuildScheduledEventEntityType.External,
      } as never),
    ).rejects.toMatchObject({ status: 400 });
    // That body was invalid on purpose (external event without location or end).
    expect(fake.invalid.splice(0)).toHaveLength(1);
    const added = new Promise((r) => client.once('guildScheduledEventUserAdd', (_e, u) => r(u.id)));
    fake.markInterested(ev.id, MEMBER.id);
    expect(await added).toBe(MEMBER.id);
    const subs = await ev.fetchSubscribers({ withMember: true });
    expect([...subs.keys()]).toEqual([MEMBER.id]);
    await expect(ev.setStatus(GuildScheduledEventStatus.Completed)).rejects.toMatchObject({ status: 400 });
    await ev.setStatus(GuildScheduledEventStatus.Active);
    const deleted = new Promise((r) => client.once('guildScheduledEventDelete', (e) => r(e.id)));
    fake.deleteEventAsUser(ev.id);
    expect(await deleted).toBe(ev.id);
    expect(fake.events(GUILD_ID)).toEqual([]);
  });

  it('commands, files, voice, member permissions', async () => {
    await client.application!.commands.set([{ name: 'yin', description: 'Practice yin' }], GUILD_ID);
    expect(fake.commands(GUILD_ID).map((c) => c.name)).toEqual(['yin']);
    const text = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
    await text.send({ files: [new AttachmentBuilder(Buffer.from('breathe'), { name: 'notes.md' })] });
    const att = fake.messages(TEXT_CHANNEL_ID).at(-1)?.attachments[0];
    expect(att?.filename).toBe('notes.md');
    expect(att?.content.toString()).toBe('breathe');
    const joined = new Promise((r) => client.on('voiceStateUpdate', (_o, n) => n.id === MOD.id && r(n.channelId)));
    fake.setVoiceState(MOD.id, VOICE_CHANNEL_ID);
    expect(await joined).toBe(VOICE_CHANNEL_ID);
    client.guilds.cache.get(GUILD_ID)!.shard.send({
      op: 4,
      d: { guild_id: GUILD_ID, channel_id: VOICE_CHANNEL_ID, self_mute: false, self_deaf: true },
    });
    await fake.waitFor(() => client.guilds.cache.get(GUILD_ID)!.members.me?.voice.channelId === VOICE_CHANNEL_ID);
    expect(BigInt(memberPermissions(MOD.id)) & (1n << 13n)).toBe(1n << 13n);
    expect(BigInt(memberPermissions(MEMBER.id)) & (1n << 13n)).toBe(0n);
  });

  it('delayNext afterCommit: the message is stored before the slow answer', async () => {
    fake.delayNext({ method: 'POST', route: '/channels/:id/messages', ms: 300, afterCommit: true });
    const text = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
    const sending = text.send('slow');
    await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).some((m) => m.content === 'slow'), 250);
    await sending;
  });
});

describe('fake Discord sharding and permissions', () => {
  it('two shards each get their guild; missing Send Messages answers 403', async () => {
    const fake = await startFakeDiscord({ shards: 2, botPermissions: 1n << 10n });
    const client = await connect(fake);
    try {
      expect(fake.identifies.map((i) => i.shard)).toEqual(
        expect.arrayContaining([
          [0, 2],
          [1, 2],
        ]),
      );
      expect(client.guilds.cache.has(GUILD_ID) && client.guilds.cache.has(OTHER_GUILD_ID)).toBe(true);
      const text = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
      await expect(text.send('hi')).rejects.toMatchObject({ code: 50013 });
      expect(fake.stats.invalidRequests).toBe(1);
      expect(client.user?.id).toBe(APP_ID);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it('a channel overwrite that denies the bot Send Messages answers 403 there only, and discord.js sees the same', async () => {
    const deny = [{ id: BOT_ROLE_ID, type: 0 as const, allow: '0', deny: String(PermissionFlagsBits.SendMessages) }];
    // A member overwrite allows MEMBER to manage messages in #announcements, and nowhere else.
    const allow = [{ id: MEMBER.id, type: 1 as const, allow: String(PermissionFlagsBits.ManageMessages), deny: '0' }];
    const fake = await startFakeDiscord({ overwrites: { [TEXT_CHANNEL_ID]: deny, [ANNOUNCE_CHANNEL_ID]: allow } });
    const client = await connect(fake);
    try {
      const text = client.channels.cache.get(TEXT_CHANNEL_ID) as TextChannel;
      const announce = client.channels.cache.get(ANNOUNCE_CHANNEL_ID) as TextChannel;
      expect(text.permissionsFor(APP_ID)?.has(PermissionFlagsBits.SendMessages)).toBe(false);
      await expect(text.send('hi')).rejects.toMatchObject({ code: 50013 });
      await expect(announce.send('hi')).resolves.toBeDefined();
      expect(announce.permissionsFor(MEMBER.id)?.has(PermissionFlagsBits.ManageMessages)).toBe(true);
      expect(text.permissionsFor(MEMBER.id)?.has(PermissionFlagsBits.ManageMessages)).toBe(false);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });
});
