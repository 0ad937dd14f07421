import type { Keyv } from 'keyv';
import type { z } from 'zod';

/** Told about a stored record that no longer parses, so it can be logged and skipped. */
export type OnInvalidRecord = (info: { namespace: string; key: string; issues: string }) => void;

export const ignoreInvalid: OnInvalidRecord = () => {};

/** Ids that become parts of store keys: a member's id can only ever name that member's keys. */
export const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const SESSION_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** Deletes every key of a member's namespace; returns how many there were. */
export async function clearCounting(keyv: {
  iterator?: () => AsyncGenerator<unknown>;
  clear(): Promise<void>;
}): Promise<number> {
  let count = 0;
  if (keyv.iterator) for await (const entry of keyv.iterator()) if (entry) count++;
  await keyv.clear();
  return count;
}

/**
 * Every stored record carries `v` (its schema version). Records written before versioning have
 * none and are read as version 1. A value that fails the schema is reported and treated as
 * absent, so one damaged row can never take a command down.
 */
export function readRecord<T>(
  schema: z.ZodType<T>,
  value: unknown,
  where: { namespace: string; key: string },
  onInvalid: OnInvalidRecord,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  const upgraded = typeof value === 'object' && !Array.isArray(value) && !('v' in value) ? { ...value, v: 1 } : value;
  const parsed = schema.safeParse(upgraded);
  if (parsed.success) return parsed.data;
  onInvalid({
    ...where,
    issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
  });
  return undefined;
}

/**
 * Every valid record in a namespace, as `readRecord` reads each (an invalid one is reported to
 * `onInvalid` and skipped): the one loop the repositories list their records with.
 */
export async function* readAll<T>(
  keyv: Keyv,
  schema: z.ZodType<T>,
  namespace: string,
  onInvalid: OnInvalidRecord,
): AsyncGenerator<T> {
  for await (const [key, value] of keyv.iterator()) {
    const record = readRecord(schema, value, { namespace, key: String(key) }, onInvalid);
    if (record !== undefined) yield record;
  }
}
