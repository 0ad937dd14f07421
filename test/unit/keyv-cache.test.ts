import { Keyv } from 'keyv';
import { expect, test } from 'vitest';
import { keyvCache } from '../../src/store/keyv-cache.ts';

test('GIVEN a cache of 2 THEN a namespace reuses its Keyv, and the least recently used one is dropped', () => {
  const made: string[] = [];
  const keyvFor = keyvCache((ns) => {
    made.push(ns);
    return new Keyv({ namespace: ns });
  }, 2);
  const a = keyvFor('notes:1');
  expect(keyvFor('notes:1')).toBe(a);
  keyvFor('notes:2');
  keyvFor('notes:1'); // 1 is now the most recent
  keyvFor('notes:3'); // drops 2
  expect(keyvFor('notes:1')).toBe(a);
  keyvFor('notes:2');
  expect(made).toEqual(['notes:1', 'notes:2', 'notes:3', 'notes:2']);
});
