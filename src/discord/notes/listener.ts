import type { Paced } from '../../sessions/send-window.ts';
import { ChannelType, Routes, type APIChannel, type APIMessage, type Client, type VoiceState } from 'discord.js';
import type { Clock } from '../../domain/clock.ts';
import { isPrivate, sessionLanguage, type SessionState } from '../../domain/session.ts';
import type { Timeline } from '../../domain/timeline.ts';
import type { Logger } from '../../log.ts';
import { recordClassEnd } from '../../members/class-end.ts';
import type { Discoveries } from '../../guilds/discoveries-repo.ts';
import type { SessionHooks } from '../../sessions/runner.ts';
import { mentioning, t } from '../../i18n.ts';
import type { CommandMentions } from '../../command-mentions.ts';
import { NO_PINGS } from '../markup.ts';
import { shortDay } from './format.ts';
import type { Repos } from '../../repos.ts';

/**
 * Notes' side of a session: voice members count as joined at the opening, the closing opens a
 * discoveries thread, and the end records each joined member's practice and the class itself
 * (class-end.ts: the one writer of a class's record, which reports and `/yin replay` read).
 */
export class NotesSessionListener implements SessionHooks {
  readonly #client: Client;
  readonly #repos: Repos;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #paced: Paced;
  readonly #mentions: CommandMentions | undefined;

  /**
   * `paced` runs each request in its turn of the bot's post budget (the session pacer): the thread at every
   * closing (and, where it can't be one, the note on the closing) is a REST request too, and at
   * thousands of sessions they would otherwise push the bot past Discord's global limit.
   */
  constructor(
    client: Client,
    repos: Repos,
    clock: Clock,
    log: Logger,
    paced: Paced = (request) => request(),
    mentions?: CommandMentions,
  ) {
    this.#client = client;
    this.#repos = repos;
    this.#clock = clock;
    this.#log = log;
    this.#paced = paced;
    this.#mentions = mentions;
  }

  async stepPosted(s: SessionState, tl: Timeline, step: number, messageId: string | undefined): Promise<void> {
    // A private replay is the class run again for one member: nothing to join, share or record.
    if (isPrivate(s)) return;
    const kind = tl.steps[step]?.kind;
    if (kind === 'opening') await this.#joinVoiceMembers(s);
    if (kind === 'closing') await this.#openDiscoveries(s, tl, messageId);
  }

  async ended(s: SessionState): Promise<void> {
    if (isPrivate(s)) return;
    await recordClassEnd(this.#repos, s, s.endedAt ?? this.#clock.now(), this.#log);
  }

  /** Everyone already in the voice channel when a voice session opens is practising. */
  async #joinVoiceMembers(s: SessionState): Promise<void> {
    const guild = this.#client.guilds.cache.get(s.guildId);
    if (!guild || guild.channels.cache.get(s.channelId)?.type !== ChannelType.GuildVoice) return;
    const inChannel = guild.voiceStates.cache.filter(
      (v) => v.channelId === s.channelId && v.id !== this.#client.user?.id && !v.member?.user.bot,
    );
    for (const voice of inChannel.values()) await this.joinFromVoice(s, voice.id, s.startedAt);
  }

  /** Also used when someone joins the voice channel mid-session. */
  async joinFromVoice(s: SessionState, userId: string, at: number): Promise<void> {
    await this.#repos.attendance.join(
      userId,
      { id: s.id, guildId: s.guildId, channelId: s.channelId, sequenceId: s.sequenceId, startedAt: s.startedAt },
      at,
    );
  }

  async #openDiscoveries(s: SessionState, tl: Timeline, closingId: string | undefined): Promise<void> {
    const lang = sessionLanguage(s);
    const invite = mentioning(this.#mentions, () => t('discoveries.invite', {}, lang));
    const title = t(
      'discoveries.threadTitle',
      { name: tl.sequence.name, day: shortDay(s.startedAt, lang) },
      lang,
    ).slice(0, 100);
    const record = (targetId: string): Discoveries => ({
      v: 1,
      sessionId: s.id,
      guildId: s.guildId,
      sessionChannelId: s.channelId,
      targetId,
      sequenceId: s.sequenceId,
      title,
      createdAt: this.#clock.now(),
    });
    const type = this.#client.channels.cache.get(s.channelId)?.type;
    const threadable = type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement;
    if (threadable && closingId) {
      // The closing post itself invites to the thread (`post.closingThread`): one request, not two.
      const thread = await this.#thread(s.channelId, closingId, title);
      if (thread) {
        await this.#repos.discoveries.save(record(thread));
        return;
      }
    }
    // A voice channel's chat can't hold threads: the guild's discoveries channel, else right here.
    const settings = await this.#repos.settings.get(s.guildId);
    const elsewhere = settings.discoveriesChannelId;
    if (elsewhere && elsewhere !== s.channelId) {
      const starter = await this.#post(elsewhere, { content: `**${title}**\n${invite}` });
      if (starter) {
        const target = (await this.#thread(elsewhere, starter, title)) ?? elsewhere;
        await this.#repos.discoveries.save(record(target));
        await this.#tell(s.channelId, closingId, t('discoveries.shareElsewhere', { target }, lang));
        return;
      }
    }
    await this.#repos.discoveries.save(record(s.channelId));
    await this.#tell(s.channelId, closingId, t('discoveries.shareHere', { title }, lang));
  }

  /** Opens a public thread on a message; undefined (logged) when Discord says no. */
  async #thread(channelId: string, messageId: string, name: string): Promise<string | undefined> {
    try {
      const thread = (await this.#paced(() =>
        this.#client.rest.post(Routes.threads(channelId, messageId), {
          body: { name, auto_archive_duration: 1440 },
        }),
      )) as APIChannel;
      return thread.id;
    } catch (err) {
      this.#log.warn(
        { event: 'discoveries.thread_failed', channel: channelId, err: (err as Error).message },
        'could not open a discoveries thread',
      );
      return undefined;
    }
  }

  /**
   * Says where to share on the closing post itself (an edit, so the chat gets no extra message
   * under the closing); without a closing message id, as a post of its own.
   */
  async #tell(channelId: string, closingId: string | undefined, content: string): Promise<void> {
    if (!closingId) {
      await this.#post(channelId, { content });
      return;
    }
    try {
      await this.#paced(() =>
        this.#client.rest.patch(Routes.channelMessage(channelId, closingId), {
          body: { content, allowed_mentions: NO_PINGS },
        }),
      );
    } catch (err) {
      this.#log.warn(
        { event: 'discoveries.edit_failed', channel: channelId, err: (err as Error).message },
        'could not say where to share',
      );
      await this.#post(channelId, { content });
    }
  }

  async #post(channelId: string, body: { content: string }): Promise<string | undefined> {
    try {
      const message = (await this.#paced(() =>
        this.#client.rest.post(Routes.channelMessages(channelId), {
          body: { ...body, allowed_mentions: NO_PINGS },
        }),
      )) as APIMessage;
      return message.id;
    } catch (err) {
      this.#log.warn(
        { event: 'discoveries.post_failed', channel: channelId, err: (err as Error).message },
        'could not post about discoveries',
      );
      return undefined;
    }
  }
}

/** Someone who joins the session's voice channel after it started counts from when they joined. */
export function voiceJoins(
  client: Client,
  listener: NotesSessionListener,
  session: (channelId: string) => SessionState | undefined,
  clock: Clock,
  log: Logger,
): (before: VoiceState, after: VoiceState) => void {
  return (before, after) => {
    if (!after.channelId || after.channelId === before.channelId || after.id === client.user?.id) return;
    const s = session(after.channelId);
    if (!s || s.endedAt !== null) return;
    listener
      .joinFromVoice(s, after.id, clock.now())
      .catch((err: Error) =>
        log.warn(
          { event: 'attendance.voice_join_failed', session: s.id, err: err.message },
          'could not mark a voice member as joined',
        ),
      );
  };
}
