import { join } from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../src/domain/input-error.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';

export const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));

/** An InputError as plain data: its key and values, nested errors the same way. */
export type Refusal = { key: string; values: Record<string, unknown> };

export function plain(e: InputError): Refusal {
  return {
    key: e.key,
    values: Object.fromEntries(Object.entries(e.values).map(([k, v]) => [k, v instanceof InputError ? plain(v) : v])),
  };
}

/** What `fn` was refused with; fails the test if it wasn't refused, or threw something else. */
export function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Every key it names has English text: i18next would otherwise answer with the key itself.
    expect(e.message).not.toMatch(/\blibrary\.[a-zA-Z]/);
    return plain(e);
  }
  throw new Error('expected an InputError, but nothing was refused');
}

export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.message).not.toMatch(/\blibrary\.[a-zA-Z]/);
    return plain(e);
  }
  throw new Error('expected an InputError, but nothing was refused');
}

/** A refusal at a line of the form's steps. */
export const atLine = (line: number, key: string, values: Record<string, unknown>): Refusal => ({
  key: 'library.atLine',
  values: { line, problem: { key, values } },
});

/** A refusal at a field of an imported file. */
export const atField = (path: string, key: string, values: Record<string, unknown>): Refusal => ({
  key: 'library.atField',
  values: { path, problem: { key, values } },
});
