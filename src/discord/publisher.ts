import { DiscordAPIError, Routes, type APIMessage, type REST } from 'discord.js';
import type { SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import { PermanentPublishError } from '../errors.ts';
import type { Publisher } from '../sessions/runner.ts';
import { renderStep } from './render-session.ts';

/** Discord's answers that mean "this channel will never take the post". */
const PERMANENT_CODES = new Set([
  10003 /* unknown channel */, 50001 /* missing access */, 50013 /* missing permissions */,
]);

/** Posts session steps straight through REST: no message cache is needed to send. */
export class DiscordPublisher implements Publisher {
  readonly #rest: REST;
  readonly #isVoice: (channelId: string) => boolean;
  /** `isVoice`: whether a channel is a voice channel (its opening then says the sound). */
  constructor(rest: REST, isVoice: (channelId: string) => boolean = () => false) {
    this.#rest = rest;
    this.#isVoice = isVoice;
  }

  async postStep(s: SessionState, t: Timeline, step: number, missed: number): Promise<string | undefined> {
    try {
      const message = (await this.#rest.post(Routes.channelMessages(s.channelId), {
        body: renderStep(s, t, step, missed, { voice: this.#isVoice(s.channelId) }),
      })) as APIMessage;
      return message.id;
    } catch (err) {
      if (
        err instanceof DiscordAPIError &&
        (PERMANENT_CODES.has(Number(err.code)) || err.status === 403 || err.status === 404)
      ) {
        throw new PermanentPublishError(`Discord refused the post (${err.status} ${err.code})`);
      }
      throw err;
    }
  }
}
