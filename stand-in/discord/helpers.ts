// Things people do in the Discord client, played into the fake's state and gateway.
import type { FakeDiscord } from './fake.ts';
import { voiceStatePayload } from './payloads.ts';
import { notFound } from './router.ts';
import { randomBytes } from 'node:crypto';
import type { APIChannel } from 'discord-api-types/v10';
import { GUILD_ID } from './fixtures.ts';
import type { State } from './state.ts';

export function markInterested(fake: FakeDiscord, eventId: string, userId: string): void {
  const e = fake.state.events.get(eventId);
  if (!e) throw notFound('Guild Scheduled Event', 10070);
  const set = fake.state.interested.get(eventId) ?? new Set<string>();
  fake.state.interested.set(eventId, set);
  if (set.has(userId)) return;
  set.add(userId);
  fake.dispatch(
    'GUILD_SCHEDULED_EVENT_USER_ADD',
    { guild_scheduled_event_id: eventId, user_id: userId, guild_id: e.guild_id },
    e.guild_id,
  );
}

export function unmarkInterested(fake: FakeDiscord, eventId: string, userId: string): void {
  const e = fake.state.events.get(eventId);
  if (!e || !fake.state.interested.get(eventId)?.delete(userId)) return;
  fake.dispatch(
    'GUILD_SCHEDULED_EVENT_USER_REMOVE',
    { guild_scheduled_event_id: eventId, user_id: userId, guild_id: e.guild_id },
    e.guild_id,
  );
}

/** A moderator deletes the event in the Discord client. */
export function deleteEventAsUser(fake: FakeDiscord, eventId: string): void {
  const e = fake.state.events.get(eventId);
  if (!e) throw notFound('Guild Scheduled Event', 10070);
  fake.state.events.delete(eventId);
  fake.dispatch('GUILD_SCHEDULED_EVENT_DELETE', e, e.guild_id);
}

/** A member joins (channelId) or leaves (null) a voice channel. */
export function setVoiceState(fake: FakeDiscord, userId: string, channelId: string | null, guildId: string): void {
  const states = fake.state.voiceStates(guildId);
  if (channelId) {
    const prev = states.get(userId);
    states.set(userId, {
      channelId,
      sessionId: prev?.sessionId ?? randomBytes(16).toString('hex'),
      selfMute: false,
      selfDeaf: false,
    });
  }
  const payload = voiceStatePayload(fake.state, guildId, userId, true);
  if (!channelId) {
    states.delete(userId);
    payload.channel_id = null;
  }
  fake.dispatch('VOICE_STATE_UPDATE', payload, guildId);
}

/** Adds `n` text channels to a guild (GUILD_ID by default; for load tests: one session per channel); returns their ids. */
export function addTextChannels(state: State, n: number, guildId: string = GUILD_ID): string[] {
  const ids: string[] = [];
  const first = BigInt(guildId) + 100_000n;
  for (let i = 0; i < n; i++) {
    const id = String(first + BigInt(i));
    state.channels.set(id, {
      id,
      type: 0,
      guild_id: guildId,
      name: `bench-${i}`,
      position: 10 + i,
      parent_id: null,
      topic: null,
      last_message_id: null,
      permission_overwrites: [],
      nsfw: false,
      rate_limit_per_user: 0,
      flags: 0,
    } as unknown as APIChannel);
    ids.push(id);
  }
  return ids;
}
