import { expect, test } from 'vitest';
import { mentionCommands } from '../../src/command-mentions.ts';

const paths = new Set(['start', 'stop', 'schedule', 'schedule add', 'settings', 'settings language']);

test.each([
  ['Use `/yin stop` to end it.', 'Use </yin stop:42> to end it.'],
  ['Try `/yin schedule add`.', 'Try </yin schedule add:42>.'],
  ['Run `/yin start sequence:my_x`.', 'Run </yin start:42> `sequence:my_x`.'],
  ['`/yin settings language` then `/yin start`', '</yin settings language:42> then </yin start:42>'],
  ['Not ours: `/yin nothing` and `/other stop`.', 'Not ours: `/yin nothing` and `/other stop`.'],
])('GIVEN “%s” THEN “%s”', (text, mentioned) => {
  expect(mentionCommands(text, '42', paths)).toBe(mentioned);
});
