import { unanswered } from '../i18n.ts';
import type { Language } from '../languages.ts';
import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import type { Cancel, Clock } from '../domain/clock.ts';
import { KeyedLock } from '../domain/keyed-lock.ts';
import * as session from '../domain/session.ts';
import type { SoundPrefs } from '../domain/sound.ts';
import { holdInRange, legacyPlan, planOf, type Plan, type Timeline } from '../domain/timeline.ts';
import { Timelines } from './timelines.ts';
import { lengthRefusal, planToLength } from '../domain/class-length.ts';
import { InputError } from '../domain/input-error.ts';
import { PermanentPublishError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Pacer, Release } from './pacer.ts';
import type { SessionsRepo } from './sessions-repo.ts';
import type { SessionStart } from '../schedule/ports.ts';

type SessionState = session.SessionState;
type Action = session.Action;

export interface Publisher {
  /**
   * Posts a step and returns the message's id. Must be idempotent per (session id, step): a retry
   * may not post twice.
   */
  postStep(s: SessionState, t: Timeline, step: number, missed: number): Promise<string | undefined>;
}

/**
 * Listeners for what happens to a session (voice, discoveries, metrics). A failing listener is
 * logged and never stops the session.
 */
export interface SessionHooks {
  /**
   * A step was posted (the bell and the post for a step go out together). `missed` > 0: it is
   * a catch-up post standing in for that many steps passed over (after a restart, or a session
   * a whole hold behind).
   */
  stepPosted?(
    s: SessionState,
    t: Timeline,
    step: number,
    messageId: string | undefined,
    missed: number,
  ): Promise<void> | void;
  /** A host action changed the session. */
  acted?(s: SessionState, t: Timeline, action: Action): Promise<void> | void;
  ended?(s: SessionState, t: Timeline): Promise<void> | void;
}

/**
 * A session to start: where, by whom, which sequence and how long (the schedules' SessionStart:
 * `language:` for the posts and voice, a server's own sequence handed over whole, the session
 * keeping a copy, and `length:` planned by `planToLength` with the hold pinned), and its sound.
 */
export interface StartInput extends SessionStart {
  /** The sound this session chose (`/yin start sound: bell: volume: interval:`); unset parts: the server's. */
  sound?: SoundPrefs | undefined;
  /** A member's private replay (kept with the session, so a restart resumes it as one). */
  private?: SessionState['private'] | undefined;
}

/** A start checked and resolved by `prepare`, not saved yet. */
export interface PreparedStart {
  readonly input: StartInput;
  readonly language: Language;
  readonly catalog: Catalog;
  readonly sequence: Sequence;
  readonly hold: number;
  /** The class planned to `length:`; unset: the sequence as written (planOf). */
  readonly plan?: Plan | undefined;
  readonly sound: SoundPrefs;
}

export interface RunnerDeps {
  catalog: Catalog;
  repo: SessionsRepo;
  publisher: Publisher;
  clock: Clock;
  log: Logger;
  /** YIN_SPEED: 60 makes a minute of practice pass in a second. */
  speed: number;
  /** Which guilds' saved sessions this process resumes (sharding: only its own shard's). Default: all. */
  owns?: (guildId: string) => boolean;
  /** Keeps posts under Discord's global limit, oldest due first. None: post at once. */
  pacer?: Pacer;
  /** The catalog in a language (poses and built-in sequences translated). Default: the English `catalog`. */
  catalogIn?: (language: Language | undefined) => Catalog;
  /** The guild's practice language for a session that names none (`/yin settings language`, else the server's locale). */
  languageDefault?: (guildId: string) => Promise<Language>;
  /** The guild's sound defaults for what a session leaves unset (`/yin settings sound`). */
  soundDefaults?: (guildId: string) => Promise<SoundPrefs>;
}

interface Live {
  state: SessionState;
  timeline: Timeline;
  /** Cancels the wake-up armed on the clock. */
  timer?: Cancel;
  failures: number;
  /** Waiting for the pacer: one turn per session at a time. */
  pacing?: boolean;
  /** The due time of the next step when the pacer let it go ahead of it (a burst was coming). */
  ahead?: number | undefined;
  /** Gives the pacer's place back once the post is answered. */
  release?: Release | undefined;
  /** When the last turn was asked for and given (for the step's log line: where its time went). */
  turn?: { asked: number; given: number } | undefined;
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Drives sessions along their timelines. Each wake-up recomputes what is due from absolute
 * times, so a late timer, a restart or a burst of button presses can't shift the schedule.
 */
export class SessionRunner {
  readonly #deps: RunnerDeps;
  readonly #live = new Map<string, Live>();
  readonly #lock = new KeyedLock();
  /** Shared by every class of the same sequence, hold, speed and plan. */
  readonly #timelines = new Timelines();
  /** Who waits for a channel's session to post a step (`posted`). */
  readonly #waiters = new Map<string, { step: number; done: (posted: boolean) => void }[]>();
  #stopped = false;
  /** Who hears what sessions do, in order (`listen`). */
  #hooks: readonly SessionHooks[] | undefined;

  constructor(deps: RunnerDeps) {
    this.#deps = deps;
  }

  /**
   * Who hears what sessions do, in the order they are called: set once, before any session runs.
   * Some listeners need the runner themselves (the schedules start sessions, the class view reads
   * them), so they are made after it and handed over here together.
   */
  listen(hooks: readonly SessionHooks[]): void {
    if (this.#hooks) throw new Error('the runner already has its listeners');
    this.#hooks = hooks;
  }

  #catalogIn(language: Language | undefined): Catalog {
    return this.#deps.catalogIn?.(language) ?? this.#deps.catalog;
  }

  get(channelId: string): SessionState | undefined {
    return this.#live.get(channelId)?.state;
  }

  timeline(channelId: string): Timeline | undefined {
    return this.#live.get(channelId)?.timeline;
  }

  get size(): number {
    return this.#live.size;
  }

  /** Posts waiting for the pacer. */
  get waiting(): number {
    return this.#deps.pacer?.waiting ?? 0;
  }

  async start(input: StartInput): Promise<{ state: SessionState; timeline: Timeline }> {
    return this.begin(await this.prepare(input));
  }

  /**
   * Everything a start decides before anything is saved or posted (language, sequence, hold,
   * sound); throws the InputError a member should read. `/yin start` checks this before it
   * answers publicly, so a refusal can still be answered privately.
   */
  async prepare(input: StartInput): Promise<PreparedStart> {
    const language =
      input.language ?? (await this.#deps.languageDefault?.(input.guildId).catch(() => undefined)) ?? 'en';
    const catalog = this.#catalogIn(language);
    const own = input.sequence;
    const sequence = own ?? catalog.sequences.get(input.sequenceId);
    if (!sequence) {
      throw new InputError('session.unknownSequence', {
        id: input.sequenceId,
        known: [...catalog.sequences.keys()].join(', '),
      });
    }
    let hold = input.holdMinutes ?? sequence.holdMinutes.default;
    if (!holdInRange(sequence, hold))
      throw new InputError('session.holdRange', { name: sequence.name, ...sequence.holdMinutes });
    let plan: Plan | undefined;
    if (input.lengthMinutes !== undefined) {
      const planned = planToLength(sequence, input.lengthMinutes, input.holdMinutes);
      if (!planned.ok) throw lengthRefusal(sequence, input.lengthMinutes, planned.miss, input.holdMinutes);
      plan = planned.fit.plan;
      hold = planned.fit.holdMinutes;
    }
    // Resolved once, here: the session keeps the sound it started with. A settings read that
    // fails must not stop practice: the defaults then apply.
    const server = await this.#deps.soundDefaults?.(input.guildId).catch(() => undefined);
    const chosen = input.sound;
    const sound: SoundPrefs = {
      mode: chosen?.mode ?? server?.mode,
      bell: chosen?.bell ?? server?.bell,
      volume: chosen?.volume ?? server?.volume,
      interval: chosen?.interval ?? server?.interval,
    };
    return { input, language, catalog, sequence, hold, plan, sound };
  }

  /** Starts a prepared session; `reply`: its first post answers this deferred interaction. */
  async begin(
    prepared: PreparedStart,
    reply?: SessionState['reply'],
  ): Promise<{ state: SessionState; timeline: Timeline }> {
    const { clock, speed } = this.#deps;
    const { language, catalog, sequence, hold, sound } = prepared;
    const { input } = prepared;
    const own = input.sequence;
    return this.#lock.run(input.channelId, async () => {
      if (this.#live.has(input.channelId)) throw new InputError('session.alreadyRunning');
      const id = `${clock.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      // Sped up, start on a whole second: Discord's <t:…:R> countdowns have one-second resolution,
      // so every end time a post shows is then exact (0.3 s holds need that). At real speed a
      // countdown off by < 1 s is invisible, and rounding would make every session's posts fall
      // due on the same instant of each second: a burst the pacer could only spread out late.
      const startedAt = speed > 1 ? Math.ceil(clock.now() / 1000) * 1000 : clock.now();
      const plan = prepared.plan ?? planOf(sequence, hold);
      const state = session.newSession({
        ...input,
        sound,
        id,
        sequenceId: sequence.id,
        holdMinutes: hold,
        speed,
        startedAt,
        plan,
        sequence: own,
        language,
        reply,
      });
      const timeline = this.#timelines.of(catalog, sequence, hold, speed, plan);
      this.#live.set(state.channelId, { state, timeline, failures: 0 });
      try {
        await this.#deps.repo.save(state);
      } catch (err) {
        // Not saved means not started: a session that can't survive a restart isn't promised.
        this.#live.delete(state.channelId);
        this.#deps.log.warn(
          { event: 'session.start_failed', channel: state.channelId, err: (err as Error).message },
          'could not save the new session',
        );
        throw new InputError('session.notSaved');
      }
      this.#deps.log.info(
        { event: 'session.start', session: id, channel: state.channelId, sequence: sequence.id, hold, startedAt },
        'session started',
      );
      // The session's timers belong to no member: its posts must not take its host's language.
      unanswered(() => queueMicrotask(() => void this.#tick(state.channelId)));
      return { state, timeline };
    });
  }

  /**
   * Resolves true once the channel's session has posted `step`; false if it ends (or the runner
   * stops) first.
   */
  posted(channelId: string, step: number): Promise<boolean> {
    const live = this.#live.get(channelId);
    if (!live || this.#stopped) return Promise.resolve(false);
    if (live.state.posted >= step) return Promise.resolve(true);
    return new Promise((done) => {
      const waiting = this.#waiters.get(channelId) ?? [];
      waiting.push({ step, done });
      this.#waiters.set(channelId, waiting);
    });
  }

  /** Tells the waiters what the channel's session has posted; `ended`: all of them, finally. */
  #tellWaiters(channelId: string, posted: number, ended = false): void {
    const waiting = this.#waiters.get(channelId);
    if (!waiting) return;
    const left = waiting.filter((w) => {
      if (w.step > posted && !ended) return true;
      w.done(w.step <= posted);
      return false;
    });
    if (left.length) this.#waiters.set(channelId, left);
    else this.#waiters.delete(channelId);
  }

  /** Applies a host action; the runner then posts whatever became due. */
  async act(channelId: string, action: Action): Promise<SessionState> {
    return this.#lock.run(channelId, async () => {
      const live = this.#live.get(channelId);
      if (!live) throw new InputError('session.noneHere');
      const now = this.#deps.clock.now();
      const { state: s, timeline: t } = live;
      const next =
        action === 'pause'
          ? session.pause(s, now)
          : action === 'resume'
            ? session.resume(s, now)
            : action === 'skip'
              ? session.skip(s, t, now)
              : action === 'extend'
                ? session.extend(s, 1)
                : session.stop(s, t, now);
      live.state = next;
      // Applied either way; an unsaved action is saved with the next step.
      await this.#deps.repo
        .save(next)
        .catch((err: Error) =>
          this.#deps.log.warn(
            { event: 'session.save_failed', session: s.id, err: err.message },
            'could not save the session action',
          ),
        );
      this.#deps.log.info({ event: `session.${action}`, session: s.id, channel: channelId }, `session ${action}`);
      void this.#emit('acted', next, live.timeline, action);
      this.#arm(channelId, 0);
      return next;
    });
  }

  /**
   * Passes the channel's session's controls to another member (`/yin handover`), saved at once so
   * a restart keeps who leads. Throws InputError when no session runs there.
   */
  async handOver(channelId: string, memberId: string): Promise<SessionState> {
    return this.#lock.run(channelId, async () => {
      const live = this.#live.get(channelId);
      if (!live) throw new InputError('session.noneHere');
      const next = session.handOver(live.state, memberId);
      // Not saved means not handed over: the old leader keeps the controls, and is told.
      await this.#deps.repo.save(next).catch((err: Error) => {
        this.#deps.log.warn(
          { event: 'session.save_failed', session: next.id, err: err.message },
          'hand-over not saved',
        );
        throw new InputError('teacher.handoverNotSaved');
      });
      live.state = next;
      this.#deps.log.info({ event: 'session.handover', session: next.id, channel: channelId }, 'controls handed over');
      return next;
    });
  }

  /** After a restart: picks up every saved session, each with at most one catch-up post. */
  async resumeAll(): Promise<number> {
    const owns = this.#deps.owns ?? (() => true);
    const saved = (await this.#deps.repo.all()).filter((s) => owns(s.guildId));
    for (const state of saved) {
      const catalog = this.#catalogIn(state.language);
      const sequence = state.sequence ?? catalog.sequences.get(state.sequenceId);
      if (!sequence || this.#live.has(state.channelId)) continue;
      // The session's own plan: a sequence edited since (or an upgrade) doesn't move its steps.
      const plan = state.plan ?? legacyPlan(sequence, state.holdMinutes);
      let timeline: Timeline;
      try {
        timeline = this.#timelines.of(catalog, sequence, state.holdMinutes, state.speed, plan);
      } catch (err) {
        this.#deps.log.error(
          { event: 'session.unresumable', session: state.id, channel: state.channelId, err: (err as Error).message },
          'a saved session names a pose the data no longer has; it is not resumed',
        );
        continue;
      }
      this.#live.set(state.channelId, { state, timeline, failures: 0 });
      this.#deps.log.info(
        { event: 'session.resume', session: state.id, channel: state.channelId, posted: state.posted },
        'session resumed after restart',
      );
      this.#arm(state.channelId, 0);
    }
    return saved.length;
  }

  /** Stops all timers (shutdown); sessions stay saved and resume on the next start. */
  close(): void {
    this.#stopped = true;
    this.#deps.pacer?.close();
    for (const channelId of [...this.#waiters.keys()]) this.#tellWaiters(channelId, -1, true);
    for (const live of this.#live.values()) live.timer?.();
  }

  /** Waits for every tick in progress (a post on the wire, a save) to finish; for shutdown. */
  async idle(): Promise<void> {
    await Promise.all([...this.#live.keys()].map((channelId) => this.#lock.run(channelId, async () => {})));
  }

  #arm(channelId: string, delayMs: number): void {
    const live = this.#live.get(channelId);
    if (!live || this.#stopped) return;
    live.timer?.();
    // On the session's clock: a test clock that jumps moves the class with it.
    const { clock } = this.#deps;
    // The session's timers belong to no member: its posts must not take its host's language.
    live.timer = clock.at(clock.now() + Math.max(0, delayMs), () => unanswered(() => void this.#tick(channelId)));
  }

  async #tick(channelId: string): Promise<void> {
    if (!(await this.#waitTurn(channelId))) return;
    const release = this.#live.get(channelId)?.release;
    try {
      await this.#post(channelId, release);
    } finally {
      release?.();
    }
  }

  /** Posts what is due, under the channel's lock; `release` as soon as Discord has answered. */
  #post(channelId: string, release: Release | undefined): Promise<void> {
    return this.#lock.run(channelId, async () => {
      const live = this.#live.get(channelId);
      if (!live || this.#stopped) return;
      live.release = undefined;
      const { clock, publisher, repo, log } = this.#deps;
      // A step the pacer let go ahead is posted as at its due time; its `<t:…>` times are the plan's.
      const at = Math.max(clock.now(), live.ahead ?? 0);
      live.ahead = undefined;
      const action = session.nextAction(live.state, live.timeline, at);
      // Wake a little before the next step, so the pacer may let it go ahead of a burst.
      const lead = this.#deps.pacer?.leadMs ?? 0;
      if (action.kind === 'wait') return this.#arm(channelId, action.until - lead - clock.now());
      if (action.kind !== 'post') return action.kind === 'done' ? this.#finish(channelId) : undefined;
      let messageId: string | undefined;
      const sending = clock.now();
      const turn = live.turn;
      live.turn = undefined;
      try {
        messageId = await publisher.postStep(live.state, live.timeline, action.step, action.missed);
        release?.();
      } catch (err) {
        release?.();
        if (err instanceof PermanentPublishError) {
          log.warn(
            { event: 'session.abandoned', session: live.state.id, channel: channelId, err: err.message },
            'channel refused the session; ending it',
          );
          return this.#finish(channelId);
        }
        const delay = RETRY_MS[Math.min(live.failures++, RETRY_MS.length - 1)] ?? 30_000;
        log.warn(
          {
            event: 'session.post_failed',
            session: live.state.id,
            step: action.step,
            retryInMs: delay,
            err: (err as Error).message,
          },
          'post failed; retrying',
        );
        return this.#arm(channelId, delay);
      }
      live.failures = 0;
      live.state = session.markPosted(live.state, live.timeline, action.step, Math.max(at, clock.now()));
      log.info(
        {
          event: 'session.step',
          session: live.state.id,
          channel: channelId,
          step: action.step,
          missed: action.missed,
          // Where its time went: waiting for its turn, for the channel, and for Discord's answer.
          ...(turn ? { turnMs: turn.given - turn.asked, lockMs: sending - turn.given } : {}),
          postMs: clock.now() - sending,
        },
        'step posted',
      );
      void this.#emit('stepPosted', live.state, live.timeline, action.step, messageId, action.missed);
      this.#tellWaiters(channelId, live.state.posted);
      if (live.state.endedAt !== null) return this.#finish(channelId);
      // The post is out; a failed save only means a restart might repeat this step, which the
      // nonce turns into the same message. Keep the timeline going rather than stall on the store.
      await repo
        .save(live.state)
        .catch((err: Error) =>
          log.warn(
            { event: 'session.save_failed', session: live.state.id, err: err.message },
            'could not save session progress',
          ),
        );
      this.#arm(channelId, 0);
    });
  }

  /**
   * Takes a turn from the pacer when a post is due, outside the channel's lock so buttons stay
   * quick under load. The post itself is worked out again after the wait: a session that fell
   * behind by a whole step meanwhile gets one catch-up post, as after a restart.
   */
  async #waitTurn(channelId: string): Promise<boolean> {
    const live = this.#live.get(channelId);
    const pacer = this.#deps.pacer;
    if (!live || this.#stopped) return false;
    if (!pacer) return true;
    if (live.pacing) return false; // the turn being waited for covers this wake-up too
    const now = this.#deps.clock.now();
    const action = session.nextAction(live.state, live.timeline, now);
    if (action.kind === 'wait' && action.until - now <= pacer.leadMs && live.state.posted >= 0) {
      // A timed step within the lead: the pacer may let it go early if a burst is coming.
      live.pacing = true;
      try {
        live.release = await pacer.take(action.until, true);
        live.turn = { asked: now, given: this.#deps.clock.now() };
      } finally {
        live.pacing = false;
      }
      live.ahead = action.until;
      return !this.#stopped;
    }
    if (action.kind !== 'post') return true;
    // The opening as the interaction's answer isn't counted against the global limit: no turn.
    if (action.step === 0 && session.answersInteraction(live.state, now)) return true;
    live.pacing = true;
    try {
      live.release = await pacer.take(session.dueAt(live.state, live.timeline, action.step) ?? this.#deps.clock.now());
      live.turn = { asked: now, given: this.#deps.clock.now() };
    } finally {
      live.pacing = false;
    }
    return !this.#stopped;
  }

  async #finish(channelId: string): Promise<void> {
    const live = this.#live.get(channelId);
    if (!live) return;
    live.timer?.();
    this.#live.delete(channelId);
    this.#tellWaiters(channelId, live.state.posted, true);
    await this.#deps.repo
      .remove(channelId)
      .catch((err: Error) =>
        this.#deps.log.warn(
          { event: 'session.remove_failed', session: live.state.id, err: err.message },
          'could not remove the ended session from the store',
        ),
      );
    this.#deps.log.info(
      { event: 'session.end', session: live.state.id, channel: channelId, reason: live.state.endReason },
      'session ended',
    );
    await this.#emit('ended', live.state, live.timeline);
  }

  /** Calls every listener; one that throws is logged and the others still run. */
  async #emit<K extends keyof SessionHooks>(name: K, ...args: Parameters<NonNullable<SessionHooks[K]>>): Promise<void> {
    for (const hooks of this.#hooks ?? []) {
      try {
        await (hooks[name] as ((...a: typeof args) => Promise<void> | void) | undefined)?.(...args);
      } catch (err) {
        this.#deps.log.error(
          { event: `session.hook_failed`, hook: name, session: args[0].id, err: (err as Error).message },
          'session listener failed',
        );
      }
    }
  }
}
