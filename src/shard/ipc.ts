import { randomUUID } from 'node:crypto';
import type { Shard } from 'discord.js';

/**
 * The manager's questions to its shard processes, over the IPC channel discord.js already
 * opened (ShardClientUtil ignores messages it doesn't know, and Shard re-emits them as
 * 'message'). Only the manager serves HTTP: N processes can't share one port.
 */
export type OpsQuestion = 'health' | 'metrics';
interface Ask {
  yinOps: OpsQuestion;
  id: string;
}
interface Answer {
  yinOpsAnswer: string;
  value?: unknown;
  error?: string;
}

/**
 * Sends `message(id)` to a shard over IPC and resolves with the answer whose `answerKey` holds
 * that id (its `value`, or rejects with its `error`); rejects if none comes within `timeoutMs`
 * (the shard is dead, respawning or stuck). The ops questions and the class view share it.
 */
export function askOverIpc(
  shard: Shard,
  message: (id: string) => object,
  answerKey: string,
  timeoutMs: number,
): Promise<unknown> {
  // A fresh id a question: answers to questions given up on can't be taken for this one's.
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      shard.off('message', onMessage);
    };
    const onMessage = (m: unknown) => {
      const a = m as (Record<string, unknown> & { value?: unknown; error?: string }) | null;
      if (!a || a[answerKey] !== id) return;
      done();
      if (a.error !== undefined) reject(new Error(a.error));
      else resolve(a.value);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`shard ${shard.id} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    shard.on('message', onMessage);
    shard.send(message(id)).catch((err: unknown) => {
      done();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}

/** Asks one shard; rejects if it doesn't answer in time (dead, respawning or stuck). */
export function askShard(shard: Shard, question: OpsQuestion, timeoutMs = 2000): Promise<unknown> {
  return askOverIpc(shard, (id) => ({ yinOps: question, id }) satisfies Ask, 'yinOpsAnswer', timeoutMs);
}

/** In a shard process: answers the manager's questions. Returns a function that stops it. */
export function answerManager(answers: Record<OpsQuestion, () => Promise<unknown>>): () => void {
  const onMessage = (m: unknown) => {
    const q = m as Partial<Ask> | null;
    if (!q || (q.yinOps !== 'health' && q.yinOps !== 'metrics') || typeof q.id !== 'string') return;
    const id = q.id;
    answers[q.yinOps]().then(
      (value) => process.send?.({ yinOpsAnswer: id, value } satisfies Answer),
      (err: unknown) => process.send?.({ yinOpsAnswer: id, error: String(err) } satisfies Answer),
    );
  };
  process.on('message', onMessage);
  return () => void process.off('message', onMessage);
}
