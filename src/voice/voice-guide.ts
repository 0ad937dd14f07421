// Session listener that guides a session in a voice channel: joins, rings the bell and speaks
// cues as steps are posted, speaks the moments inside a step (the hold's start, its end, the
// rest's end) on timers, goes quiet on pause, leaves at the end. Voice faults never stop the
// session: at worst it carries on in text and the channel is told once.
import { ChannelType, Routes, type Client, type VoiceChannel, type VoiceState } from 'discord.js';
import { type Cancel, type Clock, systemClock } from '../domain/clock.ts';
import { dueAt, sessionLanguage, type SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import type { Logger } from '../log.ts';
import type { Action } from '../domain/session.ts';
import type { SessionHooks } from '../sessions/runner.ts';
import { planFor, soundOf, type VoiceEvent } from './cues.ts';
import { momentsOf, stillDue, type Moment } from './moments.ts';
import { Speaker } from './speaker.ts';
import type { VoiceConnectionsGauge } from '../ops/metrics.ts';
import { canIn } from '../discord/permissions.ts';
import { t } from '../i18n.ts';
import type { Language } from '../languages.ts';

export interface VoiceGuideOptions {
  client: Client;
  log: Logger;
  /** Where the .opus cue files are (data/audio). */
  audioDir: string;
  /** Per try, to reach a working connection (default 15 s). */
  readyTimeoutMs?: number;
  /** Backoff before each rejoin; three rejoins by default, then sound is off. */
  retryMs?: readonly number[];
  /** Longest wait for the closing bells to finish before leaving (default 60 s). */
  leaveAfterMs?: number;
  /** The session runner's clock, for when a moment is due (default: the system clock). */
  clock?: Clock;
  /** The voice bench's comparison: volume by re-encoding, not by file (see SpeakerOptions). */
  inlineVolume?: boolean;
  /** The bot's yin_voice_connections gauge. */
  connections?: VoiceConnectionsGauge | undefined;
}

/** The step whose moments are armed: the session as it was when the step was posted, and the timers. */
interface Armed {
  step: number;
  atPost: SessionState;
  timers: Cancel[];
  /** Moments of this step already played (the interval bell rings once, whatever +1 does). */
  played: Set<string>;
}

/** The voice guide's notices, in the session's language (they are public posts in its channel). */
export const noPermissionText = (channel: string, lang: Language): string => t('voice.noPermission', { channel }, lang);
export const soundOffText = (lang: Language): string => t('voice.soundOff', {}, lang);
export const busyText = (other: string, lang: Language): string => t('voice.busy', { other }, lang);

export class VoiceGuide implements SessionHooks {
  readonly #client: Client;
  readonly #log: Logger;
  readonly #audioDir: string;
  readonly #readyTimeoutMs: number;
  readonly #retryMs: readonly number[];
  readonly #leaveAfterMs: number;
  readonly #clock: Clock;
  readonly #inlineVolume: boolean;
  readonly #connections: VoiceConnectionsGauge | undefined;
  /** channel id → its speaker, while a session there has sound. */
  readonly #speakers = new Map<string, Speaker>();
  /** Session ids that run without sound (told once, never retried). */
  readonly #silent = new Set<string>();
  /** Speakers of ended sessions, still ringing the closing out. */
  readonly #leaving = new Set<Speaker>();
  /** Session id → the last step whose cues were queued. */
  readonly #played = new Map<string, number>();
  /** Session id → the current step's armed moments. */
  readonly #armed = new Map<string, Armed>();

  constructor(o: VoiceGuideOptions) {
    this.#client = o.client;
    this.#log = o.log;
    this.#audioDir = o.audioDir;
    this.#readyTimeoutMs = o.readyTimeoutMs ?? 15_000;
    this.#retryMs = o.retryMs ?? [1_000, 5_000, 15_000];
    this.#leaveAfterMs = o.leaveAfterMs ?? 60_000;
    this.#clock = o.clock ?? systemClock;
    this.#inlineVolume = o.inlineVolume === true;
    this.#connections = o.connections;
  }

  stepPosted(s: SessionState, t: Timeline, step: number): void {
    // A new step drops the last one's moments (said or not) and arms its own.
    this.#disarm(s.id);
    const speaker = this.#speakerFor(s);
    if (!speaker) return;
    const armed: Armed = { step, atPost: s, timers: [], played: new Set() };
    this.#armed.set(s.id, armed);
    const ring = () => {
      this.#apply(speaker, s, t, { kind: 'step', step });
      this.#played.set(s.id, step);
    };
    // A post the pacer let go ahead of a burst: the bell keeps the step's own time.
    const due = dueAt(s, t, step) ?? 0;
    if (due > this.#clock.now()) armed.timers.push(this.#clock.at(due, ring));
    else ring();
    this.#arm(s, t);
  }

  acted(s: SessionState, t: Timeline, action: Action): void {
    const speaker = this.#speakers.get(s.channelId);
    if (speaker) this.#apply(speaker, s, t, { kind: 'action', action });
    // Pause clears the timers; Resume and +1 re-arm them from the new state; Skip and End drop
    // them (the step the runner posts next arms its own). An action on a step already left behind
    // (a listener call overtaken by the next post) leaves the new step's moments alone.
    if (this.#armed.get(s.id)?.step !== s.posted) return;
    this.#clearTimers(s.id);
    if (action === 'skip' || action === 'stop') this.#disarm(s.id);
    else this.#arm(s, t);
  }

  /** Returns at once (other listeners must not wait for the bells); leaves when they rang out. */
  ended(s: SessionState, t: Timeline): void {
    // A closing posted ahead of its time rings, and the guide leaves, at the closing's own time.
    const due = dueAt(s, t, s.posted) ?? 0;
    if (due > this.#clock.now()) {
      this.#clock.at(due, () => this.ended(s, t));
      return;
    }
    this.#disarm(s.id);
    this.#silent.delete(s.id);
    const speaker = this.#speakers.get(s.channelId);
    const played = this.#played.get(s.id);
    this.#played.delete(s.id);
    if (!speaker) return;
    this.#speakers.delete(s.channelId);
    // Listeners run one after another, so `ended` can overtake the closing's `stepPosted`: if the
    // closing was posted but not yet played, play it here (the late stepPosted then finds no
    // speaker and, the session having ended, does not join again).
    const closing = t.steps.length - 1;
    if (s.posted === closing && played !== closing) this.#apply(speaker, s, t, { kind: 'step', step: closing });
    this.#leaving.add(speaker);
    void speaker.idle(this.#leaveAfterMs).then(() => {
      speaker.leave();
      this.#leaving.delete(speaker);
    });
  }

  /** Leaves every voice channel now (shutdown). */
  close(): void {
    for (const id of [...this.#armed.keys()]) this.#disarm(id);
    for (const speaker of [...this.#speakers.values(), ...this.#leaving]) speaker.leave();
    this.#speakers.clear();
    this.#leaving.clear();
  }

  #apply(speaker: Speaker, s: SessionState, t: Timeline, event: VoiceEvent): void {
    const plan = planFor(s, t, event);
    if (plan.stop || plan.play.length > 0) speaker.play(plan.play);
  }

  /** Arms a timer for each moment of the armed step still to come in `s` (none while paused). */
  #arm(s: SessionState, t: Timeline): void {
    const armed = this.#armed.get(s.id);
    if (!armed) return;
    const now = this.#clock.now();
    for (const m of momentsOf(s, t, armed.step, now, armed.atPost, armed.played)) {
      armed.timers.push(this.#clock.at(m.atMs, () => this.#speak(s, m, armed)));
    }
  }

  /** A moment's cue goes after whatever still plays; a timer that fired too late says nothing. */
  #speak(s: SessionState, m: Moment, armed: Armed): void {
    const speaker = this.#speakers.get(s.channelId);
    const now = this.#clock.now();
    if (!speaker || speaker.left || !stillDue(m, now)) {
      this.#log.debug(
        { event: 'voice.moment_dropped', session: s.id, cue: m.play, lateMs: now - m.atMs },
        'moment not said',
      );
      return;
    }
    armed.played.add(m.id);
    speaker.queue(m.play);
  }

  #clearTimers(sessionId: string): void {
    const armed = this.#armed.get(sessionId);
    if (!armed) return;
    for (const cancel of armed.timers) cancel();
    armed.timers = [];
  }

  #disarm(sessionId: string): void {
    this.#clearTimers(sessionId);
    this.#armed.delete(sessionId);
  }

  /** The session's speaker, joining on first use; undefined when the session has no sound. */
  #speakerFor(s: SessionState): Speaker | undefined {
    const existing = this.#speakers.get(s.channelId);
    if (existing && !existing.left) return existing;
    // Never join just to ring a closing (a catch-up after a restart, or a late listener call).
    if (soundOf(s).mode === 'off' || this.#silent.has(s.id) || s.endedAt !== null) return undefined;
    const channel = this.#client.channels.cache.get(s.channelId);
    if (!channel || channel.type !== ChannelType.GuildVoice) return undefined;
    const refusal = this.#refusal(channel, sessionLanguage(s));
    if (refusal) {
      this.#silent.add(s.id);
      this.#log.warn(
        { event: 'voice.unavailable', session: s.id, channel: s.channelId, reason: refusal.reason },
        'session runs without sound',
      );
      void this.#say(s.channelId, refusal.text);
      return undefined;
    }
    const speaker = new Speaker(
      { guildId: channel.guildId, channelId: channel.id, adapterCreator: channel.guild.voiceAdapterCreator },
      {
        log: this.#log,
        audioDir: this.#audioDir,
        readyTimeoutMs: this.#readyTimeoutMs,
        retryMs: this.#retryMs,
        inlineVolume: this.#inlineVolume,
        connections: this.#connections,
        onGiveUp: () => {
          if (this.#speakers.get(s.channelId) === speaker) this.#speakers.delete(s.channelId);
          this.#silent.add(s.id);
          void this.#say(s.channelId, soundOffText(sessionLanguage(s)));
        },
      },
    );
    this.#speakers.set(s.channelId, speaker);
    this.#log.info({ event: 'voice.join', session: s.id, channel: s.channelId }, 'joining the voice channel');
    speaker.setMuted(this.#alone(channel));
    void speaker.connect();
    return speaker;
  }

  #refusal(channel: VoiceChannel, lang: Language): { reason: string; text: string } | undefined {
    if (!canIn(channel, 'voice')) {
      return { reason: 'permissions', text: noPermissionText(channel.id, lang) };
    }
    // One voice connection per server: a second voice session in the same server stays in text.
    for (const [otherId, other] of this.#speakers) {
      if (otherId !== channel.id && other.target.guildId === channel.guildId && !other.left)
        return { reason: 'busy', text: busyText(otherId, lang) };
    }
    return undefined;
  }

  /** True when nobody but bots is in the channel (the guild's voice states, not member lists). */
  #alone(channel: VoiceChannel): boolean {
    const meId = this.#client.user?.id;
    for (const vs of channel.guild.voiceStates.cache.values()) {
      if (vs.channelId === channel.id && vs.id !== meId && !vs.member?.user.bot) return false;
    }
    return true;
  }

  /** A voice state changed (the gateway's VoiceStateUpdate): someone came into or left a channel it speaks in. */
  peopleMoved(before: VoiceState, after: VoiceState): void {
    if (after.id === this.#client.user?.id) return;
    for (const id of new Set([before.channelId, after.channelId])) {
      const speaker = id ? this.#speakers.get(id) : undefined;
      const channel = id ? this.#client.channels.cache.get(id) : undefined;
      if (speaker && channel?.type === ChannelType.GuildVoice) speaker.setMuted(this.#alone(channel));
    }
  }

  /** A plain notice in the session's channel that pings nobody; failures are only logged. */
  async #say(channelId: string, content: string): Promise<void> {
    try {
      await this.#client.rest.post(Routes.channelMessages(channelId), {
        body: { content, allowed_mentions: { parse: [] } },
      });
    } catch (err) {
      this.#log.warn(
        { event: 'voice.notice_failed', channel: channelId, err: (err as Error).message },
        'could not post a voice notice',
      );
    }
  }
}
