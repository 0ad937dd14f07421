import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIMessage, type REST } from 'discord.js';
import type { SessionState } from '../domain/session.ts';
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

/** A step's picture, ready to upload with its post. */
export interface StepPicture extends PostPicture {
  data: Buffer;
}

export interface PublisherOptions {
  /** Whether a channel is a voice channel (its opening then says the sound). */
  isVoice?: (channelId: string) => boolean;
  /** Whether the bot may attach files there, as far as it knows (unknown: try, and learn from a refusal). */
  canAttach?: (channelId: string) => boolean;
  /** The picture for a step, if it has one. */
  pictureFor?: (s: SessionState, t: Timeline, step: number) => StepPicture | undefined;
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
    try {
      return await this.#post(s, tl, step, missed, { voice, picture, note: this.#noteFor(s, tl, step) });
    } catch (err) {
      if (!picture || !isMissingPermissions(err)) throw permanentOr(err);
      // Attach Files is missing (installed before yin needed it): the post goes without.
      this.#withoutPictures.set(s.id, false);
      this.#options.log?.warn(
        { event: 'session.pictures_off', session: s.id, channel: s.channelId },
        'no permission to attach files here: posting without pictures',
      );
      try {
        return await this.#post(s, tl, step, missed, { voice, note: this.#noteFor(s, tl, step) });
      } catch (again) {
        throw permanentOr(again);
      }
    }
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
    where: { voice: boolean; picture?: StepPicture | undefined; note?: string | undefined },
  ): Promise<string | undefined> {
    const { picture } = where;
    const body = renderStep(s, tl, step, missed, where);
    const files = picture ? [{ name: picture.name, data: picture.data, contentType: 'image/png' }] : undefined;
    // The nonce (in the body) makes a retried upload return the message it already made.
    const message = (await this.#rest.post(Routes.channelMessages(s.channelId), {
      body,
      ...(files ? { files } : {}),
    })) as APIMessage;
    return message.id;
  }
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
