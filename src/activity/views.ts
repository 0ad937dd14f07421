import type { PermissionsBitField } from 'discord.js';
import type { Catalog } from '../domain/catalog-schema.ts';
import type { Clock } from '../domain/clock.ts';
import { InputError } from '../domain/input-error.ts';
import { leaderOf, sessionLanguage, type Action, type SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import { assertMayControl } from '../discord/session/controls.ts';
import { t } from '../i18n.ts';
import type { Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import type { Picture, Pictures } from '../pictures/index.ts';
import type { SessionHooks } from '../sessions/runner.ts';
import { noClassSnapshot, snapshotOf, type Snapshot } from './snapshot.ts';

/** A viewer, as Discord vouched for them: who, and the channel of their Activity instance. */
export interface ViewRequest {
  userId: string;
  guildId: string | undefined;
  channelId: string;
}

export type ActResult = { ok: true } | { ok: false; text: string };

/**
 * Where the class view's listener gets its views and sends its controls: the sessions of this
 * process (`localViews`), or, with YIN_SHARDS, those of the shard process that owns the guild.
 */
export interface ClassViews {
  snapshot(r: ViewRequest): Promise<Snapshot>;
  act(r: ViewRequest, action: Action): Promise<ActResult>;
  /** Calls `listener` with a channel whenever its session changes (a step, an action, the end). */
  onChange(listener: (channelId: string) => void): void;
  /** A picture a snapshot named, by file name. */
  picture(name: string): Buffer | undefined;
}

/** The runner as the class view uses it: read a channel's session, act on it. */
export interface LiveSessions {
  get(channelId: string): SessionState | undefined;
  timeline(channelId: string): Timeline | undefined;
  act(channelId: string, action: Action): Promise<SessionState>;
}

export interface LocalViewsOptions {
  sessions: LiveSessions;
  catalog: Catalog;
  pictures: Pictures;
  clock: Clock;
  log: Logger;
  /** The member's permissions in the channel, from Discord (null: not a member, or unknown). */
  permissionsOf(guildId: string, channelId: string, userId: string): Promise<Readonly<PermissionsBitField> | null>;
  /** The practice language of a guild, for the "no class here" view. */
  languageOf(guildId: string | undefined): Promise<Language>;
}

/** How long a finished class still shows its closing to whoever opens the view. */
const ENDED_KEPT_MS = 10 * 60_000;
/** How long whether someone may control a channel's session is remembered. */
const MAY_CONTROL_MS = 60_000;

/** The class views of this process's sessions, and the hooks that say when they change. */
export function localViews(o: LocalViewsOptions): ClassViews & { hooks: SessionHooks } {
  const { log, clock } = o;
  const listeners: ((channelId: string) => void)[] = [];
  const ended = new Map<string, { s: SessionState; tl: Timeline; until: number }>();
  const mayControlCache = new Map<string, { ok: boolean; until: number }>();
  const pictures = new Map<string, Buffer>();
  const shelf = (p: Picture) => {
    if (!pictures.has(p.name)) pictures.set(p.name, p.data);
    return `/pictures/${encodeURIComponent(p.name)}`;
  };

  function changed(s: SessionState, tl: Timeline): void {
    // The closing is posted as the runner lets go of the session: from then on it is kept here.
    if (s.endedAt !== null) ended.set(s.channelId, { s, tl, until: clock.now() + ENDED_KEPT_MS });
    for (const l of listeners) l(s.channelId);
  }

  async function assertMay(r: ViewRequest, s: SessionState, action: Action): Promise<void> {
    const permissions =
      r.userId === leaderOf(s) || !r.guildId ? null : await o.permissionsOf(r.guildId, r.channelId, r.userId);
    assertMayControl({ id: r.userId, permissions }, s, action);
  }

  async function mayControl(r: ViewRequest, s: SessionState): Promise<boolean> {
    const key = `${s.id}:${r.userId}`;
    const known = mayControlCache.get(key);
    if (known && known.until > clock.now()) return known.ok;
    const ok = await assertMay(r, s, 'pause').then(
      () => true,
      () => false,
    );
    if (mayControlCache.size > 5000) mayControlCache.clear();
    mayControlCache.set(key, { ok, until: clock.now() + MAY_CONTROL_MS });
    return ok;
  }

  return {
    hooks: {
      stepPosted: (s, tl) => changed(s, tl),
      acted: (s, tl) => changed(s, tl),
      ended: (s, tl) => changed(s, tl),
    },

    onChange(listener) {
      listeners.push(listener);
    },

    picture: (name) => pictures.get(name) ?? o.pictures.committed(name),

    async snapshot(r) {
      for (const [channelId, e] of ended) if (e.until <= clock.now()) ended.delete(channelId);
      const s = o.sessions.get(r.channelId);
      const tl = o.sessions.timeline(r.channelId);
      if (s && tl)
        return snapshotOf(s, tl, clock.now(), {
          catalog: o.catalog,
          pictures: o.pictures,
          canControl: await mayControl(r, s),
          shelf,
        });
      const last = ended.get(r.channelId);
      if (last && last.until > clock.now())
        return snapshotOf(last.s, last.tl, clock.now(), {
          catalog: o.catalog,
          pictures: o.pictures,
          canControl: false,
          shelf,
        });
      return noClassSnapshot(clock.now(), await o.languageOf(r.guildId));
    },

    async act(r, action) {
      const s = o.sessions.get(r.channelId);
      const lang = s ? sessionLanguage(s) : 'en';
      try {
        if (!s) throw new InputError('session.noneHere');
        await assertMay(r, s, action);
        if (action === 'pause' && s.pausedAt !== null) throw new InputError('session.alreadyPaused');
        if (action === 'resume' && s.pausedAt === null) throw new InputError('session.notPaused');
        await o.sessions.act(r.channelId, action);
        log.info({ event: 'activity.act', user: r.userId, channel: r.channelId, action }, 'class view control');
        return { ok: true };
      } catch (err) {
        if (!(err instanceof InputError)) {
          log.error(
            { event: 'activity.act_failed', channel: r.channelId, action, err: (err as Error).message },
            'class view control failed',
          );
          return { ok: false, text: t('common.unexpected', {}, lang) };
        }
        log.warn(
          { event: 'activity.refused', user: r.userId, channel: r.channelId, action, reason: err.key },
          'class view control refused',
        );
        // The page shows plain words: no Discord mention markup ("(<@id>)").
        const text = err
          .text(lang)
          .replace(/\s*\(<@!?\d+>\)/g, '')
          .replace(/<@!?\d+>/g, '');
        return { ok: false, text };
      }
    },
  };
}
