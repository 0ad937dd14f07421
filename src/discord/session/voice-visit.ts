import { Events, GatewayOpcodes, type Client, type VoiceState } from 'discord.js';

/**
 * Joins a voice channel for a moment (the voice state only, no audio connection), runs `task`
 * there and leaves. Discord takes a channel's status only from a member of it, so this is how a
 * restarted bot puts back a status that a crashed session left. Refused while the bot is in
 * another voice channel of that guild (a session of its own there): it can be in only one.
 */
export async function visitVoiceChannel(
  client: Client,
  guildId: string,
  channelId: string,
  task: () => Promise<void>,
  timeoutMs = 10_000,
): Promise<boolean> {
  const guild = client.guilds.cache.get(guildId);
  const me = client.user?.id;
  if (!guild || !me) return false;
  const now = guild.voiceStates.cache.get(me)?.channelId ?? null;
  if (now !== null && now !== channelId) return false;
  const send = (channel: string | null) =>
    guild.shard.send({
      op: GatewayOpcodes.VoiceStateUpdate,
      d: { guild_id: guildId, channel_id: channel, self_mute: true, self_deaf: true },
    });
  const arrived = (want: string | null) =>
    new Promise<boolean>((resolve) => {
      if ((guild.voiceStates.cache.get(me)?.channelId ?? null) === want) return resolve(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      const onState = (_: VoiceState, after: VoiceState) => {
        if (after.id === me && after.guild.id === guildId && after.channelId === want) done(true);
      };
      const done = (ok: boolean) => {
        clearTimeout(timer);
        client.off(Events.VoiceStateUpdate, onState);
        resolve(ok);
      };
      client.on(Events.VoiceStateUpdate, onState);
    });
  const joining = arrived(channelId);
  if (now === null) send(channelId);
  if (!(await joining)) {
    send(null);
    return false;
  }
  try {
    await task();
  } finally {
    if (now === null) {
      const leaving = arrived(null);
      send(null);
      await leaving;
    }
  }
  return true;
}
