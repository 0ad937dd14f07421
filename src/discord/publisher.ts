import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type APIMessage, type REST } from 'discord.js';
import { answersInteraction, type SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import { PermanentPublishError } from '../errors.ts';
import { t } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { Publisher, SessionHooks } from '../sessions/runner.ts';
import { renderStep, type PostPicture } from './render-session.ts';

/** Discord's answers that mean "this channel will never take the post". */
const PERMANENT_CODES = new Set([
  10003 /* unknown channel */, 50001 /* missing access */, 50013 /* missing permissions */,
]);

/** Discord's answers that mean "this interaction can't be answered any more" (token expired, answer deleted). */
const GONE_CODES = new Set([
  10008 /* unknown message */, 10015 /* unknown webhook */, 10062 /* unknown interaction */,
  50027 /* invalid webhook token */,
]);

/** A step's picture, ready to upload with its post. */
export interface StepPicture extends PostPicture {
  data: Buffer;
}

export interface PublisherOptions {
  /** Whether a channel is a voice channel (its opening then says the sound). */
  isVoice?: (channelId: string) => boolean;
  /** Whether the channel can hold a discoveries thread (a text channel where the bot may open one). */
  canThread?: (channelId: string) => boolean;
  /** Whether the bot may attach files there, as far as it knows (unknown: try, and learn from a refusal). */
  canAttach?: (channelId: string) => boolean;
  /** The picture for a step, if it has one. */
  pictureFor?: (s: SessionState, t: Timeline, step: number) => StepPicture | undefined;
  /**
   * Sends the edit of a deferred interaction answer (`auth: false`). Its own client: Discord
   * doesn't count interaction webhooks against the bot's global limit, but discord.js's limiter
   * would count them with the posts. Default: the posting client.
   */
  interactionRest?: REST;
  /** Posts carry the "Class view" button (the Activity is on). */
  classView?: boolean;
  /** The clock (epoch ms): whether an interaction's token is still alive. */
  now?: () => number;
  log?: Logger;
}

/**
 * Posts session steps straight through REST: no message cache is needed to send. Each pose post
 * uploads its picture with it (CDN links expire, so nothing is reused). A channel where yin may
 * not attach files still gets the session: its posts go out without pictures, and the first of
 * them says why, once per session.
 */
export class DiscordPublisher implements Publisher, SessionHooks {
  readonly #rest: REST;
  readonly #options: PublisherOptions;
  /** Sessions posting without pictures → whether their posts have said so yet. */
  readonly #withoutPictures = new Map<string, boolean>();

  constructor(rest: REST, options: PublisherOptions = {}) {
    this.#rest = rest;
    this.#options = options;
  }

  async postStep(s: SessionState, tl: Timeline, step: number, missed: number): Promise<string | undefined> {
    const { isVoice = () => false, canAttach = () => true, pictureFor } = this.#options;
    if (!canAttach(s.channelId) && !this.#withoutPictures.has(s.id)) this.#withoutPictures.set(s.id, false);
    const picture = this.#withoutPictures.has(s.id) ? undefined : pictureFor?.(s, tl, step);
    const voice = isVoice(s.channelId);
    const threads = this.#options.canThread?.(s.channelId) ?? false;
    try {
      return await this.#post(s, tl, step, missed, { voice, threads, picture, note: this.#noteFor(s, tl, step) });
    } catch (err) {
      if (!picture || !isMissingPermissions(err)) throw permanentOr(err);
      // Attach Files is missing (installed before yin needed it): the post goes without.
      this.#withoutPictures.set(s.id, false);
      this.#options.log?.warn(
        { event: 'session.pictures_off', session: s.id, channel: s.channelId },
        'no permission to attach files here: posting without pictures',
      );
      try {
        return await this.#post(s, tl, step, missed, { voice, threads, note: this.#noteFor(s, tl, step) });
      } catch (again) {
        throw permanentOr(again);
      }
    }
  }

  get #interactionRest(): REST {
    return this.#options.interactionRest ?? this.#rest;
  }

  ended(s: SessionState): void {
    this.#withoutPictures.delete(s.id);
  }

  /** "Posts come without pictures", on the first post that lacks one for that reason. */
  #noteFor(s: SessionState, tl: Timeline, step: number): string | undefined {
    if (this.#withoutPictures.get(s.id) !== false || tl.steps[step]?.kind === 'closing') return undefined;
    this.#withoutPictures.set(s.id, true);
    return t('post.noPictures');
  }

  async #post(
    s: SessionState,
    tl: Timeline,
    step: number,
    missed: number,
    where: { voice: boolean; threads: boolean; picture?: StepPicture | undefined; note?: string | undefined },
  ): Promise<string | undefined> {
    const { picture } = where;
    const body = renderStep(s, tl, step, missed, { ...where, classView: this.#options.classView ?? false });
    const files = picture ? [{ name: picture.name, data: picture.data, contentType: 'image/png' }] : undefined;
    const now = this.#options.now ?? Date.now;
    if (s.reply && answersInteraction(s, now())) {
      // The answer is only ever the opening. A first post that is a later step (a catch-up
      // after an outage) goes to the channel.
      if (step !== 0) await this.#withdraw(s, s.reply);
      else {
        const id = await this.#answer(s, s.reply, body, files);
        if (id) return id;
      }
    }
    // The nonce (in the body) makes a retried upload return the message it already made.
    const message = (await this.#rest.post(Routes.channelMessages(s.channelId), {
      body,
      ...(files ? { files } : {}),
    })) as APIMessage;
    return message.id;
  }

  /**
   * The first post is a later step (the bot was away past the opening's time): the answer is
   * taken away if it is still "thinking…". One that became the opening before a crash (the
   * edit landed, the save didn't) stays. Best effort: an unanswered one expires by itself.
   */
  async #withdraw(s: SessionState, reply: NonNullable<SessionState['reply']>): Promise<void> {
    const rest = this.#interactionRest;
    const route = Routes.webhookMessage(reply.applicationId, reply.token);
    try {
      const answer = (await rest.get(route, { auth: false })) as APIMessage;
      if (((answer.flags ?? 0) & MessageFlags.Loading) !== 0) await rest.delete(route, { auth: false });
    } catch (err) {
      if (isGone(err)) return;
      this.#options.log?.warn(
        { event: 'session.reply_withdraw_failed', session: s.id, err: (err as Error).message },
        'could not take back the /yin start answer',
      );
    }
  }

  /**
   * The post as the edit of the deferred `/yin start` answer: an edit, so a retry (or a resume
   * after a crash) changes the same message and can't post twice. Undefined when the
   * interaction is gone: the post then goes to the channel.
   */
  async #answer(
    s: SessionState,
    reply: NonNullable<SessionState['reply']>,
    body: ReturnType<typeof renderStep>,
    files: { name: string; data: Buffer; contentType: string }[] | undefined,
  ): Promise<string | undefined> {
    const { nonce: _nonce, enforce_nonce: _enforce, ...edit } = body;
    try {
      const message = (await this.#interactionRest.patch(Routes.webhookMessage(reply.applicationId, reply.token), {
        body: edit,
        auth: false,
        ...(files ? { files } : {}),
      })) as APIMessage;
      return message.id;
    } catch (err) {
      if (!isGone(err)) throw err;
      this.#options.log?.warn(
        { event: 'session.reply_gone', session: s.id, channel: s.channelId, code: (err as DiscordAPIError).code },
        'the /yin start answer is gone: posting to the channel instead',
      );
      return undefined;
    }
  }
}

function isGone(err: unknown): boolean {
  return err instanceof DiscordAPIError && GONE_CODES.has(Number(err.code));
}

function isMissingPermissions(err: unknown): boolean {
  return err instanceof DiscordAPIError && Number(err.code) === RESTJSONErrorCodes.MissingPermissions;
}

function permanentOr(err: unknown): unknown {
  if (
    err instanceof DiscordAPIError &&
    (PERMANENT_CODES.has(Number(err.code)) || err.status === 403 || err.status === 404)
  ) {
    return new PermanentPublishError(`Discord refused the post (${err.status} ${err.code})`);
  }
  return err;
}
