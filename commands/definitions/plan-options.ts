import { ApplicationCommandOptionType as T, type APIApplicationCommandIntegerOption } from 'discord.js';
import { HOLD_MINUTES, LENGTH_MINUTES } from '../../src/domain/session.ts';

/** `hold:` and `length:`, as `/yin start` and `/yin schedule add` both plan a class. */
export const planOptions: readonly APIApplicationCommandIntegerOption[] = [
  {
    type: T.Integer,
    name: 'hold',
    description: 'Minutes per pose (yin holds are 3–5)',
    min_value: HOLD_MINUTES.min,
    max_value: HOLD_MINUTES.max,
  },
  {
    type: T.Integer,
    name: 'length',
    description: 'Total minutes, e.g. 30 (holds and optional poses adapt)',
    min_value: LENGTH_MINUTES.min,
    max_value: LENGTH_MINUTES.max,
  },
];
