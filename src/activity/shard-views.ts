import type { Shard, ShardingManager } from 'discord.js';
import type { Action } from '../domain/session.ts';
import type { Logger } from '../log.ts';
import { askOverIpc } from '../shard/ipc.ts';
import { shardOfGuild } from '../shard/ownership.ts';
import type { Snapshot } from './snapshot.ts';
import type { Pictures } from '../pictures/index.ts';
import type { ActResult, ClassViews, ViewRequest } from './views.ts';

/**
 * With YIN_SHARDS, the manager listens for the class view (one port for all) and each shard
 * process keeps its own sessions: the manager asks the shard that owns the viewer's guild for
 * its view and hands it the controls, over the IPC channel discord.js opened; shards say when a
 * channel's session changed. Several machines (YIN_SHARD_COUNT) are not served: config refuses.
 */
interface Ask {
  yinLive: 'snapshot' | 'act';
  id: string;
  req: ViewRequest;
  action?: Action;
}
interface Answer {
  yinLiveAnswer: string;
  value?: unknown;
  error?: string;
}
interface Changed {
  yinLiveChanged: string;
}

const ASK_TIMEOUT_MS = 5000;

/** In a shard process: answers the manager's class-view questions, and tells it of changes. */
export function answerClassViews(views: ClassViews): () => void {
  let stopped = false;
  views.onChange((channelId) => {
    if (!stopped) process.send?.({ yinLiveChanged: channelId } satisfies Changed);
  });
  const onMessage = (m: unknown) => {
    const q = m as Partial<Ask> | null;
    if (!q || (q.yinLive !== 'snapshot' && q.yinLive !== 'act') || typeof q.id !== 'string' || !q.req) return;
    const { id, req } = q;
    const answer: Promise<unknown> =
      q.yinLive === 'snapshot' ? views.snapshot(req) : views.act(req, q.action as Action);
    answer.then(
      (value) => process.send?.({ yinLiveAnswer: id, value } satisfies Answer),
      (err: unknown) => process.send?.({ yinLiveAnswer: id, error: String(err) } satisfies Answer),
    );
  };
  process.on('message', onMessage);
  return () => {
    stopped = true;
    process.off('message', onMessage);
  };
}

function ask(shard: Shard, q: Omit<Ask, 'id'>): Promise<unknown> {
  return askOverIpc(shard, (id) => ({ ...q, id }) satisfies Ask, 'yinLiveAnswer', ASK_TIMEOUT_MS);
}

/** In the manager: the class views of every shard, each asked of the shard that owns the guild. */
export function managerViews(
  manager: ShardingManager,
  shardCount: () => number,
  log: Logger,
  pictures: Pick<Pictures, 'committed'>,
): ClassViews {
  const listeners: ((channelId: string) => void)[] = [];
  manager.on('shardCreate', (shard) =>
    shard.on('message', (m: unknown) => {
      const c = m as Partial<Changed> | null;
      if (c && typeof c.yinLiveChanged === 'string') for (const l of listeners) l(c.yinLiveChanged);
    }),
  );
  const owner = (r: ViewRequest): Shard => {
    const id = r.guildId ? shardOfGuild(r.guildId, shardCount()) : 0;
    const shard = manager.shards.get(id);
    if (!shard) throw new Error(`shard ${id} is not running`);
    return shard;
  };
  return {
    onChange: (l) => void listeners.push(l),
    picture: (name) => pictures.committed(name),
    async snapshot(r) {
      return (await ask(owner(r), { yinLive: 'snapshot', req: r })) as Snapshot;
    },
    async act(r, action) {
      try {
        return (await ask(owner(r), { yinLive: 'act', req: r, action })) as ActResult;
      } catch (err) {
        log.warn(
          { event: 'activity.shard_unanswered', channel: r.channelId, err: (err as Error).message },
          'a shard did not take a class view control',
        );
        throw err;
      }
    },
  };
}
