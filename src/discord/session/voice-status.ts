import type { Paced } from '../../sessions/send-window.ts';
// The voice channel's status shows where the practice is ("🧘 3/8 · Dragonfly — side bend (left
// side)"), set at each step of a voice session with sound and put back to what it was at the end.
// What was there before is kept in the store beside the channel, so a bot that crashed mid-class
// puts it back when it starts again, even if the session never resumes.
import { DiscordAPIError, RESTJSONErrorCodes, type REST } from 'discord.js';
import type Keyv from 'keyv';
import { z } from 'zod';
import { KeyedLock } from '../../domain/keyed-lock.ts';
import { sessionLanguage, type SessionState } from '../../domain/session.ts';
import type { Timeline } from '../../domain/timeline.ts';
import type { Logger } from '../../log.ts';
import type { SessionHooks } from '../../sessions/runner.ts';
import type { RawPacket } from '../gateway.ts';
import { readRecord } from '../../store/records.ts';
import { statusLine } from './text.ts';

/** Discord's limit on a voice channel status. */
export const STATUS_MAX = 500;

/** PUT /channels/{id}/voice-status (not in discord.js's Routes yet). */
const voiceStatusRoute = (channelId: string) => `/channels/${channelId}/voice-status` as const;

const heldSchema = z.object({
  v: z.literal(1),
  guildId: z.string(),
  sessionId: z.string(),
  /** The status before the session ('' when there was none). */
  before: z.string().max(STATUS_MAX),
});
type Held = z.infer<typeof heldSchema>;

export interface VoiceStatusOptions {
  rest: REST;
  /** `voice-status` records: channel id → what to put back. */
  keyv: Keyv<Held>;
  log: Logger;
  /** The post budget: every status update is a request like a post (given back once answered). */
  paced: Paced;
  /** Whether the session has sound in a voice channel (only then is the bot in the channel). */
  applies: (s: SessionState) => boolean;
  /** Whether the bot is connected to the channel now: Discord takes a status only from a member of it. */
  inChannel: (channelId: string) => boolean;
  /** Runs `task` with the bot in the channel for a moment (see voice-visit.ts); false if it couldn't. */
  visit: (guildId: string, channelId: string, task: () => Promise<void>) => Promise<boolean>;
  /** The status the channel shows now, as the gateway last said ('' or undefined: none). */
  current: (channelId: string) => string | undefined;
}

export class VoiceStatus implements SessionHooks {
  readonly #o: VoiceStatusOptions;
  /** Session id → the line last set, so a repeated post (a catch-up) sends nothing new. */
  readonly #shown = new Map<string, string>();
  /** Channels where Discord refused: the session runs on without a status, logged once. */
  readonly #refused = new Set<string>();

  constructor(o: VoiceStatusOptions) {
    this.#o = o;
  }

  /** Channel id → the step waiting for the bot to finish joining. */
  readonly #pending = new Map<string, { s: SessionState; tl: Timeline; step: number }>();
  /** Updates of one channel go in order: a step's update can't land after the session's restore. */
  readonly #lock = new KeyedLock();

  /** Not awaited by the runner's other listeners: the bell that rings with the post never waits for a status. */
  stepPosted(s: SessionState, tl: Timeline, step: number): void {
    if (!this.#o.applies(s) || s.endedAt !== null) return;
    void this.#lock
      .run(s.channelId, () => this.#show(s, tl, step))
      .catch((err: Error) =>
        this.#o.log.warn(
          { event: 'voice_status.failed', channel: s.channelId, err: err.message },
          'voice status not set',
        ),
      );
  }

  ended(s: SessionState): Promise<void> {
    return this.#lock.run(s.channelId, () => this.#end(s));
  }

  /** The bot's voice connection reached a channel: a step waiting for it is shown now. */
  joined(channelId: string): Promise<void> {
    const waiting = this.#pending.get(channelId);
    if (!waiting) return Promise.resolve();
    return this.#lock.run(channelId, () => this.#show(waiting.s, waiting.tl, waiting.step));
  }

  async #show(s: SessionState, tl: Timeline, step: number): Promise<void> {
    if (this.#refused.has(s.channelId)) return;
    this.#pending.delete(s.channelId);
    if (!this.#o.inChannel(s.channelId)) return void this.#pending.set(s.channelId, { s, tl, step });
    const line = statusLine(tl, step, sessionLanguage(s)).slice(0, STATUS_MAX);
    if (this.#shown.get(s.id) === line) return;
    // Written before the first update: a crash after it still knows what to put back.
    if (!this.#shown.has(s.id) && !(await this.#o.keyv.get(s.channelId)))
      await this.#o.keyv.set(s.channelId, {
        v: 1,
        guildId: s.guildId,
        sessionId: s.id,
        before: this.#o.current(s.channelId) ?? '',
      });
    if (await this.#put(s.channelId, line)) this.#shown.set(s.id, line);
  }

  async #end(s: SessionState): Promise<void> {
    this.#shown.delete(s.id);
    this.#pending.delete(s.channelId);
    const refused = this.#refused.delete(s.channelId);
    if (!(await this.#o.keyv.has(s.channelId))) return;
    // Refused all along: nothing of ours is showing, so there is nothing to put back.
    if (refused) await this.#o.keyv.delete(s.channelId);
    else await this.#restore(s.channelId);
  }

  /**
   * After a restart, once saved sessions are back: a status yin set for a session that no longer
   * runs here is put back to what it was. `running`: whether the channel has a session now.
   */
  async sweep(owns: (guildId: string) => boolean, running: (channelId: string) => boolean): Promise<number> {
    const { keyv, log } = this.#o;
    if (!keyv.iterator) return 0;
    const stale: [string, Held][] = [];
    for await (const [channelId, value] of keyv.iterator()) {
      const held = readRecord(heldSchema, value, { namespace: 'voice-status', key: String(channelId) }, () => {});
      if (held && owns(held.guildId) && !running(String(channelId))) stale.push([String(channelId), held]);
    }
    for (const [channelId] of stale) await this.#lock.run(channelId, () => this.#restore(channelId));
    if (stale.length)
      log.info({ event: 'voice_status.swept', count: stale.length }, 'put back stale voice channel statuses');
    return stale.length;
  }

  async #restore(channelId: string): Promise<void> {
    const held = readRecord(
      heldSchema,
      await this.#o.keyv.get(channelId),
      { namespace: 'voice-status', key: channelId },
      () => {},
    );
    if (!held) return void (await this.#o.keyv.delete(channelId));
    // A refusal here (the permission gone, the channel deleted) can't be put right: forget it.
    // Discord takes a status only from a member of the channel: when the bot isn't in it (a
    // session ended just after a restart, before it rejoined) it joins for a moment to do it.
    const put = async () => void (await this.#put(channelId, held.before || null));
    let done = true;
    if (this.#o.inChannel(channelId)) await put();
    else done = await this.#o.visit(held.guildId, channelId, put);
    // Not done (the bot is busy in another voice channel of that guild): the next start tries again.
    if (done) await this.#o.keyv.delete(channelId);
    else
      this.#o.log.warn(
        { event: 'voice_status.restore_skipped', channel: channelId },
        'could not join the channel to put its status back; trying again at the next start',
      );
  }

  /** One status update through the post budget; false when it didn't land. */
  async #put(channelId: string, status: string | null): Promise<boolean> {
    try {
      await this.#o.paced(() => this.#o.rest.put(voiceStatusRoute(channelId), { body: { status } }));
      return true;
    } catch (err) {
      const refused =
        err instanceof DiscordAPIError &&
        (err.status === 403 ||
          Number(err.code) === RESTJSONErrorCodes.MissingPermissions ||
          Number(err.code) === RESTJSONErrorCodes.MissingAccess);
      if (refused) {
        if (!this.#refused.has(channelId))
          this.#o.log.warn(
            { event: 'voice_status.refused', channel: channelId },
            'cannot set the voice channel status here (Set Voice Channel Status): the session runs without it',
          );
        this.#refused.add(channelId);
      } else {
        this.#o.log.warn(
          { event: 'voice_status.failed', channel: channelId, err: (err as Error).message },
          'voice channel status update failed',
        );
      }
      return false;
    }
  }
}

/**
 * What each voice channel's status is, from the gateway: GUILD_CREATE carries it on voice
 * channels and VOICE_CHANNEL_STATUS_UPDATE changes it (discord.js keeps neither, so the raw
 * packets are read).
 */
export function channelStatuses(): { seen(packet: RawPacket): void; current(channelId: string): string | undefined } {
  const statuses = new Map<string, string>();
  return {
    seen(packet) {
      if (packet.t === 'GUILD_CREATE') {
        const channels = (packet.d as { channels?: { id: string; status?: string | null }[] }).channels ?? [];
        for (const c of channels) if (typeof c.status === 'string') statuses.set(c.id, c.status);
      } else if (packet.t === 'VOICE_CHANNEL_STATUS_UPDATE') {
        const d = packet.d as { id: string; status?: string | null };
        if (d.status) statuses.set(d.id, d.status);
        else statuses.delete(d.id);
      }
    },
    current: (channelId) => statuses.get(channelId),
  };
}
