// One voice channel's connection and player: plays queued cue files, rejoins a dropped
// connection with backoff, and gives up (calling onGiveUp once) after the last retry.
import './udp-guard.ts';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AudioPlayerStatus,
  NoSubscriberBehavior,
  StreamType,
  VoiceConnectionStatus,
  createAudioPlayer,
  createAudioResource,
  joinVoiceChannel,
  type AudioPlayer,
  type DiscordGatewayAdapterCreator,
  type VoiceConnection,
  type VoiceConnectionState,
} from '@discordjs/voice';
import type { Logger } from '../log.ts';
import type { VoiceConnectionsGauge } from '../ops/metrics.ts';
import { VOLUME_DB } from '../domain/sound.ts';
import { clipFile, clipParts, fileFor } from './cues.ts';

export interface SpeakerTarget {
  guildId: string;
  channelId: string;
  adapterCreator: DiscordGatewayAdapterCreator;
}

export interface SpeakerOptions {
  log: Logger;
  audioDir: string;
  /** How long one try may take to reach Ready (handshake, UDP discovery). */
  readyTimeoutMs: number;
  /** Waits before each rejoin; its length is the number of rejoins before giving up. */
  retryMs: readonly number[];
  /** The yin_voice_connections gauge, counting this speaker while Ready (none in the voice bench). */
  connections?: VoiceConnectionsGauge | undefined;
  /** Called once when the last rejoin failed: the session carries on in text. */
  onGiveUp(): void;
  /**
   * For the voice bench only: play each clip's normal file and set its level with the library's
   * inline volume, which decodes and re-encodes every packet (what the pre-rendered levels avoid).
   */
  inlineVolume?: boolean;
}

export class Speaker {
  readonly target: SpeakerTarget;
  readonly #o: SpeakerOptions;
  readonly #player: AudioPlayer;
  #connection: VoiceConnection | undefined;
  #queue: string[] = [];
  #muted = false;
  #recovering = false;
  #left = false;
  #idleWaiters: (() => void)[] = [];
  /** Whether this speaker counts in the yin_voice_connections gauge (while Ready). */
  #counted = false;

  constructor(target: SpeakerTarget, options: SpeakerOptions) {
    this.target = target;
    this.#o = options;
    // Pause rather than drop frames while the connection (re)connects.
    this.#player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } });
    this.#player.on('stateChange', (_old, now) => {
      if (now.status === AudioPlayerStatus.Idle) this.#next();
    });
    // A missing or corrupt file is logged and skipped; the player goes Idle and plays on.
    this.#player.on('error', (err) =>
      this.#o.log.warn(
        { event: 'voice.play_failed', channel: target.channelId, err: err.message },
        'could not play a cue',
      ),
    );
  }

  get left(): boolean {
    return this.#left;
  }

  /** Joins and keeps the connection up; resolves false if it gave up (or left meanwhile). */
  async connect(): Promise<boolean> {
    this.#connection = this.#join();
    return this.#ensureReady();
  }

  /** Cuts whatever plays and plays these cues in order. Dropped while muted (nobody listens). */
  play(keys: readonly string[]): void {
    this.#queue = this.#muted || this.#left ? [] : [...keys];
    if (this.#player.state.status === AudioPlayerStatus.Idle) this.#next();
    else this.#player.stop(true); // → Idle → #next
  }

  /**
   * Plays these cues after whatever is playing or queued, cutting nothing (a moment inside a hold
   * waits for the pose's cue to finish). Dropped while muted.
   */
  queue(keys: readonly string[]): void {
    if (this.#muted || this.#left) return;
    this.#queue.push(...keys);
    if (this.#player.state.status === AudioPlayerStatus.Idle) this.#next();
  }

  stop(): void {
    this.play([]);
  }

  /** Alone in the channel: the sound pauses (the session does not) until someone is back. */
  setMuted(muted: boolean): void {
    if (muted === this.#muted) return;
    this.#muted = muted;
    this.#o.log.info(
      { event: muted ? 'voice.alone' : 'voice.company', channel: this.target.channelId },
      muted ? 'alone in the channel: sound paused' : 'someone is back: sound on',
    );
    if (muted) this.stop();
  }

  /** Resolves when the queue has played out, or after maxMs (a stuck player must not keep us). */
  async idle(maxMs: number): Promise<void> {
    if (this.#player.state.status === AudioPlayerStatus.Idle && this.#queue.length === 0) return;
    // Not connected: the queue would only wait for a connection, not play.
    if (this.#connection?.state.status !== VoiceConnectionStatus.Ready) return;
    let done!: () => void;
    const played = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.#idleWaiters.push(done);
    const timeout = sleep(maxMs, undefined, { ref: false });
    await Promise.race([played, timeout]);
  }

  leave(): void {
    if (this.#left) return;
    this.#left = true;
    this.#queue = [];
    this.#player.stop(true);
    const c = this.#connection;
    if (c && c.state.status !== VoiceConnectionStatus.Destroyed) c.destroy(); // sends op 4 with channel_id null
    this.#count(false);
    this.#o.log.info({ event: 'voice.leave', channel: this.target.channelId }, 'left the voice channel');
  }

  #join(): VoiceConnection {
    const { guildId, channelId, adapterCreator } = this.target;
    const c = joinVoiceChannel({ guildId, channelId, adapterCreator, selfDeaf: true, selfMute: false });
    c.subscribe(this.#player);
    c.on('stateChange', (old, now) => {
      this.#count(now.status === VoiceConnectionStatus.Ready && !this.#left && this.#connection === c);
      if (this.#left || this.#connection !== c) return;
      if (now.status === VoiceConnectionStatus.Ready)
        this.#o.log.info({ event: 'voice.ready', channel: channelId }, 'voice connection ready');
      // Leaving Ready (dropped, kicked, server moved): cues would come out late, so cut them.
      const dropped = old.status === VoiceConnectionStatus.Ready && now.status !== VoiceConnectionStatus.Ready;
      if (dropped || now.status === VoiceConnectionStatus.Disconnected) {
        this.stop();
        void this.#ensureReady();
      }
    });
    // Errors also surface as state changes; logging them is enough.
    c.on('error', (err) =>
      this.#o.log.warn({ event: 'voice.error', channel: channelId, err: err.message }, 'voice connection error'),
    );
    return c;
  }

  /**
   * Waits for Ready; on a failed try, backs off and rejoins, up to retryMs.length times. The
   * library re-sends op 4 by itself right after a non-4014 close, with no limit or delay; we let
   * that one quick retry run, then take over (destroying its loop) so retries are spaced out.
   */
  async #ensureReady(): Promise<boolean> {
    if (this.#recovering) return false;
    this.#recovering = true;
    try {
      for (let attempt = 0; ; attempt++) {
        const c = this.#connection;
        if (!c || this.#left) return false;
        if (await this.#tryOnce(c)) return true;
        if (this.#left) return false;
        const wait = this.#o.retryMs[attempt];
        const status = c.state.status;
        if (wait === undefined) {
          this.#o.log.warn(
            { event: 'voice.gave_up', channel: this.target.channelId, tries: attempt + 1, status },
            'voice connection failed; sound off for this session',
          );
          this.leave();
          this.#o.onGiveUp();
          return false;
        }
        this.#o.log.warn(
          { event: 'voice.retry', channel: this.target.channelId, attempt: attempt + 1, retryInMs: wait, status },
          'voice connection down; rejoining',
        );
        const looping = status === VoiceConnectionStatus.Signalling || status === VoiceConnectionStatus.Connecting;
        if (looping) c.destroy();
        await sleep(wait);
        if (this.#left) return false;
        if (c.state.status === VoiceConnectionStatus.Destroyed || !c.rejoin()) this.#connection = this.#join();
      }
    } finally {
      this.#recovering = false;
    }
  }

  /** One try: true once Ready; false on timeout, on Disconnected, or when a handshake fails. */
  #tryOnce(c: VoiceConnection): Promise<boolean> {
    const { Ready, Destroyed, Disconnected, Signalling, Connecting } = VoiceConnectionStatus;
    if (c.state.status === Ready) return Promise.resolve(true);
    if (c.state.status === Destroyed || c.state.status === Disconnected) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        c.off('stateChange', onChange);
        resolve(ok);
      };
      const onChange = (old: VoiceConnectionState, now: VoiceConnectionState) => {
        if (now.status === Ready) finish(true);
        else if (
          now.status === Destroyed ||
          now.status === Disconnected ||
          (old.status === Connecting && now.status === Signalling)
        )
          finish(false);
      };
      const timer = setTimeout(() => finish(false), this.#o.readyTimeoutMs);
      c.on('stateChange', onChange);
    });
  }

  #count(ready: boolean): void {
    if (ready === this.#counted) return;
    this.#counted = ready;
    if (ready) this.#o.connections?.inc();
    else this.#o.connections?.dec();
  }

  #next(): void {
    const key = this.#queue.shift();
    if (key === undefined) {
      for (const done of this.#idleWaiters.splice(0)) done();
      return;
    }
    const inline = this.#o.inlineVolume === true;
    const { key: cue, volume } = clipParts(key);
    // Pre-encoded Ogg Opus, one file per volume: demuxed and sent as is, no encoder or ffmpeg.
    const file = join(this.#o.audioDir, inline ? fileFor(cue) : clipFile(key));
    const stream = createReadStream(file);
    stream.on('error', (err) =>
      this.#o.log.warn({ event: 'voice.missing_cue', key, err: err.message }, 'cue file unreadable'),
    );
    const resource = createAudioResource(stream, {
      inputType: StreamType.OggOpus,
      metadata: key,
      inlineVolume: inline,
    });
    resource.volume?.setVolumeDecibels(VOLUME_DB[volume]);
    this.#player.play(resource);
  }
}
