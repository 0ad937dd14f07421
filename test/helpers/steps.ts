import { expect } from 'vitest';
import type { StoredMessage } from '../../src/fake-discord/state.ts';

export const stepOf = (m: StoredMessage): number => Number(String(m.nonce).split('.')[1]);

/**
 * The promise a session makes about its posts in one channel: every step at most once, in
 * order, ending with the closing (10); a step passed over only ever by one catch-up post that
 * says how many went by.
 */
export function expectEveryStepOnceOrCaughtUp(posts: StoredMessage[], closing = 10): void {
  const steps = posts.map(stepOf);
  expect(new Set(posts.map((m) => String(m.nonce))).size, 'no nonce posted twice').toBe(posts.length);
  expect(steps, 'in order, each once').toEqual([...new Set(steps)].sort((a, b) => a - b));
  expect(steps[0], 'starts with the opening').toBe(0);
  expect(steps.at(-1), 'ends with the closing').toBe(closing);
  for (let i = 1; i < posts.length; i++) {
    const gap = steps[i]! - steps[i - 1]! - 1;
    const text = posts[i]!.embeds[0]?.description ?? '';
    if (gap > 0) expect(text, `step ${steps[i]} covers ${gap}`).toMatch(new RegExp(`${gap} steps? went by`));
  }
}
